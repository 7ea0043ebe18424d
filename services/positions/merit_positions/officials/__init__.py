"""The public registry (no login): the directory of an agency's officials, as of any date."""

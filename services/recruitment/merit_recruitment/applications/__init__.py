"""Applications area of the recruitment service."""

"""Evaluation's merit-system indicators (issue #14): measured from ratings, succession, discipline and development
hours over the population positions reports, with drill-down."""

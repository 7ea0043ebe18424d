"""Recruitment's merit-system indicators (issue #14): measured from open selections and appeals, with drill-down."""

"""The registry's merit-system indicators (issue #14): measured from positions' own records, with drill-down."""

"""actions area."""

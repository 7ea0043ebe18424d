"""assignments area."""

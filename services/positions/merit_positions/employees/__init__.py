"""employees area."""

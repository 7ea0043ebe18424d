"""agencies area."""

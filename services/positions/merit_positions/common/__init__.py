"""common area."""

"""seats area."""

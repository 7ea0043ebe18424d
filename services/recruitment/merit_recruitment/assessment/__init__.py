"""Assessment area of the recruitment service."""

"""Committee area of the recruitment service."""

"""Decision area of the recruitment service."""

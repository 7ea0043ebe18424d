"""Public area of the recruitment service."""

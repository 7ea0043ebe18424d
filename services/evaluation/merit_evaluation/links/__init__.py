"""A person's records follow them across agencies: the links a transfer between agencies leaves (read-only)."""

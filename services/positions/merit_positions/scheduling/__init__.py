"""The daily jobs of the registry: retirement at BUP, personnel actions on their TMT, acting ends."""

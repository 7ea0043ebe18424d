"""SQLAlchemy models of the positions service (import every model module here so Alembic sees them)."""

from merit_positions.db_base import SCHEMA, Base, inbox, outbox

__all__ = ["SCHEMA", "Base", "inbox", "outbox"]

"""SQLAlchemy models of the recruitment service (import every model module here so Alembic sees them)."""

from merit_recruitment.db_base import SCHEMA, Base, inbox, outbox

__all__ = ["SCHEMA", "Base", "inbox", "outbox"]

"""SQLAlchemy models of the evaluation service (import every model module here so Alembic sees them)."""

from merit_evaluation.db_base import SCHEMA, Base, inbox, outbox

__all__ = ["SCHEMA", "Base", "inbox", "outbox"]

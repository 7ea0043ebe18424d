"""Cross-cutting tables: the audit log of legal records and the event feed other services read."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base
from merit_shared.audit import audit_columns

# The project-wide audit table shape (merit_shared.audit); written by merit_shared.audit.record.
audit_log = sa.Table("audit_log", Base.metadata, *audit_columns(),
                     sa.Index("ix_audit_entity", "entity", "entity_id"),
                     sa.Index("ix_audit_log_agency_at", "agency_id", sa.text("at DESC")))  # the agency admin's read


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        sa.Index("ix_events_agency", "agency_id", "id"),
    )
    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(sa.String(40))
    occurred_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    agency_id: Mapped[uuid.UUID]
    data: Mapped[Any] = mapped_column(JSONB)

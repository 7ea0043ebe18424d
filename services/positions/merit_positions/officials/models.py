"""A published placement: the public record of an appointment into a managerial seat (immutable, hash-stamped)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base


class PublicPlacement(Base):
    __tablename__ = "public_placements"
    __table_args__ = (
        sa.CheckConstraint("content_hash ~ '^[0-9a-f]{64}$'", name="ck_public_placements_hash"),
        sa.UniqueConstraint("assignment_id", name="uq_public_placements_assignment"),
        sa.Index("ix_public_placements_agency_tmt", "agency_id", "tmt"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agencies.id"))
    assignment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("assignments.id"))
    tmt: Mapped[date] = mapped_column(sa.Date)
    snapshot: Mapped[Any] = mapped_column(JSONB)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    published_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

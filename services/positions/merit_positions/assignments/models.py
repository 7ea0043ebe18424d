"""Assignments: who holds which position, how (definitive / Plt / Plh), from when to when, on what SK."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base


class Assignment(Base):
    __tablename__ = "assignments"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("employees.id"))
    position_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("positions.id"))
    kind: Mapped[str] = mapped_column(sa.String(12))
    is_managerial: Mapped[bool]
    tmt_start: Mapped[date]
    tmt_end: Mapped[date | None]
    sk_number: Mapped[str] = mapped_column(sa.String(120))
    sk_date: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.String(30))
    end_reason: Mapped[str | None] = mapped_column(sa.String(30))
    rank_override_reason: Mapped[str | None] = mapped_column(sa.Text)
    personnel_action_id: Mapped[uuid.UUID | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

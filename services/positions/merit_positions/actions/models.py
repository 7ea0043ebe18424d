"""Personnel actions (mutation, rotation, promotion, demotion): one decision moving many people at once."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.assignments.models import ASSIGNMENT_REASONS
from merit_positions.db_base import Base


class PersonnelAction(Base):
    __tablename__ = "personnel_actions"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('MUTATION', 'ROTATION', 'PROMOTION', 'DEMOTION')", name="personnel_actions_kind_check"),
        sa.Index("ix_personnel_actions_agency", "agency_id", "status"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agencies.id"))
    kind: Mapped[str] = mapped_column(sa.String(12))
    title: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[str] = mapped_column(sa.String(12))
    tmt: Mapped[date]
    decision_date: Mapped[date | None]
    sk_number: Mapped[str | None] = mapped_column(sa.String(120))
    sk_date: Mapped[date | None]
    blackout_override_reason: Mapped[str | None] = mapped_column(sa.Text)
    review_note: Mapped[str | None] = mapped_column(sa.Text)
    decision_note: Mapped[str | None] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(200))
    reviewed_by: Mapped[str | None] = mapped_column(sa.String(200))
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    applied_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Why the scheduler could not apply it on its TMT (status apply_failed): the problem's code and messages.
    apply_error: Mapped[Any] = mapped_column(JSONB, nullable=True)
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class PersonnelActionMove(Base):
    __tablename__ = "personnel_action_moves"
    __table_args__ = (
        sa.CheckConstraint(f"reason IN ({ASSIGNMENT_REASONS})", name="personnel_action_moves_reason_check"),
        sa.UniqueConstraint("action_id", "employee_id", name="uq_moves_employee"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    action_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("personnel_actions.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("employees.id"))
    to_position_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("positions.id"))
    seq: Mapped[int] = mapped_column(default=0, server_default="0")  # order in the proposal
    reason: Mapped[str] = mapped_column(sa.String(30))
    checks: Mapped[Any] = mapped_column(JSONB, default=list)
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
    assignment_id: Mapped[uuid.UUID | None]

"""Selections (seleksi terbuka), their lifecycle history and registration extensions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_recruitment.db_base import Base
from merit_recruitment.rules.kinds import SELECTION_KINDS

STATUSES = ("DRAFT", "ANNOUNCED", "REGISTRATION", "SCREENING", "ASSESSMENT", "FINAL_RANKING", "PROPOSAL",
            "DECISION", "APPOINTED", "CLOSED", "CANCELLED")
KINDS = tuple(k.value for k in SELECTION_KINDS)  # JobKind codes (merit_shared.vocab) a selection fills
APPOINTMENT_STATUSES = ("PENDING", "CONFIRMED", "ERROR")


def _in(col: str, values: tuple[str, ...]) -> str:
    return f"{col} IN ({', '.join(repr(v) for v in values)})"


class Selection(Base):
    __tablename__ = "selections"
    __table_args__ = (
        sa.CheckConstraint(_in("status", STATUSES), name="ck_selections_status"),
        sa.CheckConstraint(_in("kind", KINDS), name="ck_selections_kind"),
        sa.CheckConstraint(f"appointment_status IS NULL OR {_in('appointment_status', APPOINTMENT_STATUSES)}",
                           name="ck_selections_appointment_status"),
        sa.CheckConstraint("registration_extensions >= 0", name="ck_selections_extensions"),
        sa.Index("ix_selections_agency_status", "agency_id", "status"),
        sa.Index("ix_selections_public", "announced_at", postgresql_where=sa.text("public_summary IS NOT NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20), default="DRAFT")
    current_stage: Mapped[int | None]
    registration_extensions: Mapped[int] = mapped_column(default=0)
    position_ids: Mapped[list[str]] = mapped_column(JSONB)
    positions_snapshot: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)
    requirements: Mapped[dict[str, Any]] = mapped_column(JSONB)
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    stages: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    schedule: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    policies: Mapped[dict[str, Any]] = mapped_column(JSONB)
    planned_inauguration_date: Mapped[date | None]
    proposal: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)
    chosen_application_id: Mapped[uuid.UUID | None]
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    appointment_status: Mapped[str | None] = mapped_column(sa.String(20))
    appointment_attempt: Mapped[int] = mapped_column(default=0)
    appointment_error: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # What the public portal lists (set at announcement, refreshed on every transition): one lean read.
    public_summary: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    announced_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class SelectionEvent(Base):
    """Every lifecycle transition with its time: the history, and the source of time-per-stage analytics."""

    __tablename__ = "selection_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("selections.id"), index=True)
    agency_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(sa.String(40))
    from_status: Mapped[str] = mapped_column(sa.String(20))
    to_status: Mapped[str] = mapped_column(sa.String(20))
    stage_index: Mapped[int | None]
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    actor: Mapped[str] = mapped_column(sa.String(200))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class RegistrationExtension(Base):
    __tablename__ = "registration_extensions"
    __table_args__ = (
        sa.UniqueConstraint("selection_id", "number", name="uq_registration_extensions_number"),
        sa.CheckConstraint("new_registration_end > previous_registration_end", name="ck_extension_later"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("selections.id"), index=True)
    agency_id: Mapped[uuid.UUID]
    number: Mapped[int]
    previous_registration_end: Mapped[date]
    new_registration_end: Mapped[date]
    applicant_count: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

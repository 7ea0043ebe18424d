"""Scores per assessor per criterion, pass/fail results, and each stage's recorded outcome per application."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_recruitment.db_base import Base


class Score(Base):
    __tablename__ = "scores"
    __table_args__ = (
        # One current cell per member and criterion; rows a re-score superseded stay beside it (the audit trail).
        sa.Index("uq_scores_cell", "application_id", "stage_code", "member_id", "criterion", unique=True,
                 postgresql_where=sa.text("superseded_at IS NULL")),
        sa.CheckConstraint("score >= 0 AND score <= 100", name="ck_scores_range"),
        sa.Index("ix_scores_selection", "selection_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID]
    agency_id: Mapped[uuid.UUID]
    application_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("applications.id"))
    stage_code: Mapped[str] = mapped_column(sa.String(80))
    member_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("committee_members.id"))
    criterion: Mapped[str] = mapped_column(sa.String(80))
    score: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2))
    # Set when the member declared a conflict with the applicant after scoring: kept, counted nowhere.
    voided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Set when a re-score after an accepted appeal replaced the row: kept, counted nowhere.
    superseded_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    rescore_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("rescores.id"))  #: the re-score that gave it
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class Rescore(Base):
    """The committee's new scoring of one applicant for one closed SCORED stage, after an appeal against that
    stage's result was accepted: OPEN while members send their sheets, DONE once the admin completed it (the new
    rows then supersede the old ones and the stage's outcome, the ranking and the correction follow from them)."""

    __tablename__ = "rescores"
    __table_args__ = (
        sa.UniqueConstraint("appeal_id", name="uq_rescores_appeal"),
        sa.CheckConstraint("status IN ('OPEN', 'DONE')", name="ck_rescores_status"),
        sa.CheckConstraint("(status = 'DONE') = (completed_at IS NOT NULL)", name="ck_rescores_done"),
        sa.Index("ix_rescores_selection", "selection_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID]
    agency_id: Mapped[uuid.UUID]
    application_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("applications.id"))
    stage_code: Mapped[str] = mapped_column(sa.String(80))
    appeal_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("appeals.id"))
    status: Mapped[str] = mapped_column(sa.String(10), default="OPEN")
    #: member id -> criterion -> score (strings), the sheets sent so far
    sheets: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    opened_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    completed_by: Mapped[str | None] = mapped_column(sa.String(200))
    correction_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("announcements.id"))


class StageResult(Base):
    """Pass/fail result of a PASS_FAIL stage (e.g. health)."""

    __tablename__ = "stage_results"
    __table_args__ = (sa.UniqueConstraint("application_id", "stage_code", name="uq_stage_results"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID] = mapped_column(index=True)
    agency_id: Mapped[uuid.UUID]
    application_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("applications.id"))
    stage_code: Mapped[str] = mapped_column(sa.String(80))
    passed: Mapped[bool]
    note: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by: Mapped[str] = mapped_column(sa.String(200))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class StageOutcome(Base):
    """What a stage decided for an application when the selection moved past it (frozen)."""

    __tablename__ = "stage_outcomes"

    application_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("applications.id"), primary_key=True)
    stage_code: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    selection_id: Mapped[uuid.UUID] = mapped_column(index=True)
    agency_id: Mapped[uuid.UUID]
    passed: Mapped[bool]
    score: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 4))
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    decided_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

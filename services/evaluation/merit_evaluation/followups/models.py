"""Follow-ups (one per source record and kind) and the coaching plan's goals, milestones and progress notes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base

TS = sa.DateTime(timezone=True)
STATES = "('OPEN','DECIDED','DECLINED','DRAFT','ACTIVE','COMPLETED','ESCALATED','CANCELLED')"


class Followup(Base):
    __tablename__ = "followup"
    __table_args__ = (
        sa.CheckConstraint("source_kind IN ('annual_rating','talent_placement')", name="followup_source_kind_check"),
        sa.CheckConstraint("kind IN ('REWARD','COACHING')", name="followup_kind_check"),
        sa.CheckConstraint(f"state IN {STATES}", name="followup_state_check"),
        sa.CheckConstraint("(kind = 'REWARD' AND state IN ('OPEN','DECIDED','DECLINED','CANCELLED')) OR "
                           "(kind = 'COACHING' AND state IN ('DRAFT','ACTIVE','COMPLETED','ESCALATED','CANCELLED'))",
                           name="followup_state_of_kind_check"),
        sa.CheckConstraint("owner_kind IN ('EVALUATOR','AGENCY_ADMIN')", name="followup_owner_kind_check"),
        sa.CheckConstraint("(owner_kind = 'EVALUATOR') = (owner_employee_id IS NOT NULL)",
                           name="followup_owner_check"),
        sa.CheckConstraint("owner_employee_id IS NULL OR owner_employee_id <> employee_id",
                           name="followup_not_own_coach_check"),
        sa.CheckConstraint("outcome IS NULL OR outcome IN ('IMPROVED','NOT_IMPROVED','ESCALATED')",
                           name="followup_outcome_check"),
        sa.CheckConstraint("(state IN ('COMPLETED','ESCALATED')) = (outcome IS NOT NULL)",
                           name="followup_outcome_closes_check"),
        sa.CheckConstraint("state <> 'DECIDED' OR decision_option IS NOT NULL", name="followup_decided_check"),
        sa.CheckConstraint("state <> 'DECLINED' OR decision_reason IS NOT NULL", name="followup_declined_check"),
        sa.CheckConstraint("state <> 'CANCELLED' OR cancel_reason IS NOT NULL", name="followup_cancelled_check"),
        sa.CheckConstraint("due_on >= created_on", name="followup_due_check"),
        sa.CheckConstraint("box IS NULL OR box BETWEEN 1 AND 9", name="followup_box_check"),
        # Idempotent creation: re-finalising a rating or re-placing a person never adds a second one.
        sa.UniqueConstraint("source_kind", "source_id", "kind", name="uq_followup_source"),
        sa.Index("ix_followup_agency_unit", "agency_id", "unit_id", "state"),
        sa.Index("ix_followup_owner", "owner_employee_id", "state"),
        sa.Index("ix_followup_employee", "employee_id", "year"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    unit_id: Mapped[uuid.UUID | None]
    year: Mapped[int]
    source_kind: Mapped[str]
    source_id: Mapped[uuid.UUID]
    kind: Mapped[str]
    predikat: Mapped[str | None]
    box: Mapped[int | None]
    options: Mapped[list[str]] = mapped_column(JSONB)
    state: Mapped[str]
    owner_kind: Mapped[str]
    owner_employee_id: Mapped[uuid.UUID | None]
    created_on: Mapped[date]
    due_on: Mapped[date]
    decision_option: Mapped[str | None]
    decision_reason: Mapped[str | None]
    outcome: Mapped[str | None]
    outcome_note: Mapped[str | None]
    cancel_reason: Mapped[str | None]
    closed_by: Mapped[str | None]
    closed_at: Mapped[datetime | None] = mapped_column(TS)
    version: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class CoachingGoal(Base):
    """A goal of a coaching plan; ``competency_code`` (optional) feeds the training-needs analysis."""

    __tablename__ = "coaching_goal"
    __table_args__ = (
        sa.UniqueConstraint("followup_id", "seq", name="coaching_goal_followup_id_seq_key"),
        sa.Index("ix_coaching_goal_competency", "agency_id", "competency_code"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    followup_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("followup.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID]
    seq: Mapped[int]
    description: Mapped[str]
    competency_code: Mapped[str | None]


class CoachingMilestone(Base):
    __tablename__ = "coaching_milestone"
    __table_args__ = (
        sa.UniqueConstraint("followup_id", "seq", name="coaching_milestone_followup_id_seq_key"),
        sa.Index("ix_coaching_milestone_open", "due_on", postgresql_where=sa.text("done_on IS NULL")),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    followup_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("followup.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID]
    seq: Mapped[int]
    title: Mapped[str]
    due_on: Mapped[date]
    done_on: Mapped[date | None]


class CoachingNote(Base):
    __tablename__ = "coaching_note"
    __table_args__ = (sa.Index("ix_coaching_note_followup", "followup_id", "noted_on"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    followup_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("followup.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID]
    noted_on: Mapped[date]
    note: Mapped[str]
    author: Mapped[str]
    author_employee_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())



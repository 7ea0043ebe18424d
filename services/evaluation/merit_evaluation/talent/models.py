"""Talent cycles, nine-box placements (policy stored with each) and succession plans."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base

TS = sa.DateTime(timezone=True)


class TalentCycle(Base):
    __tablename__ = "talent_cycle"
    __table_args__ = (
        sa.CheckConstraint("status IN ('OPEN','CLOSED')", name="talent_cycle_status_check"),
        sa.UniqueConstraint("agency_id", "name", name="talent_cycle_agency_id_name_key"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    name: Mapped[str]
    year: Mapped[int]
    as_of: Mapped[date]
    unit_id: Mapped[uuid.UUID | None]
    policy: Mapped[dict[str, Any]] = mapped_column(JSONB)
    potential_inputs: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(default="OPEN")
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class TalentPlacement(Base):
    __tablename__ = "talent_placement"
    __table_args__ = (
        sa.CheckConstraint("box BETWEEN 1 AND 9", name="talent_placement_box_check"),
        sa.UniqueConstraint("cycle_id", "employee_id", name="talent_placement_cycle_id_employee_id_key"),
        sa.Index("ix_placement_employee", "employee_id", sa.text("as_of DESC")),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    cycle_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("talent_cycle.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    unit_id: Mapped[uuid.UUID | None]
    box: Mapped[int]
    potential_level: Mapped[str]
    performance_level: Mapped[str]
    potential_score: Mapped[Decimal]
    components: Mapped[dict[str, Any]] = mapped_column(JSONB)
    performance_predikats: Mapped[list[str] | None] = mapped_column(JSONB)
    actions: Mapped[list[dict[str, str]]] = mapped_column(JSONB)
    thresholds: Mapped[dict[str, Any]] = mapped_column(JSONB)
    in_pool: Mapped[bool]
    pool_status: Mapped[dict[str, Any]] = mapped_column(JSONB)
    as_of: Mapped[date]
    potential_inputs: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    placed_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class SuccessionPlan(Base):
    __tablename__ = "succession_plan"
    __table_args__ = (
        sa.CheckConstraint("status IN ('ACTIVE','CLOSED')", name="succession_plan_status_check"),
        sa.Index("uq_succession_active", "agency_id", "position_id", unique=True, postgresql_where=sa.text("status = 'ACTIVE'")),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    position_id: Mapped[uuid.UUID]
    position: Mapped[dict[str, Any]] = mapped_column(JSONB)
    talent_cycle_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("talent_cycle.id"))
    status: Mapped[str] = mapped_column(default="ACTIVE")
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class SuccessionCandidate(Base):
    __tablename__ = "succession_candidate"
    __table_args__ = (
        sa.CheckConstraint("readiness IN ('READY_NOW','READY_1_2_YEARS','READY_LATER')", name="succession_candidate_readiness_check"),
        sa.CheckConstraint("rank >= 1", name="succession_candidate_rank_check"),
        sa.UniqueConstraint("plan_id", "employee_id", name="succession_candidate_plan_id_employee_id_key"),
        sa.UniqueConstraint("plan_id", "rank", name="uq_candidate_rank", deferrable=True, initially="DEFERRED"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    plan_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("succession_plan.id", ondelete="CASCADE"))
    employee_id: Mapped[uuid.UUID]
    readiness: Mapped[str]
    rank: Mapped[int]
    box: Mapped[int | None]
    note: Mapped[str | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())

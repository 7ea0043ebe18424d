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
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    cycle_id: Mapped[uuid.UUID]
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
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    position_id: Mapped[uuid.UUID]
    position: Mapped[dict[str, Any]] = mapped_column(JSONB)
    talent_cycle_id: Mapped[uuid.UUID | None]
    status: Mapped[str] = mapped_column(default="ACTIVE")
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class SuccessionCandidate(Base):
    __tablename__ = "succession_candidate"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    plan_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    readiness: Mapped[str]
    rank: Mapped[int]
    box: Mapped[int | None]
    note: Mapped[str | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())

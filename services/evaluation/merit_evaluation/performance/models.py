"""SKP periods, plans, evaluations, annual ratings and organisation performance."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base

TS = sa.DateTime(timezone=True)


class EvaluationPeriod(Base):
    __tablename__ = "evaluation_period"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    year: Mapped[int]
    granularity: Mapped[str]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    periods: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(default="OPEN")
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class PerformancePlan(Base):
    __tablename__ = "performance_plan"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    period_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    year: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)
    previous_version_id: Mapped[uuid.UUID | None]
    is_current: Mapped[bool] = mapped_column(default=True)
    state: Mapped[str]
    approach: Mapped[str]
    employee: Mapped[dict[str, Any]] = mapped_column(JSONB)
    unit_id: Mapped[uuid.UUID | None]
    position_id: Mapped[uuid.UUID | None]
    is_unit_head: Mapped[bool] = mapped_column(default=False)
    evaluator_employee_id: Mapped[uuid.UUID | None]
    evaluator: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    evaluator_superior_employee_id: Mapped[uuid.UUID | None]
    evaluator_superior: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    evaluator_overridden: Mapped[bool] = mapped_column(default=False)
    behaviours: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    row_version: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now(), onupdate=sa.func.now())


class PlanResult(Base):
    __tablename__ = "plan_result"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    plan_id: Mapped[uuid.UUID]
    agency_id: Mapped[uuid.UUID]
    seq: Mapped[int]
    description: Mapped[str]
    parent_result_id: Mapped[uuid.UUID | None]
    indicators: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)


class Evaluation(Base):
    __tablename__ = "evaluation"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    plan_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    year: Mapped[int]
    kind: Mapped[str]
    period_number: Mapped[int]
    period_label: Mapped[str]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    status: Mapped[str] = mapped_column(default="OPEN")
    rating_hasil_kerja: Mapped[str | None]
    rating_perilaku: Mapped[str | None]
    predikat: Mapped[str | None]
    hasil_kerja_source: Mapped[str | None]
    org_performance_id: Mapped[uuid.UUID | None]
    rated_by_employee_id: Mapped[uuid.UUID | None]
    rated_by: Mapped[str | None]
    rated_at: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class EvaluationRealisation(Base):
    __tablename__ = "evaluation_realisation"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    evaluation_id: Mapped[uuid.UUID]
    indicator_id: Mapped[uuid.UUID]
    realisation: Mapped[str]
    evidence_links: Mapped[list[str]] = mapped_column(JSONB, default=list)
    updated_by: Mapped[str]
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class FeedbackNote(Base):
    __tablename__ = "feedback_note"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    evaluation_id: Mapped[uuid.UUID]
    noted_on: Mapped[date]
    behaviour_code: Mapped[str | None]
    note: Mapped[str]
    author: Mapped[str]
    author_employee_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class OrgPerformance(Base):
    __tablename__ = "org_performance"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    unit_id: Mapped[uuid.UUID]
    year: Mapped[int]
    org_predikat: Mapped[str]
    status: Mapped[str] = mapped_column(default="DRAFT")
    note: Mapped[str | None]
    curve_result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    finalized_by: Mapped[str | None]
    finalized_at: Mapped[datetime | None] = mapped_column(TS)
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class AnnualRating(Base):
    __tablename__ = "annual_rating"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    year: Mapped[int]
    rating_hasil_kerja: Mapped[str]
    rating_perilaku: Mapped[str]
    predikat: Mapped[str]
    source: Mapped[str]
    unit_id: Mapped[uuid.UUID | None]
    position_id: Mapped[uuid.UUID | None]
    plan_id: Mapped[uuid.UUID | None]
    evaluator_employee_id: Mapped[uuid.UUID | None]
    note: Mapped[str | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())

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
# The value lists of the migrations' CHECK constraints (eva_0002).
RATING = "('DI_ATAS_EKSPEKTASI','SESUAI_EKSPEKTASI','DI_BAWAH_EKSPEKTASI')"
PREDIKAT = "('SANGAT_BAIK','BAIK','BUTUH_PERBAIKAN','KURANG','SANGAT_KURANG')"
ORG_PREDIKAT = "('ISTIMEWA','BAIK','BUTUH_PERBAIKAN','KURANG','SANGAT_KURANG')"


class EvaluationPeriod(Base):
    __tablename__ = "evaluation_period"
    __table_args__ = (
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="evaluation_period_year_check"),
        sa.CheckConstraint("granularity IN ('QUARTERLY','MONTHLY')", name="evaluation_period_granularity_check"),
        sa.CheckConstraint("status IN ('OPEN','CLOSED')", name="evaluation_period_status_check"),
        sa.CheckConstraint("ends_on >= starts_on", name="evaluation_period_check"),
        sa.UniqueConstraint("agency_id", "year", name="evaluation_period_agency_id_year_key"),
    )
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
    __table_args__ = (
        sa.CheckConstraint("state IN ('DRAFT','SUBMITTED','APPROVED','IN_PROGRESS','FINAL')", name="performance_plan_state_check"),
        sa.CheckConstraint("approach IN ('QUANTITATIVE','QUALITATIVE')", name="performance_plan_approach_check"),
        sa.CheckConstraint("evaluator_employee_id IS NULL OR evaluator_employee_id <> employee_id", name="performance_plan_check"),
        sa.UniqueConstraint("employee_id", "year", "version", name="performance_plan_employee_id_year_version_key"),
        sa.Index("uq_plan_current", "employee_id", "year", unique=True, postgresql_where=sa.text("is_current")),
        sa.Index("ix_plan_agency_year", "agency_id", "year"),
        sa.Index("ix_plan_evaluator", "evaluator_employee_id", "year"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    period_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("evaluation_period.id"))
    employee_id: Mapped[uuid.UUID]
    year: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)
    previous_version_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("performance_plan.id"))
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
    __table_args__ = (
        sa.UniqueConstraint("plan_id", "seq", name="plan_result_plan_id_seq_key"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    plan_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("performance_plan.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID]
    seq: Mapped[int]
    description: Mapped[str]
    parent_result_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("plan_result.id"))
    indicators: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)


class Evaluation(Base):
    __tablename__ = "evaluation"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('PERIODIC','ANNUAL')", name="evaluation_kind_check"),
        sa.CheckConstraint("period_number BETWEEN 0 AND 12", name="evaluation_period_number_check"),
        sa.CheckConstraint("status IN ('OPEN','RATED')", name="evaluation_status_check"),
        sa.CheckConstraint(f"rating_hasil_kerja IN {RATING}", name="evaluation_rating_hasil_kerja_check"),
        sa.CheckConstraint(f"rating_perilaku IN {RATING}", name="evaluation_rating_perilaku_check"),
        sa.CheckConstraint(f"predikat IN {PREDIKAT}", name="evaluation_predikat_check"),
        sa.CheckConstraint("hasil_kerja_source IN ('EVALUATOR','ORGANISATION')", name="evaluation_hasil_kerja_source_check"),
        sa.CheckConstraint("(kind = 'ANNUAL') = (period_number = 0)", name="evaluation_check"),
        sa.CheckConstraint("ends_on >= starts_on", name="evaluation_check1"),
        sa.CheckConstraint("(status = 'RATED') = (predikat IS NOT NULL)", name="evaluation_check2"),
        sa.CheckConstraint("rated_by_employee_id IS NULL OR rated_by_employee_id <> employee_id", name="evaluation_check3"),
        sa.UniqueConstraint("plan_id", "period_number", name="evaluation_plan_id_period_number_key"),
        sa.Index("ix_evaluation_employee", "employee_id", "year"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    plan_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("performance_plan.id"))
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
    __table_args__ = (
        sa.UniqueConstraint("evaluation_id", "indicator_id", name="evaluation_realisation_evaluation_id_indicator_id_key"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    evaluation_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("evaluation.id", ondelete="CASCADE"))
    indicator_id: Mapped[uuid.UUID]
    realisation: Mapped[str]
    evidence_links: Mapped[list[str]] = mapped_column(JSONB, default=list)
    updated_by: Mapped[str]
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class FeedbackNote(Base):
    __tablename__ = "feedback_note"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    evaluation_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("evaluation.id", ondelete="CASCADE"))
    noted_on: Mapped[date]
    behaviour_code: Mapped[str | None]
    note: Mapped[str]
    author: Mapped[str]
    author_employee_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class OrgPerformance(Base):
    __tablename__ = "org_performance"
    __table_args__ = (
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="org_performance_year_check"),
        sa.CheckConstraint(f"org_predikat IN {ORG_PREDIKAT}", name="org_performance_org_predikat_check"),
        sa.CheckConstraint("status IN ('DRAFT','FINAL')", name="org_performance_status_check"),
        sa.UniqueConstraint("agency_id", "unit_id", "year", name="org_performance_agency_id_unit_id_year_key"),
    )
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
    __table_args__ = (
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="annual_rating_year_check"),
        sa.CheckConstraint(f"rating_hasil_kerja IN {RATING}", name="annual_rating_rating_hasil_kerja_check"),
        sa.CheckConstraint(f"rating_perilaku IN {RATING}", name="annual_rating_rating_perilaku_check"),
        sa.CheckConstraint(f"predikat IN {PREDIKAT}", name="annual_rating_predikat_check"),
        sa.CheckConstraint("source IN ('recorded','skp','import')", name="annual_rating_source_check"),
        sa.CheckConstraint("source = 'import' OR (rating_hasil_kerja IS NOT NULL AND rating_perilaku IS NOT NULL)",
                           name="annual_rating_ratings_required_check"),
        sa.UniqueConstraint("employee_id", "year", name="annual_rating_employee_id_year_key"),
        sa.Index("ix_rating_unit_year", "agency_id", "unit_id", "year"),
        sa.Index("ix_rating_agency_year", "agency_id", "year"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    year: Mapped[int]
    rating_hasil_kerja: Mapped[str | None]  # null only for an imported past year (source 'import')
    rating_perilaku: Mapped[str | None]
    predikat: Mapped[str]
    source: Mapped[str]
    unit_id: Mapped[uuid.UUID | None]
    position_id: Mapped[uuid.UUID | None]
    plan_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("performance_plan.id"))
    evaluator_employee_id: Mapped[uuid.UUID | None]
    note: Mapped[str | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())

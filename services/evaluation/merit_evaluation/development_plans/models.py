"""Individual development plans (IDP) and their activities."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base

TS = sa.DateTime(timezone=True)


class DevelopmentPlan(Base):
    __tablename__ = "development_plan"
    __table_args__ = (
        sa.UniqueConstraint("employee_id", "year", name="uq_development_plan_employee_year"),
        sa.CheckConstraint("state IN ('DRAFT','SUBMITTED','APPROVED')", name="ck_development_plan_state"),
        sa.Index("ix_development_plan_agency", "agency_id", "year"),
        sa.Index("ix_development_plan_evaluator", "evaluator_employee_id", "year"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    unit_id: Mapped[uuid.UUID | None]
    year: Mapped[int]
    state: Mapped[str]
    employee: Mapped[dict[str, Any]] = mapped_column(JSONB)
    evaluator_employee_id: Mapped[uuid.UUID | None]
    evaluator_superior_employee_id: Mapped[uuid.UUID | None]
    row_version: Mapped[int]
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now(), onupdate=sa.func.now())


class DevelopmentPlanItem(Base):
    __tablename__ = "development_plan_item"
    __table_args__ = (
        sa.UniqueConstraint("plan_id", "activity_id", "competency_code", name="uq_development_plan_item"),
        sa.CheckConstraint("gap_levels > 0", name="ck_development_plan_item_gap"),
        sa.CheckConstraint("proposed_by IN ('EMPLOYEE','SUPERVISOR','ADMIN')", name="ck_development_plan_item_by"),
        sa.Index("ix_development_plan_item_plan", "plan_id"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    plan_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("development_plan.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID]
    activity_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("development_activity.id"))
    competency_code: Mapped[str]
    gap_levels: Mapped[int]
    jpm_result_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("jpm_result.id"))
    planned_jp: Mapped[Decimal]
    proposed_by: Mapped[str]
    note: Mapped[str | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())

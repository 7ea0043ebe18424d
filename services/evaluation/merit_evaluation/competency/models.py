"""Technical competency definitions, assessment results and JPM results (with the standard snapshotted)."""

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


class CompetencyDefinition(Base):
    __tablename__ = "competency_definition"
    __table_args__ = (
        sa.UniqueConstraint("agency_id", "code", name="competency_definition_agency_id_code_key"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    code: Mapped[str]
    name: Mapped[str]
    job_id: Mapped[uuid.UUID | None]
    level_descriptions: Mapped[dict[str, str]] = mapped_column(JSONB)
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class CompetencyAssessment(Base):
    __tablename__ = "competency_assessment"
    __table_args__ = (
        sa.CheckConstraint("valid_until >= assessed_on", name="competency_assessment_check"),
        sa.Index("ix_assessment_employee", "employee_id", "assessed_on"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    assessed_on: Mapped[date]
    valid_until: Mapped[date]
    method: Mapped[str]
    assessor: Mapped[str | None]
    levels: Mapped[dict[str, int]] = mapped_column(JSONB)
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class JpmResult(Base):
    __tablename__ = "jpm_result"
    __table_args__ = (
        sa.Index("ix_jpm_employee", "employee_id", "against_current_position", sa.text("assessed_on DESC")),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    assessment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("competency_assessment.id"))
    position_id: Mapped[uuid.UUID]
    against_current_position: Mapped[bool]
    standard: Mapped[dict[str, int]] = mapped_column(JSONB)
    percent: Mapped[Decimal]
    display: Mapped[Decimal]
    category: Mapped[str]
    gaps: Mapped[dict[str, int]] = mapped_column(JSONB)
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB)
    assessed_on: Mapped[date]
    valid_until: Mapped[date]
    computed_by: Mapped[str]
    computed_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())

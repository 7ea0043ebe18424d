"""Development (JP) records and discipline records: part of the track record."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base

TS = sa.DateTime(timezone=True)


class DevelopmentRecord(Base):
    __tablename__ = "development_record"
    __table_args__ = (
        sa.CheckConstraint("minutes > 0", name="development_record_minutes_check"),
        sa.CheckConstraint("ended_on >= started_on", name="development_record_check"),
        sa.Index("ix_development_employee", "employee_id", "started_on"),
        sa.CheckConstraint("kind IN ('TRAINING','SEMINAR','COURSE','COACHING','MENTORING','JOB_ROTATION',"
                           "'E_LEARNING')", name="ck_development_record_kind"),
        sa.Index("ix_development_record_plan_item", "plan_item_id"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    unit_id: Mapped[uuid.UUID | None]
    title: Mapped[str]
    kind: Mapped[str]
    kind_as_recorded: Mapped[str | None]  # the free text of a record older than the vocabulary (eva_0008)
    provider: Mapped[str | None]
    started_on: Mapped[date]
    ended_on: Mapped[date]
    minutes: Mapped[int]
    jp: Mapped[Decimal]
    plan_item_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("development_plan_item.id"))
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class DisciplineRecord(Base):
    __tablename__ = "discipline_record"
    __table_args__ = (
        sa.CheckConstraint("level IN ('LIGHT','MODERATE','HEAVY')", name="discipline_record_level_check"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= decided_on", name="discipline_record_check"),
        sa.Index("ix_discipline_employee", "employee_id", "decided_on"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    level: Mapped[str]
    decided_on: Mapped[date]
    ends_on: Mapped[date | None]
    decree_number: Mapped[str | None]
    reason: Mapped[str | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())

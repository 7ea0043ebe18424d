"""The agency's catalogue of development activities."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base

TS = sa.DateTime(timezone=True)
KINDS = "'TRAINING','SEMINAR','COURSE','COACHING','MENTORING','JOB_ROTATION','E_LEARNING'"


class DevelopmentActivity(Base):
    __tablename__ = "development_activity"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({KINDS})", name="ck_development_activity_kind"),
        sa.CheckConstraint("level IN ('BASIC','INTERMEDIATE','ADVANCED')", name="ck_development_activity_level"),
        sa.CheckConstraint("status IN ('ACTIVE','RETIRED')", name="ck_development_activity_status"),
        sa.CheckConstraint("jp > 0", name="ck_development_activity_jp"),
        sa.CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
                           name="ck_development_activity_schedule"),
        sa.CheckConstraint("jsonb_typeof(competencies) = 'object' AND competencies <> '{}'::jsonb",
                           name="ck_development_activity_competencies"),
        sa.Index("ix_development_activity_agency", "agency_id", "status"),
        sa.Index("ix_development_activity_competencies", "competencies", postgresql_using="gin"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    title: Mapped[str]
    kind: Mapped[str]
    description: Mapped[str | None]
    competencies: Mapped[dict[str, int]] = mapped_column(JSONB)
    level: Mapped[str]
    jp: Mapped[Decimal]
    provider: Mapped[str | None]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    status: Mapped[str]
    row_version: Mapped[int]
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now(), onupdate=sa.func.now())

"""Positions (seats in the peta jabatan): unit x job with a required headcount, and their ABK per year."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base


class Position(Base):
    __tablename__ = "positions"
    __table_args__ = (
        sa.CheckConstraint("required_seats >= 0", name="positions_required_seats_check"),
        sa.CheckConstraint("NOT is_managerial OR required_seats = 1", name="ck_positions_managerial_one_seat"),
        sa.CheckConstraint("NOT is_head OR is_managerial", name="ck_positions_head_managerial"),
        sa.Index("uq_positions_code_ci", "agency_id", sa.func.lower(sa.column("code")), unique=True),
        sa.Index("uq_positions_one_head_per_unit", "unit_id", unique=True, postgresql_where=sa.text("is_head AND abolished_on IS NULL")),
        sa.Index("ix_positions_unit", "agency_id", "unit_id"),
        sa.Index("ix_positions_job", "job_id"),
        sa.Index("ix_positions_name_trgm", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agencies.id"))
    unit_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("org_units.id"))
    job_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("jobs.id"))
    code: Mapped[str | None] = mapped_column(sa.String(60))
    name: Mapped[str] = mapped_column(sa.String(300))
    is_head: Mapped[bool] = mapped_column(default=False)
    is_managerial: Mapped[bool]
    required_seats: Mapped[int]
    valid_from: Mapped[date]
    abolished_on: Mapped[date | None]
    siasn_jabatan_id: Mapped[str | None] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class PositionAbk(Base):
    __tablename__ = "position_abk"
    position_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("positions.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID]
    tasks: Mapped[Any] = mapped_column(JSONB)
    workload_minutes: Mapped[Decimal] = mapped_column(sa.Numeric)
    effective_minutes: Mapped[Decimal] = mapped_column(sa.Numeric)
    need_exact: Mapped[Decimal] = mapped_column(sa.Numeric)
    need_rounded: Mapped[int]
    rounding: Mapped[str] = mapped_column(sa.String(12))
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    # The current version of the year (the newest of position_abk_versions), who recorded it and why.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_by: Mapped[str | None] = mapped_column(sa.String(200))


class PositionAbkVersion(Base):
    """Every version of a year's ABK, the current one included: a new analysis never erases the previous one."""

    __tablename__ = "position_abk_versions"
    position_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("positions.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID]
    tasks: Mapped[Any] = mapped_column(JSONB)
    workload_minutes: Mapped[Decimal] = mapped_column(sa.Numeric)
    effective_minutes: Mapped[Decimal] = mapped_column(sa.Numeric)
    need_exact: Mapped[Decimal] = mapped_column(sa.Numeric)
    need_rounded: Mapped[int]
    rounding: Mapped[str] = mapped_column(sa.String(12))
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_by: Mapped[str | None] = mapped_column(sa.String(200))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

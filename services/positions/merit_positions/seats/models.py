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

"""Agencies (instansi): the tenants, and each agency's policy overrides."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base


class Agency(Base):
    __tablename__ = "agencies"
    __table_args__ = (
        sa.CheckConstraint("time_zone IN ('WIB', 'WITA', 'WIT')", name="ck_agencies_time_zone"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)  # agencies_code_key
    name: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(40))
    siasn_instansi_id: Mapped[str | None] = mapped_column(sa.String(64))
    siasn_satuan_kerja_id: Mapped[str | None] = mapped_column(sa.String(64))
    # WIB | WITA | WIT: the zone of the agency's calendar days (merit_shared.clock)
    time_zone: Mapped[str] = mapped_column(sa.String(4), server_default="WIB", default="WIB")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class AgencyPolicy(Base):
    __tablename__ = "agency_policies"
    agency_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agencies.id"), primary_key=True)
    blackout_windows: Mapped[Any] = mapped_column(JSONB, default=list)
    overrides: Mapped[Any] = mapped_column(JSONB, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

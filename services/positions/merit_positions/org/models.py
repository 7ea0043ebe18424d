"""Organisation units: the current row plus effective-dated versions (what the tree looked like on a date)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base


class OrgUnit(Base):
    __tablename__ = "org_units"
    __table_args__ = (
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="ck_org_units_dates"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="ck_org_units_not_own_parent"),
        sa.Index("uq_org_units_code_ci", "agency_id", sa.func.lower(sa.column("code")), unique=True),
        sa.Index("ix_org_units_parent", "agency_id", "parent_id"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agencies.id"))
    code: Mapped[str] = mapped_column(sa.String(60))
    name: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(40))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("org_units.id"))
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
    siasn_unor_id: Mapped[str | None] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class OrgUnitVersion(Base):
    __tablename__ = "org_unit_versions"
    __table_args__ = (
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="ck_unit_versions_dates"),
        ExcludeConstraint((sa.column("unit_id"), "="),
                          (sa.func.daterange(sa.column("valid_from"), sa.column("valid_to"), "[]"), "&&"),
                          name="ex_unit_versions_overlap", using="gist"),
        sa.Index("ix_unit_versions_agency", "agency_id", "valid_from"),
    )
    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("org_units.id"))
    agency_id: Mapped[uuid.UUID]
    parent_id: Mapped[uuid.UUID | None]
    code: Mapped[str] = mapped_column(sa.String(60))
    name: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(40))
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
    change: Mapped[str] = mapped_column(sa.String(20))

"""Angka kredit earned per functional employee per period (PerBKN 3/2023)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base
from merit_evaluation.performance.models import PREDIKAT


class AngkaKreditRecord(Base):
    __tablename__ = "angka_kredit"
    __table_args__ = (
        sa.CheckConstraint("months BETWEEN 1 AND 12", name="angka_kredit_months_check"),
        sa.CheckConstraint(f"predikat IN {PREDIKAT}", name="angka_kredit_predikat_check"),
        sa.CheckConstraint("ends_on >= starts_on", name="angka_kredit_check"),
        # no two periods of one employee overlap (needs btree_gist)
        ExcludeConstraint((sa.column("employee_id"), "="),
                          (sa.func.daterange(sa.column("starts_on"), sa.column("ends_on"), "[]"), "&&"),
                          name="ex_angka_kredit_overlap", using="gist"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID]
    year: Mapped[int]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    months: Mapped[int]
    jenjang: Mapped[str]
    predikat: Mapped[str]
    percentage: Mapped[Decimal]
    koefisien: Mapped[Decimal]
    value: Mapped[Decimal]
    display: Mapped[Decimal]
    annual_rating_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("annual_rating.id"))
    position_id: Mapped[uuid.UUID | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

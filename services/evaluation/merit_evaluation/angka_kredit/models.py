"""Angka kredit earned per functional employee per period (PerBKN 3/2023)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base


class AngkaKreditRecord(Base):
    __tablename__ = "angka_kredit"
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
    annual_rating_id: Mapped[uuid.UUID | None]
    position_id: Mapped[uuid.UUID | None]
    created_by: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

"""Pydantic schemas of angka kredit records and history."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from merit_shared.api import OutModel, StrictModel


class AngkaKreditIn(StrictModel):
    employee_id: uuid.UUID
    starts_on: date = Field(examples=["2025-01-01"])
    ends_on: date = Field(examples=["2025-12-31"])


class AngkaKreditOut(OutModel):
    id: uuid.UUID
    employee_id: uuid.UUID
    year: int
    starts_on: date
    ends_on: date
    months: int
    jenjang: str = Field(examples=["AHLI_PERTAMA"])
    predikat: str = Field(examples=["SANGAT_BAIK"])
    percentage: Decimal
    koefisien: Decimal
    value: Decimal = Field(description="Unrounded.")
    display: Decimal = Field(examples=["18.750"])
    annual_rating_id: uuid.UUID | None
    created_at: datetime


class AngkaKreditHistory(BaseModel):
    employee_id: uuid.UUID
    total: Decimal
    items: list[AngkaKreditOut]

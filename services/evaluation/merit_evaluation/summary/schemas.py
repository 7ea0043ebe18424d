"""Pydantic schemas of the employee summary."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field


class YearPredikat(BaseModel):
    year: int = Field(examples=[2024])
    predikat: str = Field(examples=["BAIK"])


class JpmSummary(BaseModel):
    percent: float = Field(examples=[91.3])
    category: str = Field(examples=["OPTIMAL"])
    position_id: uuid.UUID
    assessed_on: date


class DisciplineSummary(BaseModel):
    level: str = Field(examples=["LIGHT"])
    decided_on: date
    ends_on: date | None = None


class EmployeeSummary(BaseModel):
    employee_id: uuid.UUID
    as_of: date
    years: int = Field(examples=[2])
    predikat_by_year: list[YearPredikat] = Field(description="Years as_of.year-years .. as_of.year-1, then "
                                                             "as_of.year once its rating is final; missing years "
                                                             "omitted.")
    all_at_least_baik: bool | None = Field(description="Over the completed years; null when one is missing.")
    jpm: JpmSummary | None
    talent_box: int | None = Field(examples=[8])
    in_talent_pool: bool
    discipline: list[DisciplineSummary]
    moderate_or_heavy_discipline_within_2_years: bool
    development_jp: dict[str, float] = Field(examples=[{"2024": 24.0, "2025": 6.5}])

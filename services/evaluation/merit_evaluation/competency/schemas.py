"""Pydantic schemas of competency definitions, assessments and JPM results."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from merit_shared.api import OutModel, StrictModel


class DefinitionIn(StrictModel):
    code: str = Field(min_length=1, max_length=40, examples=["T.ARSIP.01"])
    name: str = Field(min_length=1, max_length=200, examples=["Pengelolaan Arsip Dinamis"])
    job_id: uuid.UUID | None = None
    level_descriptions: dict[str, str] = Field(default_factory=dict, examples=[{"1": "Memahami dasar"}])


class AssessmentIn(StrictModel):
    employee_id: uuid.UUID
    assessed_on: date
    valid_until: date
    method: str = Field(min_length=1, max_length=100, examples=["ASSESSMENT_CENTER"])
    assessor: str | None = Field(None, max_length=200)
    levels: dict[str, int] = Field(min_length=1, examples=[{"M.01": 3, "M.02": 3, "SK.01": 2}])


class DefinitionOut(BaseModel):
    id: uuid.UUID | None = Field(None, description="None for national competencies.")
    code: str = Field(examples=["M.01"])
    name: str = Field(examples=["Integritas"])
    name_en: str | None = None
    group: str = Field("TEKNIS", examples=["MANAJERIAL"])
    job_id: uuid.UUID | None = None
    level_descriptions: dict[str, Any] = Field(examples=[{"1": "Memahami dasar"}])
    national: bool = False


class AssessmentOut(OutModel):
    id: uuid.UUID
    employee_id: uuid.UUID
    assessed_on: date
    valid_until: date
    method: str
    assessor: str | None
    levels: dict[str, int]
    created_at: datetime


class JpmIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{"position_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}]})

    position_id: uuid.UUID | None = Field(None, description="Target position; default the current one.")


class JpmOut(OutModel):
    id: uuid.UUID
    assessment_id: uuid.UUID
    employee_id: uuid.UUID
    position_id: uuid.UUID
    against_current_position: bool
    standard: dict[str, int] = Field(description="Snapshot of the position's standard used.")
    percent: Decimal = Field(description="Unrounded.")
    display: Decimal = Field(examples=["91.67"])
    category: str = Field(examples=["OPTIMAL"])
    gaps: dict[str, int] = Field(examples=[{"M.01": 0, "M.02": -1}])
    detail: dict[str, Any]
    computed_at: datetime

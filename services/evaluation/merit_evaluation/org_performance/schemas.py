"""Request and response schemas of organisation performance and the curve check."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from merit_evaluation.rules import OrgPredikat
from merit_shared.api import StrictModel


class OrgPerformanceIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{
                                  "unit_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "year": 2025,
                                  "org_predikat": "BAIK", "note": None}]})

    unit_id: uuid.UUID
    year: int = Field(ge=2000, le=2100)
    org_predikat: OrgPredikat
    note: str | None = Field(None, max_length=2000)


class CurveCheckOut(BaseModel):
    unit_id: uuid.UUID
    year: int
    org_predikat: str
    unit_size: int
    counts: dict[str, int] = Field(examples=[{"SANGAT_BAIK": 2, "BAIK": 7, "BUTUH_PERBAIKAN": 1}])
    compliant: bool
    enforcement: str = Field(examples=["block"])
    violations: list[dict[str, Any]]


class OrgPerformanceOut(BaseModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    unit_id: uuid.UUID
    year: int
    org_predikat: str
    head_rating_hasil_kerja: str = Field(description="Rating of hasil kerja heads of this unit receive.")
    status: str
    note: str | None
    curve_result: dict[str, Any] | None = Field(description="The check recorded at finalisation.")
    finalized_at: datetime | None
    allowed_actions: list[str]

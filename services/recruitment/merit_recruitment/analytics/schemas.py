"""Pydantic schemas of selection analytics (aggregates only, never per person)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field


class StageStats(BaseModel):
    code: str
    name: str
    assessed: int
    passed: int
    pass_rate: float | None = Field(description="passed / assessed, 4 decimals; null when nobody was assessed.")
    started_at: datetime | None
    ended_at: datetime | None
    duration_days: float | None


class SelectionStats(BaseModel):
    selection_id: uuid.UUID
    title: str
    status: str
    applicants: int = Field(description="Applications not withdrawn.")
    withdrawn: int
    by_status: dict[str, int]
    by_type: dict[str, int]
    screening_pass_rate: float | None
    stages: list[StageStats]
    time_in_status_days: dict[str, float]

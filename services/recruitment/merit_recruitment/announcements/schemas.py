"""API shapes of announcements and appeals."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from merit_shared.api import StrictModel


class AnnouncementIn(StrictModel):
    kind: Literal["SCREENING", "STAGE", "FINAL", "CORRECTION"]
    stage_code: str | None = Field(None, description="For kind STAGE.", examples=["INTERVIEW"])
    corrects_id: uuid.UUID | None = Field(None, description="For kind CORRECTION: the announcement corrected.")
    correction_reason: str | None = Field(None, max_length=2000)


class AnnouncementOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "number": 2, "kind": "SCREENING", "content_hash": "9f2c..."}]})

    id: uuid.UUID
    selection_id: uuid.UUID
    number: int
    kind: str
    stage_code: str | None
    title: str
    content_hash: str = Field(description="SHA-256 (hex) of the canonical JSON of `snapshot`.")
    corrects_id: uuid.UUID | None
    published_at: datetime
    appeal_deadline: datetime | None
    snapshot: dict[str, Any]


class AppealIn(StrictModel):
    application_id: uuid.UUID
    reason: str = Field(min_length=10, max_length=5000)


class AppealDecisionIn(StrictModel):
    decision: Literal["ACCEPTED", "REJECTED"]
    reasons: str = Field(min_length=10, max_length=5000)


class AppealOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    announcement_id: uuid.UUID
    application_id: uuid.UUID
    submitted_by: str
    reason: str
    submitted_at: datetime
    status: str
    decision_reasons: str | None
    decided_by: str | None
    decided_at: datetime | None

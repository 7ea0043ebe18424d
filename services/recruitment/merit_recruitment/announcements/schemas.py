"""API shapes of announcements and appeals."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from merit_shared.api import StrictModel


class AnnouncementIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"kind": "SCREENING"}, {"kind": "STAGE", "stage_code": "INTERVIEW"},
        {"kind": "CORRECTION", "corrects_id": "3f1d2c4b-5a69-4e7f-8a9b-0c1d2e3f4a5b",
         "correction_reason": "Nama pelamar tertukar pada baris 3 dan 4."}]})

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
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"application_id": "5b1f9a2e-7c3d-4e8f-9a0b-1c2d3e4f5a6b",
         "reason": "Ijazah S2 saya sudah dilampirkan tetapi dinyatakan tidak ada."}]})

    application_id: uuid.UUID
    reason: str = Field(min_length=10, max_length=5000)


class AppealDecisionIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"decision": "ACCEPTED", "reasons": "Ijazah ditemukan pada berkas; hasil administrasi dikoreksi."}]})

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
    correction_id: uuid.UUID | None = Field(None, description="The CORRECTION announcement the system published "
                                                              "when the appeal was accepted.")

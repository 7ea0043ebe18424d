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


class RescoreOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "3c3f2d0e-7f7a-4a51-9d0e-5d2b1c7e9a10", "application_id": "6f1c0d7e-3b1a-4d59-9a53-2b8f7f1e2a10",
        "stage_code": "ASSESSMENT", "appeal_id": "0b7d2f64-2a55-4f34-9c52-0e0b9e3f7d11", "status": "OPEN",
        "sheets": 1, "opened_at": "2026-03-12T03:04:05Z", "completed_at": None, "completed_by": None,
        "correction_id": None}]})

    id: uuid.UUID
    application_id: uuid.UUID
    stage_code: str
    appeal_id: uuid.UUID
    status: str = Field(description="OPEN (members send their sheets; the next stage and the proposal wait) or DONE.")
    sheets: int = Field(description="How many members have sent their new sheet.")
    opened_at: datetime
    completed_at: datetime | None
    completed_by: str | None
    correction_id: uuid.UUID | None = Field(description="The CORRECTION published from the recomputed result.")

    @classmethod
    def of(cls, row: Any) -> RescoreOut:
        return cls(id=row.id, application_id=row.application_id, stage_code=row.stage_code, appeal_id=row.appeal_id,
                   status=row.status, sheets=len(row.sheets or {}), opened_at=row.opened_at,
                   completed_at=row.completed_at, completed_by=row.completed_by, correction_id=row.correction_id)


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

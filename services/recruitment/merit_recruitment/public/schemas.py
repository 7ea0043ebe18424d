"""Shapes of the public portal's answers (documentation: the routes send pre-rendered JSON bytes)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class PublicStage(BaseModel):
    code: str
    name: str


class PublicPositionRef(BaseModel):
    id: uuid.UUID
    name: str | None
    unit_name: str | None


class PublicSelectionSummary(BaseModel):
    """One selection as listed: no personal data."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11", "agency_id": "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
        "title": "Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan", "kind": "JPT_PRATAMA",
        "status": "REGISTRATION", "current_stage": None,
        "positions": [{"id": "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22", "name": "Kepala Dinas Kesehatan",
                       "unit_name": "Dinas Kesehatan"}],
        "schedule": {"announcement_start": "2025-03-01", "announcement_end": "2025-03-15",
                     "registration_start": "2025-03-02", "registration_end": "2025-03-21",
                     "stage_dates": ["2025-03-26"]},
        "announced_at": "2025-03-01T01:00:00Z", "updated_at": "2025-03-05T04:10:00Z"}]})

    id: uuid.UUID
    agency_id: uuid.UUID
    title: str
    kind: str
    status: str
    current_stage: PublicStage | None
    positions: list[PublicPositionRef]
    schedule: dict[str, Any] | None
    announced_at: datetime | None
    updated_at: datetime


class PublicSelectionPage(BaseModel):
    items: list[PublicSelectionSummary]
    total: int
    limit: int
    offset: int


class PublicAnnouncementRef(BaseModel):
    id: uuid.UUID
    number: int
    kind: str
    stage_code: str | None
    title: str
    content_hash: str = Field(description="SHA-256 (hex) of the canonical JSON of the snapshot.")
    corrects_id: uuid.UUID | None
    published_at: datetime
    appeal_deadline: datetime | None


class PublicSelectionDetail(PublicSelectionSummary):
    """A selection with what was announced: positions with their job requirements, requirements, documents,
    stages, and every announcement with its hash."""

    positions: list[dict[str, Any]]  # type: ignore[assignment]
    requirements: dict[str, Any]
    documents: list[dict[str, Any]]
    stages: list[dict[str, Any]]
    planned_inauguration_date: date | None
    registration_extensions: int
    appeal_window_days: int | None
    announcements: list[PublicAnnouncementRef]


class PublicAnnouncement(PublicAnnouncementRef):
    """An announcement exactly as published. Applicant rows show name, current position, agency, masked NIP and
    the result only."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "number": 2, "kind": "SCREENING", "content_hash": "9f2c4b1a...", "snapshot": {"entries": [
            {"name": "Siti Rahmawati", "nip_masked": "**************1001", "current_position": "Sekretaris Dinas",
             "agency": "Dinas Kesehatan", "result": "MEMENUHI SYARAT"}]}}]})

    selection_id: uuid.UUID
    snapshot: dict[str, Any]

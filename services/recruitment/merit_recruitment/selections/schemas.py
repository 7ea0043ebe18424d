"""API shapes of selections."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from merit_shared.api import StrictModel

Kind = Literal["JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS", "FUNGSIONAL"]


class StageIn(StrictModel):
    code: str = Field(min_length=1, max_length=80, examples=["INTERVIEW"])
    name: str = Field(min_length=1, max_length=200, examples=["Wawancara"])
    name_en: str | None = Field(None, max_length=200)
    kind: Literal["SCORED", "PASS_FAIL"] = "SCORED"
    weight: Decimal = Field(Decimal(0), description="Percent; scored stages sum to exactly 100.")
    pass_mark: Decimal | None = Field(None, description="Minimum stage score (0-100) to continue; none = no cut-off.")


class ScheduleIn(StrictModel):
    announcement_start: date
    announcement_end: date
    registration_start: date
    registration_end: date
    stage_dates: list[date] = Field(default_factory=list, description="One date per stage, in stage order.")


class DocumentItem(StrictModel):
    code: str = Field(min_length=1, max_length=80, examples=["IJAZAH"])
    name: str = Field(min_length=1, max_length=200, examples=["Ijazah dan transkrip"])
    required: bool = True


class SelectionCreate(StrictModel):
    title: str = Field(min_length=3, max_length=300, examples=["Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan"])
    description: str | None = Field(None, max_length=5000)
    kind: Kind = Field(examples=["JPT_PRATAMA"])
    agency_id: uuid.UUID | None = Field(None, description="Only for the service role; otherwise your agency.")
    position_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    requirements: dict[str, Any] | None = Field(None, description="Overrides of the kind's default requirements.",
                                                examples=[{"min_rank": "IV/b", "max_age": 56}])
    documents: list[DocumentItem] | None = None
    stages: list[StageIn] | None = Field(None, description="Replaces the kind's default stages.")
    schedule: ScheduleIn | None = None
    policies: dict[str, dict[str, Any]] | None = Field(
        None, description="Overrides per policy: process, committee, scoring, publication, proposal.",
        examples=[{"process": {"min_announcement_days": 15}, "committee": {"max_internal_share": "0.45"}}])
    planned_inauguration_date: date | None = Field(None, description="Reference date for the maximum age.")


class SelectionUpdate(StrictModel):
    title: str | None = Field(None, min_length=3, max_length=300)
    description: str | None = Field(None, max_length=5000)
    position_ids: list[uuid.UUID] | None = Field(None, max_length=20)
    requirements: dict[str, Any] | None = None
    documents: list[DocumentItem] | None = None
    stages: list[StageIn] | None = None
    schedule: ScheduleIn | None = None
    policies: dict[str, dict[str, Any]] | None = None
    planned_inauguration_date: date | None = None


class ReasonIn(StrictModel):
    reason: str = Field(min_length=3, max_length=2000, examples=["Pelamar kurang dari 4 orang."])


class DecideIn(StrictModel):
    chosen_application_id: uuid.UUID
    position_id: uuid.UUID | None = Field(None, description="Default: the application's position.")
    sk_number: str = Field(min_length=3, max_length=100, examples=["821.2/123/BKPSDM/2025"])
    sk_date: date
    tmt_start: date


class SelectionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11", "status": "REGISTRATION",
        "allowed_actions": ["extend_registration", "close_registration", "cancel"]}]})

    id: uuid.UUID
    agency_id: uuid.UUID
    title: str
    description: str | None
    kind: str
    status: str
    current_stage: int | None
    current_stage_code: str | None = None
    registration_extensions: int
    position_ids: list[str]
    positions_snapshot: list[dict[str, Any]] | None
    requirements: dict[str, Any]
    documents: list[dict[str, Any]]
    stages: list[dict[str, Any]]
    schedule: dict[str, Any] | None
    policies: dict[str, Any]
    planned_inauguration_date: date | None
    proposal: list[dict[str, Any]] | None
    chosen_application_id: uuid.UUID | None
    decision: dict[str, Any] | None
    appointment_status: str | None
    appointment_attempt: int
    appointment_error: dict[str, Any] | None
    version: int
    created_at: datetime
    updated_at: datetime
    announced_at: datetime | None
    allowed_actions: list[str] = Field(default_factory=list)


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    action: str
    from_status: str
    to_status: str
    stage_index: int | None
    at: datetime
    actor: str
    detail: dict[str, Any] | None


class ExtensionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    previous_registration_end: date
    new_registration_end: date
    applicant_count: int
    reason: str
    created_by: str
    created_at: datetime

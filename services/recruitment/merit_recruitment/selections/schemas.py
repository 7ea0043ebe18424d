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


class RequirementsIn(StrictModel):
    """Overrides of the kind's default requirements; only the fields you send change."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={
        "examples": [{"min_rank": "IV/b", "max_age": 56, "min_education": "S2"}]})

    min_education: str | None = Field(None, max_length=20, examples=["S2"], description="S3, S2, S1, D4, D3, ...")
    min_experience_years: Decimal | None = Field(None, ge=0, le=60)
    prior_position_kinds: list[str] = Field(default_factory=list, max_length=20, examples=[["ADMINISTRATOR"]])
    prior_position_min_years: Decimal | None = Field(None, ge=0, le=60)
    max_age: int | None = Field(None, ge=18, le=100, description="Maximum age at the planned inauguration date.")
    min_rank: str | None = Field(None, max_length=10, examples=["IV/b"])
    min_predikat: str | None = Field("BAIK", max_length=30, examples=["BAIK"])
    predikat_years: int = Field(2, ge=1, le=10)
    discipline_years: int | None = Field(2, ge=1, le=10)
    blocking_discipline_levels: list[Literal["RINGAN", "SEDANG", "BERAT"]] = Field(
        default_factory=lambda: ["SEDANG", "BERAT"], max_length=3)  # type: ignore[arg-type]  # literals
    min_jpm_percent: Decimal | None = Field(None, ge=0, le=100)


class ProcessPolicyIn(StrictModel):
    min_announcement_days: int = Field(15, ge=1, le=365)
    max_registration_extensions: int = Field(2, ge=0, le=10)
    registration_extension_days: int = Field(7, ge=1, le=90)
    extension_applicant_threshold: int = Field(4, ge=0, le=10_000)
    registration_may_start_on_announcement_day: bool = False
    auto_extend_registration: bool = Field(True, description="Closing registration after registration_end with "
                                                             "fewer applicants than the threshold extends it "
                                                             "instead, while extensions are left.")


class CommitteePolicyIn(StrictModel):
    max_internal_share: Decimal = Field(Decimal("0.45"), ge=0, le=1, examples=["0.45"])
    min_size: int = Field(5, ge=1, le=25)
    max_size: int | None = Field(None, ge=1, le=25)
    require_odd_size: bool = True
    max_secretaries: int = Field(1, ge=0, le=5)


class ScoringPolicyIn(StrictModel):
    final_pass_mark: Decimal | None = Field(None, ge=0, le=100, decimal_places=4)
    min_assessors: int = Field(1, ge=1, le=25)


class PublicationPolicyIn(StrictModel):
    appeal_window_days: int = Field(3, ge=0, le=30)
    nip_visible_suffix: int = Field(4, ge=0, le=4)


class ProposalPolicyIn(StrictModel):
    proposal_size: int = Field(3, ge=1, le=10)


class PoliciesIn(StrictModel):
    """Overrides per policy; only the fields you send change (the rest keep the stored or default value)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"process": {"min_announcement_days": 15}, "committee": {"max_internal_share": "0.45"}}]})

    process: ProcessPolicyIn | None = None
    committee: CommitteePolicyIn | None = None
    scoring: ScoringPolicyIn | None = None
    publication: PublicationPolicyIn | None = None
    proposal: ProposalPolicyIn | None = None


class SelectionCreate(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [{
        "title": "Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan", "kind": "JPT_PRATAMA",
        "position_ids": ["7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22"], "requirements": {"max_age": 56},
        "schedule": {"announcement_start": "2025-03-01", "announcement_end": "2025-03-15",
                     "registration_start": "2025-03-02", "registration_end": "2025-03-21",
                     "stage_dates": ["2025-03-26", "2025-03-28", "2025-04-02", "2025-04-04", "2025-04-08"]},
        "planned_inauguration_date": "2025-06-02"}]})

    title: str = Field(min_length=3, max_length=300, examples=["Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan"])
    description: str | None = Field(None, max_length=5000)
    kind: Kind = Field(examples=["JPT_PRATAMA"])
    agency_id: uuid.UUID | None = Field(None, description="Only for the service role; otherwise your agency.")
    position_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    requirements: RequirementsIn | None = Field(None, description="Overrides of the kind's default requirements.")
    documents: list[DocumentItem] | None = None
    stages: list[StageIn] | None = Field(None, description="Replaces the kind's default stages.")
    schedule: ScheduleIn | None = None
    policies: PoliciesIn | None = Field(
        None, description="Overrides per policy: process, committee, scoring, publication, proposal.")
    planned_inauguration_date: date | None = Field(None, description="Reference date for the maximum age.")


class SelectionUpdate(StrictModel):
    """Only the fields you send change (send the ETag as If-Match)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"title": "Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan 2025", "requirements": {"max_age": 56},
         "planned_inauguration_date": "2025-09-01"}]})

    title: str | None = Field(None, min_length=3, max_length=300)
    description: str | None = Field(None, max_length=5000)
    position_ids: list[uuid.UUID] | None = Field(None, max_length=20)
    requirements: RequirementsIn | None = None
    documents: list[DocumentItem] | None = None
    stages: list[StageIn] | None = None
    schedule: ScheduleIn | None = None
    policies: PoliciesIn | None = None
    planned_inauguration_date: date | None = None


class ReasonIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"reason": "Pelamar kurang dari 4 orang."}]})

    reason: str = Field(min_length=3, max_length=2000, examples=["Pelamar kurang dari 4 orang."])


class CloseRegistrationIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"reason": "Seluruh calon potensial telah mendaftar; disetujui panitia 3 Maret."}]})

    reason: str | None = Field(None, min_length=3, max_length=2000,
                               description="Required before the scheduled registration_end; recorded in the history.")


class DecideIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"chosen_application_id": "5b1f9a2e-7c3d-4e8f-9a0b-1c2d3e4f5a6b", "sk_number": "821.2/123/BKPSDM/2025",
         "sk_date": "2025-08-25", "tmt_start": "2025-09-01"}]})

    chosen_application_id: uuid.UUID
    position_id: uuid.UUID | None = Field(None, description="Default: the application's position.")
    sk_number: str = Field(min_length=3, max_length=100, examples=["821.2/123/BKPSDM/2025"])
    sk_date: date
    tmt_start: date


class BlockedAction(BaseModel):
    """An action the selection's state allows but a safeguard holds back now, and why."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "action": "advance_stage", "code": "appeal_window_open", "until": "2026-03-12T10:00:00+07:00",
        "announcement_number": 3, "message_id": "Masa sanggah pengumuman nomor 3 masih terbuka sampai ...",
        "message_en": "The appeal window of announcement 3 is open until ..."}]})

    action: str = Field(description="The action held back (as in allowed_actions).")
    code: str = Field(description="Why: `appeal_window_open` (with `until`, the window's end on the agency's "
                                  "clock, and `announcement_number`) or `appeals_pending` (with `pending_appeals`).")
    message_id: str
    message_en: str
    until: str | None = None


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
    blocked_actions: list[BlockedAction] = Field(
        default_factory=list, description="Actions the state allows but a safeguard holds back now (the next stage "
                                          "and the proposal wait for every appeal window and appeal), each with the "
                                          "reason; absent from allowed_actions. Only actions the caller could take.")


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


class RankingOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "provisional": False, "ranked": [{"position": 1, "application_id": "5b1f9a2e-7c3d-4e8f-9a0b-1c2d3e4f5a6b",
                                          "name": "Siti Rahmawati", "final_score": "84.1250",
                                          "final_score_display": "84.13", "decided_by": None}],
        "not_ranked": [], "tie_break_stage_order": ["COMPETENCY_ASSESSMENT", "INTERVIEW"],
        "tie_breakers": ["final_score desc", "scored stages by weight desc", "registered_at asc", "nip asc"]}]})

    provisional: bool = Field(description="True while the assessment runs (scores may still change).")
    ranked: list[dict[str, Any]]
    not_ranked: list[dict[str, Any]] = Field(description="With the reasons (failed stage, below a pass mark, ...).")
    tie_break_stage_order: list[str]
    tie_breakers: list[str] = Field(default_factory=list)


class EligibleSelectionOut(BaseModel):
    """An open selection and one employee's eligibility for it, judged as their registration would be."""

    selection_id: uuid.UUID
    title: str
    kind: str = Field(examples=["JPT_PRATAMA"])
    position_ids: list[str]
    registration_end: date | None
    employee_id: uuid.UUID
    eligibility_status: str = Field(description="ELIGIBLE, NEEDS_REVIEW (nothing failed, a fact unknown) or "
                                    "NOT_ELIGIBLE.", examples=["ELIGIBLE"])
    eligibility: dict[str, Any] = Field(description="The rules' result: each requirement (`results`: code, status, "
                                        "value, required, source, message_id, message_en) and the reference dates.")
    unreachable_sources: list[str] = Field(description="Services that could not be asked (their facts unknown).")
    application_id: uuid.UUID | None = Field(description="The employee's application to it, when there is one.")

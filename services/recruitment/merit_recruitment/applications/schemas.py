"""API shapes of applications."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from merit_recruitment.selections.schemas import BlockedAction
from merit_shared.api import StrictModel

Nip = Annotated[str, Field(pattern=r"^[0-9]{18}$", examples=["198001012005011001"])]
ScoreValue = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]


class DisciplineIn(StrictModel):
    level: Literal["RINGAN", "SEDANG", "BERAT"]
    decided_on: date


class DeclaredFacts(StrictModel):
    """Facts an applicant declares (from another agency, or experience in the related field)."""

    education: str | None = Field(None, examples=["S2"])
    experience_years: Decimal | None = Field(None, ge=0, le=60)
    position_years: dict[str, Decimal] | None = Field(None, examples=[{"ADMINISTRATOR": "3.5"}])
    birth_date: date | None = None
    rank: str | None = Field(None, examples=["IV/b"])
    predikat_by_year: dict[int, str] | None = Field(None, examples=[{2023: "BAIK", 2024: "SANGAT_BAIK"}])
    discipline_records: list[DisciplineIn] | None = None
    jpm_percent: Decimal | None = Field(None, ge=0, le=100)


class DocumentRef(StrictModel):
    code: str = Field(min_length=1, max_length=80, examples=["IJAZAH"])
    reference: str = Field(min_length=1, max_length=500, description="Where the file is (document store URL or id).")


class ApplicationCreate(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {}, {"nip": "198001012005011001"},
        {"applicant_type": "EXTERNAL", "nip": "198101012006041001", "name": "Dewi Lestari",
         "current_position": "Kepala Bidang Pelayanan", "current_agency": "Kabupaten Bogor",
         "declared": {"education": "S2", "rank": "IV/b", "birth_date": "1981-01-01", "experience_years": "12",
                      "position_years": {"ADMINISTRATOR": "4"}, "predikat_by_year": {"2023": "BAIK", "2024": "BAIK"}},
         "documents": [{"code": "CV", "reference": "dms://lamaran/cv.pdf"}]}]})

    nip: Nip | None = Field(None, description="Required when an admin registers someone; yours when you apply.")
    applicant_type: Literal["INTERNAL", "EXTERNAL"] | None = Field(
        None, description="Default: INTERNAL for employees of the selecting agency, else EXTERNAL.")
    position_id: uuid.UUID | None = None
    name: str | None = Field(None, min_length=2, max_length=200, description="EXTERNAL applicants.")
    current_position: str | None = Field(None, max_length=300)
    current_agency: str | None = Field(None, max_length=300)
    declared: DeclaredFacts | None = None
    documents: list[DocumentRef] = Field(default_factory=list, max_length=50)


class CheckIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"decision": "ACCEPT"}, {"decision": "REJECT", "note": "SK pangkat terakhir tidak dilampirkan."}]})

    decision: Literal["ACCEPT", "REJECT"]
    note: str | None = Field(None, max_length=2000)


Criterion = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class ScoresIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"criteria": {"integritas": 85, "visi": "78.50"}}]})

    criteria: dict[Criterion, ScoreValue] = Field(min_length=1, max_length=30, examples=[{"integritas": 85, "visi": "78.5"}])


class ResultIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"passed": True}, {"passed": False, "note": "Tidak memenuhi syarat kesehatan."}]})

    passed: bool
    note: str | None = Field(None, max_length=2000)


class ApplicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "status": "SUBMITTED", "eligibility_status": "NEEDS_REVIEW", "allowed_actions": ["verify", "withdraw"]}]})

    id: uuid.UUID
    selection_id: uuid.UUID
    applicant_type: str
    position_id: uuid.UUID | None
    employee_id: uuid.UUID | None
    nip: str
    name: str
    current_position: str | None
    current_agency: str | None
    documents: list[dict[str, Any]]
    missing_documents: list[str] = Field(default_factory=list)
    facts: dict[str, Any]
    eligibility: dict[str, Any] | None = Field(description=(
        "The rules' result: status, age_reference_date (planned inauguration: maximum age), "
        "performance_reference_date (end of registration: performance = the completed years before its year, "
        "discipline window up to it), and each rule with value, requirement and source."))
    eligibility_status: str | None
    status: str
    status_reason: str | None
    verified_by: str | None
    verification_decision: str | None
    verification_note: str | None
    second_check_by: str | None
    second_check_decision: str | None
    second_check_note: str | None
    eliminated_stage: str | None
    registered_at: datetime
    withdrawn_at: datetime | None
    results: list[dict[str, Any]] = Field(default_factory=list, description="Frozen stage outcomes.")
    allowed_actions: list[str] = Field(default_factory=list)
    blocked_actions: list[BlockedAction] = Field(
        default_factory=list, description="Actions the state allows but a rule holds back now, with the reason: "
                                          "`verify` while mandatory documents are missing (ACCEPT answers 409 "
                                          "`documents_missing`; REJECT remains possible).")


class ScoreOut(BaseModel):
    """One member's score of one criterion of a stage."""

    id: uuid.UUID
    stage_code: str = Field(examples=["wawancara"])
    member_id: uuid.UUID
    criterion: str = Field(examples=["substansi"])
    score: Decimal = Field(examples=["80.00"], description="0-100, two decimals.")
    voided: bool = Field(description="True for a score voided by a conflict its member declared later: kept for the "
                                     "record, counted in no result nor the ranking.")
    superseded: bool = Field(False, description="True for a score a completed re-score replaced: kept for the record, "
                                                "counted in no result nor the ranking.")


class DocumentOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "code": "CV", "source": "upload", "filename": "cv.pdf", "media_type": "application/pdf",
        "size_bytes": 48213, "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "uploaded_at": "2026-03-02T03:04:05Z", "uploaded_by": "hendra.gunawan"}]})

    code: str
    source: str = Field(description="upload (stored here) or reference (an external document store).")
    filename: str | None = None
    media_type: str | None = None
    size_bytes: int | None = None
    sha256: str | None = Field(None, description="SHA-256 of the stored bytes, lowercase hex.")
    uploaded_at: datetime | None = None
    uploaded_by: str | None = None


class ChecklistItem(BaseModel):
    code: str
    name: str | None
    required: bool
    present: bool
    document: dict[str, Any] | None = None


class ChecklistOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "application_id": "6f1c0d7e-3b1a-4d59-9a53-2b8f7f1e2a10", "editable": True, "missing": ["SEHAT"],
        "items": [{"code": "CV", "name": "Daftar riwayat hidup", "required": True, "present": True,
                   "document": {"source": "upload", "sha256": "9f86d0...", "size_bytes": 48213}}]}]})

    application_id: uuid.UUID
    editable: bool = Field(description="Whether the applicant may still upload, replace or delete (registration open).")
    missing: list[str] = Field(description="Required codes with no document yet.")
    items: list[ChecklistItem]

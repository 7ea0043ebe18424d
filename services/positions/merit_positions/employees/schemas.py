"""Employee payloads, including the cross-service EmployeeOut contract."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import ConfigDict, Field, model_validator

from merit_positions.common.inputs import Input
from merit_positions.employees.errors import STATUS_EFFECTIVE_DATE_REQUIRED, STATUS_EFFECTIVE_DATE_UNEXPECTED, STATUS_SET_BY_TRANSFER
from merit_shared.api import OutModel
from merit_shared.vocab import EducationLevel, EmploymentType


class EmployeeStatus(StrEnum):
    ACTIVE = "active"
    LEAVE = "leave"  # cuti: temporarily away
    STUDY = "study"  # tugas belajar: temporarily away
    RETIRED = "retired"
    DISMISSED = "dismissed"
    DECEASED = "deceased"
    TRANSFERRED_OUT = "transferred_out"  # moved to another agency: set only by an accepted transfer


class Gender(StrEnum):
    L = "L"
    P = "P"


class RankChangeReason(StrEnum):
    DISCIPLINE = "DISCIPLINE"
    CORRECTION = "CORRECTION"
    EXTRAORDINARY_PROMOTION = "EXTRAORDINARY_PROMOTION"


class RankIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"golongan": "III/b", "tmt": "2024-04-01", "sk_number": "800/123/BKPSDM/2024", "sk_date": "2024-03-20"}]})
    golongan: str = Field(examples=["III/a"], description="PNS: I/a..IV/e (or BKN code); PPPK: I..XVII.")
    tmt: date = Field(description="The rank counts from this date; a later TMT is recorded as pending.")
    sk_number: str | None = Field(None, max_length=120, examples=["800/123/BKPSDM/2024"])
    sk_date: date | None = None
    reason: RankChangeReason | None = Field(
        None, description="Required when a PNS rank is not one step above the one before it (or below the one "
                          "after it): lower or same rank: DISCIPLINE / CORRECTION; a skipped rank: "
                          "EXTRAORDINARY_PROMOTION / CORRECTION.")
    reason_note: str | None = Field(None, max_length=300, examples=["SK hukuman disiplin 800/45/2025"])


class EducationIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"level": "S1",
         "major": "Ilmu Administrasi Negara",
         "institution": "Universitas Indonesia",
         "graduated_on": "2004-08-30"}]})
    level: EducationLevel = Field(examples=["S1"])
    major: str | None = Field(None, max_length=200, examples=["Ilmu Administrasi Negara"])
    institution: str | None = Field(None, max_length=200, examples=["Universitas Indonesia"])
    graduated_on: date | None = None


class EmployeeCreate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"nip": "198001012005031001",
         "name": "Budi Santoso",
         "front_title": "Dr.",
         "back_title": "S.Kom., M.Si.",
         "employment_type": "PNS",
         "rank": {"golongan": "III/d", "tmt": "2021-04-01"},
         "educations": [{"level": "S2", "major": "Administrasi Publik"}]}]})
    nip: str = Field(examples=["196608011988031001"], description="18 digits; spaces allowed.")
    name: str = Field(min_length=2, max_length=200, examples=["Budi Santoso"])
    front_title: str | None = Field(None, max_length=60, examples=["Dr."])
    back_title: str | None = Field(None, max_length=100, examples=["S.Kom., M.Si."])
    birth_date: date | None = Field(None, description="Optional; must agree with the NIP.")
    gender: Gender | None = Field(None, description="Optional; must agree with the NIP.")
    employment_type: EmploymentType = Field(examples=["PNS"])
    status: EmployeeStatus = EmployeeStatus.ACTIVE
    siasn_pns_id: str | None = Field(None, max_length=64, description="pnsId in the national system.")
    rank: RankIn | None = None
    educations: list[EducationIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_transferred(self) -> EmployeeCreate:
        if self.status is EmployeeStatus.TRANSFERRED_OUT:
            raise STATUS_SET_BY_TRANSFER.error(field="body.status")
        return self


class EmployeeUpdate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"status": "retired", "status_effective_date": "2025-02-01"}]})
    not_null = ("name", "employment_type", "status")
    name: str | None = Field(None, min_length=2, max_length=200)
    front_title: str | None = Field(None, max_length=60)
    back_title: str | None = Field(None, max_length=100)
    employment_type: EmploymentType | None = None
    status: EmployeeStatus | None = None
    status_effective_date: date | None = Field(
        None, examples=["2025-02-01"],
        description="Required with status retired / dismissed / deceased: the date the status takes effect. Every "
                    "assignment still in force ends on this date (end_reason retirement / dismissal / death).")
    siasn_pns_id: str | None = Field(None, max_length=64)

    @model_validator(mode="after")
    def _status_date(self) -> EmployeeUpdate:
        if self.status is EmployeeStatus.TRANSFERRED_OUT:
            raise STATUS_SET_BY_TRANSFER.error(field="body.status")
        terminal = self.status is not None and self.status.value in TERMINAL_STATUSES
        if terminal and self.status_effective_date is None:
            raise STATUS_EFFECTIVE_DATE_REQUIRED.error(field="body.status_effective_date")
        if self.status_effective_date is not None and not terminal:
            raise STATUS_EFFECTIVE_DATE_UNEXPECTED.error(field="body.status_effective_date")
        return self


TERMINAL_STATUSES = ("retired", "dismissed", "deceased")


class RankOut(OutModel):
    golongan: str = Field(examples=["III/a"])
    tmt: date


class RankHistoryOut(RankOut):
    id: uuid.UUID
    scheme: str
    sk_number: str | None
    sk_date: date | None
    reason: str | None = Field(None, examples=["DISCIPLINE"], description="Why the step is not a regular promotion.")
    reason_note: str | None = None
    pending: bool = Field(False, description="TMT still in the future: the rank is recorded but not yet in force.")


class EducationOut(OutModel):
    level: str = Field(examples=["S1"])
    major: str | None
    institution: str | None
    graduated_on: date | None


class EducationHistoryOut(EducationOut):
    id: uuid.UUID


class CurrentAssignment(OutModel):
    id: uuid.UUID
    position_id: uuid.UUID
    position_name: str
    job_kind: str = Field(examples=["PELAKSANA"])
    jenjang: str | None
    unit_id: uuid.UUID
    unit_name: str
    kind: str = Field(examples=["definitive"])
    tmt_start: date


class EmployeeOut(OutModel):
    """Cross-service contract: GET /api/v1/employees/{id} and /employees/by-nip/{nip}."""

    id: uuid.UUID
    agency_id: uuid.UUID
    nip: str = Field(examples=["196608011988031001"])
    name: str = Field(examples=["Budi Santoso"])
    front_title: str | None
    back_title: str | None
    display_name: str = Field(examples=["Dr. Budi Santoso, S.Kom., M.Si."])
    birth_date: date
    gender: str = Field(examples=["L"])
    employment_type: str = Field(examples=["PNS"])
    status: str = Field(examples=["active"])
    rank: RankOut | None = Field(description="The rank in force today (TMT on or before today).")
    pending_rank: RankOut | None = Field(None, description="The next recorded rank whose TMT is still ahead.")
    education: EducationOut | None = Field(description="Highest education.")
    current_assignment: CurrentAssignment | None = Field(description="The active definitive assignment.")
    retirement_date: date = Field(description="From BUP of the job held (default BUP when none).")
    retirement_overdue: bool = Field(False, description="Still active (not retired/dismissed/deceased) on or after "
                                                        "the retirement date.")
    bup: int
    tmt_cpns: date | None = None
    siasn_pns_id: str | None = None
    origin_employee_id: uuid.UUID | None = Field(
        None, description="The person's record in the agency they were transferred from (see /origin-history).")
    version: int = 1


class EmployeeListItem(OutModel):
    id: uuid.UUID
    nip: str
    name: str
    display_name: str
    status: str
    employment_type: str
    unit_id: uuid.UUID | None = None
    unit_name: str | None = None
    position_name: str | None = None
    score: float | None = Field(None, description="Search distance (0 = exact) when searching by name.")


class CareerItem(OutModel):
    assignment_id: uuid.UUID
    position_id: uuid.UUID
    position_name: str
    job_kind: str
    jenjang: str | None
    unit_id: uuid.UUID
    unit_name: str
    kind: str
    tmt_start: date
    tmt_end: date | None
    reason: str
    end_reason: str | None
    sk_number: str
    sk_date: date


class CareerOut(OutModel):
    items: list[CareerItem]


class SupervisorRef(OutModel):
    employee_id: uuid.UUID
    nip: str
    display_name: str
    position_id: uuid.UUID
    acting: bool


class SupervisorsOut(OutModel):
    evaluator: SupervisorRef | None
    evaluator_superior: SupervisorRef | None


class OriginAssignment(OutModel):
    position_name: str
    job_kind: str
    jenjang: str | None
    unit_name: str
    kind: str
    tmt_start: date
    tmt_end: date | None
    reason: str
    end_reason: str | None
    sk_number: str
    sk_date: date


class OriginRecord(OutModel):
    """The person's record in an earlier agency, as read-only history (read through the accepted transfer)."""

    employee_id: uuid.UUID
    agency_id: uuid.UUID
    agency_name: str
    transfer_id: uuid.UUID
    transfer_tmt: date
    status: str
    ranks: list[RankHistoryOut]
    educations: list[EducationHistoryOut]
    assignments: list[OriginAssignment]


class OriginHistoryOut(OutModel):
    read_only: bool = Field(True, description="These lines belong to the earlier agencies; they cannot be changed.")
    items: list[OriginRecord] = Field(description="The agency transferred from first, then the one before it.")

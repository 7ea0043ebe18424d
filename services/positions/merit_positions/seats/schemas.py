"""Position (seat) payloads, including the cross-service PositionOut contract."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ConfigDict, Field

from merit_positions.common.inputs import Input
from merit_shared.api import OutModel


class PositionCreate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"unit_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11",
         "job_id": "5f0c8f5e-3a0e-4d8a-9a55-0b9a8f7f1c2d",
         "code": "BKPSDM-AK-AM",
         "required_seats": 3}]})
    unit_id: uuid.UUID
    job_id: uuid.UUID
    code: str | None = Field(None, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-/]+$", examples=["BKPSDM-KA"])
    name: str | None = Field(None, min_length=2, max_length=300, description="Default: the job's name.",
                             examples=["Kepala Badan Kepegawaian dan Pengembangan SDM"])
    is_head: bool = Field(False, description="The head position of its unit (at most one per unit).")
    required_seats: int = Field(1, ge=0, le=10000, description="Managerial positions: exactly 1.")
    valid_from: date | None = Field(None, description="Default: the unit's valid_from.")
    siasn_jabatan_id: str | None = Field(None, max_length=64)


class PositionUpdate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"required_seats": 4}]})
    not_null = ("name", "is_head", "required_seats")
    code: str | None = Field(None, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-/]+$")
    name: str | None = Field(None, min_length=2, max_length=300)
    is_head: bool | None = None
    required_seats: int | None = Field(None, ge=0, le=10000)
    siasn_jabatan_id: str | None = Field(None, max_length=64)


class AbolishIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"effective_date": "2025-01-01"}]})
    effective_date: date


class JobBrief(OutModel):
    id: uuid.UUID
    name: str
    kind: str = Field(examples=["PENGAWAS"])
    jenjang: str | None
    kelas_jabatan: int
    min_education: str | None
    min_rank: str | None = Field(examples=["III/a"])
    bup: int
    competency_standard: dict[str, Any] = Field(examples=[{"M.01": 3, "SK.01": 3, "T.01": 2}])


PERSON_SCOPE = "Null unless the caller's scope covers this person (see the README's Roles table)."


class HolderOut(OutModel):
    employee_id: uuid.UUID | None = Field(description=PERSON_SCOPE)
    nip: str | None = Field(description=PERSON_SCOPE)
    display_name: str
    tmt_start: date


class ActingOut(OutModel):
    employee_id: uuid.UUID | None = Field(description=PERSON_SCOPE)
    kind: str = Field(examples=["plt"])
    tmt_start: date
    nip: str | None = Field(None, description=PERSON_SCOPE)
    display_name: str | None = None


class PositionOut(OutModel):
    """Cross-service contract: GET /api/v1/positions/{id}."""

    id: uuid.UUID
    agency_id: uuid.UUID
    unit_id: uuid.UUID
    unit_name: str
    code: str | None = None
    name: str
    is_head: bool
    job: JobBrief
    required_seats: int
    filled: int = Field(description="Active definitive holders (derived).")
    vacant: int = Field(description="required_seats - filled, never negative (derived).")
    holders: list[HolderOut]
    acting: list[ActingOut]
    abolished_on: date | None = None
    siasn_jabatan_id: str | None = None
    version: int = 1


class PositionSummary(OutModel):
    id: uuid.UUID
    unit_id: uuid.UUID
    unit_name: str
    code: str | None
    name: str
    is_head: bool
    job_id: uuid.UUID
    job_kind: str
    jenjang: str | None
    kelas_jabatan: int
    required_seats: int
    filled: int
    vacant: int
    abolished_on: date | None = None


class HolderOnDate(OutModel):
    assignment_id: uuid.UUID
    employee_id: uuid.UUID | None = Field(description=PERSON_SCOPE)
    nip: str | None = Field(description=PERSON_SCOPE)
    display_name: str
    kind: str
    tmt_start: date
    tmt_end: date | None


class AbkTaskIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "Menyusun formasi jabatan", "volume_per_year": 120, "norm_minutes": 300}]})
    name: str = Field(min_length=1, max_length=300, examples=["Menyusun formasi jabatan"])
    volume_per_year: Decimal = Field(ge=0, le=10_000_000, examples=[120])
    norm_minutes: Decimal = Field(gt=0, le=525_600, examples=[300],
                                  description="Minutes per unit of output (at most a year of minutes).")


class AbkIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"tasks": [{"name": "Menyusun formasi jabatan", "volume_per_year": 120, "norm_minutes": 300},
                   {"name": "Memverifikasi usul mutasi", "volume_per_year": 400, "norm_minutes": 90}],
         "apply_to_required_seats": False}]})
    tasks: list[AbkTaskIn] = Field(min_length=1)
    apply_to_required_seats: bool = Field(False, description="Set required_seats to the rounded need "
                                                              "(non-managerial positions only).")


class AbkOut(OutModel):
    position_id: uuid.UUID
    year: int
    tasks: list[dict[str, Any]]
    workload_minutes: Decimal
    effective_minutes: Decimal
    need_exact: Decimal = Field(description="Unrounded need (persons), kept as computed.")
    need_rounded: int
    rounding: str = Field(description="Rounding policy of the agency (HALF_UP by default).")
    filled: int
    job_efficiency: Decimal | None = Field(description="EJ = workload / (filled x effective minutes).")
    ej_band: str | None

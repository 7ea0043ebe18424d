"""Position (seat) payloads, including the cross-service PositionOut contract."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from pydantic import ConfigDict, Field, PlainSerializer

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


def fixed(places: int) -> PlainSerializer:
    """A Decimal answered as a plain JSON number rounded half-up to ``places`` decimals: numeric columns come back
    from PostgreSQL as ``2.6E+5`` or with 28 digits, neither of which belongs in a reply or a spreadsheet."""
    quantum = Decimal(1).scaleb(-places)

    def render(v: Decimal) -> int | float:
        q = Decimal(v).quantize(quantum, rounding=ROUND_HALF_UP)
        return int(q) if q == q.to_integral_value() else float(q)
    return PlainSerializer(render, return_type=float)


#: Workload and effective time in minutes: two decimals (norm times are given to the minute or its fraction).
Minutes = Annotated[Decimal, fixed(2)]
#: Persons (need, EJ): four decimals, enough to grade EJ bands and to see a fraction of a person.
Persons = Annotated[Decimal, fixed(4)]


class AbkTaskIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "Menyusun formasi jabatan", "volume_per_year": 120, "norm_minutes": 300}]})
    name: str = Field(min_length=1, max_length=300, examples=["Menyusun formasi jabatan"])
    volume_per_year: Decimal = Field(ge=0, le=10_000_000, decimal_places=4, examples=[120])
    norm_minutes: Decimal = Field(gt=0, le=525_600, decimal_places=2, examples=[300],
                                  description="Minutes per unit of output (at most a year of minutes).")


class AbkIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"tasks": [{"name": "Menyusun formasi jabatan", "volume_per_year": 120, "norm_minutes": 300},
                   {"name": "Memverifikasi usul mutasi", "volume_per_year": 400, "norm_minutes": 90}],
         "apply_to_required_seats": False, "reason": "Tambahan tugas verifikasi mutasi 2025"}]})
    # At most 500 tasks: the workload then stays below 10^16 minutes, printed without exponent.
    tasks: list[AbkTaskIn] = Field(min_length=1, max_length=500)
    apply_to_required_seats: bool = Field(False, description="Set required_seats to the rounded need "
                                                              "(non-managerial positions only).")
    reason: str | None = Field(None, min_length=2, max_length=500,
                               description="Why this version was recorded (kept in the year's history).")


class AbkVersionOut(OutModel):
    """One recorded version of a year's ABK. Numbers are plain JSON numbers: minutes to 2 decimals, persons to 4
    (the exact need is stored unrounded; grading and rounding use the stored value)."""

    position_id: uuid.UUID
    year: int
    version: int = Field(description="1 for the first analysis of the year; the highest is the current one.")
    tasks: list[dict[str, Any]]
    workload_minutes: Minutes = Field(examples=[72000])
    effective_minutes: Minutes = Field(examples=[75000])
    need_exact: Persons = Field(description="Need in persons, 4 decimals.", examples=[0.96])
    need_rounded: int
    rounding: str = Field(description="Rounding policy of the agency (HALF_UP by default).")
    reason: str | None = None
    recorded_by: str | None = Field(None, description="Subject of the account that recorded it (null before "
                                                      "history was kept).")
    recorded_at: datetime


class AbkOut(AbkVersionOut):
    filled: int
    job_efficiency: Persons | None = Field(description="EJ = workload / (filled x effective minutes), 4 decimals.")
    ej_band: str | None

"""Position (seat) payloads, including the cross-service PositionOut contract."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field

from merit_shared.api import OutModel, StrictModel


class PositionCreate(StrictModel):
    unit_id: uuid.UUID
    job_id: uuid.UUID
    code: str | None = Field(None, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-/]+$", examples=["BKPSDM-KA"])
    name: str | None = Field(None, min_length=2, max_length=300, description="Default: the job's name.",
                             examples=["Kepala Badan Kepegawaian dan Pengembangan SDM"])
    is_head: bool = Field(False, description="The head position of its unit (at most one per unit).")
    required_seats: int = Field(1, ge=0, le=10000, description="Managerial positions: exactly 1.")
    valid_from: date | None = Field(None, description="Default: the unit's valid_from.")
    siasn_jabatan_id: str | None = Field(None, max_length=64)


class PositionUpdate(StrictModel):
    code: str | None = Field(None, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-/]+$")
    name: str | None = Field(None, min_length=2, max_length=300)
    is_head: bool | None = None
    required_seats: int | None = Field(None, ge=0, le=10000)
    siasn_jabatan_id: str | None = Field(None, max_length=64)


class AbolishIn(StrictModel):
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


class HolderOut(OutModel):
    employee_id: uuid.UUID
    nip: str
    display_name: str
    tmt_start: date


class ActingOut(OutModel):
    employee_id: uuid.UUID
    kind: str = Field(examples=["plt"])
    tmt_start: date
    nip: str | None = None
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
    employee_id: uuid.UUID
    nip: str
    display_name: str
    kind: str
    tmt_start: date
    tmt_end: date | None


class AbkTaskIn(StrictModel):
    name: str = Field(min_length=1, max_length=300, examples=["Menyusun formasi jabatan"])
    volume_per_year: Decimal = Field(ge=0, examples=[120])
    norm_minutes: Decimal = Field(gt=0, examples=[300])


class AbkIn(StrictModel):
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

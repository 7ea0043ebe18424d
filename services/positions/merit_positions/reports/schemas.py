"""Documented shapes of the large reports (served straight from orjson for speed, so FastAPI does not re-validate)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, Field


class PetaPerson(BaseModel):
    employee_id: uuid.UUID
    nip: str = Field(examples=["198001012005031001"])
    display_name: str = Field(examples=["Dr. Budi Santoso, M.Si."])
    tmt_start: date
    kind: str | None = Field(None, examples=["plt"], description="Only for acting officials (plt / plh).")


class PetaPosition(BaseModel):
    id: uuid.UUID
    unit_id: uuid.UUID
    code: str | None
    name: str = Field(examples=["Kepala Bidang Mutasi"])
    is_head: bool
    job_kind: str = Field(examples=["ADMINISTRATOR"])
    jenjang: str | None
    kelas_jabatan: int
    required: int
    filled: int = Field(description="Active definitive holders on as_of.")
    vacant: int = Field(description="required - filled, never negative.")
    holders: list[PetaPerson]
    acting: list[PetaPerson]


class PetaTotals(BaseModel):
    positions: int
    required: int
    filled: int
    vacant: int
    acting: int


class PetaUnit(BaseModel):
    id: uuid.UUID
    code: str
    name: str = Field(examples=["Badan Kepegawaian dan Pengembangan SDM"])
    kind: str
    parent_id: uuid.UUID | None
    positions: list[PetaPosition]
    children: list[PetaUnit]
    totals: PetaTotals = Field(description="This unit and its whole subtree.")


class PetaJabatanOut(BaseModel):
    as_of: date
    unit_id: uuid.UUID | None = Field(description="Root of the subtree shown (null: the whole agency).")
    totals: PetaTotals
    units: list[PetaUnit]


class BezettingRow(BaseModel):
    unit_id: uuid.UUID
    unit_name: str
    counts: dict[str, int] = Field(examples=[{"III/a": 4, "III/b": 2}])
    total: int


class BezettingOut(BaseModel):
    as_of: date
    golongan: list[str] = Field(description="Columns in rank order.", examples=[["III/a", "III/b"]])
    rows: list[BezettingRow]
    totals: dict[str, int]
    total: int


class ReportOut(BaseModel):
    as_of: date
    items: list[dict[str, Any]]
    total: int

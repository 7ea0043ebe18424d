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


class ReportPage(BaseModel):
    """A report's JSON answer: one page of its rows (``total`` counts them all); CSV/XLSX carry every row, in the
    same order."""

    as_of: date
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class ActingExpiringItem(BaseModel):
    assignment_id: uuid.UUID
    kind: str = Field(examples=["plt"], description="plt or plh")
    employee_id: uuid.UUID
    nip: str = Field(examples=["198001012005031001"])
    display_name: str = Field(examples=["Sari Dewi, S.E."])
    position_id: uuid.UUID
    position_name: str = Field(examples=["Kepala Bidang Aset"])
    unit_id: uuid.UUID
    unit_name: str = Field(examples=["Bidang Aset"])
    tmt_start: date
    tmt_end: date = Field(description="The last day (set on the assignment, else the policy's acting length).")
    acting_extended_on: date | None
    days_left: int = Field(examples=[5])
    extended: bool = Field(description="The one extension was used.")
    extendable_to: date | None = Field(description="The latest end of the one extension; null once extended.")


class ActingExpiringOut(BaseModel):
    as_of: date
    days: int = Field(examples=[14], description="The window asked for (default: acting_expiry_warning_days).")
    items: list[ActingExpiringItem]
    total: int
    limit: int
    offset: int


class PromotionReasonOut(BaseModel):
    code: str = Field(examples=["years_in_rank_short"],
                      description="years_in_rank_short, rating_below_minimum, rating_missing, ratings_unavailable, "
                                  "ceiling_by_education_reached, education_unknown, rank_unknown, highest_rank, "
                                  "retires_before_period, already_promoted")
    blocking: bool = Field(description="True: not eligible; false: unknown until the fact is recorded.")
    until: date | None = Field(None, description="years_in_rank_short: the day the years in rank are complete.")
    year: int | None = Field(None, description="Rating reasons: the year.")
    message: str = Field(description="The reason in words, in the language of Accept-Language (Indonesian by default).")


class PromotionDueItem(BaseModel):
    employee_id: uuid.UUID
    nip: str
    display_name: str
    unit_id: uuid.UUID | None
    unit_name: str | None
    position_name: str | None
    golongan: str | None = Field(examples=["III/c"], description="The PNS rank in force on the period.")
    rank_tmt: date | None
    education: str | None = Field(examples=["S1"])
    next_golongan: str | None = Field(examples=["III/d"])
    status: str = Field(examples=["eligible"], description="eligible, not_eligible or unknown")
    eligible: bool
    eligible_from: date | None = Field(description="The first period on which the years in rank are complete.")
    ratings: dict[str, str] = Field(examples=[{"2025": "BAIK", "2026": "SANGAT_BAIK"}])
    reasons: list[PromotionReasonOut]


class PromotionsDueOut(BaseModel):
    period: date
    as_of: date
    rating_years: list[int]
    ratings_available: bool
    policy: dict[str, Any]
    eligible: int
    not_eligible: int
    unknown: int
    items: list[PromotionDueItem] = Field(description="One page of the rows, in name order.")
    total: int = Field(description="Rows after the status filter.")
    limit: int
    offset: int

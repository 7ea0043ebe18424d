"""Pydantic schemas of talent cycles, placements and succession plans."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from merit_evaluation.rules import SuccessionReadiness
from merit_shared.api import OutModel, StrictModel


class CycleIn(StrictModel):
    name: str = Field(min_length=1, max_length=200, examples=["Talenta 2026"])
    year: int = Field(ge=2000, le=2100, examples=[2026])
    as_of: date = Field(examples=["2026-01-31"])
    unit_id: uuid.UUID | None = Field(None, description="Scope; default the whole agency.")


class CycleOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    name: str
    year: int
    as_of: date
    unit_id: uuid.UUID | None
    policy: dict[str, Any] = Field(description="Axis composition and thresholds used (agency policy at creation).")
    potential_inputs: dict[str, Any] | None = Field(description="Rules for TRACK_RECORD / OTHER when not supplied "
                                                    "(agency policy `talent_inputs` at creation).")
    status: str
    created_at: datetime


class PlaceIn(StrictModel):
    employee_ids: list[uuid.UUID] | None = Field(None, description="Default: everyone in the cycle's scope.")
    inputs: dict[uuid.UUID, dict[PotentialComponent, Annotated[Decimal, Field(ge=0, le=100)]]] = Field(
        default_factory=dict, description="Optional TRACK_RECORD / OTHER components (0–100) per employee; the JPM "
        "component always comes from the recorded JPM.", examples=[{"3f0c…": {"TRACK_RECORD": "85"}}])


class PotentialComponent(StrEnum):
    TRACK_RECORD = "TRACK_RECORD"
    OTHER = "OTHER"


class PlacementOut(OutModel):
    employee_id: uuid.UUID
    unit_id: uuid.UUID | None
    box: int
    potential_level: str
    performance_level: str
    potential_score: Decimal
    components: dict[str, Any]
    performance_predikats: list[str] | None
    actions: list[dict[str, str]]
    thresholds: dict[str, Any]
    in_pool: bool
    pool_status: dict[str, Any]
    potential_inputs: dict[str, Any] | None = Field(None, description="The input rules this placement used.")
    as_of: date


class PlaceResult(BaseModel):
    placed: int = Field(examples=[118])
    skipped: list[dict[str, str]] = Field(description="People not placed and why (predikat_missing, jpm_missing).",
                                          examples=[[{"employee_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                                                      "reason": "jpm_missing"}]])
    by_box: dict[str, int] = Field(examples=[{"1": 0, "5": 40, "9": 6}])
    in_pool: int = Field(examples=[11])
    followups_created: int = Field(0, examples=[9], description="Follow-ups the agency's policy created for the "
                                   "boxes (rewards for 7–9, coaching for 1–3 by default); none twice for a person.")


class CandidateOut(BaseModel):
    employee_id: uuid.UUID
    readiness: str = Field(examples=["READY_NOW"])
    rank: int = Field(examples=[1])
    box: int | None = Field(examples=[9])
    note: str | None


class SuccessionOut(BaseModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    position_id: uuid.UUID
    position: dict[str, Any] = Field(description="Snapshot of the position from positions.")
    talent_cycle_id: uuid.UUID | None
    status: str = Field(examples=["ACTIVE"])
    candidates: list[CandidateOut]


class SuccessionIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{
                                  "position_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "talent_cycle_id": None}]})

    position_id: uuid.UUID
    talent_cycle_id: uuid.UUID | None = Field(None, description="Candidates must be in this cycle's talent pool.")


class CandidateIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{
                                  "employee_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "readiness": "READY_1_2_YEARS",
                                  "rank": 2, "note": "Perlu diklat kepemimpinan"}]})

    employee_id: uuid.UUID
    readiness: SuccessionReadiness | None = Field(
        None, description="Default: the readiness career planning computes for this person and the plan's position "
                          "(`GET /succession-plans/{id}/suggestions`, the same function).")
    rank: int | None = Field(None, ge=1, description="Default: after the last candidate.")
    note: str | None = Field(None, max_length=2000)


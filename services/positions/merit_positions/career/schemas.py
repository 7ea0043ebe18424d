"""Schemas of the career-requirements computation (an internal read for the evaluation service)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from merit_shared.api import StrictModel
from merit_shared.vocab import JobKind, Predikat


class CareerChecksIn(StrictModel):
    """One person against every position of the agency, or every person against one position (or one pair)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [{
        "agency_id": "0f9c2d7e-3b1a-4c5d-9e8f-1a2b3c4d5e6f", "employee_id": "7d2f0f65-2b7c-4d8e-9a1b-3c4d5e6f7a8b",
        "ratings": {"7d2f0f65-2b7c-4d8e-9a1b-3c4d5e6f7a8b": {"2024": "BAIK", "2025": "SANGAT_BAIK"}},
        "vacant_only": True}]})

    agency_id: uuid.UUID
    employee_id: uuid.UUID | None = Field(None, description="The person whose career plan is asked.")
    position_id: uuid.UUID | None = Field(None, description="The position whose candidates are asked.")
    as_of: date | None = Field(None, description="Default: today in the agency's calendar.")
    ratings: dict[uuid.UUID, dict[int, Predikat]] | None = Field(
        default_factory=dict, description="Annual predikat by employee and year (evaluation owns them); null when "
        "evaluation could not say: the performance checks are then `unknown`, never passed.")
    kind: JobKind | None = Field(None, description="Only positions of this kind of job.")
    unit_id: uuid.UUID | None = Field(None, description="Only positions in this unit's subtree.")
    min_kelas: int | None = Field(None, ge=1, le=17)
    max_kelas: int | None = Field(None, ge=1, le=17)
    vacant_only: bool = Field(False, description="Only positions with a vacant seat on `as_of`.")

    @model_validator(mode="after")
    def _one_side(self) -> CareerChecksIn:
        if self.employee_id is None and self.position_id is None:
            raise ValueError("employee_id or position_id is required")
        return self


class CareerChecksOut(BaseModel):
    as_of: date
    policy: dict[str, Any] = Field(description="The policy values the checks used (PositionsPolicy).")
    people: list[dict[str, Any]] = Field(description="Each person's facts with the record they come from.")
    positions: list[dict[str, Any]] = Field(description="Each position with its job (id, version, minimums, "
                                            "competency standard) and seats.")
    checks: list[dict[str, Any]] = Field(description="Every distinct check result (name, status, reason_id, "
                                         "reason_en, value, required), once.")
    pairs: list[list[Any]] = Field(description="[employee_id, position_id, move_kind, [indexes into `checks`]] per "
                                   "pair, in the order of the rules (rank, education, time in seat, performance, "
                                   "regular promotion).")

"""Schemas of the career-requirements computation (an internal read for the evaluation service)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, Field, model_validator

from merit_shared.api import StrictModel
from merit_shared.vocab import JobKind, Predikat


class CareerChecksIn(StrictModel):
    """One person against every position of the agency, or every person against one position (or one pair)."""

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

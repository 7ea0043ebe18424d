"""Personnel action payloads."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from merit_positions.assignments.schemas import Reason
from merit_positions.rules import ActionKind
from merit_shared.api import OutModel, StrictModel


class MoveIn(StrictModel):
    employee_id: uuid.UUID
    to_position_id: uuid.UUID
    reason: Reason | None = Field(None, description="Default from the action kind (rotation, promotion, ...).")


class ActionCreate(StrictModel):
    kind: ActionKind = Field(examples=["ROTATION"])
    title: str = Field(min_length=3, max_length=300, examples=["Rotasi pejabat pengawas Januari 2025"])
    tmt: date = Field(description="The date every move takes effect.")
    moves: list[MoveIn] = Field(min_length=1, max_length=500)


class ReviewIn(StrictModel):
    recommendation: Literal["approve", "reject"]
    note: str = Field(min_length=3, max_length=4000)


class DecideIn(StrictModel):
    decision: Literal["approve", "reject"]
    decision_date: date
    sk_number: str | None = Field(None, max_length=120, description="Required to approve.")
    sk_date: date | None = None
    note: str | None = Field(None, max_length=4000)
    blackout_override_reason: str | None = Field(
        None, min_length=5, max_length=1000, description="Written approval (e.g. the Minister's letter) to decide "
                                                         "inside a blackout window.")
    override_reason: str | None = Field(None, min_length=5, max_length=1000,
                                        description="Required to approve moves with failed or unknown checks.")


class CheckOut(OutModel):
    name: str
    status: str = Field(examples=["passed", "failed", "unknown", "warning"])
    reason_id: str
    reason_en: str
    value: Any = None
    required: Any = None


class MoveOut(OutModel):
    id: uuid.UUID
    employee_id: uuid.UUID
    to_position_id: uuid.UUID
    reason: str
    outcome: str | None = Field(examples=["eligible", "not_eligible", "needs_review"])
    checks: list[CheckOut]
    assignment_id: uuid.UUID | None


class ActionOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    kind: str
    title: str
    status: str = Field(examples=["draft", "submitted", "reviewed", "approved", "rejected", "applied", "cancelled"])
    tmt: date
    decision_date: date | None
    sk_number: str | None
    sk_date: date | None
    blackout_override_reason: str | None
    review_note: str | None
    decision_note: str | None
    created_by: str
    reviewed_by: str | None
    decided_by: str | None
    applied_at: datetime | None
    version: int
    moves: list[MoveOut]
    allowed_actions: list[str]

"""Personnel action payloads."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field

from merit_positions.assignments.schemas import Reason
from merit_positions.common.inputs import Input
from merit_positions.rules import ActionKind
from merit_shared.api import OutModel


class MoveIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"employee_id": "5f0c8f5e-3a0e-4d8a-9a55-0b9a8f7f1c2d",
         "to_position_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11"}]})
    employee_id: uuid.UUID
    to_position_id: uuid.UUID
    reason: Reason | None = Field(None, description="Default from the action kind (rotation, promotion, ...).")


class ActionCreate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"kind": "ROTATION",
         "title": "Rotasi pejabat pengawas Februari 2025",
         "tmt": "2025-02-03",
         "moves": [{"employee_id": "5f0c8f5e-3a0e-4d8a-9a55-0b9a8f7f1c2d",
                    "to_position_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11"},
                   {"employee_id": "9a1d2c3b-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
                    "to_position_id": "7c6b5a49-3827-4615-9a0b-1c2d3e4f5a6b",
                    "reason": "rotation"}]}]})
    kind: ActionKind = Field(examples=["ROTATION"])
    title: str = Field(min_length=3, max_length=300, examples=["Rotasi pejabat pengawas Januari 2025"])
    tmt: date = Field(description="The date every move takes effect.")
    moves: list[MoveIn] = Field(min_length=1, max_length=500)


class ReviewIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"recommendation": "approve", "note": "Sesuai pola karier dan kebutuhan organisasi."}]})
    recommendation: Literal["approve", "reject"]
    note: str = Field(min_length=3, max_length=4000)


class DecideIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"decision": "approve",
         "decision_date": "2025-01-20",
         "sk_number": "821.2/010/BKPSDM/2025",
         "sk_date": "2025-01-20"}]})
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


class MoveRetarget(Input):
    employee_id: uuid.UUID
    to_position_id: uuid.UUID


class ActionEdit(Input):
    """Fix an approved (or failed) action before it is applied: take moves out, or point a move at another seat."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"remove": ["5f0c8f5e-3a0e-4d8a-9a55-0b9a8f7f1c2d"],
         "reason": "Pegawai sudah pensiun sebelum TMT; dikeluarkan dari usulan."}]})
    remove: list[uuid.UUID] = Field(default_factory=list, max_length=500,
                                    description="Employees whose moves are taken out.")
    retarget: list[MoveRetarget] = Field(default_factory=list, max_length=500,
                                         description="Moves pointed at another position (checks recomputed).")
    reason: str = Field(min_length=5, max_length=2000, description="Why the decided action is changed (audited).")


class CancelIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "Formasi dibatalkan oleh PPK."}]})
    reason: str | None = Field(None, min_length=5, max_length=2000,
                               description="Required once the PPK has decided (approved, apply_failed).")


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
    status: str = Field(examples=["draft", "submitted", "reviewed", "approved", "rejected", "applied", "cancelled",
                                  "apply_failed"])
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
    apply_error: dict[str, Any] | None = Field(None, description="Why the scheduler could not apply the action on its "
                                               "TMT (status apply_failed): code, messages, run_date, details.")
    cancel_reason: str | None = None
    version: int
    moves: list[MoveOut]
    allowed_actions: list[str]

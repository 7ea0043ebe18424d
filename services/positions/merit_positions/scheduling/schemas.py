"""Payloads of the scheduler's operator routes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field

from merit_positions.common.inputs import Input
from merit_shared.api import OutModel


class JobName(StrEnum):
    RETIRE_AT_BUP = "retire_at_bup"
    APPLY_TRANSFERS = "apply_transfers"
    APPLY_PERSONNEL_ACTIONS = "apply_personnel_actions"
    END_ACTING = "end_acting"


class RunIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"job": "retire_at_bup", "as_of": "2026-12-01"}, {}]})
    job: JobName | None = Field(None, description="One job; default every job, in order.")
    as_of: date | None = Field(None, description="The day to run for; default the agency's today. A later day is "
                                                 "refused in production (422 as_of_in_future).")


class RunOut(OutModel):
    id: uuid.UUID | None
    job: str = Field(examples=["retire_at_bup"])
    agency_id: uuid.UUID
    run_date: date
    status: str = Field(description="succeeded, failed, or already_run (this day had already run: its result).",
                        examples=["succeeded"])
    counts: dict[str, int] = Field(examples=[{"retired": 2}])
    problems: list[dict[str, Any]] = Field(description="Items the job could not handle (the run still succeeded).")
    error: str | None = None


class RunsOut(OutModel):
    runs: list[RunOut]


class JobRunOut(OutModel):
    id: uuid.UUID
    job: str
    agency_id: uuid.UUID
    run_date: date
    trigger: str = Field(examples=["schedule", "operator"])
    actor: str
    status: str = Field(examples=["succeeded", "failed"])
    attempts: int
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, int] | None
    problems: list[dict[str, Any]] | None
    error: str | None

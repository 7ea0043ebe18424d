"""Payloads of recruitment's scheduler routes (the shape of positions' ``/api/v1/scheduler/runs``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field

from merit_shared.api import OutModel, StrictModel


class JobName(StrEnum):
    EXTEND_REGISTRATION = "extend_registration"


class RunIn(StrictModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"job": "extend_registration", "as_of": "2026-12-01"},
                                                              {}]})
    job: JobName | None = Field(None, description="One job; default every job, in order.")
    as_of: date | None = Field(None, description="The day to run for; default the agency's today. A later day is "
                                                 "refused in production (422 as_of_in_future).")


class RunOut(OutModel):
    id: uuid.UUID | None
    job: str = Field(examples=["extend_registration"])
    agency_id: uuid.UUID
    run_date: date
    status: str = Field(description="succeeded, failed, or already_run (this day had already run: its result).",
                        examples=["succeeded"])
    counts: dict[str, int] = Field(examples=[{"extended": 1, "awaiting_close": 2}])
    problems: list[dict[str, Any]] = Field(description="Items the job could not handle (the run still succeeded).")
    error: str | None = None


class RunsOut(OutModel):
    runs: list[RunOut]


class JobRunOut(OutModel):
    id: uuid.UUID
    job: str = Field(examples=["extend_registration"])
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

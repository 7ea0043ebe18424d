"""Payloads of the scheduler's operator routes (the answers: ``merit_shared.scheduler.RunOut`` ...)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import ConfigDict, Field

from merit_positions.common.inputs import Input


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

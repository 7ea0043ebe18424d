"""Payloads of recruitment's scheduler routes (the answers: ``merit_shared.scheduler.RunOut`` ..., as positions')."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import ConfigDict, Field

from merit_shared.api import StrictModel


class JobName(StrEnum):
    EXTEND_REGISTRATION = "extend_registration"


class RunIn(StrictModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"job": "extend_registration", "as_of": "2026-12-01"},
                                                              {}]})
    job: JobName | None = Field(None, description="One job; default every job, in order.")
    as_of: date | None = Field(None, description="The day to run for; default the agency's today. A later day is "
                                                 "refused in production (422 as_of_in_future).")

"""Pydantic schemas of the development catalogue."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field

from merit_evaluation.rules import DevelopmentKind
from merit_shared.api import OutModel, StrictModel


class ActivityLevel(StrEnum):
    BASIC = "BASIC"
    INTERMEDIATE = "INTERMEDIATE"
    ADVANCED = "ADVANCED"


class ActivityStatus(StrEnum):
    ACTIVE = "ACTIVE"
    RETIRED = "RETIRED"


EXAMPLE: dict[str, Any] = {"title": "Pelatihan Komunikasi Efektif", "kind": "TRAINING",
           "competencies": {"M.03": 3}, "level": "INTERMEDIATE", "jp": "24", "provider": "BPSDM Provinsi",
           "starts_on": "2025-05-05", "ends_on": "2025-05-08", "description": None, "status": "ACTIVE"}


class ActivityIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [EXAMPLE]})

    title: str = Field(min_length=1, max_length=300)
    kind: DevelopmentKind
    competencies: dict[str, int] = Field(min_length=1, max_length=40, description=(
        "Competency codes the activity addresses (national or the agency's technical ones), each with the level "
        "(1–5) it raises a participant to."))
    level: ActivityLevel = ActivityLevel.BASIC
    jp: Decimal = Field(gt=0, le=10000, description="Hours in JP (1 JP = 45 minutes).")
    provider: str | None = Field(None, max_length=200)
    starts_on: date | None = Field(None, description="Schedule; both dates empty for a self-paced activity.")
    ends_on: date | None = None
    description: str | None = Field(None, max_length=4000)
    status: ActivityStatus = Field(ActivityStatus.ACTIVE, description="RETIRED keeps the activity for the plans "
                                   "that name it; new plan activities need an ACTIVE one.")


class ActivityOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    title: str
    kind: str = Field(examples=["TRAINING"])
    competencies: dict[str, int] = Field(examples=[{"M.03": 3}])
    level: str
    jp: Decimal
    provider: str | None
    starts_on: date | None
    ends_on: date | None
    description: str | None
    status: str
    row_version: int
    created_at: datetime
    updated_at: datetime

"""Pydantic schemas of individual development plans."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from merit_evaluation.common.queries import YEAR_MAX, YEAR_MIN
from merit_shared.api import StrictModel


class DevelopmentPlanIn(StrictModel):
    employee_id: uuid.UUID
    year: int = Field(ge=YEAR_MIN, le=YEAR_MAX, examples=[2025])


class DevelopmentPlanItemIn(StrictModel):
    activity_id: uuid.UUID = Field(description="An ACTIVE activity of the agency's catalogue.")
    competency_code: str = Field(min_length=1, max_length=40, examples=["M.03"],
                                 description="One of the person's gaps, which the activity addresses.")
    note: str | None = Field(None, max_length=2000)


class DevelopmentPlanItemOut(BaseModel):
    id: uuid.UUID
    activity_id: uuid.UUID
    title: str
    kind: str
    competency_code: str
    gap_levels: int = Field(description="Levels below the standard in the JPM the item was planned from.")
    raises_to: int | None
    jpm_result_id: uuid.UUID = Field(description="The JPM the gap was read from.")
    planned_jp: str = Field(examples=["24"])
    realised_jp: str = Field(examples=["24"], description="JP of the development records that name this item.")
    records: int
    proposed_by: str = Field(examples=["EMPLOYEE"])
    note: str | None
    created_at: datetime


class DevelopmentPlanJp(BaseModel):
    required_jp: str = Field(examples=["20"], description="The yearly right (at least 20 JP per PNS).")
    planned_jp: str
    realised_jp: str = Field(description="JP of the records realising the plan's activities.")
    year_total_jp: str = Field(description="All the employee's JP of the year (records that started in it).")
    planned_meets_right: bool
    actual_meets_right: bool
    actual_shortfall_jp: str


class DevelopmentPlanOut(BaseModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    employee_id: uuid.UUID
    unit_id: uuid.UUID | None
    year: int
    state: str = Field(examples=["DRAFT"])
    employee: dict[str, Any] = Field(description="The employee as positions knew them when the plan was made.")
    evaluator_employee_id: uuid.UUID | None
    evaluator_superior_employee_id: uuid.UUID | None
    row_version: int
    created_by: str
    created_at: datetime
    updated_at: datetime
    activities: list[DevelopmentPlanItemOut]
    jp: DevelopmentPlanJp
    allowed_actions: list[str] = Field(examples=[["SUBMIT"]], description="The transitions this caller may do now.")
    activities_editable: bool = Field(description="Whether this caller may add or remove activities now (DRAFT).")

"""Pydantic schemas of development (JP) records, compliance and discipline records."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from merit_shared.api import OutModel, StrictModel
from merit_shared.vocab import DisciplineLevel


class DevelopmentIn(StrictModel):
    employee_id: uuid.UUID
    title: str = Field(min_length=1, max_length=300, examples=["Pelatihan Kepemimpinan Pengawas"])
    kind: str = Field(min_length=1, max_length=60, examples=["TRAINING"], description=(
        "TRAINING, SEMINAR, COURSE, COACHING, MENTORING, JOB_ROTATION or E_LEARNING; the older names (PELATIHAN, "
        "DIKLAT, BIMTEK, WORKSHOP, KURSUS, MAGANG, ...) are accepted and stored as their kind, the text as given in "
        "`kind_as_recorded`."))
    provider: str | None = Field(None, max_length=200)
    started_on: date
    ended_on: date
    plan_item_id: uuid.UUID | None = Field(None, description=(
        "The activity of the employee's APPROVED development plan of the start year that this record realises."))
    minutes: int | None = Field(None, gt=0, le=60 * 24 * 366, description="Duration in minutes; or give jp.")
    jp: Decimal | None = Field(None, gt=0, le=10000, description="Duration in JP (1 JP = 45 minutes).")

    @model_validator(mode="after")
    def one_duration(self) -> DevelopmentIn:
        if (self.minutes is None) == (self.jp is None):
            raise ValueError("give exactly one of minutes or jp")
        return self


class DevelopmentOut(OutModel):
    id: uuid.UUID
    employee_id: uuid.UUID
    title: str
    kind: str
    kind_as_recorded: str | None = Field(None, description="The kind as first written, when it was an older name.")
    provider: str | None
    started_on: date
    ended_on: date
    minutes: int
    jp: Decimal
    plan_item_id: uuid.UUID | None = None
    created_at: datetime
    origin_employee_id: uuid.UUID | None = Field(None, description="Set on a record an earlier agency kept (the "
                                                 "person's record there); `employee_id` is the record it is read for.")
    origin_agency_id: uuid.UUID | None = Field(None, description="The agency that recorded it, for a record that "
                                               "followed the person from an earlier agency.")
    read_only: bool = Field(False, description="True for a record that followed the person: it stays the origin's.")


class DisciplineIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{
                                  "employee_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "level": "LIGHT",
                                  "decided_on": "2025-03-01", "ends_on": None, "decree_number": "800/123/BKPSDM/2025",
                                  "reason": "Terlambat masuk kerja"}]})

    employee_id: uuid.UUID
    level: DisciplineLevel
    decided_on: date = Field(description="Date of the penalty decree.")
    ends_on: date | None = None
    decree_number: str | None = Field(None, max_length=100)
    reason: str | None = Field(None, max_length=2000)


class YearJp(BaseModel):
    total_jp: str = Field(examples=["24"])
    required_jp: str = Field(examples=["20"])
    shortfall_jp: str = Field(examples=["0"])
    compliant: bool


class DevelopmentHistory(BaseModel):
    employee_id: uuid.UUID
    items: list[DevelopmentOut]
    yearly: dict[str, YearJp] = Field(description="Per calendar year the activity started in.")


class BelowMinimum(BaseModel):
    employee_id: uuid.UUID
    nip: str | None
    name: str | None
    total_jp: float = Field(examples=[6.5])
    shortfall_jp: float = Field(examples=[13.5])


class UnitCompliance(BaseModel):
    unit_id: uuid.UUID
    year: int
    required_jp: float = Field(examples=[20.0])
    employees: int = Field(description="Active employees of the unit and its sub-units (positions).")
    below_minimum: list[BelowMinimum]


class DisciplineOut(OutModel):
    id: uuid.UUID
    employee_id: uuid.UUID
    level: str
    decided_on: date
    ends_on: date | None
    decree_number: str | None
    reason: str | None
    created_at: datetime

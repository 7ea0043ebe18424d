"""Assignment payloads (the POST /assignments contract)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import ConfigDict, Field, model_validator

from merit_positions.assignments.errors import ABSENCE_DATES, END_SK_AFTER_END, END_SK_INCOMPLETE, TMT_END_BEFORE_START
from merit_positions.common.inputs import Input
from merit_shared.api import OutModel
from merit_shared.error_codes import TMT_BEFORE_SK


class AssignmentKind(StrEnum):
    DEFINITIVE = "definitive"
    PLT = "plt"  # pelaksana tugas: the seat has no definitive holder
    PLH = "plh"  # pelaksana harian: the holder is temporarily away


class Reason(StrEnum):
    INITIAL = "initial"
    PROMOTION = "promotion"
    ROTATION = "rotation"
    TRANSFER = "transfer"
    DEMOTION = "demotion"
    SELECTION_RESULT = "selection_result"
    RESTRUCTURING = "restructuring"
    ACTING = "acting"  # appointed Plt/Plh


class EndReason(StrEnum):
    PROMOTION = "promotion"
    ROTATION = "rotation"
    TRANSFER = "transfer"
    DEMOTION = "demotion"
    SELECTION_RESULT = "selection_result"
    RESTRUCTURING = "restructuring"
    RETIREMENT = "retirement"
    DISMISSAL = "dismissal"
    DEATH = "death"
    RESIGNATION = "resignation"
    ACTING_ENDED = "acting_ended"
    DEFINITIVE_APPOINTED = "definitive_appointed"  # a Plt ends when a definitive holder takes the seat
    CORRECTION = "correction"
    OTHER = "other"


class AssignmentCreate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"employee_id": "5f0c8f5e-3a0e-4d8a-9a55-0b9a8f7f1c2d",
         "position_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11",
         "kind": "definitive",
         "tmt_start": "2025-01-02",
         "sk_number": "821.2/045/BKPSDM/2025",
         "sk_date": "2024-12-20",
         "reason": "promotion",
         "end_current_definitive": True}]})
    employee_id: uuid.UUID
    position_id: uuid.UUID
    kind: AssignmentKind = Field(examples=["definitive"])
    tmt_start: date = Field(examples=["2025-01-02"])
    tmt_end: date | None = None
    sk_number: str = Field(min_length=1, max_length=120, examples=["821.2/045/BKPSDM/2025"])
    sk_date: date = Field(examples=["2024-12-20"])
    reason: Reason = Field(examples=["promotion"])
    end_current_definitive: bool = Field(False, description="End the employee's current definitive assignment the "
                                                            "day before tmt_start (end_reason = reason).")
    rank_override_reason: str | None = Field(None, min_length=5, max_length=1000,
                                             description="Required to appoint someone below the job's minimum rank.")

    @model_validator(mode="after")
    def _dates(self) -> AssignmentCreate:
        if self.tmt_end is not None and self.tmt_end < self.tmt_start:
            raise TMT_END_BEFORE_START.error(field="body.tmt_end")
        if self.sk_date > self.tmt_start:
            raise TMT_BEFORE_SK.error(field="body.tmt_start")
        return self


class AssignmentEnd(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"tmt_end": "2025-01-31", "end_reason": "rotation",
                                                               "sk_number": "821.2/050/BKPSDM/2025",
                                                               "sk_date": "2025-01-20"}]})
    tmt_end: date
    end_reason: EndReason
    sk_number: str | None = Field(None, min_length=1, max_length=120, description="The SK ending the assignment "
                                  "(optional; with sk_date).")
    sk_date: date | None = Field(None, description="Date of that SK; on or before the day after tmt_end.")

    @model_validator(mode="after")
    def _sk(self) -> AssignmentEnd:
        if (self.sk_number is None) != (self.sk_date is None):
            raise END_SK_INCOMPLETE.error(field="body.sk_date" if self.sk_date is None else "body.sk_number")
        effective = self.tmt_end + timedelta(days=1)
        if self.sk_date is not None and self.sk_date > effective:
            raise END_SK_AFTER_END.error(field="body.sk_date", sk_date=self.sk_date, effective=effective)
        return self


class ActingExtend(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"tmt_end": "2025-07-01",
                                                               "sk_number": "800/PLT/02/2025",
                                                               "sk_date": "2025-03-25"}]})
    tmt_end: date = Field(description="The new last day (at most the policy's extension past the current end).")
    sk_number: str = Field(min_length=1, max_length=120)
    sk_date: date


class AbsenceKind(StrEnum):
    LEAVE = "LEAVE"  # cuti
    TRAINING = "TRAINING"  # pendidikan dan pelatihan
    SICK = "SICK"  # sakit


class AbsenceCreate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"kind": "LEAVE", "date_from": "2025-03-03",
                                                               "date_to": "2025-03-28", "note": "Cuti tahunan"}]})
    kind: AbsenceKind
    date_from: date
    date_to: date
    note: str | None = Field(None, max_length=1000)

    @model_validator(mode="after")
    def _dates(self) -> AbsenceCreate:
        if self.date_to < self.date_from:
            raise ABSENCE_DATES.error(field="body.date_to")
        return self


class AbsenceOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    employee_id: uuid.UUID
    kind: str
    date_from: date
    date_to: date
    note: str | None
    created_by: str
    created_at: datetime


class AssignmentOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    employee_id: uuid.UUID
    position_id: uuid.UUID
    kind: str = Field(examples=["definitive"])
    tmt_start: date
    tmt_end: date | None
    sk_number: str
    sk_date: date
    reason: str
    end_reason: str | None
    rank_override_reason: str | None
    end_sk_number: str | None = None
    end_sk_date: date | None = None
    acting_extended_on: date | None = None
    acting_extension_sk_number: str | None = None
    acting_extension_sk_date: date | None = None
    personnel_action_id: uuid.UUID | None = None
    ended_assignment_id: uuid.UUID | None = Field(None, description="The definitive assignment this one ended.")
    version: int
    created_at: datetime

"""Request and response schemas of annual ratings."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from merit_evaluation.rules import Rating
from merit_shared.api import OutModel, StrictModel


class AnnualRatingIn(StrictModel):
    """The predikat is computed by the server from the two ratings; sending one is refused."""

    employee_id: uuid.UUID
    year: int = Field(ge=2000, le=2100, examples=[2025])
    rating_hasil_kerja: Rating = Field(examples=["DI_ATAS_EKSPEKTASI"])
    rating_perilaku: Rating = Field(examples=["SESUAI_EKSPEKTASI"])
    note: str | None = Field(None, max_length=2000, examples=["Imported from e-Kinerja"])


class AnnualRatingOut(OutModel):
    id: uuid.UUID
    employee_id: uuid.UUID
    agency_id: uuid.UUID
    year: int = Field(examples=[2025])
    rating_hasil_kerja: str | None = Field(examples=["DI_ATAS_EKSPEKTASI"],
                                           description="Null for a past year imported with its predikat only.")
    rating_perilaku: str | None = Field(examples=["SESUAI_EKSPEKTASI"])
    predikat: str = Field(examples=["BAIK"])
    source: str = Field(examples=["recorded"], description="'recorded' (entered one by one), 'skp' (annual SKP) "
                                                             "or 'import' (a past year's final predikat, onboarding).")
    unit_id: uuid.UUID | None = None
    position_id: uuid.UUID | None = None
    plan_id: uuid.UUID | None = None
    evaluator_employee_id: uuid.UUID | None = None
    note: str | None = None
    created_by: str
    created_at: datetime
    origin_employee_id: uuid.UUID | None = Field(None, description="Set on a rating an earlier agency recorded "
                                                 "(the person's record there); `employee_id` is then the record it "
                                                 "is read for.")
    origin_agency_id: uuid.UUID | None = Field(None, description="The agency that recorded it, for a rating that "
                                               "followed the person from an earlier agency.")
    read_only: bool = Field(False, description="True for a rating that followed the person: it stays the origin's "
                                               "record.")

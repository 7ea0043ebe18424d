"""Request and response schemas of evaluations: realisation, feedback, ratings."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from merit_evaluation.plans.schemas import Behaviour
from merit_evaluation.rules import Rating
from merit_shared.api import StrictModel


class EvaluationIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{"period_number": 1}]})

    period_number: int = Field(ge=0, le=12, description="0 = the annual evaluation; 1..4 quarters or 1..12 months.")


class RealisationIn(StrictModel):
    realisation: str = Field(min_length=1, max_length=4000, examples=["96% selesai tepat waktu"])
    evidence_links: list[AnyHttpUrl] = Field(default_factory=list, max_length=20)


class FeedbackIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{
                                  "noted_on": "2025-03-14", "note": "Laporan triwulan tepat waktu dan lengkap.",
                                  "behaviour_code": "AKUNTABEL"}]})

    noted_on: date
    note: str = Field(min_length=1, max_length=4000)
    behaviour_code: Behaviour | None = None


class RateIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{
                                  "rating_hasil_kerja": "DI_ATAS_EKSPEKTASI", "rating_perilaku": "SESUAI_EKSPEKTASI"}]})

    rating_hasil_kerja: Rating | None = Field(None, description="Omit for heads of units (taken from the unit's "
                                                                "organisation predikat).")
    rating_perilaku: Rating


class EvaluationOut(BaseModel):
    id: uuid.UUID
    plan_id: uuid.UUID
    employee_id: uuid.UUID
    year: int
    kind: str = Field(examples=["PERIODIC"])
    period_number: int
    period_label: str = Field(examples=["TRIWULAN I"])
    starts_on: date
    ends_on: date
    status: str
    rating_hasil_kerja: str | None
    rating_perilaku: str | None
    predikat: str | None = Field(examples=["BAIK"])
    hasil_kerja_source: str | None
    rated_by_employee_id: uuid.UUID | None
    rated_at: datetime | None
    realisations: list[dict[str, Any]]
    feedback: list[dict[str, Any]]
    allowed_actions: list[str] = Field(examples=[["RATE"]], description="The transitions the CALLER may perform now: "
                                       "RATE only for the plan's evaluator while OPEN; empty for anyone else.")


class RealisationOut(BaseModel):
    indicator_id: uuid.UUID
    realisation: str = Field(examples=["96% selesai tepat waktu"])
    evidence_links: list[str] = Field(examples=[["https://drive.example.go.id/laporan-tw1.pdf"]])


class FeedbackOut(BaseModel):
    id: uuid.UUID
    noted_on: date
    note: str
    behaviour_code: str | None = Field(examples=["AKUNTABEL"])

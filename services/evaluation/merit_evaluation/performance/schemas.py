"""Pydantic schemas of periods, plans, evaluations, organisation performance and annual ratings."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

from merit_evaluation.rules import Granularity, OrgPredikat, Rating
from merit_shared.api import OutModel, StrictModel


class Approach(StrEnum):
    QUANTITATIVE = "QUANTITATIVE"
    QUALITATIVE = "QUALITATIVE"


class Behaviour(StrEnum):
    """The seven BerAKHLAK core values (PermenPANRB 6/2022)."""

    BERORIENTASI_PELAYANAN = "BERORIENTASI_PELAYANAN"
    AKUNTABEL = "AKUNTABEL"
    KOMPETEN = "KOMPETEN"
    HARMONIS = "HARMONIS"
    LOYAL = "LOYAL"
    ADAPTIF = "ADAPTIF"
    KOLABORATIF = "KOLABORATIF"


BEHAVIOUR_LABELS = {
    Behaviour.BERORIENTASI_PELAYANAN: "Berorientasi Pelayanan", Behaviour.AKUNTABEL: "Akuntabel",
    Behaviour.KOMPETEN: "Kompeten", Behaviour.HARMONIS: "Harmonis", Behaviour.LOYAL: "Loyal",
    Behaviour.ADAPTIF: "Adaptif", Behaviour.KOLABORATIF: "Kolaboratif",
}


class PeriodIn(StrictModel):
    year: int = Field(ge=2000, le=2100, examples=[2025])
    granularity: Granularity | None = Field(None, description="Default: the agency policy (QUARTERLY).")


class PeriodOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    year: int
    granularity: str = Field(examples=["QUARTERLY"])
    starts_on: date
    ends_on: date
    periods: list[dict[str, Any]] = Field(description="Periodic evaluations: number, label, start, end.")
    status: str
    created_at: datetime


class PlanIn(StrictModel):
    employee_id: uuid.UUID
    year: int = Field(ge=2000, le=2100, examples=[2025])
    approach: Approach = Approach.QUANTITATIVE
    evaluator_employee_id: uuid.UUID | None = Field(None, description="Override (agency admin only).")
    evaluator_superior_employee_id: uuid.UUID | None = Field(None, description="Override (agency admin only).")
    is_unit_head: bool | None = Field(None, description="Override (agency admin only); default: managerial job.")


class IndicatorIn(StrictModel):
    description: str = Field(min_length=1, max_length=1000, examples=["Persentase layanan selesai tepat waktu"])
    target: str = Field(min_length=1, max_length=200, examples=["95%"])


class ResultIn(StrictModel):
    description: str = Field(min_length=1, max_length=2000, examples=["Meningkatnya kualitas layanan perizinan"])
    parent_result_id: uuid.UUID | None = Field(None, description="The supervisor's result this one cascades from.")
    indicators: list[IndicatorIn] = Field(min_length=1, max_length=20)


class BehaviourIn(StrictModel):
    code: Behaviour
    expectation: str | None = Field(None, max_length=2000, description="Ekspektasi khusus pimpinan.")


class PlanContentIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{"approach": "QUANTITATIVE", "results": [
        {"description": "Meningkatnya kualitas layanan perizinan", "parent_result_id": None,
         "indicators": [{"description": "Persentase layanan selesai tepat waktu", "target": "95%"}]}],
        "behaviours": [{"code": "AKUNTABEL", "expectation": "Laporan bulanan tepat waktu"}]}]})

    approach: Approach = Approach.QUANTITATIVE
    results: list[ResultIn] = Field(max_length=50)
    behaviours: list[BehaviourIn] | None = Field(None, description="Expectations per BerAKHLAK value; the seven "
                                                                    "values are always present.")

    @field_validator("behaviours")
    @classmethod
    def _one_per_code(cls, v: list[BehaviourIn] | None) -> list[BehaviourIn] | None:
        codes = [b.code for b in v or []]
        dup = sorted({c.value for c in codes if codes.count(c) > 1})
        if dup:
            raise ValueError(f"each behaviour code at most once; repeated: {', '.join(dup)}")
        return v


class IndicatorOut(BaseModel):
    id: uuid.UUID
    description: str
    target: str


class ResultOut(BaseModel):
    id: uuid.UUID
    seq: int
    description: str
    parent_result_id: uuid.UUID | None
    indicators: list[IndicatorOut]


class PlanOut(BaseModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    period_id: uuid.UUID
    employee_id: uuid.UUID
    year: int
    version: int
    previous_version_id: uuid.UUID | None
    is_current: bool
    state: str = Field(examples=["DRAFT"])
    approach: str
    employee: dict[str, Any] = Field(description="Snapshot from positions at creation.")
    unit_id: uuid.UUID | None
    position_id: uuid.UUID | None
    is_unit_head: bool
    evaluator: dict[str, Any] | None = Field(description="Pejabat penilai, resolved at creation (snapshot).")
    evaluator_superior: dict[str, Any] | None = Field(description="Atasan pejabat penilai (approves).")
    evaluator_overridden: bool
    behaviours: list[dict[str, Any]]
    results: list[ResultOut]
    allowed_actions: list[str] = Field(examples=[["SUBMIT"]], description="The transitions the CALLER may perform "
                                       "now (each one the route accepts from them; another caller sees another list).")
    row_version: int
    created_at: datetime
    updated_at: datetime


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


class OrgPerformanceIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{
                                  "unit_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "year": 2025,
                                  "org_predikat": "BAIK", "note": None}]})

    unit_id: uuid.UUID
    year: int = Field(ge=2000, le=2100)
    org_predikat: OrgPredikat
    note: str | None = Field(None, max_length=2000)


class RealisationOut(BaseModel):
    indicator_id: uuid.UUID
    realisation: str = Field(examples=["96% selesai tepat waktu"])
    evidence_links: list[str] = Field(examples=[["https://drive.example.go.id/laporan-tw1.pdf"]])


class FeedbackOut(BaseModel):
    id: uuid.UUID
    noted_on: date
    note: str
    behaviour_code: str | None = Field(examples=["AKUNTABEL"])


class CurveCheckOut(BaseModel):
    unit_id: uuid.UUID
    year: int
    org_predikat: str
    unit_size: int
    counts: dict[str, int] = Field(examples=[{"SANGAT_BAIK": 2, "BAIK": 7, "BUTUH_PERBAIKAN": 1}])
    compliant: bool
    enforcement: str = Field(examples=["block"])
    violations: list[dict[str, Any]]


class OrgPerformanceOut(BaseModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    unit_id: uuid.UUID
    year: int
    org_predikat: str
    head_rating_hasil_kerja: str = Field(description="Rating of hasil kerja heads of this unit receive.")
    status: str
    note: str | None
    curve_result: dict[str, Any] | None = Field(description="The check recorded at finalisation.")
    finalized_at: datetime | None
    allowed_actions: list[str]


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

"""Pydantic schemas of SKP periods and plans."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from merit_evaluation.rules import Granularity
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

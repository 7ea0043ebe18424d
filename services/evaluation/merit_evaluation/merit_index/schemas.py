"""Pydantic schemas of the merit-system index: the index of a year, its policy, declarations, closures, trend."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from merit_shared.api import StrictModel
from merit_shared.indicators import IndicatorOut


class DeclarationIn(StrictModel):
    level: int = Field(ge=1, le=4, examples=[3], description="The agency's self-assessed KASN level 1-4.")
    evidence_text: str = Field(min_length=3, max_length=5000, examples=[
        "Pengaduan penyalahgunaan wewenang ditangani Inspektorat; 4 kasus 2025 selesai."])
    document_ref: str | None = Field(None, max_length=500, examples=["ND-INSP/2025/117"],
                                     description="Where the evidence is kept (a document number or link).")


class DeclarationOut(BaseModel):
    aspect: str
    year: int
    level: int
    evidence_text: str
    document_ref: str | None = None
    source: Literal["declared"] = "declared"
    declared_by: str
    declared_at: datetime
    version: int
    used: bool | None = Field(None, description="In an index: the level is the aspect's (no measured evidence).")


class AspectOut(BaseModel):
    code: str = Field(examples=["perencanaan_kebutuhan"])
    name_id: str
    name_en: str
    source: Literal["measured", "declared", "no_evidence"] = Field(
        description="measured: from Merit's records; declared: the agency's self-assessment; no_evidence: neither.")
    level: int | None = Field(None, description="KASN level 1-4.")
    mean_value: Decimal | None = Field(None, description="Mean of the aspect's measured share indicators.")
    indicators: list[str] = Field(description="Indicator codes mapped to the aspect (the policy).")
    declaration: DeclarationOut | None = None


class IndexOut(BaseModel):
    agency_id: uuid.UUID
    year: int
    status: Literal["open", "closed"] = Field(description="closed: the frozen figures of a closed year.")
    score: Decimal | None = Field(None, description="100-400: 100 x the mean level of the aspects with a level.")
    category: str | None = Field(None, examples=["III"], description="KASN category I-IV (policy bands).")
    category_name_id: str | None = None
    category_name_en: str | None = None
    complete: bool = Field(description="Every aspect has a level (measured or declared).")
    policy_version: int
    policy: dict[str, Any]
    aspects: list[AspectOut]
    indicators: list[IndicatorOut]
    computed_at: datetime | None = Field(None, description="When the figures were computed (open: now).")
    content_hash: str | None = Field(None, description="Closed year: SHA-256 (hex) of the canonical JSON of the "
                                                       "figures (every field but status, content_hash, computed_at, "
                                                       "closed_at, closed_by; keys sorted, no whitespace, UTF-8).")
    closed_at: datetime | None = None
    closed_by: str | None = None


class ClosureIn(StrictModel):
    year: int = Field(ge=2000, le=2100, examples=[2025])


class VerifyOut(BaseModel):
    agency_id: uuid.UUID
    year: int
    content_hash: str = Field(description="The hash stored when the year was closed.")
    stored_figures_hash: str = Field(description="The hash of the stored figures recomputed now.")
    stored_matches: bool = Field(description="The stored figures are the ones that were hashed.")
    live_hash: str = Field(description="The hash of the figures computed from today's records.")
    live_matches: bool = Field(description="Today's records still give the frozen figures.")


class PolicyIn(StrictModel):
    aspects: dict[str, list[str]] | None = Field(None, examples=[{"perlindungan_pelayanan": []}],
                                                 description="aspect -> indicator codes; omitted aspects keep "
                                                             "their defaults.")
    level_thresholds: list[Decimal] | None = Field(None, examples=[["0.50", "0.70", "0.90"]],
                                                   description="The mean share from which levels 2, 3, 4 start.")
    categories: dict[str, int] | None = Field(None, examples=[{"I": 100, "II": 175, "III": 250, "IV": 325}])
    appeal_answer_days: int | None = Field(None, examples=[3])


class PolicyOut(BaseModel):
    agency_id: uuid.UUID
    version: int = Field(description="0 = the documented defaults, never saved.")
    aspects: dict[str, list[str]]
    level_thresholds: list[Decimal]
    categories: dict[str, int]
    appeal_answer_days: int


class TrendYear(BaseModel):
    year: int
    status: Literal["open", "closed"]
    score: Decimal | None = None
    category: str | None = None
    complete: bool
    content_hash: str | None = None
    aspects: dict[str, int | None] = Field(description="aspect -> level.")
    values: dict[str, Decimal | None] = Field(description="indicator code -> value.")


class TrendOut(BaseModel):
    agency_id: uuid.UUID
    from_year: int
    to_year: int
    years: list[TrendYear]

"""Pydantic schemas of the agency's evaluation policy."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, Field

from merit_shared.api import StrictModel


class PolicyIn(StrictModel):
    """Omitted sections take the documented defaults."""

    curve: dict[str, Any] | None = Field(None, examples=[{"at_most_rounding": "FLOOR", "at_least_rounding": "CEILING"}])
    curve_enforcement: str = Field("block", examples=["block"], description="'block' or 'warn'.")
    period: dict[str, Any] | None = Field(None, examples=[{"granularity": "QUARTERLY"}])
    jpm: dict[str, Any] | None = Field(None, examples=[{"optimal_min": "90", "cukup_optimal_min": "78"}])
    talent: dict[str, Any] | None = None
    angka_kredit: dict[str, Any] | None = None
    head_rating: dict[str, str] | None = Field(None, examples=[{"BAIK": "SESUAI_EKSPEKTASI"}])
    talent_inputs: dict[str, Any] | None = Field(None, description="How TRACK_RECORD and OTHER are derived when not "
                                                 "supplied at placement (stored with every cycle and placement).",
                                                 examples=[{"track_record_by_worst_penalty": {"NONE": "100",
                                                            "LIGHT": "70", "MODERATE": "40", "HEAVY": "40"},
                                                            "other_method": "MEAN"}])
    development: dict[str, Any] | None = Field(None, description="Yearly development hours required of each PNS: "
                                               "at least the national 20 JP.",
                                               examples=[{"required_jp_per_year": "20"}])
    followups: dict[str, Any] | None = Field(None, description="Which follow-up each final predikat and each nine-box "
                                             "box creates (REWARD, COACHING or NONE), the reward options, the days "
                                             "until a follow-up is due and the rating sources that create them.",
                                             examples=[{"by_predikat": {"BAIK": "NONE", "SANGAT_BAIK": "REWARD"},
                                                        "due_days": {"COACHING": 120}}])


class PolicyOut(BaseModel):
    agency_id: uuid.UUID
    version: int = Field(description="0 = defaults, never saved.")
    curve: dict[str, Any]
    curve_enforcement: str
    period: dict[str, Any]
    jpm: dict[str, Any]
    talent: dict[str, Any]
    angka_kredit: dict[str, Any]
    head_rating: dict[str, str]
    talent_inputs: dict[str, Any]
    development: dict[str, Any]
    followups: dict[str, Any]

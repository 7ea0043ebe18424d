"""Pydantic schemas of the training-needs analysis."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field


class OfferedActivity(BaseModel):
    id: uuid.UUID
    title: str
    kind: str
    level: str
    jp: str = Field(examples=["24"])
    raises_to: int = Field(description="The level the activity raises the competency to.")
    starts_on: str | None


class SourceShare(BaseModel):
    people: int
    gap_sum: int
    max_gap: int


class TrainingNeed(BaseModel):
    rank: int = Field(description="1 = most urgent; equal keys share a rank.")
    competency_code: str = Field(examples=["M.03"])
    people: int = Field(description="People below their position's standard in this competency (summed over "
                                    "sources).")
    gap_sum: int = Field(description="Levels missing in total (sum of the gaps).")
    mean_gap: str = Field(examples=["1.50"], description="gap_sum / people, 2 decimals.")
    max_gap: int
    sources: dict[str, SourceShare] = Field(description="Each source's share (e.g. `jpm`).")
    activities: list[OfferedActivity] = Field(description="ACTIVE catalogue activities addressing the competency.")


class TrainingNeedsPage(BaseModel):
    year: int
    unit_id: uuid.UUID | None = Field(description="None: the whole agency.")
    sources: list[str] = Field(examples=[["jpm"]])
    people_assessed: int = Field(description="People with a valid JPM against their current position in the year.")
    items: list[TrainingNeed]
    total: int
    limit: int
    offset: int

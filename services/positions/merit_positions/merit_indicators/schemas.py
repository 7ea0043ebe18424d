"""Answers of the registry's indicator routes: the shared indicator documents, and the population evaluation
measures its own indicators over."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from merit_shared.indicators import IndicatorSetOut, RecordRefOut

__all__ = ["IndicatorSetOut", "PopulationOut", "PopulationPerson", "PopulationPosition", "RecordRefOut"]


class PopulationPerson(BaseModel):
    id: uuid.UUID
    nip: str
    name: str
    unit_id: uuid.UUID | None = None
    unit_name: str | None = None


class PopulationPosition(BaseModel):
    id: uuid.UUID
    name: str
    unit_id: uuid.UUID | None = None
    unit_name: str | None = None


class PopulationOut(BaseModel):
    agency_id: uuid.UUID
    year: int
    employees: list[PopulationPerson] = Field(description="Everyone holding a definitive assignment in the agency at "
                                                          "some day of the year (their unit: the last one that year).")
    key_positions: list[PopulationPosition] = Field(description="Managerial positions in force at some day of the year "
                                                                "(the targets of succession planning).")

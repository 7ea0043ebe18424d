"""Organisation unit payloads."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field

from merit_shared.api import OutModel, StrictModel


class UnitKind(StrEnum):
    SEKRETARIAT_DAERAH = "SEKRETARIAT_DAERAH"
    SEKRETARIAT_DPRD = "SEKRETARIAT_DPRD"
    INSPEKTORAT = "INSPEKTORAT"
    DINAS = "DINAS"
    BADAN = "BADAN"
    SATUAN = "SATUAN"
    RSUD = "RSUD"
    KECAMATAN = "KECAMATAN"
    KELURAHAN = "KELURAHAN"
    SEKRETARIAT = "SEKRETARIAT"
    BAGIAN = "BAGIAN"
    BIDANG = "BIDANG"
    SUBBAGIAN = "SUBBAGIAN"
    SEKSI = "SEKSI"
    UPT = "UPT"
    OTHER = "OTHER"


class OrgUnitCreate(StrictModel):
    code: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-/]+$", examples=["BKPSDM"])
    name: str = Field(min_length=2, max_length=300, examples=["Badan Kepegawaian dan Pengembangan SDM"])
    kind: UnitKind = Field(examples=["BADAN"])
    parent_id: uuid.UUID | None = None
    valid_from: date | None = Field(None, description="Default: today.")
    siasn_unor_id: str | None = Field(None, max_length=64, description="unorId in the national system.")


class OrgUnitUpdate(StrictModel):
    """Non-historical fields; name and parent change through /rename and /move so history is kept."""

    code: str | None = Field(None, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-/]+$")
    kind: UnitKind | None = None
    siasn_unor_id: str | None = Field(None, max_length=64)


class RenameIn(StrictModel):
    name: str = Field(min_length=2, max_length=300)
    effective_date: date


class MoveIn(StrictModel):
    parent_id: uuid.UUID | None = Field(description="New parent; null makes it a top-level unit.")
    effective_date: date


class DissolveIn(StrictModel):
    effective_date: date
    transfer_positions_to: uuid.UUID | None = Field(
        None, description="Unit receiving this unit's positions (required when any of them is filled).")


class OrgUnitOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    code: str = Field(examples=["BKPSDM"])
    name: str
    kind: str
    parent_id: uuid.UUID | None
    valid_from: date
    valid_to: date | None
    siasn_unor_id: str | None
    version: int


class OrgUnitVersionOut(OutModel):
    unit_id: uuid.UUID
    code: str
    name: str
    kind: str
    parent_id: uuid.UUID | None
    valid_from: date
    valid_to: date | None
    change: str


class TreeNode(OutModel):
    id: uuid.UUID
    code: str
    name: str
    kind: str
    parent_id: uuid.UUID | None
    children: list[TreeNode] = Field(default_factory=list)


class TreeOut(OutModel):
    as_of: date
    roots: list[TreeNode]

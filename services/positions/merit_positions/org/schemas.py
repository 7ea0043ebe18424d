"""Organisation unit payloads."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import ConfigDict, Field

from merit_positions.common.inputs import Input
from merit_shared.api import OutModel


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


class OrgUnitCreate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"code": "BKPSDM-BID-MUT",
         "name": "Bidang Mutasi dan Promosi",
         "kind": "BIDANG",
         "parent_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11",
         "valid_from": "2024-01-01"}]})
    code: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-/]+$", examples=["BKPSDM"])
    name: str = Field(min_length=2, max_length=300, examples=["Badan Kepegawaian dan Pengembangan SDM"])
    kind: UnitKind = Field(examples=["BADAN"])
    parent_id: uuid.UUID | None = None
    valid_from: date | None = Field(None, description="Default: today.")
    siasn_unor_id: str | None = Field(None, max_length=64, description="unorId in the national system.")


class OrgUnitUpdate(Input):
    """Non-historical fields; name and parent change through /rename and /move so history is kept."""
    model_config = ConfigDict(json_schema_extra={"examples": [{"siasn_unor_id": "8ae483a8641f1cf501643d0e4b1e0c12"}]})
    not_null = ("code", "kind")

    code: str | None = Field(None, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-/]+$")
    kind: UnitKind | None = None
    siasn_unor_id: str | None = Field(None, max_length=64)


class RenameIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "Bidang Pengembangan Karier", "effective_date": "2025-01-01"}]})
    name: str = Field(min_length=2, max_length=300)
    effective_date: date


class MoveIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"parent_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11", "effective_date": "2025-01-01"}]})
    parent_id: uuid.UUID | None = Field(description="New parent; null makes it a top-level unit.")
    effective_date: date


class DissolveIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"effective_date": "2025-01-01", "transfer_positions_to": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11"}]})
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

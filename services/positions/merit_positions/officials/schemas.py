"""The public directory of officials: only what the policy allows (name with titles, masked NIP, position, since)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class PublicHolder(BaseModel):
    name: str = Field(description="Name with academic titles, as on the SK.")
    nip_masked: str = Field(description="NIP with every digit but the last four hidden (birth and CPNS dates never "
                                        "leave the registry).")
    kind: Literal["definitive", "plt", "plh"] = Field(description="definitive holder, or acting (Plt/Plh).")
    since: date = Field(description="TMT of the assignment.")


class PublicOfficial(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "position_id": "3f0c2a64-58a1-4d8e-9d4c-0d5f3b1e2a10", "position": "Kepala Badan Kepegawaian dan "
        "Pengembangan Sumber Daya Manusia", "job_kind": "JPT_PRATAMA", "kelas_jabatan": 14, "is_head": True,
        "unit_id": "0b7e9d3a-52f1-4f6a-a2c8-6a9b0d4e1f22", "unit": "BKPSDM",
        "holders": [{"name": "Dr. Siti Rahmawati, M.Si.", "nip_masked": "**************2001", "kind": "definitive",
                     "since": "2024-03-01"}]}})

    position_id: uuid.UUID
    position: str
    job_kind: str = Field(description="JPT_UTAMA/JPT_MADYA/JPT_PRATAMA/ADMINISTRATOR/PENGAWAS.")
    kelas_jabatan: int | None
    is_head: bool = Field(description="Head of its unit.")
    unit_id: uuid.UUID
    unit: str
    holders: list[PublicHolder] = Field(description="Definitive holder and any Plt/Plh on the date; empty: vacant.")


class PublicOfficialsPage(BaseModel):
    agency: str = Field(description="Agency name.")
    as_of: date
    items: list[PublicOfficial]
    total: int
    limit: int
    offset: int


class PlacementSnapshot(BaseModel):
    name: str
    nip_masked: str
    position: str
    unit: str
    job_kind: str
    placement: str = Field(description="Start reason: selection_result (open selection), promotion, rotation, "
                                       "transfer, ... (which ones are published is the agency's policy).")
    sk_number: str
    sk_date: date
    tmt: date


class PublicPlacementOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "id": "7d1f0e52-2b7a-4c8e-9f3a-5e6d7c8b9a01", "published_at": "2026-03-01T02:15:00Z",
        "content_hash": "5b7e0c1d9a3f4e2b8c6d0a1f3e5b7c9d1a3f5e7b9c1d3f5a7b9c1e3d5f7a9b1c",
        "snapshot": {"name": "Dr. Siti Rahmawati, M.Si.", "nip_masked": "**************2001",
                     "position": "Kepala Dinas Kesehatan", "unit": "Dinas Kesehatan", "job_kind": "JPT_PRATAMA",
                     "placement": "selection_result", "sk_number": "821.2/045/BKPSDM/2026", "sk_date": "2026-02-20",
                     "tmt": "2026-03-01"}}})

    id: uuid.UUID
    published_at: datetime
    content_hash: str = Field(description="SHA-256 (hex) of the snapshot's canonical JSON (keys sorted, no "
                                          "whitespace, UTF-8): anyone can check it.")
    snapshot: PlacementSnapshot


class PublicPlacementsPage(BaseModel):
    agency: str
    items: list[PublicPlacementOut]
    total: int
    limit: int
    offset: int

"""API shapes of declared history."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from merit_recruitment.rules.vocab import PositionKind
from merit_recruitment.selections.schemas import BlockedAction
from merit_shared.api import StrictModel


class HistoryIn(StrictModel):
    """A past post (``POSITION``: title, kind, unit/agency, from, to) or a past rank (``RANK``: golongan, TMT)
    that the registry lacks, with the SK that decided it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"entry_type": "POSITION", "title": "Kepala Bagian Umum", "kind": "ADMINISTRATOR",
         "unit": "Sekretariat Daerah Kabupaten Bogor", "start_date": "2016-01-04", "end_date": "2021-12-31",
         "sk_number": "821.2/014/2016", "sk_date": "2015-12-28"},
        {"entry_type": "RANK", "golongan": "IV/b", "tmt": "2022-04-01", "sk_number": "823.4/077/2022",
         "sk_date": "2022-03-15"}]})

    entry_type: Literal["POSITION", "RANK"]
    title: str | None = Field(None, min_length=2, max_length=300, description="POSITION: the post's name.")
    kind: PositionKind | None = Field(None, description="POSITION: its kind or JF level (jenjang).")
    unit: str | None = Field(None, max_length=300, description="POSITION: the unit and agency.")
    start_date: date | None = Field(None, description="POSITION: first day in office (TMT).")
    end_date: date | None = Field(None, description="POSITION: last day in office (both days counted).")
    golongan: str | None = Field(None, max_length=10, examples=["IV/b"], description="RANK: the golongan.")
    tmt: date | None = Field(None, description="RANK: the date the rank took effect.")
    sk_number: str = Field(min_length=1, max_length=100, examples=["821.2/014/2016"])
    sk_date: date


class DecisionIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"decision": "VERIFIED"}, {"decision": "REJECTED", "reason": "Nomor SK tidak sesuai dengan dokumen."}]})

    decision: Literal["VERIFIED", "REJECTED"]
    reason: str | None = Field(None, max_length=2000, description="Required when REJECTED.")


class HistoryOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "0b7d2f64-2a55-4f34-9c52-0e0b9e3f7d11", "application_id": "6f1c0d7e-3b1a-4d59-9a53-2b8f7f1e2a10",
        "entry_type": "POSITION", "title": "Kepala Bagian Umum", "kind": "ADMINISTRATOR",
        "unit": "Sekretariat Daerah Kabupaten Bogor", "start_date": "2016-01-04", "end_date": "2021-12-31",
        "golongan": None, "tmt": None, "sk_number": "821.2/014/2016", "sk_date": "2015-12-28",
        "status": "DECLARED", "sk_document": None, "allowed_actions": ["upload_sk", "delete"],
        "blocked_actions": []}]})

    id: uuid.UUID
    application_id: uuid.UUID
    entry_type: str
    title: str | None
    kind: str | None
    unit: str | None
    start_date: date | None
    end_date: date | None
    golongan: str | None
    tmt: date | None
    sk_number: str
    sk_date: date
    status: str = Field(description="DECLARED (awaiting the verifier), VERIFIED (counted by eligibility) or "
                                    "REJECTED (not counted; see decision_reason).")
    declared_by: str
    declared_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None
    sk_document: dict[str, Any] | None = Field(description="The uploaded SK (media type, size, SHA-256), or null.")
    allowed_actions: list[str] = Field(default_factory=list, description=(
        "What this caller may do now: `upload_sk`, `delete` (the applicant while registration is open and the "
        "entry is DECLARED); `verify`, `reject` (the agency admin, four eyes)."))
    blocked_actions: list[BlockedAction] = Field(default_factory=list, description=(
        "`verify` while the SK document is missing (`sk_document_missing`)."))

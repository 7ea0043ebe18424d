"""API shapes of the committee."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from merit_shared.api import StrictModel


class MemberIn(StrictModel):
    account_id: uuid.UUID | None = Field(
        None, description="The member's gateway account (`GET /api/v1/users`, `id`; the token claim `account_id`). "
                          "Only tokens of this account hold the seat. Required unless `subject` is given.",
        examples=["3fa85f64-5717-4562-b3fc-2c963f66afa6"])
    subject: str | None = Field(
        None, min_length=1, max_length=200,
        description="Deprecated: the member's username (token `sub`). Without `account_id` it is resolved once, "
                    "when the committee is saved, to the account that has this username then; with `account_id` "
                    "it must be that account's username.", examples=["ketua-pansel"])
    employee_id: uuid.UUID | None = None
    name: str = Field(min_length=2, max_length=200, examples=["Prof. Dr. Ani Wijaya"])
    role: Literal["CHAIR", "SECRETARY", "MEMBER"] = "MEMBER"
    internal: bool = Field(description="True for officials of the selecting agency (their account must belong to it).")


class CommitteeIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [{"members": [
        {"account_id": "0b7e6f52-3c1a-4d0e-9a51-1f7c2d8e4a01", "name": "Prof. Dr. Ani Wijaya", "role": "CHAIR",
         "internal": False},
        {"account_id": "5d2c9a10-7e4b-4f3a-8c62-2a9b1e0d7f02", "name": "Drs. Bambang", "role": "MEMBER",
         "internal": True},
        {"account_id": "9a41e3c7-1b5d-4e8f-a073-3c8d2f1e6b03", "name": "Dr. Citra", "role": "MEMBER",
         "internal": False},
        {"account_id": "c3f8b2d4-6a9e-4c1b-b284-4d7e3a2f5c04", "name": "Ir. Dedi", "role": "MEMBER",
         "internal": True},
        {"account_id": "e6a7d1f9-2c3b-4a5d-9e16-5f2a4b3c8d05", "name": "Eka Putri, M.Psi", "role": "SECRETARY",
         "internal": False}]}]})

    members: list[MemberIn] = Field(min_length=1, max_length=25)


class MemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    account_id: uuid.UUID | None = Field(description="The member's gateway account; null on a seat saved before "
                                                      "accounts were named (held by login until saved again).")
    subject: str = Field(description="The member's username (login `sub`).")
    employee_id: uuid.UUID | None
    name: str
    role: str
    internal: bool


class CommitteeOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "members": [], "report": {"valid": True, "size": 5, "internal_count": 2, "failures": []}}]})

    members: list[MemberOut]
    report: dict[str, Any]


class DeclarationIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"has_conflict": True, "reason": "Atasan langsung pelamar"}, {"has_conflict": False}]})

    has_conflict: bool
    reason: str | None = Field(None, max_length=2000, examples=["Atasan langsung pelamar"])


class DeclarationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    member_id: uuid.UUID
    application_id: uuid.UUID
    has_conflict: bool
    reason: str | None
    declared_by: str
    declared_at: datetime
    voided_scores: int = Field(0, description="Scores of this member for this applicant voided by this declaration "
                                              "(a conflict declared after scoring); 0 otherwise and when listed.")


class ConflictFlagOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    member_id: uuid.UUID
    application_id: uuid.UUID
    basis: str = Field(description="What the registry shows: DIRECT_SUPERVISOR (the member is the applicant's "
                                   "evaluator), DIRECT_SUBORDINATE (the applicant is the member's), SAME_UNIT_HEAD "
                                   "(both report to the same unit head).")
    status: str = Field(description="OPEN (the member may not score the applicant), CONFIRMED (a declared "
                                    "conflict) or DISMISSED (by the chair, with the reason).")
    detected_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None


class FlagDecisionIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"decision": "DISMISS", "reason": "Atasan langsung sejak 2024 sudah pindah unit; data lama."},
        {"decision": "CONFIRM", "reason": "Anggota adalah atasan langsung pelamar."}]})

    decision: Literal["CONFIRM", "DISMISS"]
    reason: str = Field(min_length=5, max_length=2000)

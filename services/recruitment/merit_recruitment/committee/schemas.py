"""API shapes of the committee."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from merit_shared.api import StrictModel


class MemberIn(StrictModel):
    subject: str = Field(min_length=1, max_length=200, description="The member's login subject (token `sub`).",
                         examples=["user:ketua-pansel"])
    employee_id: uuid.UUID | None = None
    name: str = Field(min_length=2, max_length=200, examples=["Prof. Dr. Ani Wijaya"])
    role: Literal["CHAIR", "SECRETARY", "MEMBER"] = "MEMBER"
    internal: bool = Field(description="True for officials of the selecting agency.")


class CommitteeIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [{"members": [
        {"subject": "user:ketua-pansel", "name": "Prof. Dr. Ani Wijaya", "role": "CHAIR", "internal": False},
        {"subject": "user:sekda", "name": "Drs. Bambang", "role": "MEMBER", "internal": True},
        {"subject": "user:akademisi-1", "name": "Dr. Citra", "role": "MEMBER", "internal": False},
        {"subject": "user:asisten-1", "name": "Ir. Dedi", "role": "MEMBER", "internal": True},
        {"subject": "user:praktisi-1", "name": "Eka Putri, M.Psi", "role": "SECRETARY", "internal": False}]}]})

    members: list[MemberIn] = Field(min_length=1, max_length=25)


class MemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    subject: str
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

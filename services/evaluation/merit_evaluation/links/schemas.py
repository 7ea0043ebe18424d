"""Payloads of the employee links."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field

from merit_shared.api import OutModel, StrictModel

EXAMPLE: dict[str, Any] = {"transfer_id": "6c1d7c0e-2f4b-4d59-9a8e-3b7f0c2d1e90", "nip": "198503152010011002",
           "employee_id": "0b6f3a52-8d1e-4c1a-9a55-3f2d8f1e7c10", "agency_id": "5d9e2c41-7a3b-4f6e-8c2d-1a0b9e8f7d65",
           "origin_employee_id": "9a4e1f20-3c5d-4b6a-8e7f-0d1c2b3a4f56",
           "origin_agency_id": "2f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19", "tmt": "2027-01-01"}


class EmployeeLinkIn(StrictModel):
    """The ``employee_transferred`` event of positions (sent through its outbox)."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})
    transfer_id: uuid.UUID
    nip: str = Field(pattern=r"^[0-9]{18}$")
    employee_id: uuid.UUID = Field(description="The person's record in the destination agency.")
    agency_id: uuid.UUID = Field(description="The destination agency.")
    origin_employee_id: uuid.UUID = Field(description="The record in the agency they came from.")
    origin_agency_id: uuid.UUID
    tmt: date = Field(description="The day the transfer took effect.")


class EmployeeLinkOut(OutModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [
        {**EXAMPLE, "id": "7d2e8f13-4a5b-4c6d-9e8f-1a2b3c4d5e6f", "created_at": "2027-01-01T00:05:00+07:00"}]})
    id: uuid.UUID
    transfer_id: uuid.UUID
    nip: str
    employee_id: uuid.UUID
    agency_id: uuid.UUID
    origin_employee_id: uuid.UUID
    origin_agency_id: uuid.UUID
    tmt: date
    created_at: datetime

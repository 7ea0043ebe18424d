"""Transfer payloads."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import ConfigDict, Field

from merit_positions.common.inputs import Input
from merit_shared.api import OutModel


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


class TransferStatus(StrEnum):
    RELEASED = "RELEASED"
    SCHEDULED = "SCHEDULED"  # accepted; takes effect on its TMT
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    CANCELLED = "CANCELLED"


class TransferCreate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"employee_id": "0b6f3a52-8d1e-4c1a-9a55-3f2d8f1e7c10", "destination_agency_id":
         "5d9e2c41-7a3b-4f6e-8c2d-1a0b9e8f7d65", "sk_number": "800/77/BKPSDM/2026", "sk_date": "2026-11-02",
         "tmt": "2027-01-01"}]})
    employee_id: uuid.UUID = Field(description="The employee of your agency who moves.")
    destination_agency_id: uuid.UUID = Field(description="The agency that will receive them.")
    sk_number: str = Field(min_length=1, max_length=120, description="The origin's release (SK pelepasan).")
    sk_date: date
    tmt: date = Field(description="The day the person starts in the destination agency; their assignments here end "
                                  "the day before.")


class TransferAccept(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"sk_number": "821/310/BKPSDM/2026", "sk_date": "2026-12-01"}]})
    sk_number: str = Field(min_length=1, max_length=120, description="The destination's SK (SK penerimaan).")
    sk_date: date


class TransferDecline(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "Formasi jabatan tidak tersedia"}]})
    reason: str = Field(min_length=1, max_length=300, examples=["Formasi jabatan tidak tersedia"])


class TransferOut(OutModel):
    id: uuid.UUID
    nip: str
    employee_id: uuid.UUID = Field(description="The person's record in the origin agency.")
    employee_name: str
    origin_agency_id: uuid.UUID
    origin_agency_name: str
    destination_agency_id: uuid.UUID
    destination_agency_name: str
    status: TransferStatus = Field(description="RELEASED (to decide), SCHEDULED (accepted, the TMT still to come: "
                                               "nothing has changed yet), ACCEPTED (in effect), DECLINED, CANCELLED.")
    tmt: date
    release_sk_number: str
    release_sk_date: date
    accept_sk_number: str | None
    accept_sk_date: date | None
    decline_reason: str | None
    destination_employee_id: uuid.UUID | None = Field(description="The person's record in the destination, once the "
                                                                  "transfer is in effect.")
    created_at: datetime
    decided_at: datetime | None
    applied_at: datetime | None = Field(description="When the transfer took effect (the TMT's run, or the acceptance "
                                                    "when the TMT had come).")
    version: int

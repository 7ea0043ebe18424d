"""Schemas of the audit view: the shared audit entry with the service that holds it, and a record's trace."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from merit_shared.api import Page
from merit_shared.audit import AuditEntryOut

ServiceName = Literal["positions", "evaluation", "recruitment", "gateway"]


class TrailEntryOut(AuditEntryOut):
    """One entry of a service's audit trail, named with the service that keeps it."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "service": "recruitment", "id": "3f1d2c4b-5a69-4e7f-8a9b-0c1d2e3f4a5b",
        "agency_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11", "actor": "ppk.walikota", "at": "2026-03-01T02:15:00Z",
        "action": "decide", "entity": "selection", "entity_id": "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22",
        "before": {"decision": None}, "after": {"sk_number": "821.2/07/2026", "tmt_start": "2026-03-02"}}]})

    service: ServiceName = Field(description="The service whose audit trail holds the entry (gateway: the reads "
                                             "of this view).")


class TraceLink(BaseModel):
    """How the trace went from one record to another, and whether the two sides' entries agree."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "from_service": "recruitment", "from_entity": "selection", "from_id": "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22",
        "to_service": "positions", "to_entity": "assignment", "to_id": "5b7e1c2d-9f3a-4b6c-8d1e-2f3a4b5c6d7e",
        "via": "the selection's 'appoint' entry names the assignment positions created from the appointment "
               "command", "verified": True}]})

    from_service: ServiceName
    from_entity: str
    from_id: str
    to_service: ServiceName
    to_entity: str
    to_id: str
    via: str = Field(description="Which entry names the other record.")
    verified: bool = Field(description="The assignment's creation entry matches the PPK's decision: reason "
                                       "selection_result and the same employee, position and SK number.")


class TraceOut(Page[TrailEntryOut]):
    """The entries of one record and of the records linked to it in the other services, oldest first."""

    entity: str
    id: str
    links: list[TraceLink]

"""The agency admin's read of the audit trail (entries written by ``merit_shared.audit.record``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment.db_base import audit_log
from merit_shared.api import Page, PageParams
from merit_shared.auth import Principal
from merit_shared.errors import Invalid

WIB = ZoneInfo("Asia/Jakarta")


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "3f1d2c4b-5a69-4e7f-8a9b-0c1d2e3f4a5b", "agency_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11",
        "actor": "admin@kota-tangsel", "at": "2025-03-01T02:15:00Z", "action": "close_registration",
        "entity": "selection", "entity_id": "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22",
        "before": {"status": "REGISTRATION"}, "after": {"status": "SCREENING", "reason": "Pelamar cukup."}}]})

    id: uuid.UUID
    agency_id: uuid.UUID | None
    actor: str = Field(description="Subject of the token that acted (system:outbox for the relay).")
    at: datetime
    action: str
    entity: str = Field(description="selection, application, announcement, appeal, committee_member.")
    entity_id: str | None
    before: Any = None
    after: Any = None


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=WIB)


async def read(session: AsyncSession, p: Principal, page: PageParams, *, agency_id: uuid.UUID | None,
               entity: str | None, entity_id: str | None, actor: str | None, action: str | None,
               date_from: date | None, date_to: date | None) -> Page[AuditEntryOut]:
    if date_from and date_to and date_to < date_from:
        raise Invalid("date_range_reversed", f"date_to {date_to} lebih awal dari date_from {date_from}; tukar atau "
                      "perbaiki tanggalnya.", f"date_to {date_to} is before date_from {date_from}; swap or correct "
                      "the dates.", field="query.date_to")
    c = audit_log.c
    where: list[Any] = []
    if p.is_service:
        if agency_id is not None:
            where.append(c.agency_id == agency_id)
    else:
        if agency_id is not None and str(agency_id) != p.agency_id:
            raise Invalid("agency_mismatch", "Anda hanya dapat membaca jejak audit instansi Anda; hapus agency_id.",
                          "You can only read your own agency's audit trail; remove agency_id.",
                          field="query.agency_id")
        where.append(c.agency_id == uuid.UUID(str(p.agency_id)))
    for col, value in ((c.entity, entity), (c.entity_id, entity_id), (c.actor, actor), (c.action, action)):
        if value:
            where.append(col == value)
    if date_from:
        where.append(c.at >= _day_start(date_from))
    if date_to:
        where.append(c.at < _day_start(date_to + timedelta(days=1)))
    total = await session.scalar(sa.select(sa.func.count()).select_from(audit_log).where(*where))
    rows = (await session.execute(sa.select(audit_log).where(*where).order_by(c.at.desc(), c.id)
                                  .limit(page.limit).offset(page.offset))).mappings().all()
    return Page(items=[AuditEntryOut.model_validate(dict(r)) for r in rows], total=total or 0, limit=page.limit,
                offset=page.offset)

"""The agency admin's read of the positions audit trail (entries written by ``merit_shared.audit.record``)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.audit.schemas import AuditEntryOut
from merit_positions.common.models import audit_log
from merit_positions.common.scope import agency_of
from merit_shared.api import Page, PageParams, Sort
from merit_shared.audit import read_entries
from merit_shared.auth import Principal


async def read(session: AsyncSession, principal: Principal, page: PageParams, *, agency_id: uuid.UUID | None,
               entity: str | None, entity_id: str | None, actor: str | None, action: str | None,
               date_from: date | None, date_to: date | None, sort: Sort | None = None) -> Page[AuditEntryOut]:
    aid = agency_of(principal, agency_id)
    return await read_entries(session, audit_log, aid, page, entity=entity, entity_id=entity_id, actor=actor,
                              action=action, date_from=date_from, date_to=date_to, sort=sort)

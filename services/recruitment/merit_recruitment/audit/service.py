"""The agency admin's read of the audit trail (entries written by ``merit_shared.audit.record``)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment.db_base import audit_log
from merit_shared.api import Page, PageParams, Sort
from merit_shared.audit import AuditEntryOut, read_entries
from merit_shared.auth import Principal
from merit_shared.error_codes import AGENCY_MISMATCH


async def read(session: AsyncSession, p: Principal, page: PageParams, *, agency_id: uuid.UUID | None,
               entity: str | None, entity_id: str | None, actor: str | None, action: str | None,
               date_from: date | None, date_to: date | None, sort: Sort | None = None) -> Page[AuditEntryOut]:
    if p.is_service:
        aid = agency_id
    else:
        if agency_id is not None and str(agency_id) != p.agency_id:
            raise AGENCY_MISMATCH.error(field="query.agency_id")
        aid = uuid.UUID(str(p.agency_id))
    return await read_entries(session, audit_log, aid, page, entity=entity, entity_id=entity_id, actor=actor,
                              action=action, date_from=date_from, date_to=date_to, sort=sort)

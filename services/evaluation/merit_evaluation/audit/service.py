"""The agency admin's read of the evaluation audit trail (entries written by ``merit_shared.audit.record``)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.audit.schemas import AuditEntryOut
from merit_evaluation.common.models import audit_log
from merit_shared.api import Page, PageParams, Sort
from merit_shared.audit import read_entries
from merit_shared.auth import Principal
from merit_shared.error_codes import AGENCY_ID_REQUIRED, AGENCY_MISMATCH


async def read(session: AsyncSession, principal: Principal, page: PageParams, *, agency_id: uuid.UUID | None,
               entity: str | None, entity_id: str | None, actor: str | None, action: str | None,
               date_from: date | None, date_to: date | None, sort: Sort | None = None) -> Page[AuditEntryOut]:
    if principal.is_service:
        if agency_id is None:
            raise AGENCY_ID_REQUIRED.error(field="query.agency_id")
        aid = agency_id
    else:
        if agency_id is not None and str(agency_id) != principal.agency_id:
            raise AGENCY_MISMATCH.error(field="query.agency_id")
        aid = uuid.UUID(principal.agency_id or str(uuid.UUID(int=0)))
    return await read_entries(session, audit_log, aid, page, entity=entity, entity_id=entity_id, actor=actor,
                              action=action, date_from=date_from, date_to=date_to, sort=sort)

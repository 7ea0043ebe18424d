"""Every change to a legal record is written to ``audit_log``: who, when, what, before and after."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.models import AuditLog
from merit_shared.auth import Principal


def jsonable(value: Any) -> Any:
    """Round-trip through orjson so dates, UUIDs and Decimals become JSON values."""
    return None if value is None else orjson.loads(orjson.dumps(value, default=str))


async def audit(session: AsyncSession, principal: Principal, action: str, entity: str, entity_id: uuid.UUID | None,
                agency_id: uuid.UUID | None, before: Any = None, after: Any = None) -> None:
    await session.execute(insert(AuditLog).values(
        id=uuid.uuid4(), agency_id=agency_id, actor=principal.subject, action=action, entity=entity,
        entity_id=entity_id, before=jsonable(before), after=jsonable(after)))

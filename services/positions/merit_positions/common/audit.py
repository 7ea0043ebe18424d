"""Audit trail of changes to legal records: who, when, what, before and after."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.common.models import AuditEntry, Event
from merit_shared.auth import Principal


def jsonable(value: Any) -> Any:
    """Round-trip through orjson so dates, UUIDs and Decimals become JSON values."""
    if value is None:
        return None
    return orjson.loads(orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS))


def snapshot(obj: Any, *fields: str) -> dict[str, Any]:
    cols = fields or tuple(c.key for c in sa.inspect(type(obj)).columns)
    return jsonable({f: getattr(obj, f) for f in cols})


async def audit(session: AsyncSession, principal: Principal, action: str, entity: str, entity_id: object,
                before: Any = None, after: Any = None, agency_id: uuid.UUID | None = None) -> None:
    await session.execute(sa.insert(AuditEntry).values(
        agency_id=agency_id, actor=principal.subject, action=action, entity=entity, entity_id=str(entity_id),
        before=jsonable(before), after=jsonable(after)))


async def publish(session: AsyncSession, type_: str, agency_id: uuid.UUID, data: dict[str, Any]) -> None:
    """Write an event in the same transaction as the change it describes (the feed never shows a rolled-back one)."""
    await session.execute(sa.insert(Event).values(type=type_, agency_id=agency_id, data=jsonable(data)))

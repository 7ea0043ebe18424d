"""Helpers for recording changes: a JSON snapshot of a row (for the audit log) and publishing feed events.

The audit entry itself is written by ``merit_shared.audit.record`` into ``common.models.audit_log``.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.common.models import Event
from merit_shared.audit import jsonable, write_row


def snapshot(obj: Any, *fields: str) -> dict[str, Any]:
    cols = fields or tuple(c.key for c in sa.inspect(type(obj)).columns)
    return jsonable({f: getattr(obj, f) for f in cols})


async def publish(session: AsyncSession, type_: str, agency_id: uuid.UUID, data: dict[str, Any]) -> None:
    """Write an event in the same transaction as the change it describes (the feed never shows a rolled-back one)."""
    await write_row(session, cast(sa.Table, Event.__table__), {"type": type_, "agency_id": agency_id, "data": jsonable(data)})

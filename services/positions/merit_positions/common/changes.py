"""Helpers for recording changes: a JSON snapshot of a row (for the audit log) and publishing feed events.

The audit entry itself is written by ``merit_shared.audit.record`` into ``common.models.audit_log``.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.common.models import events
from merit_shared.audit import jsonable
from merit_shared.auth import Principal
from merit_shared.events import emit


def snapshot(obj: Any, *fields: str) -> dict[str, Any]:
    cols = fields or tuple(c.key for c in sa.inspect(type(obj)).columns)
    return jsonable({f: getattr(obj, f) for f in cols})


async def publish(session: AsyncSession, actor: Principal | str, type_: str, agency_id: uuid.UUID, record: object,
                  data: dict[str, Any]) -> None:
    """Write an event of ``common.feed.CATALOGUE`` about ``record`` (its id) in the same transaction as the change
    it describes (the feed never shows a rolled-back one)."""
    await emit(session, events, type=type_, agency_id=agency_id, actor=actor, record=record, data=data)


# The public fields each record's events carry (common.feed.CATALOGUE documents them per type).

def employee_data(emp: Any, **extra: Any) -> dict[str, Any]:
    return {"employee_id": emp.id, "nip": emp.nip, "name": emp.name, "employment_type": emp.employment_type,
            "status": emp.status, **extra}


def unit_data(unit: Any, change: str, effective: object = None, **extra: Any) -> dict[str, Any]:
    return {"unit_id": unit.id, "code": unit.code, "name": unit.name, "kind": unit.kind, "parent_id": unit.parent_id,
            "change": change, "effective_date": effective, **extra}


def position_data(pos: Any) -> dict[str, Any]:
    return {"position_id": pos.id, "unit_id": pos.unit_id, "job_id": pos.job_id, "code": pos.code, "name": pos.name,
            "required_seats": pos.required_seats, "valid_from": pos.valid_from}

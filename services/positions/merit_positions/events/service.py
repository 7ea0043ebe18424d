"""The event feed: events after a cursor, for other systems and the agency admin."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.common.models import Event
from merit_positions.events.errors import FORBIDDEN_THE_EVENT_FEED_FOR
from merit_shared.auth import Principal, Role


async def feed(session: AsyncSession, principal: Principal, after: int, limit: int, types: list[str] | None,
               agency_id: uuid.UUID | None, offset: int = 0) -> tuple[int, list[Event]]:
    """Up to ``limit`` events after ``after`` in id order: the service role any agency (or ``agency_id``), agency
    admins, machine clients and the PPK their agency (403 for anyone else)."""
    q = sa.select(Event).where(Event.id > after)
    if principal.is_service:
        if agency_id:
            q = q.where(Event.agency_id == agency_id)
    elif principal.has(Role.AGENCY_ADMIN, Role.MACHINE_CLIENT, Role.PPK) and principal.agency_id:
        q = q.where(Event.agency_id == uuid.UUID(principal.agency_id))
    else:
        raise FORBIDDEN_THE_EVENT_FEED_FOR.error()
    if types:
        q = q.where(Event.type.in_(types))
    rows = list((await session.scalars(q.order_by(Event.id).offset(offset).limit(limit))).all())
    if offset == 0 and len(rows) < limit:
        return len(rows), rows
    return int(await session.scalar(sa.select(sa.func.count()).select_from(q.subquery())) or 0), rows

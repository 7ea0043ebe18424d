"""The audit trail every service keeps of changes to legal records: who, when, what, before and after.

Each service owns an ``audit_log`` table in its schema (see ``audit_columns``); ``record`` writes one entry
in the request's transaction, so an entry exists exactly when the change does.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared import clock
from merit_shared.api import Page, PageParams, Sort
from merit_shared.auth import Principal
from merit_shared.error_codes import DATE_OUT_OF_RANGE, DATE_RANGE_REVERSED


def jsonable(value: Any) -> Any:
    """Round-trip through orjson so dates, UUIDs and Decimals become plain JSON values."""
    if value is None:
        return None
    return orjson.loads(orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS))


def audit_columns() -> list[sa.Column[Any]]:
    """Columns of a service's ``audit_log`` table (for its model and its migration)."""
    return [
        sa.Column("id", sa.Uuid, primary_key=True, default=uuid.uuid4),
        sa.Column("agency_id", sa.Uuid, index=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("action", sa.String(80), nullable=False),
        sa.Column("entity", sa.String(80), nullable=False),
        sa.Column("entity_id", sa.String(80), index=True),
        sa.Column("before", JSONB),
        sa.Column("after", JSONB),
    ]


_DEFERRED = "merit_deferred_writes"


class DeferredWrites:
    """Rows (audit entries, feed events) a batch job writes, kept in order and inserted together at its end:
    one multi-row INSERT per table instead of one round trip per row, in the same transaction as the changes.

    A job handling items one by one in savepoints takes a ``mark()`` before each and ``discard(mark)`` when the
    item rolls back, so exactly the entries of the changes kept are written.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[sa.Table, dict[str, Any]]] = []

    def mark(self) -> int:
        return len(self.rows)

    def discard(self, mark: int) -> None:
        del self.rows[mark:]

    async def flush(self, session: AsyncSession) -> None:
        """One INSERT per table (and set of columns), each table's rows in the order they were written (so the
        feed's event ids follow the changes)."""
        rows, self.rows = self.rows, []
        groups: dict[tuple[sa.Table, tuple[str, ...]], list[dict[str, Any]]] = {}
        for table, values in rows:
            groups.setdefault((table, tuple(values)), []).append(values)
        for (table, _), batch in groups.items():
            if (before_insert := table.info.get("before_insert")) is not None:
                await before_insert(session, table)  # the event feed's writer lock (merit_shared.events)
            await session.execute(sa.insert(table), batch)


def deferred_writes(session: AsyncSession) -> DeferredWrites | None:
    """The batch buffer active on ``session`` (``defer_writes``), if any."""
    return session.info.get(_DEFERRED)


class defer_writes:  # noqa: N801 - used as a context manager, like contextlib's
    """``async with defer_writes(session) as buffer:`` ``write_row`` (so ``record``, ``publish``) only buffers;
    on a normal exit the buffer is inserted (before the caller commits), on an error it is dropped."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.buffer = DeferredWrites()

    async def __aenter__(self) -> DeferredWrites:
        assert _DEFERRED not in self.session.info, "deferred writes do not nest"
        self.session.info[_DEFERRED] = self.buffer
        return self.buffer

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.session.info.pop(_DEFERRED, None)
        if exc_type is None:
            await self.buffer.flush(self.session)


async def write_row(session: AsyncSession, table: sa.Table, values: dict[str, Any]) -> None:
    """Insert one row now, or into the batch buffer when one is active (``defer_writes``)."""
    buffer = deferred_writes(session)
    if buffer is not None:
        buffer.rows.append((table, values))
    else:
        await session.execute(sa.insert(table).values(**values))


async def record(session: AsyncSession, table: sa.Table, actor: Principal | str, *, action: str, entity: str,
                 entity_id: object, agency_id: uuid.UUID | str | None, before: Any = None, after: Any = None) -> None:
    """Write one audit entry for a change made in this transaction."""
    who = actor if isinstance(actor, str) else actor.subject
    values: dict[str, Any] = {"agency_id": agency_id, "actor": who, "action": action, "entity": entity,
                              "entity_id": None if entity_id is None else str(entity_id),
                              "before": jsonable(before), "after": jsonable(after)}
    if "id" in table.c:
        values["id"] = uuid.uuid4()
    await write_row(session, table, values)


class AuditEntryOut(BaseModel):
    """One entry of a service's audit trail."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "3f1d2c4b-5a69-4e7f-8a9b-0c1d2e3f4a5b", "agency_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11",
        "actor": "admin.bkpsdm", "at": "2025-03-01T02:15:00Z", "action": "assignment.end", "entity": "assignment",
        "entity_id": "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22", "before": {"tmt_end": None},
        "after": {"tmt_end": "2025-01-31", "end_reason": "retirement"}}]})

    id: uuid.UUID
    agency_id: uuid.UUID | None
    actor: str = Field(description="Subject of the token that acted (system:outbox for the relay).")
    at: datetime
    action: str
    entity: str
    entity_id: str | None
    before: Any = None
    after: Any = None


def _day_start(d: date, agency_id: object = None) -> datetime:
    """Audit filters take calendar days as the agency lives them."""
    return datetime.combine(d, time.min, tzinfo=clock.zone_of(agency_id))


# The audit trail's sort fields (columns of every service's audit_log); the default is newest first.
AUDIT_SORT = {"at": "at", "action": "action", "entity": "entity", "actor": "actor"}


async def read_entries(session: AsyncSession, table: sa.Table, agency_id: uuid.UUID | None, page: PageParams, *,
                       entity: str | None = None, entity_id: str | None = None, actor: str | None = None,
                       action: str | None = None, date_from: date | None = None,
                       date_to: date | None = None, sort: Sort | None = None) -> Page[AuditEntryOut]:
    """The audit trail newest first, filtered (AND); ``agency_id`` None reads every agency (service role only)."""
    if date_from and date_to and date_to < date_from:
        raise DATE_RANGE_REVERSED.error(field="query.date_to", date_from=date_from, date_to=date_to)
    c = table.c
    where: list[Any] = [] if agency_id is None else [c.agency_id == agency_id]
    for col, value in ((c.entity, entity), (c.entity_id, entity_id), (c.actor, actor), (c.action, action)):
        if value:
            where.append(col == value)
    try:
        if date_from:
            where.append(c.at >= _day_start(date_from, agency_id))
        if date_to:
            where.append(c.at < _day_start(date_to + timedelta(days=1), agency_id))
    except OverflowError:
        raise DATE_OUT_OF_RANGE.error(field="query.date_to") from None
    total = await session.scalar(sa.select(sa.func.count()).select_from(table).where(*where))
    order = sort.order_by(c.id) if sort is not None else [c.at.desc(), c.id]
    rows = (await session.execute(sa.select(table).where(*where).order_by(*order)
                                  .limit(page.limit).offset(page.offset))).mappings().all()
    return Page(items=[AuditEntryOut.model_validate(dict(r)) for r in rows], total=total or 0, limit=page.limit,
                offset=page.offset)

"""The event feed every service keeps (issue #15): one table shape, one way to write, one reader API.

A service writes an event with ``emit`` in the same transaction as the change it describes, so the feed shows a
change exactly when it committed (a rejected or rolled-back request leaves none). Integrators read
``GET /api/v1/{service}-events?after=<cursor>&types=...``; each service mounts ``feed_router`` with its own
``Catalogue`` of event types (stable name, version, description, example payload).

Why the cursor is safe: a bigserial id is handed out at INSERT, not at COMMIT, so without care a reader could see
id 11 (committed) while id 10 is still in flight, move its cursor past 10 and never see it. Every writer therefore
takes one transaction-level advisory lock per feed (``pg_advisory_xact_lock``) *before* drawing an id and keeps it
until its commit: ids are drawn in commit order, and a reader that sees an id sees every smaller one. We chose the
lock over filtering by ``pg_current_xact_id()`` and the snapshot's xmin because a transaction's xid is assigned at
its first write, not when it draws an event id, so "older than the oldest in-flight transaction" does not imply
"smaller id" and the id cursor could still skip. The price is that event writers of one service serialise from
their first event to their commit; writers take their row locks first and emit near their end, and batch jobs
buffer their events until their end (``merit_shared.audit.defer_writes``), so the lock is held briefly. A
deadlock with a row lock taken after an event would be a 40P01, which the request retries once
(``merit_shared.db_errors``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import orjson
import sqlalchemy as sa
from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared.api import MAX_OFFSET
from merit_shared.app import Session
from merit_shared.audit import deferred_writes, jsonable
from merit_shared.auth import Principal, Role
from merit_shared.authz import Caller
from merit_shared.error_codes import AGENCY_MISMATCH, EVENT_TYPES_UNKNOWN, FORBIDDEN_THE_EVENT_FEED_FOR
from merit_shared.problems import problem_responses

ActorKind = Literal["user", "client", "service", "system"]
MAX_CURSOR = 2**63 - 1

# --- the table ----------------------------------------------------------------------------------------------------


def event_columns() -> list[sa.schema.SchemaItem]:
    """Columns (and the actor check) of a service's ``events`` table (for its model and its migration)."""
    return [
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),  # the cursor, drawn in commit order
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("version", sa.SmallInteger, nullable=False, server_default="1"),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("actor_kind", sa.String(10), nullable=False),
        sa.Column("actor_id", sa.String(200)),
        sa.Column("actor_name", sa.String(200)),
        sa.Column("record_type", sa.String(60), nullable=False),
        sa.Column("record_id", sa.String(80), nullable=False),
        sa.Column("data", JSONB, nullable=False),
        sa.CheckConstraint("actor_kind IN ('user', 'client', 'service', 'system')", name="ck_events_actor_kind"),
    ]


def event_indexes() -> list[sa.Index]:
    return [sa.Index("ix_events_agency", "agency_id", "id"),  # an agency's feed by cursor
            sa.Index("ix_events_agency_type", "agency_id", "type", "id")]  # ... of some types (webhooks, types=)


def event_table(metadata: sa.MetaData, catalogue: Catalogue) -> sa.Table:
    """The ``events`` table of a service, knowing its catalogue (``emit`` refuses a type it does not list)."""
    table = sa.Table("events", metadata, *event_columns(), *event_indexes())
    table.info.update(catalogue=catalogue, before_insert=_lock)
    return table


def create_event_table(op: Any) -> None:
    """For a service's migration that adds the feed."""
    op.create_table("events", *event_columns())
    op.create_index("ix_events_agency", "events", ["agency_id", "id"])
    op.create_index("ix_events_agency_type", "events", ["agency_id", "type", "id"])


# --- the catalogue ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventType:
    """One stable event type: integrators branch on ``name`` and ``version`` (a new version for a breaking change
    of ``data``)."""

    name: str
    record: str  # the record type the event is about (record.type)
    description: str
    example: dict[str, Any]  # an example ``data``
    version: int = 1


@dataclass(frozen=True)
class Catalogue:
    service: str  # positions | evaluation | recruitment
    types: tuple[EventType, ...]
    by_name: dict[str, EventType] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {t.name: t for t in self.types})

    def names(self) -> list[str]:
        return [t.name for t in self.types]

    def markdown(self) -> str:
        """The catalogue as a Markdown table (for the feed's OpenAPI description)."""
        rows = [f"| `{t.name}` | {t.version} | `{t.record}` | {t.description} |" for t in self.types]
        return "\n".join(["| type | version | record | when |", "|---|---|---|---|", *rows])


# --- writing ------------------------------------------------------------------------------------------------------


def actor_of(actor: Principal | str) -> dict[str, Any]:
    """Who made the change: a person (``user``), a machine client (``client``), a Merit service (``service``) or
    a job of Merit itself (``system``: the scheduler, the outbox relay; a subject ``system:...``)."""
    if isinstance(actor, str):
        kind = "system" if actor.startswith("system") else "user"
        return {"kind": kind, "id": actor, "name": None}
    if actor.subject.startswith("system"):
        kind = "system"
    elif actor.is_service:
        kind = "service"
    elif actor.is_machine_client:
        kind = "client"
    else:
        kind = "user"
    return {"kind": kind, "id": actor.account_id or actor.subject, "name": actor.name or actor.subject}


def event_row(table: sa.Table, *, type: str, agency_id: uuid.UUID | str, actor: Principal | str | dict[str, Any],
              record: object, data: dict[str, Any], version: int | None = None) -> dict[str, Any]:
    """The row of one event; ``record`` is the record's id (its type from the catalogue) or ``(type, id)``."""
    catalogue: Catalogue = table.info["catalogue"]
    spec = catalogue.by_name.get(type)
    if spec is None:  # a programming error: every type is documented in the catalogue first
        raise ValueError(f"event type {type!r} is not in the {catalogue.service} catalogue")
    rtype, rid = record if isinstance(record, tuple) else (spec.record, record)
    who = actor if isinstance(actor, dict) else actor_of(actor)
    return {"type": type, "version": version or spec.version, "agency_id": agency_id, "actor_kind": who["kind"],
            "actor_id": who.get("id"), "actor_name": who.get("name"), "record_type": rtype, "record_id": str(rid),
            "data": jsonable(data)}


async def _lock(session: AsyncSession, table: sa.Table) -> None:
    """The feed's writer lock, held to the commit: ids are drawn in commit order (see the module docstring)."""
    await session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:t))"),
                          {"t": f"merit-feed:{table.schema}.{table.name}"})


async def emit(session: AsyncSession, table: sa.Table, *, type: str, agency_id: uuid.UUID | str,
               actor: Principal | str | dict[str, Any], record: object, data: dict[str, Any],
               version: int | None = None) -> None:
    """Write one event in the caller's transaction (buffered to the end of a batch job under ``defer_writes``)."""
    row = event_row(table, type=type, agency_id=agency_id, actor=actor, record=record, data=data, version=version)
    buffer = deferred_writes(session)
    if buffer is not None:
        buffer.rows.append((table, row))  # the buffer's flush takes the lock (table.info["before_insert"])
        return
    await _lock(session, table)
    await session.execute(sa.insert(table).values(**row))


async def emit_rows(session: AsyncSession, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Write many events (``event_row`` dicts) at once, in order: bulk imports."""
    if not rows:
        return
    await _lock(session, table)
    for start in range(0, len(rows), 2000):
        await session.execute(sa.insert(table), rows[start:start + 2000])


# --- reading ------------------------------------------------------------------------------------------------------


class EventActor(BaseModel):
    kind: ActorKind = Field(description="user (a person), client (a machine client), service (a Merit service) or "
                                        "system (a job of Merit: the scheduler, the outbox relay).")
    id: str | None = Field(description="The account id (or token subject) that acted.")
    name: str | None = Field(description="A display name, when known.")


class EventRecord(BaseModel):
    type: str = Field(examples=["annual_rating"])
    id: str = Field(examples=["7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22"])


class EventOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 42, "type": "position_filled", "version": 1, "occurred_at": "2025-03-01T02:15:00Z",
        "agency_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11",
        "actor": {"kind": "user", "id": "3f1d2c4b-5a69-4e7f-8a9b-0c1d2e3f4a5b", "name": "Admin BKPSDM"},
        "record": {"type": "position", "id": "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22"},
        "data": {"position_id": "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22", "filled": 1, "vacant": 0}}]})

    id: int = Field(description="The cursor: pass the last id seen as `after`.")
    type: str
    version: int
    occurred_at: datetime
    agency_id: uuid.UUID
    actor: EventActor
    record: EventRecord
    data: dict[str, Any] = Field(description="The record's public fields at the change (per type: the catalogue).")


class EventPage(BaseModel):
    """A page of the feed: ``total`` counts the events after the cursor (with the filters), ``offset`` those skipped
    after it."""

    items: list[EventOut]
    total: int
    limit: int
    offset: int
    next_cursor: int = Field(description="Pass as `after` to continue; equals `after` when nothing new.")


class EventTypeOut(BaseModel):
    name: str
    version: int
    record: str
    description: str
    example: dict[str, Any]


class EventTypesOut(BaseModel):
    service: str
    types: list[EventTypeOut]


def reader_agency(principal: Principal, agency_id: uuid.UUID | None) -> uuid.UUID | None:
    """The agency whose feed the caller reads (None: every agency, the service role only). Readers: the agency
    admin, the PPK and a machine client of the agency (its scope ``events:read`` is checked with every request),
    and Merit's services; anyone else is refused."""
    if principal.is_service:
        return agency_id
    if not principal.has(Role.AGENCY_ADMIN, Role.PPK, Role.MACHINE_CLIENT) or not principal.agency_id:
        raise FORBIDDEN_THE_EVENT_FEED_FOR.error()
    own = uuid.UUID(principal.agency_id)
    if agency_id is not None and agency_id != own:
        raise AGENCY_MISMATCH.error(field="query.agency_id")
    return own


def wanted_types(catalogue: Catalogue, *lists: Iterable[str] | None) -> list[str] | None:
    """The union of ``types=a,b`` and repeated ``type=`` (None: every type); 422 naming unknown names."""
    names = [n.strip() for lst in lists for item in (lst or []) for n in item.split(",") if n.strip()]
    if not names:
        return None
    if unknown := sorted(set(names) - set(catalogue.by_name)):
        raise EVENT_TYPES_UNKNOWN.error(field="query.types", names=", ".join(unknown),
                                        known=", ".join(catalogue.names()), extra={"unknown": unknown})
    return sorted(set(names))


@dataclass(frozen=True)
class FeedPage:
    total: int  # the events after the cursor, with the filters
    items: list[dict[str, Any]]  # in cursor order, the shape of EventOut (``data`` as the stored JSON text)


_COLUMNS = ("id, type, version, occurred_at, agency_id, actor_kind, actor_id, actor_name, record_type, record_id, "
            "data::text")


async def read_feed(session: AsyncSession, table: sa.Table, agency_id: uuid.UUID | None, *, after: int, limit: int,
                    offset: int = 0, types: list[str] | None = None) -> FeedPage:
    """Up to ``limit`` events after ``after`` in cursor order and how many follow the cursor with the filters.

    Read through the session's asyncpg connection (same transaction), each payload kept as the JSON text stored: a
    reader catching up pulls pages of 1000 events, and SQLAlchemy rows plus a model per event cost several times
    the query (bench/bench_events.py)."""
    conn = await session.connection()
    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None  # an open asyncpg connection
    args: list[Any] = [after]
    where = ["id > $1"]
    if agency_id is not None:
        args.append(agency_id)
        where.append(f"agency_id = ${len(args)}")
    if types:
        args.append(types)
        where.append(f"type = ANY(${len(args)}::text[])")
    cond = " AND ".join(where)
    # One round trip: the count rides along as an InitPlan (evaluated once, over the index).
    rows = await raw.fetch(f"SELECT {_COLUMNS}, (SELECT count(*) FROM {table.fullname} WHERE {cond}) "
                           f"FROM {table.fullname} WHERE {cond} ORDER BY id "
                           f"OFFSET ${len(args) + 1} LIMIT ${len(args) + 2}", *args, offset, limit)
    items = [{"id": r[0], "type": r[1], "version": r[2], "occurred_at": r[3], "agency_id": r[4],
              "actor": {"kind": r[5], "id": r[6], "name": r[7]}, "record": {"type": r[8], "id": r[9]},
              "data": orjson.Fragment(r[10])} for r in rows]
    if rows:
        total = int(rows[0][11])
    else:  # nothing on this page; with an offset, events may still follow the cursor
        total = int(await raw.fetchval(f"SELECT count(*) FROM {table.fullname} WHERE {cond}", *args)) if offset else 0
    return FeedPage(total=total, items=items)


# --- the routes ---------------------------------------------------------------------------------------------------


def feed_router(table: sa.Table, *, resource: str) -> APIRouter:
    """``GET /api/v1/{resource}`` (the feed) and ``GET /api/v1/{resource}/types`` (the catalogue) of one service."""
    catalogue: Catalogue = table.info["catalogue"]
    router = APIRouter(prefix=f"/api/v1/{resource}", tags=[resource])
    examples = {t.name: {"summary": f"{t.name} (v{t.version}): {t.description}", "value": {
        "items": [{"id": 42, "type": t.name, "version": t.version, "occurred_at": "2025-03-01T02:15:00Z",
                   "agency_id": "0b9f0c1e-8a57-4a4c-9a7e-0d7f5c8a1e11",
                   "actor": {"kind": "user", "id": "3f1d2c4b-5a69-4e7f-8a9b-0c1d2e3f4a5b", "name": "Admin BKPSDM"},
                   "record": {"type": t.record, "id": "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22"}, "data": t.example}],
        "total": 1, "limit": 100, "offset": 0, "next_cursor": 42}} for t in catalogue.types}
    readers = ("Readers: the agency admin, the PPK, a machine client with scope `events:read` (each their own "
               "agency) and Merit's services (any agency; `agency_id` narrows). Anyone else: 403.")

    @router.get("", response_model=EventPage, summary=f"The {catalogue.service} event feed after a cursor",
                description=(
                    "Every change an integrator follows, written in the same transaction as the change (a rejected "
                    "or rolled-back change has none). Read with `after` = the last id seen and continue with "
                    "`next_cursor`: ids become visible in commit order, so the cursor never skips an event. A page "
                    "in the cursor's order (id): `total` counts the events after `after`, `offset` skips some. "
                    f"{readers}\n\nEvent types (also `GET /api/v1/{resource}/types`):\n\n{catalogue.markdown()}"),
                responses={200: {"content": {"application/json": {"examples": examples}}},
                           **problem_responses(401, 403, 422)})
    async def feed(*, session: Session, principal: Caller,
                   after: int = Query(0, ge=0, le=MAX_CURSOR, description="The last event id seen (0: from the start)."),
                   types: list[str] | None = Query(None, description="Only these types, comma-separated "
                                                                     "(`types=rating_finalized,talent_placed`)."),
                   type: list[str] | None = Query(None, description="Only this type (repeatable; as `types`)."),
                   limit: int = Query(100, ge=1, le=1000, description="Page size, at most 1000."),
                   offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Events after the cursor to skip."),
                   agency_id: uuid.UUID | None = Query(None, description="Service role: narrow to one agency.")
                   ) -> Response:
        agency = reader_agency(principal, agency_id)
        wanted = wanted_types(catalogue, types, type)
        page = await read_feed(session, table, agency, after=after, limit=limit, offset=offset, types=wanted)
        # The shape EventPage documents, serialised once (not re-validated model by model); asyncpg's UUIDs by str.
        return Response(orjson.dumps({
            "items": page.items, "total": page.total, "limit": limit, "offset": offset,
            "next_cursor": page.items[-1]["id"] if page.items else after}, default=str, option=orjson.OPT_UTC_Z),
            media_type="application/json")

    @router.get("/types", response_model=EventTypesOut, summary=f"The {catalogue.service} event types",
                description=f"Each type's stable name, version, record type, when it is written and an example "
                            f"`data`. {readers}",
                responses=problem_responses(401, 403))
    async def event_types(principal: Caller) -> EventTypesOut:
        reader_agency(principal, None)
        return EventTypesOut(service=catalogue.service, types=[
            EventTypeOut(name=t.name, version=t.version, record=t.record, description=t.description,
                         example=t.example) for t in catalogue.types])

    return router

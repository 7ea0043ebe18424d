"""Transactional outbox (sender) and inbox of processed idempotency keys (receiver).

A service writes a command into its ``outbox`` table in the same transaction as the business change; the
relay delivers it with an ``Idempotency-Key`` and retries until the receiver answers. The receiver records
each key in its ``inbox`` with the answer it gave, so a retried delivery gets the same answer and has no
second effect.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared import clock
from merit_shared.db import Database
from merit_shared.http import ServiceClient, UpstreamUnavailable

log = logging.getLogger("merit.outbox")
MAX_BACKOFF_SECONDS = 30.0


def outbox_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("kind", sa.String(80), nullable=False),
        sa.Column("destination", sa.String(40), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("path", sa.String(300), nullable=False),
        sa.Column("payload", JSONB, nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.Column("outcome", sa.String(20)),  # delivered | rejected
        sa.Column("response_status", sa.Integer),
        sa.Column("response_body", JSONB),
        sa.Column("last_error", sa.Text),
    ]


def inbox_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("idempotency_key", sa.String(200), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("status", sa.Integer),
        sa.Column("body", JSONB),
    ]


def outbox_tables(metadata: sa.MetaData) -> tuple[sa.Table, sa.Table]:
    pending = sa.Index("ix_outbox_pending", "next_attempt_at", postgresql_where=sa.text("delivered_at IS NULL"))
    outbox = sa.Table("outbox", metadata, *outbox_columns(), pending)
    inbox = sa.Table("inbox", metadata, *inbox_columns())
    return outbox, inbox


def create_outbox_tables(op: Any) -> None:
    """For a service's first Alembic migration."""
    op.create_table("outbox", *outbox_columns())
    op.create_index("ix_outbox_pending", "outbox", ["next_attempt_at"],
                    postgresql_where=sa.text("delivered_at IS NULL"))
    op.create_table("inbox", *inbox_columns())


async def enqueue(session: AsyncSession, outbox: sa.Table, *, kind: str, destination: str, method: str, path: str,
                  payload: dict[str, Any], idempotency_key: str | None = None) -> uuid.UUID:
    msg_id = uuid.uuid4()
    await session.execute(sa.insert(outbox).values(
        id=msg_id, kind=kind, destination=destination, method=method, path=path, payload=payload,
        idempotency_key=idempotency_key or f"{kind}:{msg_id}"))
    return msg_id


# Handler called in the relay's transaction with the message row and the receiver's answer.
ResultHandler = Callable[[AsyncSession, Any, int, Any], Awaitable[None]]


class OutboxRelay:
    def __init__(self, db: Database, outbox: sa.Table, clients: Mapping[str, ServiceClient],
                 handlers: dict[str, ResultHandler] | None = None, poll_seconds: float = 0.5) -> None:
        self.db = db
        self.outbox = outbox
        self.clients = clients
        self.handlers = handlers or {}
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        """Deliver what is due; returns how many messages reached a final outcome."""
        done = 0
        now = clock.utcnow()
        async with self.db.sessionmaker() as session, session.begin():
            rows = (await session.execute(
                sa.select(self.outbox)
                .where(self.outbox.c.delivered_at.is_(None), self.outbox.c.next_attempt_at <= now)
                .order_by(self.outbox.c.created_at).limit(20).with_for_update(skip_locked=True)
            )).all()
            for row in rows:
                done += await self._deliver(session, row)
        return done

    async def _deliver(self, session: AsyncSession, row: Any) -> int:
        client = self.clients[row.destination]
        try:
            resp = await client.request(row.method, row.path, json=row.payload, idempotency_key=row.idempotency_key)
            status = resp.status_code
            try:
                body = resp.json()
            except ValueError:
                body = {"text": resp.text[:2000]}
        except UpstreamUnavailable as exc:
            status, body = 0, None
            err = str(exc)
        if 200 <= status < 300 or (400 <= status < 500 and status not in (401, 408, 429)):
            outcome = "delivered" if status < 300 else "rejected"
            await session.execute(sa.update(self.outbox).where(self.outbox.c.id == row.id).values(
                delivered_at=sa.func.now(), outcome=outcome, response_status=status, response_body=body,
                attempts=row.attempts + 1))
            handler = self.handlers.get(row.kind)
            if handler:
                await handler(session, row, status, body)
            log.info("outbox %s %s -> %s (%s)", row.kind, row.idempotency_key, status, outcome)
            return 1
        backoff = min(MAX_BACKOFF_SECONDS, 0.5 * (2 ** min(row.attempts, 8)))
        await session.execute(sa.update(self.outbox).where(self.outbox.c.id == row.id).values(
            attempts=row.attempts + 1, next_attempt_at=clock.utcnow() + timedelta(seconds=backoff),
            response_status=status or None, last_error=err if status == 0 else f"HTTP {status}"))
        log.warning("outbox %s %s not delivered (attempt %s), retry in %.1fs", row.kind, row.idempotency_key,
                    row.attempts + 1, backoff)
        return 0

    async def run_forever(self) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # the relay must survive a database hiccup
                log.exception("outbox relay pass failed")
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            except TimeoutError:
                pass
            self._wake.clear()


def queue_metrics(db: Database, outbox: sa.Table | None, inbox: sa.Table | None
                  ) -> Callable[[Any], Awaitable[None]]:
    """A scrape hook (``Metrics.collectors``): the outbox backlog and the age of its oldest message (a relay that
    stopped delivering shows as a growing age), and the inbox's size and last delivery."""

    async def collect_queues(metrics: Any) -> None:
        async with db.sessionmaker() as session:
            if outbox is not None:
                row = (await session.execute(sa.select(
                    sa.func.count(),
                    sa.func.count().filter(outbox.c.attempts > 0),
                    sa.func.coalesce(sa.func.extract("epoch", sa.func.now() - sa.func.min(outbox.c.created_at)), 0),
                ).where(outbox.c.delivered_at.is_(None)))).one()
                metrics.outbox_pending.labels(metrics.service).set(row[0])
                metrics.outbox_retrying.labels(metrics.service).set(row[1])
                metrics.outbox_oldest.labels(metrics.service).set(float(row[2]))
            if inbox is not None:
                seen = (await session.execute(sa.select(
                    sa.func.count(),
                    sa.func.coalesce(sa.func.extract("epoch", sa.func.now() - sa.func.max(inbox.c.received_at)), -1),
                ))).one()
                metrics.inbox_entries.labels(metrics.service).set(seen[0])
                metrics.inbox_last.labels(metrics.service).set(float(seen[1]))

    return collect_queues


async def inbox_claim(session: AsyncSession, inbox: sa.Table, key: str) -> tuple[int, Any] | None:
    """Claim ``key`` for this transaction. Returns the stored answer if it was already processed, else None.

    A concurrent delivery of the same key waits on the row lock and then sees the first one's answer.
    """
    claimed = (await session.execute(
        insert(inbox).values(idempotency_key=key).on_conflict_do_nothing().returning(inbox.c.idempotency_key)
    )).first()
    if claimed:
        return None
    row = (await session.execute(sa.select(inbox.c.status, inbox.c.body).where(inbox.c.idempotency_key == key))).one()
    return int(row.status or 200), row.body


async def inbox_remember(session: AsyncSession, inbox: sa.Table, key: str, status: int, body: Any) -> None:
    await session.execute(sa.update(inbox).where(inbox.c.idempotency_key == key).values(status=status, body=body))

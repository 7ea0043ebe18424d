"""The webhook dispatcher of a gateway process: reads the services' event feeds into the delivery outbox, and sends
what is due, signed, to the subscribers.

Fan-out: each feed's cursor row is claimed with ``FOR UPDATE SKIP LOCKED`` (one process reads a feed at a time);
the page of events read after it is turned into delivery rows, one per (subscription, event) by a unique
constraint, and the cursor advances in that same transaction: an event is enqueued exactly once, or not at all
when the transaction fails (then it is read again). Only active subscriptions of the event's agency whose types
match and that existed when the event occurred receive it.

Sending: the due deliveries at the head of their record's queue (no earlier pending delivery of the same record
for that subscription) are claimed with ``FOR UPDATE SKIP LOCKED``, with the pending deliveries that follow them
in their record's queue, so two processes never send one delivery at once and a record's events go out in order.
Each record's queue is sent in order and stops at its first failure. The row locks are held until the outcomes are
written: a process that dies mid-send leaves the rows pending (sent again: at-least-once, same ``webhook-id``).

Before connecting, the receiver's host is resolved and every address checked (``rules.address_refusal``); the
request goes to the checked address (the host name travels in ``Host`` and TLS SNI), so a DNS answer that changes
between the check and the connection cannot redirect it. Redirects are not followed; proxies from the environment
are not used.

Why not ``merit_shared.outbox``: its relay sends service-to-service commands (one destination per message, a 4xx is
a final "rejected", backoff capped at 30 s, no order); webhooks need a message per subscriber, a day-long schedule,
order per record, refusals by address, an attempt log and disabling. The claim-and-send-under-lock pattern is the
same.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import socket
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import httpx
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from merit_gateway.models import Client
from merit_gateway.webhooks import rules
from merit_gateway.webhooks.feeds import FEEDS, Feed
from merit_gateway.webhooks.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookFeedCursor,
    WebhookOrigin,
    WebhookSubscription,
)
from merit_shared import clock
from merit_shared.db import Database
from merit_shared.http import ServiceClient, UpstreamUnavailable
from merit_shared.settings import Settings

log = logging.getLogger("merit.webhooks")
FEED_PAGE = 1000  # events read per feed request (the feeds' maximum)
CLAIM_BATCH = 100  # record queues claimed per pass
CHAIN = 100  # deliveries of one record queue sent, one after the other, in one pass
MAX_ERROR = 500
MISSING_FEED_RECHECK_SECONDS = 60.0  # a feed that answered 404 (its service has none yet) is asked again after this


@dataclass
class Outcome:
    delivery: WebhookDelivery
    attempted_at: datetime
    outcome: str  # delivered | failed | refused
    status_code: int | None
    duration_ms: int
    error: str | None
    final_status: str = "pending"  # the delivery's status after this attempt


class WebhookDispatcher:
    def __init__(self, db: Database, settings: Settings, services: dict[str, ServiceClient]) -> None:
        self.db = db
        self.settings = settings
        self.services = services
        self.schedule = settings.webhook_retry_delays
        self._http: aiohttp.ClientSession | None = None  # made in the running loop, at the first send
        self._wake = asyncio.Event()
        self._missing: dict[str, float] = {}  # feed -> when it answered 404 (monotonic)

    def wake(self) -> None:
        """A ping or a redelivery was enqueued: send it without waiting for the next poll."""
        self._wake.set()

    def http(self) -> aiohttp.ClientSession:
        """The senders' client (aiohttp, as the gateway's proxy: a fraction of httpx's cost per request); it never
        reads proxies from the environment and follows no redirect (see ``_send``)."""
        if self._http is None:
            self._http = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.settings.webhook_concurrency * 2, keepalive_timeout=3.0),
                timeout=aiohttp.ClientTimeout(total=self.settings.webhook_timeout_seconds), trust_env=False)
        return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.close()

    # --- fan-out ---------------------------------------------------------------------------------------------------

    async def poll_feeds(self) -> int:
        """Read every feed once; returns how many events were read."""
        n = 0
        for feed in FEEDS:
            if time.monotonic() - self._missing.get(feed.name, -1e18) < MISSING_FEED_RECHECK_SECONDS:
                continue
            try:
                n += await self.poll_feed(feed)
            except (UpstreamUnavailable, httpx.HTTPError, ValueError, KeyError) as exc:
                log.warning("webhook feed %s not read: %s", feed.name, exc)
        return n

    async def poll_feed(self, feed: Feed) -> int:
        async with self.db.sessionmaker() as session, session.begin():
            await session.execute(insert(WebhookFeedCursor).values(feed=feed.name, cursor=0)
                                  .on_conflict_do_nothing())
            cursor = (await session.execute(sa.select(WebhookFeedCursor).where(WebhookFeedCursor.feed == feed.name)
                                            .with_for_update(skip_locked=True))).scalar_one_or_none()
            if cursor is None:  # another process is reading this feed now
                return 0
            resp = await self.services[feed.service].request("GET", feed.path,
                                                             params={"after": cursor.cursor, "limit": FEED_PAGE})
            if resp.status_code == 404:  # the service has no such feed (yet): skipped quietly for a while
                self._missing[feed.name] = time.monotonic()
                return 0
            if resp.status_code != 200:
                log.warning("webhook feed %s answered %s", feed.name, resp.status_code)
                return 0
            events = [e for e in resp.json()["items"] if int(e["id"]) > cursor.cursor]
            if not events:
                return 0
            await self._enqueue(session, feed, events)
            cursor.cursor = max(int(e["id"]) for e in events)
            cursor.updated_at = clock.utcnow()
        return len(events)

    async def _enqueue(self, session: AsyncSession, feed: Feed, events: list[dict[str, Any]]) -> None:
        agencies = {uuid.UUID(str(e["agency_id"])) for e in events if e.get("agency_id")}
        subs = (await session.execute(
            sa.select(WebhookSubscription.id, WebhookSubscription.agency_id, WebhookSubscription.event_types,
                      WebhookSubscription.created_at)
            .join(Client, Client.id == WebhookSubscription.client_id)
            .where(WebhookSubscription.agency_id.in_(agencies), WebhookSubscription.active, Client.active))).all()
        by_agency: dict[str, list[Any]] = defaultdict(list)
        for s in subs:
            by_agency[str(s.agency_id)].append(s)
        rows = []
        for event in events:
            occurred = datetime.fromisoformat(str(event["occurred_at"]).replace("Z", "+00:00"))
            for s in by_agency.get(str(event.get("agency_id")), []):
                if occurred < s.created_at or not rules.wants(s.event_types, str(event["type"])):
                    continue
                rows.append({"id": uuid.uuid4(), "subscription_id": s.id, "agency_id": s.agency_id,
                             "feed": feed.name, "event_id": int(event["id"]), "event_type": str(event["type"]),
                             "record_key": rules.record_key(feed.name, event), "status": "pending", "attempts": 0,
                             "payload": {"type": event["type"], "timestamp": event["occurred_at"], "data": event}})
        if rows:  # one executemany (batched by the driver), in cursor order: seq follows it
            await session.execute(insert(WebhookDelivery).on_conflict_do_nothing(
                constraint="uq_webhook_deliveries_event"), rows)

    # --- sending ---------------------------------------------------------------------------------------------------

    async def send_due(self) -> int:
        """One pass: claim the due record queues, send them, record the outcomes. Returns the attempts made."""
        now = clock.utcnow()
        async with self.db.sessionmaker() as session, session.begin():
            queues = await self._claim(session, now)
            if not queues:
                return 0
            sub_ids = {q[0].subscription_id for q in queues}
            subs = {s.id: s for s in (await session.scalars(sa.select(WebhookSubscription).where(
                WebhookSubscription.id.in_(sub_ids)))).all()}
            origins = {(o.agency_id, o.origin): o.allow_private for o in (await session.scalars(sa.select(
                WebhookOrigin).where(WebhookOrigin.agency_id.in_({s.agency_id for s in subs.values()})))).all()}
            gate = asyncio.Semaphore(self.settings.webhook_concurrency)

            async def run(queue: list[WebhookDelivery]) -> list[Outcome]:
                done = []
                for d in queue:
                    async with gate:
                        result = await self._send(subs[d.subscription_id], d, origins)
                    done.append(result)
                    if result.outcome != "delivered":
                        break  # the rest of this record's queue waits behind it
                return done

            results = [o for batch in await asyncio.gather(*(run(q) for q in queues)) for o in batch]
            await self._record(session, results, subs)
        return len(results)

    async def _claim(self, session: AsyncSession, now: datetime) -> list[list[WebhookDelivery]]:
        d, e = WebhookDelivery, aliased(WebhookDelivery)
        earlier = sa.exists().where(e.subscription_id == d.subscription_id, e.record_key == d.record_key,
                                    e.status == "pending", e.seq < d.seq)
        heads = list((await session.scalars(
            sa.select(d).join(WebhookSubscription, WebhookSubscription.id == d.subscription_id)
            .join(Client, Client.id == WebhookSubscription.client_id)
            .where(d.status == "pending", d.next_attempt_at <= now, WebhookSubscription.active, Client.active,
                   ~earlier)
            .order_by(d.next_attempt_at, d.seq).limit(CLAIM_BATCH)
            .with_for_update(of=d, skip_locked=True))).all())
        queues = []
        for h in heads:
            queue = [h]
            if h.record_key is not None:
                # Only the holder of a queue's head reaches the rest of it (no one else sees those rows as heads).
                followers = (await session.scalars(
                    sa.select(d).where(d.subscription_id == h.subscription_id, d.record_key == h.record_key,
                                       d.status == "pending", d.seq > h.seq)
                    .order_by(d.seq).limit(CHAIN - 1).with_for_update(skip_locked=True))).all()
                for r in followers:
                    if r.next_attempt_at > now:  # a redelivered later one keeps its own backoff
                        break
                    queue.append(r)
            queues.append(queue)
        return queues

    async def _resolve(self, target: rules.Target) -> list[str]:
        try:
            return [str(ipaddress.ip_address(target.host))]
        except ValueError:
            pass
        infos = await asyncio.wait_for(asyncio.get_running_loop().getaddrinfo(
            target.host, target.port, type=socket.SOCK_STREAM), timeout=self.settings.webhook_timeout_seconds)
        return sorted({str(info[4][0]) for info in infos})

    async def _send(self, sub: WebhookSubscription, d: WebhookDelivery,
                    origins: dict[tuple[uuid.UUID, str], bool]) -> Outcome:
        started = time.monotonic()
        at = clock.utcnow()

        def done(outcome: str, status: int | None, error: str | None) -> Outcome:
            return Outcome(d, at, outcome, status, int((time.monotonic() - started) * 1000),
                           error[:MAX_ERROR] if error else None)

        try:
            target = rules.parse_target(sub.url)
        except rules.BadUrl as exc:
            return done("refused", None, f"refused: {exc}")
        allow_private = origins.get((sub.agency_id, target.origin))
        if allow_private is None:
            return done("refused", None, f"refused: the origin {target.origin} is no longer on the allow-list")
        try:
            addresses = await self._resolve(target)
        except (OSError, TimeoutError) as exc:
            return done("failed", None, f"the host {target.host} could not be resolved: {exc}")
        for address in addresses:
            if (why := rules.address_refusal(address, allow_private)) is not None:
                return done("refused", None, f"refused: {target.host} resolves to {address}, {why}")
        if not addresses:
            return done("failed", None, f"the host {target.host} has no address")
        pinned = addresses[0]
        parts = urlsplit(sub.url.strip())
        shown = f"[{pinned}]" if ":" in pinned else pinned
        url = urlunsplit((parts.scheme, f"{shown}:{target.port}", parts.path or "/", parts.query, ""))
        body = json.dumps(d.payload, separators=(",", ":"), ensure_ascii=False, default=str)
        keys = [sub.secret] + ([sub.previous_secret] if sub.previous_secret and sub.previous_secret_expires_at
                               and sub.previous_secret_expires_at > at else [])
        msg_id = rules.webhook_id(d.id)
        headers = {"content-type": "application/json", "user-agent": "Merit-Webhooks/1",
                   "host": parts.netloc.rsplit("@", 1)[-1], "webhook-id": msg_id,
                   "webhook-timestamp": str(int(at.timestamp())),
                   "webhook-signature": rules.signature_header(keys, msg_id, at, body)}
        try:
            async with self.http().post(url, data=body.encode(), headers=headers, allow_redirects=False,
                                        server_hostname=target.host if target.scheme == "https" else None) as resp:
                status, location = resp.status, resp.headers.get("location", "")
        except TimeoutError:
            return done("failed", None, f"no answer within {self.settings.webhook_timeout_seconds:g} s")
        except aiohttp.ClientError as exc:
            return done("failed", None, f"connection failed: {type(exc).__name__}: {exc}")
        if 200 <= status < 300:
            return done("delivered", status, None)
        if 300 <= status < 400:
            return done("failed", status, f"HTTP {status}: redirects are not followed (Location: {location[:200]})")
        return done("failed", status, f"HTTP {status}")

    async def _record(self, session: AsyncSession, results: list[Outcome],
                      subs: dict[uuid.UUID, WebhookSubscription]) -> None:
        """Each attempt logged; each delivery delivered, rescheduled or failed; each subscription's failure record
        kept, and the subscription disabled when it has failed persistently."""
        by_sub: dict[uuid.UUID, list[Outcome]] = defaultdict(list)
        updates = []
        for o in results:
            d = o.delivery
            row: dict[str, Any] = {"id": d.id, "attempts": d.attempts + 1, "last_attempt_at": o.attempted_at,
                                   "last_status_code": o.status_code, "last_error": o.error, "status": d.status,
                                   "next_attempt_at": d.next_attempt_at, "delivered_at": d.delivered_at}
            if o.outcome == "delivered":
                row.update(status="delivered", delivered_at=o.attempted_at)
            elif (delay := rules.retry_delay(row["attempts"], self.schedule)) is None:
                row["status"] = "failed"
            else:
                row["next_attempt_at"] = o.attempted_at + timedelta(seconds=delay)
            o.final_status = row["status"]
            updates.append(row)
            by_sub[d.subscription_id].append(o)
        # Two executemany statements (by primary key; the driver batches them), not one ORM flush per row.
        await session.execute(sa.update(WebhookDelivery), updates)
        await session.execute(sa.insert(WebhookAttempt), [
            {"id": uuid.uuid4(), "delivery_id": o.delivery.id, "subscription_id": o.delivery.subscription_id,
             "attempted_at": o.attempted_at, "outcome": o.outcome, "status_code": o.status_code,
             "duration_ms": o.duration_ms, "error": o.error} for o in results])
        # The subscriptions' rows in one order, so two processes never wait on each other in a cycle.
        for sub_id in sorted(by_sub):
            await session.refresh(subs[sub_id], with_for_update=True)
            self._account(subs[sub_id], by_sub[sub_id])

    def _account(self, sub: WebhookSubscription, outcomes: list[Outcome]) -> None:
        s = self.settings
        for o in outcomes:
            if o.outcome == "delivered":
                sub.consecutive_failures, sub.failing_since = 0, None
                continue
            sub.failing_since = sub.failing_since or o.attempted_at
            if o.final_status == "failed":
                sub.consecutive_failures += 1
        if not sub.active:
            return
        now = clock.utcnow()
        verdict = rules.disable_verdict(sub.consecutive_failures, sub.failing_since, now,
                                        s.webhook_disable_after_failures, s.webhook_disable_after_seconds)
        if verdict is None:
            return
        reason, detail = verdict
        sub.active, sub.disabled_reason, sub.disabled_detail, sub.disabled_at, sub.updated_at = (
            False, reason, detail, now, now)
        log.warning("webhook subscription %s disabled: %s", sub.id, detail)

    # --- the loop ---------------------------------------------------------------------------------------------------

    async def run_once(self) -> int:
        return await self.poll_feeds() + await self.send_due()

    async def run_forever(self) -> None:
        while True:
            busy = 0
            try:
                busy = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # the dispatcher must survive a database hiccup
                log.exception("webhook dispatcher pass failed")
            if busy:
                continue  # more may be due right away (the next event of a record, the next feed page)
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.settings.webhook_poll_seconds)
            except TimeoutError:
                pass
            self._wake.clear()

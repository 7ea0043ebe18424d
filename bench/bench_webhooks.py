"""Webhook fan-out: 1,000 events of the position feed to 10 subscribers (10,000 signed deliveries), issue #15.

    .venv/bin/python bench/bench_webhooks.py [--events 1000] [--subscribers 10]

Starts every service as a real process on free ports against a fresh database `merit_bench_webhooks`, builds an
agency, its allowed origin (127.0.0.1, allow_private), a machine client and its subscriptions (`*`) through the API,
and a receiver on 127.0.0.1 (aiohttp, in this process) that verifies every signature with `standardwebhooks`.
The events are written straight into positions' event table in one transaction (their production is not what is
measured); the clock runs from that commit until every delivery has arrived, through the gateway's feed polling,
outbox and sender. The position feed's events name no record yet, so each subscriber's deliveries go out in the
agency's order, one after the other.

Baseline, same run: the same number of plain POSTs (the same body size) to the same receiver from one httpx client,
with WEBHOOK_CONCURRENCY requests in flight (aiohttp, the client the dispatcher sends with). Target (issue #15): the fan-out within 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import httpx
from aiohttp import web
from standardwebhooks.webhooks import Webhook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from merit_shared.db import asyncpg_kwargs, with_database  # noqa: E402
from merit_shared.settings import DEV_SERVICE_SECRET  # noqa: E402
from merit_shared.stack import SERVICES, Stack, free_port, resolve_url  # noqa: E402

BENCH_DB = "merit_bench_webhooks"
CONCURRENCY = 20  # WEBHOOK_CONCURRENCY of the stack, and the baseline's requests in flight


async def fresh_database(url: str) -> None:
    admin = await asyncpg.connect(**asyncpg_kwargs(with_database(url, "postgres")))  # type: ignore[arg-type]
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{BENCH_DB}"')
    finally:
        await admin.close()


def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, f"{r.request.method} {r.request.url} -> {r.status_code}: {r.text[:500]}"
    return r.json()


def token(gw: httpx.Client, **form: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {ok(gw.post('/api/v1/auth/token', data=form))['access_token']}"}


class Receiver:
    """Counts the distinct webhook-ids per path, verifying each signature with the path's secret."""

    def __init__(self) -> None:
        self.port = free_port()
        self.secrets: dict[str, str] = {}
        self.seen: dict[str, set[str]] = {}
        self.requests = 0  # signed requests (the subscribers' paths), retries included
        self.bad = 0
        self.done = asyncio.Event()
        self.expected = 0

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.text()
        secret = self.secrets.get(request.path)
        if secret is not None:
            self.requests += 1
            try:
                Webhook(secret).verify(body, dict(request.headers))
            except Exception:  # noqa: BLE001 - a bad signature is counted, never accepted
                self.bad += 1
                return web.Response(status=400)
            self.seen.setdefault(request.path, set()).add(request.headers["webhook-id"])
            if self.total() >= self.expected:
                self.done.set()
        return web.Response(status=204)

    def total(self) -> int:
        return sum(len(s) for s in self.seen.values())

    async def start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self.handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self.port).start()
        return runner


def build(gw: httpx.Client, receiver: Receiver, subscribers: int) -> str:
    """An agency, its allowed origin, a machine client and its subscriptions; answers the agency id."""
    platform = token(gw, grant_type="client_credentials", client_id="svc-gateway", client_secret=DEV_SERVICE_SECRET)
    tag = uuid.uuid4().hex[:8].upper()
    agency = ok(gw.post("/api/v1/agencies", headers=platform, json={
        "code": f"BW-{tag}", "name": f"Pemerintah Kota Bench {tag}", "kind": "PEMDA_KOTA"}), 201)["id"]
    ok(gw.post("/api/v1/users", headers=platform, json={
        "username": f"admin-{tag.lower()}", "password": "rahasia-bench-123", "name": "Admin", "roles": ["agency_admin"],
        "agency_id": agency}), 201)
    admin = token(gw, grant_type="password", username=f"admin-{tag.lower()}", password="rahasia-bench-123")
    ok(gw.post("/api/v1/webhook-origins", headers=admin, json={"origin": f"http://127.0.0.1:{receiver.port}",
                                                                "allow_private": True}), 201)
    client = ok(gw.post("/api/v1/clients", headers=admin, json={"name": "Bench", "scopes": ["webhooks:manage"]}), 201)
    mc = token(gw, grant_type="client_credentials", client_id=client["client_id"],
               client_secret=client["client_secret"])
    for i in range(subscribers):
        sub = ok(gw.post("/api/v1/webhook-subscriptions", headers=mc, json={
            "url": f"http://127.0.0.1:{receiver.port}/s{i}", "event_types": ["*"]}), 201)
        receiver.secrets[f"/s{i}"] = sub["secret"]
    return str(agency)


async def write_events(url: str, agency: str, n: int) -> float:
    """``n`` position_filled events in one transaction; answers the instant of the commit (monotonic)."""
    conn = await asyncpg.connect(**asyncpg_kwargs(url))  # type: ignore[arg-type]
    try:
        rows = [("position_filled", uuid.UUID(agency), json.dumps({
            "position_id": str(uuid.uuid4()), "unit_id": str(uuid.uuid4()), "employee_id": str(uuid.uuid4()),
            "filled_from": "2026-01-02", "required_seats": 1, "filled": 1, "vacant": 0})) for _ in range(n)]
        async with conn.transaction():
            await conn.executemany("INSERT INTO positions.events (type, agency_id, data) VALUES ($1, $2, $3::jsonb)",
                                   rows)
        return time.monotonic()
    finally:
        await conn.close()


async def baseline(receiver: Receiver, n: int, body: bytes) -> float:
    """Seconds for ``n`` plain POSTs from one client (aiohttp, the dispatcher's), CONCURRENCY in flight."""
    gate = asyncio.Semaphore(CONCURRENCY)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY * 2)) as client:
        async def one(i: int) -> None:
            async with gate, client.post(f"http://127.0.0.1:{receiver.port}/plain/{i % 10}", data=body,
                                         headers={"content-type": "application/json"}) as r:
                assert r.status == 204
        t = time.monotonic()
        await asyncio.gather(*(one(i) for i in range(n)))
        return time.monotonic() - t


async def measure(args: argparse.Namespace, gw_url: str, db_url: str, receiver: Receiver) -> None:
    with httpx.Client(base_url=gw_url, timeout=60) as gw:
        agency = build(gw, receiver, args.subscribers)
    deliveries = args.events * args.subscribers
    receiver.expected = deliveries
    sample = json.dumps({"type": "position_filled", "timestamp": "2026-12-03T03:04:05.123456+00:00", "data": {
        "id": 123456, "type": "position_filled", "occurred_at": "2026-12-03T03:04:05.123456+00:00",
        "agency_id": agency, "data": {"position_id": str(uuid.uuid4()), "unit_id": str(uuid.uuid4()),
                                      "employee_id": str(uuid.uuid4()), "filled_from": "2026-01-02",
                                      "required_seats": 1, "filled": 1, "vacant": 0}}}).encode()
    base = await baseline(receiver, deliveries, sample)
    committed = await write_events(db_url, agency, args.events)
    try:
        await asyncio.wait_for(receiver.done.wait(), timeout=args.timeout)
    except TimeoutError:
        print(f"timed out after {args.timeout} s: {receiver.total()} of {deliveries} deliveries arrived")
    fanout = time.monotonic() - committed
    got = receiver.total()
    print(f"{'measure':<58} {'seconds':>8} {'per s':>9} {'x baseline':>11}")
    print("-" * 90)
    print(f"{f'plain POSTs ({deliveries}, one client, {CONCURRENCY} in flight)':<58} {base:>8.2f} "
          f"{deliveries / base:>9.0f} {1.0:>11.1f}")
    print(f"{f'webhook fan-out ({args.events} events x {args.subscribers} subscribers)':<58} {fanout:>8.2f} "
          f"{got / fanout:>9.0f} {fanout / base:>11.1f}")
    print(f"deliveries arrived: {got} of {deliveries} (distinct webhook-ids); signed requests beyond one per "
          f"delivery: {receiver.requests - got}; bad signatures: {receiver.bad}; target: within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--subscribers", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    url = with_database(resolve_url(), BENCH_DB)
    asyncio.run(fresh_database(url))
    logs = Path(tempfile.mkdtemp(prefix="merit-bench-webhooks-"))
    stack = Stack(url, ports={n: free_port() for n in SERVICES}, log_dir=logs,
                  env={"LOG_LEVEL": "WARNING", "LOG_REQUESTS": "false", "SCHEDULER_ENABLED": "false",
                       "WEBHOOK_POLL_SECONDS": "0.5", "WEBHOOK_CONCURRENCY": str(CONCURRENCY)})

    async def run() -> None:
        receiver = Receiver()
        runner = await receiver.start()
        try:
            await measure(args, stack.url("gateway"), url, receiver)
        finally:
            await runner.cleanup()

    try:
        stack.start_all()
        asyncio.run(run())
    finally:
        stack.stop_all()
        print(f"service logs: {logs}")


if __name__ == "__main__":
    main()

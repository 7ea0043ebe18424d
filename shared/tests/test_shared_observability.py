"""Operations: route templates for the gateway's metrics, the pool/outbox/inbox gauges, the access log, the
/metrics token, and the stack's port check and supervisor."""

from __future__ import annotations

import io
import logging
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import sqlalchemy as sa
from fastapi import Depends, FastAPI, Request
from prometheus_client.parser import text_string_to_metric_families

from merit_shared.auth import Principal, current_principal
from merit_shared.db import Database, ensure_database
from merit_shared.observability import (
    JsonFormatter,
    Metrics,
    RequestContextMiddleware,
    RouteTemplates,
    bearer_matches,
    sqlalchemy_pool_stats,
)
from merit_shared.outbox import enqueue, outbox_tables, queue_metrics
from merit_shared.stack import Stack, StackError, check_ports
from merit_shared.testing import TokenFactory, use_test_database

TEMPLATES = [
    "/api/v1/positions",
    "/api/v1/positions/{position_id}",
    "/api/v1/positions/{position_id}/history",
    "/api/v1/position-reports/peta-jabatan",
    "/api/v1/selections/{selection_id}/committee/{member_id}/declarations/{application_id}",
    "/api/v1/employees/{employee_id}",
    "/api/v1/employees/by-nip/{nip}",
    "/api/v1/employees/{employee_id}/summary",
]


@pytest.mark.parametrize(("path", "template"), [
    ("/api/v1/positions", "/api/v1/positions"),
    ("/api/v1/positions/", "/api/v1/positions"),
    ("/api/v1/positions/3fa85f64-5717-4562-b3fc-2c963f66afa6", "/api/v1/positions/{position_id}"),
    ("/api/v1/positions/abc/history", "/api/v1/positions/{position_id}/history"),
    ("/api/v1/position-reports/peta-jabatan", "/api/v1/position-reports/peta-jabatan"),
    ("/api/v1/selections/s1/committee/m2/declarations/a3",
     "/api/v1/selections/{selection_id}/committee/{member_id}/declarations/{application_id}"),
    # a literal segment wins over a parameter in the same place, as the services declare their routes
    ("/api/v1/employees/by-nip/198511202010011003", "/api/v1/employees/by-nip/{nip}"),
    ("/api/v1/employees/e1/summary", "/api/v1/employees/{employee_id}/summary"),
    ("/api/v1/employees/by-nip", "/api/v1/employees/{employee_id}"),
    ("/api/v1/position-reports/unknown", None),
    ("/api/v1/positions/a/b/c", None),
    ("/api/v1/selections//committee/m/declarations/a", None),  # a parameter never matches an empty segment
])
def test_route_templates_match_like_the_services_routers(path: str, template: str | None) -> None:
    assert RouteTemplates(TEMPLATES).match(path) == template


def test_no_templates_matches_nothing() -> None:
    assert RouteTemplates().match("/api/v1/positions/1") is None


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


SCHEMA = "shared_observability"
meta = sa.MetaData(schema=SCHEMA)
outbox, inbox = outbox_tables(meta)


@pytest.fixture(scope="module")
async def db() -> AsyncIterator[Database]:
    url = use_test_database()
    await ensure_database(url)
    database = Database(url, SCHEMA, None, pool_size=3)
    async with database.engine.begin() as conn:
        await conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        await conn.execute(sa.text(f'CREATE SCHEMA "{SCHEMA}"'))
        await conn.run_sync(meta.create_all)
    yield database
    await database.dispose()


async def test_outbox_and_inbox_gauges_follow_the_tables(db: Database) -> None:
    metrics = Metrics("svc")
    metrics.collectors.append(queue_metrics(db, outbox, inbox))

    async def scrape() -> dict[Any, float]:
        resp = await metrics.endpoint(None)  # type: ignore[arg-type]
        return _samples(bytes(resp.body).decode())

    empty = await scrape()
    assert empty[("merit_outbox_pending", (("service", "svc"),))] == 0
    assert empty[("merit_outbox_oldest_pending_seconds", (("service", "svc"),))] == 0
    assert empty[("merit_inbox_entries", (("service", "svc"),))] == 0
    assert empty[("merit_inbox_last_received_seconds", (("service", "svc"),))] == -1

    async with db.sessionmaker() as session, session.begin():
        for _ in range(3):
            await enqueue(session, outbox, kind="k", destination="positions", method="POST", path="/x", payload={})
        # one message is an hour old and failed twice; one was delivered and no longer counts
        await session.execute(sa.update(outbox).where(outbox.c.id == sa.select(outbox.c.id).limit(1)
                                                      .scalar_subquery()).values(
            created_at=sa.func.now() - sa.text("interval '1 hour'"), attempts=2))
        delivered = await enqueue(session, outbox, kind="k", destination="positions", method="POST", path="/y",
                                  payload={})
        await session.execute(sa.update(outbox).where(outbox.c.id == delivered).values(delivered_at=sa.func.now()))
        await session.execute(sa.insert(inbox).values(idempotency_key="a", status=201))
        await session.execute(sa.insert(inbox).values(idempotency_key="b", status=201,
                                                      received_at=sa.func.now() - sa.text("interval '1 day'")))
    full = await scrape()
    assert full[("merit_outbox_pending", (("service", "svc"),))] == 3
    assert full[("merit_outbox_retrying", (("service", "svc"),))] == 1
    assert 3600 <= full[("merit_outbox_oldest_pending_seconds", (("service", "svc"),))] < 3600 + 600
    assert full[("merit_inbox_entries", (("service", "svc"),))] == 2
    assert 0 <= full[("merit_inbox_last_received_seconds", (("service", "svc"),))] < 600


async def test_pool_gauges_count_connections_in_use(db: Database) -> None:
    metrics = Metrics("svc")
    async with db.engine.connect() as conn:
        await conn.exec_driver_sql("SELECT 1")
        metrics.record_pool("orm", **sqlalchemy_pool_stats(db.engine))
        busy = _samples(bytes((await metrics.endpoint(None)).body).decode())  # type: ignore[arg-type]
    metrics.record_pool("orm", **sqlalchemy_pool_stats(db.engine))
    idle = _samples(bytes((await metrics.endpoint(None)).body).decode())  # type: ignore[arg-type]

    def gauge(samples: dict[Any, float], state: str) -> float:
        return samples[("merit_db_pool_connections", (("pool", "orm"), ("service", "svc"), ("state", state)))]

    assert gauge(busy, "in_use") == 1
    assert gauge(idle, "in_use") == 0
    assert gauge(idle, "idle") >= 1
    assert gauge(idle, "max") == 6  # pool_size 3 plus as many overflow connections


async def test_a_failing_hook_does_not_fail_the_scrape() -> None:
    metrics = Metrics("svc")

    async def broken(_m: Metrics) -> None:
        raise OSError("database down")

    metrics.collectors.append(broken)
    resp = await metrics.endpoint(None)  # type: ignore[arg-type]
    assert resp.status_code == 200 and b"merit_http_requests_total" in bytes(resp.body)


async def test_access_log_names_route_template_and_caller() -> None:
    tokens = TokenFactory()
    metrics = Metrics("svc")
    app = FastAPI()
    app.state.verifier = tokens.verifier()
    app.add_middleware(RequestContextMiddleware, metrics=metrics)

    @app.get("/things/{thing_id}")
    async def read(thing_id: int, principal: Principal = Depends(current_principal)) -> Any:
        return {"id": thing_id}

    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter("svc"))
    access = logging.getLogger("merit.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            r = await client.get("/things/7", headers=tokens.headers("employee", agency_id="a1", sub="budi"))
            assert r.status_code == 200
    finally:
        access.removeHandler(handler)
    doc = orjson.loads(buffer.getvalue().splitlines()[-1])
    assert doc["route"] == "/things/{thing_id}" and doc["path"] == "/things/7"
    assert doc["caller"] == "budi" and doc["status"] == 200
    text = bytes((await metrics.endpoint(None)).body).decode()  # type: ignore[arg-type]
    assert 'route="/things/{thing_id}"' in text


@pytest.mark.parametrize(("header", "token", "ok"), [
    ("Bearer s3cret", "s3cret", True),
    ("bearer s3cret", "s3cret", True),
    ("Bearer wrong", "s3cret", False),
    (None, "s3cret", False),
    ("Bearer ", None, False),  # no token configured: nobody passes
    ("Basic s3cret", "s3cret", False),
])
def test_metrics_token_check(header: str | None, token: str | None, ok: bool) -> None:
    scope = {"type": "http", "headers": [(b"authorization", header.encode())] if header else []}
    assert bearer_matches(Request(scope), token) is ok


def test_busy_port_message_names_the_port_the_setting_and_the_log(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(StackError) as err:
            check_ports({"gateway": port}, tmp_path / "logs")
    message = str(err.value)
    assert f"port {port}" in message and "GATEWAY_PORT" in message and str(tmp_path / "logs") in message
    check_ports({"gateway": port})  # free again once released


def test_supervisor_reports_and_restarts_a_dead_service_then_gives_up(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A child that dies is reported with its exit code and log and started again, at most max_restarts times."""
    stack = Stack("postgresql://unused", ports={"positions": 1}, log_dir=tmp_path)
    started: list[str] = []

    def fake_start(name: str) -> None:  # a "service" that writes a line to its log and exits with code 3
        started.append(name)
        with open(tmp_path / f"{name}.log", "ab") as log:
            stack.procs[name] = subprocess.Popen([sys.executable, "-c", "print('boom: address in use'); exit(3)"],
                                                 stdout=log, stderr=subprocess.STDOUT)
        stack.procs[name].wait()

    monkeypatch.setattr(stack, "start", fake_start)
    monkeypatch.setattr(stack, "wait_ready", lambda name: None)
    monkeypatch.setattr("merit_shared.stack.time.sleep", lambda _s: None)
    monkeypatch.setattr("merit_shared.stack.RESTART_BACKOFF_SECONDS", (0.0,))
    fake_start("positions")
    reports = stack.supervise_once(max_restarts=1)
    assert len(reports) == 1 and "positions (port 1) exited with code 3" in reports[0]
    assert str(tmp_path / "positions.log") in reports[0] and "boom: address in use" in reports[0]
    assert started == ["positions", "positions"]
    with pytest.raises(StackError, match="restarted 1 times already"):
        stack.supervise_once(max_restarts=1)

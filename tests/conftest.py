"""End-to-end fixtures: all four services as real processes on free ports, driven through the gateway."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from merit_shared.settings import DEV_SERVICE_SECRET
from merit_shared.stack import SERVICES, Stack, free_port
from merit_shared.testing import SmtpSink, test_database_name, test_database_url

DEMO_PASSWORD = "rahasia-uji-123"
METRICS_TOKEN = "e2e-metrics-token"  # the Prometheus scraper's token (METRICS_TOKEN) of the e2e stack


@contextmanager
def running_stack(database_url: str, env: dict[str, str], prefix: str = "merit-e2e-") -> Iterator[Stack]:
    """All four services as processes on free ports; their logs are printed when starting them fails."""
    log_dir = Path(os.environ.get("MERIT_E2E_LOGS") or tempfile.mkdtemp(prefix=prefix))
    s = Stack(database_url, ports={n: free_port() for n in SERVICES}, env=env, log_dir=log_dir)
    try:
        s.start_all()
        yield s
    except Exception:
        for f in sorted(log_dir.glob("*.log")):
            print(f"--- {f.name}\n{f.read_text()[-3000:]}")
        raise
    finally:
        s.stop_all()


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpSink]:
    """The session's real SMTP server (aiosmtpd): the stack's gateway sends every notification there."""
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def stack(smtp: SmtpSink) -> Iterator[Stack]:
    with running_stack(test_database_url(test_database_name("_e2e")),
                       {"LOG_LEVEL": "INFO", "OUTBOX_POLL_SECONDS": "0.2", "REVOCATION_REFRESH_SECONDS": "1",
                        # the daily jobs run when a test asks (POST /scheduler/runs), never behind another test's back
                        "SCHEDULER_ENABLED": "false", "METRICS_TOKEN": METRICS_TOKEN,
                        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port), "SMTP_TLS": "none",
                        "NOTIFY_POLL_SECONDS": "0.3"}) as s:
        yield s


@pytest.fixture(scope="session")
def gw(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.url("gateway"), timeout=30) as c:
        yield c


def client_token(gw: httpx.Client, client_id: str = "svc-positions", secret: str = DEV_SERVICE_SECRET) -> str:
    r = gw.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                             "client_secret": secret})
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def login(gw: httpx.Client, username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    r = gw.post("/api/v1/auth/token", data={"grant_type": "password", "username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture(scope="session")
def platform(gw: httpx.Client) -> dict[str, str]:
    """A platform operator's headers (service credentials): creates agencies and their first admins."""
    return {"Authorization": f"Bearer {client_token(gw)}"}


def create_user(gw: httpx.Client, platform: dict[str, str], agency_id: str, roles: list[str],
                **extra: Any) -> str:
    username = f"u{uuid.uuid4().hex[:10]}"
    r = gw.post("/api/v1/users", headers=platform, json={
        "username": username, "password": DEMO_PASSWORD, "name": username, "roles": roles,
        "agency_id": agency_id, **extra})
    assert r.status_code == 201, r.text
    return username


def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, f"{r.request.method} {r.request.url} -> {r.status_code}: {r.text}"
    return r.json() if r.content else None

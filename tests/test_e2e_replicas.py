"""Stateless replicas, proven: two processes of each domain service behind one gateway (``POSITIONS_URL`` listing
both, and so on), one of each killed mid-load. No idempotent request fails, the outbox delivers each command
exactly once although both replicas run a relay, and each daily job runs once per agency and day although both
replicas run the scheduler."""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from merit_shared import testing
from merit_shared.db import asyncpg_kwargs
from merit_shared.settings import DEV_SERVICE_SECRET
from merit_shared.stack import SERVICES, Stack, free_port
from tests.conftest import ok
from tests.test_e2e_performance import Agency
from tests.world import TODAY

REPLICAS = ("positions#2", "evaluation#2", "recruitment#2")


@pytest.fixture(scope="module")
def two_of_each() -> Iterator[Stack]:
    log_dir = Path(os.environ.get("MERIT_E2E_LOGS") or tempfile.mkdtemp(prefix="merit-replicas-"))
    ports = {name: free_port() for name in (*SERVICES, *REPLICAS)}
    s = Stack(testing.test_database_url(testing.test_database_name("_replicas")), ports=ports, log_dir=log_dir, env={
        "LOG_LEVEL": "WARNING", "OUTBOX_POLL_SECONDS": "0.2", "REVOCATION_REFRESH_SECONDS": "1",
        # seven processes beside the session's stack on one PostgreSQL (the embedded one allows 100 connections)
        "DB_POOL_SIZE": "3",
        # both replicas of each service run the daily jobs, every second
        "SCHEDULER_ENABLED": "true", "SCHEDULER_INTERVAL_SECONDS": "1"})
    try:
        s.start_all()
        yield s
    except Exception:
        for f in sorted(log_dir.glob("*.log")):
            print(f"--- {f.name}\n{f.read_text()[-3000:]}")
        raise
    finally:
        s.stop_all()


def platform_headers(gw: httpx.Client) -> dict[str, str]:
    r = gw.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": "svc-positions",
                                             "client_secret": DEV_SERVICE_SECRET})
    return {"Authorization": f"Bearer {ok(r)['access_token']}"}


class Load(threading.Thread):
    """Idempotent reads of every service through the gateway, as fast as one client goes, until stopped."""

    def __init__(self, base: str, a: Agency) -> None:
        super().__init__(daemon=True)
        self.base, self.a = base, a
        self.stop_at: float | None = None
        self.statuses: list[tuple[str, int]] = []

    def run(self) -> None:
        paths = ["/api/v1/org-units", f"/api/v1/employees/{self.a.kadis['id']}",
                 f"/api/v1/annual-ratings?employee_id={self.a.kadis['id']}", "/api/v1/competencies",
                 "/api/v1/selections"]
        with httpx.Client(base_url=self.base, timeout=30) as c:
            n = 0
            while self.stop_at is None or time.monotonic() < self.stop_at:
                path = paths[n % len(paths)]
                n += 1
                try:
                    self.statuses.append((path, c.get(path, headers=self.a.admin).status_code))
                except httpx.HTTPError:
                    self.statuses.append((path, 0))


async def database_facts(url: str, agency_ids: list[str], destination_employees: list[str]) -> dict[str, Any]:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    try:
        links = await conn.fetch("SELECT employee_id FROM evaluation.employee_link WHERE employee_id = ANY($1::uuid[])",
                                 destination_employees)
        outbox = await conn.fetch("SELECT delivered_at, attempts FROM positions.outbox WHERE kind = 'employee_transferred'")
        runs = {}
        for schema in ("positions", "recruitment"):
            runs[schema] = await conn.fetch(
                f"SELECT job, agency_id, run_date, status FROM {schema}.job_runs WHERE agency_id = ANY($1::uuid[])",
                agency_ids)
        return {"links": links, "outbox": outbox, "runs": runs}
    finally:
        await conn.close()


def test_killing_one_replica_of_each_service_mid_load_loses_nothing(two_of_each: Stack) -> None:
    with httpx.Client(base_url=two_of_each.url("gateway"), timeout=30) as gw:
        platform = platform_headers(gw)
        a, b = Agency(gw, platform), Agency(gw, platform)
        load = Load(two_of_each.url("gateway"), a)
        load.start()
        time.sleep(1.5)
        killed = [two_of_each.procs[name] for name in ("positions#2", "evaluation", "recruitment#2")]
        for proc in killed:
            proc.kill()  # SIGKILL mid-load: no graceful shutdown, its connections break
        for proc in killed:
            proc.wait(10)
        # cross-service commands after the kill: a transfer in effect today tells evaluation (positions' outbox)
        moved = []
        for person in (a.staff, a.kabid):
            t = ok(gw.post("/api/v1/transfers", headers=a.admin, json={
                "employee_id": person["id"], "destination_agency_id": b.agency_id, "sk_number": "800/12/BKPSDM",
                "sk_date": TODAY.isoformat(), "tmt": TODAY.isoformat()}), 201)
            done = ok(gw.post(f"/api/v1/transfers/{t['id']}/accept", headers=b.admin,
                              json={"sk_number": "821/9/2026", "sk_date": TODAY.isoformat()}))
            moved.append(done["destination_employee_id"])
        load.stop_at = time.monotonic() + 3
        load.join(60)

        failed = [(p, s) for p, s in load.statuses if s != 200]
        assert len(load.statuses) > 20 and not failed, f"{len(failed)} of {len(load.statuses)} failed: {failed[:5]}"
        for name in SERVICES:
            assert gw.get("/api/v1/org-units", headers=a.admin).status_code == 200, name

        deadline = time.monotonic() + 60
        facts: dict[str, Any] = {}
        while time.monotonic() < deadline:
            facts = asyncio.run(database_facts(two_of_each.database_url, [a.agency_id, b.agency_id], moved))
            if len(facts["links"]) == len(moved) and all(r["delivered_at"] for r in facts["outbox"]):
                break
            time.sleep(0.5)
        # exactly once: one link per transfer, every command delivered, none twice
        assert sorted(str(r["employee_id"]) for r in facts["links"]) == sorted(moved)
        assert len(facts["outbox"]) == len(moved) and all(r["delivered_at"] for r in facts["outbox"])

        # each daily job ran, once per agency and day, with two schedulers per service
        while time.monotonic() < deadline:
            facts = asyncio.run(database_facts(two_of_each.database_url, [a.agency_id, b.agency_id], moved))
            if {r["job"] for r in facts["runs"]["positions"] if r["status"] == "succeeded"} >= {
                    "retire_at_bup", "apply_transfers", "apply_personnel_actions", "end_acting"}:
                break
            time.sleep(0.5)
        assert facts["runs"]["positions"]  # recruitment runs only for agencies with selections: none here
        for schema, runs in facts["runs"].items():
            keys = [(r["job"], r["agency_id"], r["run_date"]) for r in runs]
            assert len(keys) == len(set(keys)), (schema, keys)
            assert all(r["status"] != "failed" for r in runs), (schema, runs)

"""The merit-system index of one year (GET /api/v1/merit-index/{agency_id}?year=) for a city, issue #14.

Seeds the city of ``bench_positions.py`` (660 units, 3,000 positions, 10,000 PNS with 5 years of assignment history)
plus, in evaluation, 5 years of annual ratings, development hours, disciplinary cases and succession plans for the
managerial seats, with an ABK for every third position; then starts the four services as processes (the index is
assembled by evaluation calling positions and recruitment over HTTP) and measures through the gateway:

  * the whole index of the last complete year (open: computed from the records on every call);
  * the same year once closed (the frozen figures);
  * baseline in the same run: every indicator query of the three services run in process, one after the other
    (the SQL floor of the index, without HTTP, tokens, JSON or the population transfer).

    .venv/bin/python bench/bench_merit_index.py [--runs 10]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402
import bench_positions  # noqa: E402

from merit_shared.db import asyncpg_kwargs, with_database  # noqa: E402
from merit_shared.settings import DEV_SERVICE_SECRET  # noqa: E402
from merit_shared.stack import SERVICES, Stack, free_port, migrate_all, resolve_url  # noqa: E402

DB = "merit_bench_merit_index"
YEAR = date.today().year - 1


async def fresh(url: str) -> None:
    admin = await asyncpg.connect(**asyncpg_kwargs(with_database(url, "postgres")))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DB}"')
    finally:
        await admin.close()
    await migrate_all(url)


async def seed_evaluation(url: str, agency_id: uuid.UUID, rng: random.Random) -> dict[str, int]:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    try:
        emps = [r["id"] for r in await conn.fetch("SELECT id FROM positions.employees WHERE agency_id = $1", agency_id)]
        seats = await conn.fetch("SELECT id, name FROM positions.positions WHERE agency_id = $1", agency_id)
        managerial = [r["id"] for r in await conn.fetch(
            "SELECT id FROM positions.positions WHERE agency_id = $1 AND is_managerial", agency_id)]
        await conn.copy_records_to_table("position_abk", schema_name="positions", records=[
            (s["id"], YEAR, agency_id, "[]", 75000, 75000, 1, 1, "HALF_UP") for s in seats[::3]],
            columns=["position_id", "year", "agency_id", "tasks", "workload_minutes", "effective_minutes",
                     "need_exact", "need_rounded", "rounding"])
        ratings, dev, disc = [], [], []
        for e in emps:
            for y in range(YEAR - 4, YEAR + 1):
                if rng.random() < 0.9:
                    ratings.append((uuid.uuid4(), agency_id, e, y, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BAIK",
                                    "recorded", "bench"))
                minutes = rng.choice((450, 900, 1080))
                dev.append((uuid.uuid4(), agency_id, e, "Pelatihan", "PELATIHAN", date(y, 3, 1), date(y, 3, 3),
                            minutes, minutes / 45, "bench"))
            if rng.random() < 0.03:
                disc.append((uuid.uuid4(), agency_id, e, "LIGHT", date(YEAR, 5, 1), "800/B", "bench"))
        await conn.copy_records_to_table("annual_rating", schema_name="evaluation", records=ratings, columns=[
            "id", "agency_id", "employee_id", "year", "rating_hasil_kerja", "rating_perilaku", "predikat", "source",
            "created_by"])
        await conn.copy_records_to_table("development_record", schema_name="evaluation", records=dev, columns=[
            "id", "agency_id", "employee_id", "title", "kind", "started_on", "ended_on", "minutes", "jp",
            "created_by"])
        await conn.copy_records_to_table("discipline_record", schema_name="evaluation", records=disc, columns=[
            "id", "agency_id", "employee_id", "level", "decided_on", "decree_number", "created_by"])
        plans, cands = [], []
        for p in managerial[::2]:
            pid = uuid.uuid4()
            plans.append((pid, agency_id, p, "{}", "ACTIVE", "bench"))
            for rank in (1, 2):
                cands.append((uuid.uuid4(), pid, rng.choice(emps), rng.choice(("READY_NOW", "READY_LATER")), rank,
                              "bench"))
        await conn.copy_records_to_table("succession_plan", schema_name="evaluation", records=plans, columns=[
            "id", "agency_id", "position_id", "position", "status", "created_by"])
        await conn.execute("UPDATE evaluation.succession_plan SET created_at = $1", date(YEAR, 6, 1))
        await conn.copy_records_to_table("succession_candidate", schema_name="evaluation", records=cands, columns=[
            "id", "plan_id", "employee_id", "readiness", "rank", "created_by"])
        await conn.execute("ANALYZE")
        return {"ratings": len(ratings), "development": len(dev), "discipline": len(disc), "plans": len(plans)}
    finally:
        await conn.close()


async def baseline(url: str, agency_id: uuid.UUID, runs: int) -> list[float]:
    """Every indicator query of the three services, in process through the same ``measure`` (SQLAlchemy on
    asyncpg), the population passed in memory: the index without HTTP, tokens, JSON or the gateway."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import AsyncSession

    from merit_evaluation.merit_indicators import service as ev
    from merit_positions.merit_indicators import service as pos
    from merit_recruitment.merit_indicators import service as rec
    from merit_shared.db import make_engine
    from merit_shared.indicators import measure

    engine = make_engine(url, "positions", None)
    times = []
    try:
        for _ in range(runs):
            t = time.perf_counter()
            async with AsyncSession(engine) as s:
                await s.execute(text("SET search_path = positions, public"))
                pop = await pos.population(s, agency_id, YEAR)
                for d in pos.REGISTRY.values():
                    await measure(s, d, "positions", pos.params_of(agency_id, YEAR), "")
                await s.execute(text("SET search_path = recruitment, public"))
                for d in rec.REGISTRY.values():
                    await measure(s, d, "recruitment", rec.params_of(agency_id, YEAR, 3), "")
                await s.execute(text("SET search_path = evaluation, public"))
                await ev.load_population(s, pop)
                params = ev.params_of(agency_id, YEAR)
                for d in ev.REGISTRY.values():
                    await measure(s, d, "evaluation", params, "")
            times.append((time.perf_counter() - t) * 1000)
    finally:
        await engine.dispose()
    return times


def timed(client: httpx.Client, path: str, headers: dict[str, str], runs: int, **params: Any) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = client.get(path, params=params, headers=headers)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.text[:500]
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    rng = random.Random(202614)
    url = with_database(resolve_url(), DB)
    asyncio.run(fresh(url))
    agency_id = uuid.uuid4()
    counts = asyncio.run(bench_positions.seed(url, agency_id, rng))
    counts.update(asyncio.run(seed_evaluation(url, agency_id, rng)))
    print("seeded:", counts)
    logs = Path(tempfile.mkdtemp(prefix="merit-bench-index-"))
    stack = Stack(url, ports={n: free_port() for n in SERVICES}, log_dir=logs,
                  env={"LOG_LEVEL": "WARNING", "SCHEDULER_ENABLED": "false", "LOG_REQUESTS": "false"})
    try:
        stack.start_all()
        with httpx.Client(base_url=stack.url("gateway"), timeout=120) as gw:
            svc = gw.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": "svc-positions",
                                                      "client_secret": DEV_SERVICE_SECRET}).json()["access_token"]
            platform = {"Authorization": f"Bearer {svc}"}
            username = f"bench{uuid.uuid4().hex[:8]}"
            r = gw.post("/api/v1/users", headers=platform, json={
                "username": username, "password": "rahasia-bench-123", "name": "Bench", "roles": ["agency_admin"],
                "agency_id": str(agency_id)})
            assert r.status_code == 201, r.text
            tok = gw.post("/api/v1/auth/token", data={"grant_type": "password", "username": username,
                                                      "password": "rahasia-bench-123"}).json()["access_token"]
            admin = {"Authorization": f"Bearer {tok}"}
            path = f"/api/v1/merit-index/{agency_id}"
            first = gw.get(path, params={"year": YEAR}, headers=admin)
            assert first.status_code == 200, first.text[:500]
            doc = first.json()
            print(f"index {YEAR}: score {doc['score']} category {doc['category']}; "
                  + ", ".join(f"{i['code']}={i['numerator']}/{i['denominator']}" for i in doc["indicators"]
                              if i["status"] == "measured"))
            open_times = timed(gw, path, admin, args.runs, year=YEAR)
            r = gw.post(f"{path}/closures", headers=admin, json={"year": YEAR})
            assert r.status_code == 201, r.text[:500]
            closed_times = timed(gw, path, admin, args.runs, year=YEAR)
        raw = asyncio.run(baseline(url, agency_id, args.runs))
    finally:
        stack.stop_all()
    base = _common.pct(raw, 50)
    rows = [("index, open year (computed), gateway", open_times), ("index, closed year (frozen), gateway", closed_times),
            ("baseline: the indicator SQL, in process", raw)]
    print(f"{'measure':45} {'median ms':>10} {'p95 ms':>10} {'x baseline':>11}")
    for name, t in rows:
        print(f"{name:45} {_common.pct(t, 50):10.1f} {_common.pct(t, 95):10.1f} {_common.pct(t, 50) / base:11.2f}")
    print("target: the whole index of one year < 3000 ms (issue #14)")


if __name__ == "__main__":
    main()

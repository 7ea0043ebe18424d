"""The national export of a city (GET /api/v1/national-export/{dataset}), streamed.

Seeds the city of ``bench_positions.py`` (660 units, 3,000 positions, 10,000 PNS with their seats) in a database of
its own and gives everyone 20 years of history (a rank every four years, three earlier seats), then streams each
registry dataset through the real application in-process (ASGI transport: routing, SQL, shaping, serialisation) as
JSON and CSV, reading the body chunk by chunk. Baseline in the same run: the dataset's query alone through raw
asyncpg (every row fetched into memory). The server reads the rows through a server-side cursor in batches of
``STREAM_BATCH`` and sends each batch as it is shaped, so its memory does not grow with the agency; this in-process
client (httpx's ASGI transport) collects the body, so the process's memory is not a measure of it here. (`skp22`
comes from the evaluation service and is not measured here.)

    .venv/bin/python bench/bench_national_export.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_positions  # noqa: E402

from merit_shared.db import asyncpg_kwargs  # noqa: E402
from merit_shared.testing import TokenFactory, running_app  # noqa: E402

HISTORY_RANKS = (("III/c", 33, 2015), ("III/b", 32, 2011), ("III/a", 31, 2007))


async def add_history(url: str, agency_id: uuid.UUID, rng: random.Random) -> dict[str, int]:
    """Twenty years behind everyone: three earlier ranks and three earlier seats per person."""
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    await conn.execute("SET search_path = positions, public")
    people = await conn.fetch("SELECT e.id, min(a.tmt_start) AS first FROM employees e LEFT JOIN assignments a "
                              "ON a.employee_id = e.id WHERE e.agency_id = $1 GROUP BY e.id", agency_id)
    seats = [r["id"] for r in await conn.fetch("SELECT id FROM positions WHERE agency_id = $1 AND NOT is_managerial",
                                                 agency_id)]
    ranks, assignments = [], []
    for p in people:
        for golongan, code, year in HISTORY_RANKS:
            ranks.append((uuid.uuid4(), agency_id, p["id"], "PNS", golongan, code, date(year, 4, 1), f"SK-KP-{year}",
                          date(year, 3, 1)))
        end = (p["first"] or date.today()) - timedelta(days=1)  # backwards from the person's first seat
        for _ in range(3):
            start = end - timedelta(days=rng.randrange(700, 1400))
            assignments.append((uuid.uuid4(), agency_id, p["id"], rng.choice(seats), "definitive", False, start, end,
                                "SK-LAMA", start, "initial", "rotation"))
            end = start - timedelta(days=1)
    await conn.copy_records_to_table("employee_ranks", records=ranks, columns=[
        "id", "agency_id", "employee_id", "scheme", "golongan", "rank_code", "tmt", "sk_number", "sk_date"])
    await conn.execute("ALTER TABLE assignments DISABLE TRIGGER tr_assignments_check_seats")
    await conn.copy_records_to_table("assignments", records=assignments, columns=[
        "id", "agency_id", "employee_id", "position_id", "kind", "is_managerial", "tmt_start", "tmt_end",
        "sk_number", "sk_date", "reason", "end_reason"])
    await conn.execute("ALTER TABLE assignments ENABLE TRIGGER tr_assignments_check_seats")
    await conn.execute("ANALYZE")
    totals = {"ranks": await conn.fetchval("SELECT count(*) FROM employee_ranks"),
              "assignments": await conn.fetchval("SELECT count(*) FROM assignments")}
    await conn.close()
    return totals


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(20264)
    bench_positions.DB_NAME = "merit_bench_national_export"
    url = await bench_positions.prepare_database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("LOG_REQUESTS", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    agency_id = uuid.uuid4()

    from merit_positions.main import create_app
    from merit_positions.national import service
    from merit_shared.clock import today

    t0 = time.perf_counter()
    counts = await bench_positions.seed(url, agency_id, rng)
    counts.update(await add_history(url, agency_id, rng))
    seed_s = time.perf_counter() - t0

    rows: list[tuple[str, float, float, str]] = []
    app = create_app()
    tokens = TokenFactory()
    headers = tokens.headers("agency_admin", agency_id=agency_id)
    conn = await asyncpg.connect(**asyncpg_kwargs(url), server_settings={"search_path": "positions,public"})
    async with running_app(app, tokens) as client:
        for dataset in service.REGISTRY:
            for fmt in ("json", "csv"):
                times = []
                size = 0
                for _ in range(args.runs):
                    t = time.perf_counter()
                    size = 0
                    async with client.stream("GET", f"/api/v1/national-export/{dataset}", params={"format": fmt},
                                             headers=headers) as r:
                        assert r.status_code == 200, await r.aread()
                        async for chunk in r.aiter_bytes():
                            size += len(chunk)
                    times.append(time.perf_counter() - t)
                rows.append((f"{dataset}: export as {fmt}, streamed", statistics.median(times), 0.0,
                             f"{size / 1e6:.1f} MB"))
    for dataset, (sql, _) in service.REGISTRY.items():
        raw = []
        q, args_ = str(sql), [agency_id]
        for name, cast, value in ((":today", "date", today(agency_id)), (":since", "timestamptz", None)):
            if name in q:
                q = q.replace(f"CAST({name} AS timestamptz)", name).replace(name, f"${len(args_) + 1}::{cast}")
                args_.append(value)
        q = q.replace(":agency", "$1")
        for _ in range(args.runs):
            t = time.perf_counter()
            n_rows = len(await conn.fetch(q, *args_))
            raw.append(time.perf_counter() - t)
        base = statistics.median(raw)
        rows = [(name, med, base if name.startswith(dataset + ":") else b, note) for name, med, b, note in rows]
        rows.append((f"{dataset}: baseline, the query alone (raw asyncpg)", base, base,
                     f"{n_rows:,} rows"))
    await conn.close()

    print(f"\nseeded {counts['employees']:,} employees, {counts['positions']:,} positions, {counts['ranks']:,} rank "
          f"records, {counts['assignments']:,} assignments in {seed_s:.1f} s; {args.runs} runs each\n")
    print(f"{'measure':<56} {'median s':>9} {'x baseline':>11}  note")
    print("-" * 110)
    rows.sort(key=lambda r: (list(service.REGISTRY).index(r[0].split(":")[0]), "baseline" not in r[0]))
    total = sum(med for name, med, _, _ in rows if "json" in name)
    for name, med, base, note in rows:
        print(f"{name:<56} {med:>9.2f} {med / base:>11.2f}  {note}")
    print(f"\nthe four registry datasets as JSON, one after the other: {total:.1f} s")
    print("\ntarget (issue #15): the national export of a city (10,000 employees, 20 years of history) streamed "
          "in < 30 s without loading it all in memory")


if __name__ == "__main__":
    asyncio.run(main())

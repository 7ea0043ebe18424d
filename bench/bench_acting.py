"""Acting officials ending soon (GET /api/v1/position-reports/acting-expiring) for a city.

Seeds the city of ``bench_positions.py`` (660 units, 3,000 positions, 10,000 PNS with their seats) in a database of
its own, adds 1,500 Plt/Plh assignments (one per position, at most; a quarter already extended, their last days
spread over the next 200 days), then measures through the real application in-process (ASGI transport: routing,
token verification, SQL, rules, serialisation; no network):

  * the report, JSON, for the default window (14 days) and for a year (every acting official in force);
  * the year as CSV;
  * baseline in the same run: the report's query alone through raw asyncpg (what no Python layer can beat).

    .venv/bin/python bench/bench_acting.py [--runs 20]
"""

from __future__ import annotations

import argparse
import asyncio
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
from _common import prepare_database, print_table, timed_get, timed_sql  # noqa: E402

from merit_shared.db import asyncpg_kwargs  # noqa: E402
from merit_shared.testing import TokenFactory, running_app  # noqa: E402

ACTING = 1_500


async def add_acting(url: str, agency_id: uuid.UUID, rng: random.Random, today: date) -> int:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    await conn.execute("SET search_path = positions, public")
    positions = await conn.fetch("SELECT id, is_managerial FROM positions WHERE agency_id = $1 ORDER BY id",
                                 agency_id)
    people = [r["id"] for r in await conn.fetch("SELECT id FROM employees WHERE agency_id = $1", agency_id)]
    rows = []
    for pos in rng.sample(list(positions), ACTING):
        end = today + timedelta(days=rng.randrange(0, 200))
        extended = rng.random() < 0.25
        start = end - timedelta(days=rng.randrange(150, 180) if extended else rng.randrange(30, 89))
        rows.append((uuid.uuid4(), agency_id, rng.choice(people), pos["id"], rng.choice(["plt", "plh"]),
                     pos["is_managerial"], start, end, "800/PLT", start, "acting",
                     start + timedelta(days=80) if extended else None))
    await conn.execute("ALTER TABLE assignments DISABLE TRIGGER tr_assignments_check_seats")
    await conn.copy_records_to_table("assignments", records=rows, columns=[
        "id", "agency_id", "employee_id", "position_id", "kind", "is_managerial", "tmt_start", "tmt_end",
        "sk_number", "sk_date", "reason", "acting_extended_on"])
    await conn.execute("ALTER TABLE assignments ENABLE TRIGGER tr_assignments_check_seats")
    await conn.execute("ANALYZE")
    await conn.close()
    return len(rows)


RAW_SQL = """
    SELECT a.id, a.kind, e.id, e.nip, e.name, p.id, p.name, p.unit_id, u.name, a.tmt_start, a.tmt_end,
           a.acting_extended_on
    FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN positions p ON p.id = a.position_id
    JOIN org_units u ON u.id = p.unit_id
    WHERE a.agency_id = $1 AND a.kind <> 'definitive' AND a.end_reason IS NULL
      AND (a.tmt_end IS NULL OR a.tmt_end BETWEEN $2 AND $3)
    ORDER BY a.tmt_end NULLS LAST, e.name"""


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(20262)
    url = await prepare_database("merit_bench_acting")
    agency_id = uuid.uuid4()

    from merit_positions.main import create_app
    from merit_shared.clock import today

    day = today()
    t0 = time.perf_counter()
    counts = await bench_positions.seed(url, agency_id, rng)
    acting = await add_acting(url, agency_id, rng, day)
    seed_s = time.perf_counter() - t0

    tokens = TokenFactory()
    app = create_app()
    out: list[tuple[str, list[float], str]] = []
    async with running_app(app, tokens) as client:
        h = tokens.headers("agency_admin", agency_id=agency_id)
        report = "/api/v1/position-reports/acting-expiring"
        for name, path in (("acting-expiring, JSON, default 14 days, first page", report),
                           ("acting-expiring, JSON, 366 days, first page", f"{report}?days=366"),
                           ("acting-expiring, JSON, 366 days, page of 200", f"{report}?days=366&limit=200")):
            times, last = await timed_get(client, path, h, args.runs)
            body = last.json()
            if "366" in path:
                assert body["total"] == acting, (body["total"], acting)
            out.append((name, times, f"{len(body['items']):,} of {body['total']:,} rows"))
        times, _ = await timed_get(client, f"{report}?days=366&format=csv", h, args.runs)
        out.append(("acting-expiring, CSV, 366 days (every row)", times, ""))

    raw, rows = await timed_sql(url, RAW_SQL, (agency_id, day, day + timedelta(days=366)), args.runs)
    out.append(("baseline: the report's query alone (366 days), raw asyncpg", raw, f"{len(rows):,} rows"))

    print(f"\nseeded {counts['employees']:,} employees, {counts['positions']:,} positions, {acting:,} acting "
          f"assignments in {seed_s:.1f} s; {args.runs} runs each\n")
    print_table(out, statistics.median(raw))
    print("\ntarget (issue #11): the acting-expiring report for a city < 300 ms (p95)")


if __name__ == "__main__":
    asyncio.run(main())

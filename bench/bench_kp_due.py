"""Kenaikan pangkat due report (GET /api/v1/position-reports/promotions-due) for 10,000 employees.

Seeds the city of ``bench_positions.py`` (660 units, 3,000 positions, 10,000 PNS with their seats) in a database of
its own, adds rank histories (a second, earlier rank for half of them) and educations, then measures through the
real application in-process (ASGI transport: routing, token verification, SQL, rules, serialisation; no network):

  * the whole report, JSON, for the next period (target < 300 ms);
  * the same report as CSV;
  * baseline in the same run: the report's candidate query alone through raw asyncpg (what no Python layer can beat).

The annual ratings (2 years x 10,000) are served by an in-memory directory in place of the evaluation service, so the
numbers exclude the HTTP pages the real report fetches from evaluation (50 pages of 200 per rated year, fetched
concurrently after the first).

    .venv/bin/python bench/bench_kp_due.py [--runs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_positions  # noqa: E402
from _common import prepare_database, print_table, timed_get, timed_sql  # noqa: E402

from merit_shared.db import asyncpg_kwargs  # noqa: E402
from merit_shared.testing import TokenFactory, running_app  # noqa: E402

EDUCATIONS = ["SMA", "D3", "S1", "S1", "S1", "S2", "S2", "S3"]
PREDIKAT = ["SANGAT_BAIK", "BAIK", "BAIK", "BAIK", "BAIK", "BUTUH_PERBAIKAN"]


class Ratings:
    """Stands in for the evaluation service: every employee rated in every asked year."""

    def __init__(self, ids: list[uuid.UUID], rng: random.Random, years: list[int]) -> None:
        self.answer = {e: {y: [rng.choice(PREDIKAT)] for y in years} for e in ids}  # built once, outside the timing

    async def ratings(self, agency_id: uuid.UUID, years: list[int]) -> dict[uuid.UUID, dict[int, list[str]]]:
        return self.answer


async def enrich(url: str, rng: random.Random) -> list[uuid.UUID]:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    await conn.execute("SET search_path = positions, public")
    rows = await conn.fetch("SELECT e.id, e.agency_id, r.rank_code FROM employees e "
                            "JOIN employee_ranks r ON r.employee_id = e.id")
    earlier, edus = [], []
    order = [21, 22, 23, 24, 31, 32, 33, 34, 41, 42, 43]
    labels = {21: "II/a", 22: "II/b", 23: "II/c", 24: "II/d", 31: "III/a", 32: "III/b", 33: "III/c", 34: "III/d",
              41: "IV/a", 42: "IV/b", 43: "IV/c"}
    for i, r in enumerate(rows):
        if i % 2 and r["rank_code"] != order[0]:
            prev = order[order.index(r["rank_code"]) - 1]
            earlier.append((uuid.uuid4(), r["agency_id"], r["id"], "PNS", labels[prev], prev, date(2015, 4, 1)))
        level = rng.choice(EDUCATIONS)
        order_of = {"SMA": 3, "D3": 6, "S1": 7, "S2": 8, "S3": 9}[level]
        edus.append((uuid.uuid4(), r["agency_id"], r["id"], level, order_of))
    await conn.copy_records_to_table("employee_ranks", records=earlier, columns=[
        "id", "agency_id", "employee_id", "scheme", "golongan", "rank_code", "tmt"])
    await conn.copy_records_to_table("employee_educations", records=edus, columns=[
        "id", "agency_id", "employee_id", "level", "level_order"])
    await conn.execute("ANALYZE")
    await conn.close()
    return [r["id"] for r in rows]


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(20261)
    url = await prepare_database("merit_bench_kp_due")
    agency_id = uuid.uuid4()
    t0 = time.perf_counter()
    counts = await bench_positions.seed(url, agency_id, rng)
    ids = await enrich(url, rng)
    seed_s = time.perf_counter() - t0

    from merit_positions.main import create_app
    from merit_positions.rules import DEFAULT_POLICY, next_period
    from merit_positions.rules.promotion import rating_years
    from merit_shared.clock import today

    period = next_period(today(), DEFAULT_POLICY)
    tokens = TokenFactory()
    app = create_app()
    app.state.directory = Ratings(ids, rng, rating_years(period, DEFAULT_POLICY))
    out: list[tuple[str, list[float], str]] = []
    async with running_app(app, tokens) as client:
        h = tokens.headers("agency_admin", agency_id=agency_id)
        report = f"/api/v1/position-reports/promotions-due?period={period}"
        for name, path in (("promotions-due, JSON, first page (50)", report),
                           ("promotions-due, JSON, page of 200", f"{report}&limit=200"),
                           ("promotions-due, JSON, status=eligible, last page", f"{report}&status=eligible&offset=4400"),
                           ("promotions-due, CSV, whole agency (every row)", f"{report}&format=csv")):
            times, last = await timed_get(client, path, h, args.runs)
            note = f"{len(last.content) / 1e3:,.0f} kB"
            if "csv" not in path:
                body = last.json()
                if "status" not in path:
                    assert body["total"] == counts["employees"], body["total"]
                note += (f"; {len(body['items']):,} of {body['total']:,} rows; {body['eligible']:,} eligible, "
                         f"{body['not_eligible']:,} not, {body['unknown']:,} unknown")
            out.append((name, times, note))

    from merit_positions.reports import service as report_service

    raw, rows = await timed_sql(url, report_service.CANDIDATES_SQL, (agency_id, period, today(), 58), args.runs)
    assert len(rows) == counts["employees"]
    out.append(("baseline: the candidate query alone, raw asyncpg", raw, f"{len(rows):,} rows"))

    print(f"\nseeded {counts['employees']:,} employees, {counts['positions']:,} positions in {seed_s:.1f} s; "
          f"period {period}, {args.runs} runs each\n")
    print_table(out, statistics.median(raw))
    print("\ntarget (issue #11): the JSON report for 10,000 employees < 300 ms")


if __name__ == "__main__":
    asyncio.run(main())

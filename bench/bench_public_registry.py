"""The public directory of officials (GET /api/v1/public-registry/{code}/officials) for a city.

Seeds the city of ``bench_positions.py`` (660 units, 3,000 positions, 10,000 PNS with their seats) in a database of
its own, then measures through the real application in-process (ASGI transport: routing, SQL, serialisation; no
network), no login:

  * the directory, first call (the in-process cache emptied before each run): the whole managerial tree;
  * the directory, served from the cache (what every later caller within the TTL gets);
  * the same call with If-None-Match (304);
  * baseline in the same run: the directory's two queries alone through raw asyncpg.

    .venv/bin/python bench/bench_public_registry.py [--runs 30]
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
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_positions  # noqa: E402

from merit_shared.db import asyncpg_kwargs  # noqa: E402
from merit_shared.testing import TokenFactory, running_app  # noqa: E402

MANAGERIAL = "('JPT_UTAMA','JPT_MADYA','JPT_PRATAMA','ADMINISTRATOR','PENGAWAS')"
RAW_SEATS = f"""
    SELECT p.id, p.name, j.kind, j.kelas_jabatan, p.is_head, p.unit_id, u.name
    FROM positions p JOIN jobs j ON j.id = p.job_id JOIN org_units u ON u.id = p.unit_id
    WHERE p.agency_id = $1 AND j.kind IN {MANAGERIAL} AND p.valid_from <= $2
      AND (p.abolished_on IS NULL OR p.abolished_on > $2)"""
RAW_HOLDERS = f"""
    SELECT a.position_id, a.kind, e.nip, e.name, a.tmt_start
    FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN positions p ON p.id = a.position_id
    JOIN jobs j ON j.id = p.job_id
    WHERE a.agency_id = $1 AND j.kind IN {MANAGERIAL} AND a.tmt_start <= $2 AND (a.tmt_end IS NULL OR a.tmt_end >= $2)"""


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    rng = random.Random(20263)
    bench_positions.DB_NAME = "merit_bench_public_registry"
    url = await bench_positions.prepare_database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("LOG_REQUESTS", "false")
    os.environ["PUBLIC_RATE_PER_MINUTE"] = "0"  # measure the page, not the limiter
    agency_id = uuid.uuid4()

    from merit_positions.main import create_app
    from merit_positions.officials.router import CACHE
    from merit_shared.clock import today

    day = today()
    t0 = time.perf_counter()
    counts = await bench_positions.seed(url, agency_id, rng)
    seed_s = time.perf_counter() - t0

    app = create_app()
    out: list[tuple[str, list[float], str]] = []
    async with running_app(app, TokenFactory()) as client:
        path = "/api/v1/public-registry/TANGSEL/officials?limit=200"

        async def timed(clear: bool, headers: dict[str, str] | None = None, status: int = 200) -> list[float]:
            times = []
            for _ in range(args.runs):
                if clear:
                    CACHE._items.clear()
                t = time.perf_counter()
                r = await client.get(path, headers=headers or {})
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == status, r.text
            return times

        first = await client.get(path)
        total, etag = first.json()["total"], first.headers["etag"]
        out.append(("directory, first call (cache emptied each run)", await timed(True), f"{total:,} seats"))
        out.append(("directory, from the in-process cache", await timed(False), ""))
        out.append(("directory, If-None-Match (304)", await timed(False, {"If-None-Match": etag}, 304), ""))

    conn = await asyncpg.connect(**asyncpg_kwargs(url), server_settings={"search_path": "positions,public"})
    raw = []
    for _ in range(args.runs):
        t = time.perf_counter()
        seats = await conn.fetch(RAW_SEATS, agency_id, day)
        await conn.fetch(RAW_HOLDERS, agency_id, day)
        raw.append((time.perf_counter() - t) * 1000)
    await conn.close()
    out.append(("baseline: the directory's two queries alone, raw asyncpg", raw, f"{len(seats):,} seats"))

    base = statistics.median(raw)
    print(f"\nseeded {counts['employees']:,} employees, {counts['positions']:,} positions in {seed_s:.1f} s; "
          f"{args.runs} runs each\n")
    print(f"{'measure':<60} {'median ms':>10} {'p95 ms':>8} {'x baseline':>11}  note")
    print("-" * 110)
    for name, times, note in out:
        med = statistics.median(times)
        print(f"{name:<60} {med:>10.1f} {bench_positions.pct(times, 95):>8.1f} {med / base:>11.2f}  {note}")
    print("\ntarget (issue #14): the public directory < 100 ms, served from cache after the first call")


if __name__ == "__main__":
    asyncio.run(main())

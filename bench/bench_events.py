"""Reading an event feed by cursor (GET /api/v1/position-events, issue #15): 100,000 events of one agency.

Seeds a database of its own with 100,000 events of the agency read and 50,000 of another (every type of the
position catalogue, realistic payloads), then follows the feed from ``after=0`` to its end in pages of 1000 through
the real application in-process (ASGI transport: token check, routing, SQL, serialisation; no network):

  * the agency admin (the agency's events only), every type;
  * a machine client with scope ``events:read`` asking for three types (``types=``);
  * baseline in the same run: the same pages by keyset through raw asyncpg (the page query alone, no count, no
    Python objects), and the same with each page's count (the `total` every page answers).

The client parses each page with orjson, as an integrator's fast JSON parser would.

Target: the whole read < 5 s.

    .venv/bin/python bench/bench_events.py [--runs 3] [--events 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

import asyncpg
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import prepare_database  # noqa: E402

from merit_shared.db import asyncpg_kwargs  # noqa: E402
from merit_shared.testing import TokenFactory, running_app  # noqa: E402

PAGE = 1000
SEED = """
INSERT INTO events (type, version, occurred_at, agency_id, actor_kind, actor_id, actor_name, record_type, record_id,
                    data)
SELECT t.name, 1, now() - make_interval(secs => $3 - g), $1, 'user', 'admin-' || (g % 7), 'Admin BKPSDM', t.record,
       md5(g::text)::uuid::text,
       jsonb_build_object('position_id', md5(g::text)::uuid, 'unit_id', md5((g % 600)::text)::uuid,
                          'employee_id', md5((g % 10000)::text)::uuid, 'nip', '1985033020100110' || lpad((g % 99)::text, 2, '0'),
                          'tmt', '2025-04-01', 'required_seats', 1, 'filled', g % 2, 'vacant', (g + 1) % 2)
FROM generate_series(1, $2) AS g
JOIN (SELECT * FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS x(name, record, n)) t
  ON t.n = g % cardinality($4::text[]) + 1
"""
RAW_PAGE = """SELECT id, type, version, occurred_at, agency_id, actor_kind, actor_id, actor_name, record_type, record_id,
                     data FROM events WHERE agency_id = $1 AND id > $2 ORDER BY id LIMIT $3"""
RAW_COUNT = "SELECT count(*) FROM events WHERE agency_id = $1 AND id > $2"


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--events", type=int, default=100_000)
    args = ap.parse_args()
    url = await prepare_database("merit_bench_events")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # no access log line per page

    from merit_positions.common.event_types import CATALOGUE
    from merit_positions.main import create_app

    agency, other = uuid.uuid4(), uuid.uuid4()
    names = [t.name for t in CATALOGUE.types]
    records = [t.record for t in CATALOGUE.types]
    conn = await asyncpg.connect(**asyncpg_kwargs(url), server_settings={"search_path": "positions,public"})
    t0 = time.perf_counter()
    # interleaved like real traffic: the other agency's events sit between ours
    for a, n in ((other, args.events // 4), (agency, args.events // 2), (other, args.events // 4),
                 (agency, args.events - args.events // 2)):
        await conn.execute(SEED, a, n, args.events, names, records)
    await conn.execute("VACUUM ANALYZE events")
    seed_s = time.perf_counter() - t0
    wanted = ("position_vacated", "position_filled", "assignment_started")
    expected_typed = await conn.fetchval("SELECT count(*) FROM events WHERE agency_id = $1 AND type = ANY($2)",
                                         agency, list(wanted))

    async def raw_read(count: bool = False) -> int:
        cursor, n = 0, 0
        while rows := await conn.fetch(RAW_PAGE, agency, cursor, PAGE):
            if count:  # the page's `total`, as the route answers it
                await conn.fetchval(RAW_COUNT, agency, cursor)
            n += len(rows)
            cursor = rows[-1]["id"]
        return n

    tokens = TokenFactory()
    admin = tokens.headers("agency_admin", agency_id=agency)
    client_h = tokens.headers("machine_client", agency_id=agency, scope="events:read")
    results: dict[str, list[float]] = {"baseline": [], "counted": [], "admin": [], "typed": []}
    async with running_app(create_app(), tokens) as client:
        async def feed_read(headers: dict[str, str], **params: str) -> int:
            cursor, n = 0, 0
            while True:
                r = await client.get("/api/v1/position-events", params={"after": cursor, "limit": PAGE, **params},
                                     headers=headers)
                assert r.status_code == 200, r.text[:300]
                page = orjson.loads(r.content)
                n += len(page["items"])
                if page["next_cursor"] == cursor:
                    return n
                cursor = page["next_cursor"]

        for _ in range(args.runs):
            for name, call, expected in (
                    ("baseline", raw_read, args.events),
                    ("counted", lambda: raw_read(count=True), args.events),
                    ("admin", lambda: feed_read(admin), args.events),
                    ("typed", lambda: feed_read(client_h, types=",".join(wanted)), expected_typed)):
                t = time.perf_counter()
                got = await call()
                results[name].append(time.perf_counter() - t)
                assert got == expected, (name, got, expected)
    await conn.close()

    base = statistics.median(results["baseline"])
    print(f"seeded {args.events:,} events of the agency and {args.events // 2:,} of another in {seed_s:.1f} s; "
          f"pages of {PAGE}, {args.runs} runs, median")
    print(f"{'measure':<66} {'s':>7} {'x baseline':>11}")
    print("-" * 86)
    for name, label in (("baseline", f"raw asyncpg keyset pages ({args.events:,} events)"),
                        ("counted", "raw asyncpg keyset pages, each with its count (the page's total)"),
                        ("admin", f"feed through the app, agency admin ({args.events:,} events)"),
                        ("typed", f"feed through the app, machine client, 3 types ({expected_typed:,} events)")):
        med = statistics.median(results[name])
        print(f"{label:<66} {med:>7.2f} {med / base:>11.1f}")
    print("target: the whole read < 5 s")


if __name__ == "__main__":
    asyncio.run(main())

"""The registry's daily scheduler run at city scale (10,000 employees, 3,000 positions), in a database of its own.

Seeds the city of ``bench_positions.py`` (births spread over 1965-2000, so people born up to 1968 are past their
BUP of 58), then adds for one day D: approved personnel actions with their TMT on D (one move each), and acting
(Plt) assignments of which half ended the day before D and half end within the warning window. Measures through
the real application in-process (``POST /api/v1/scheduler/runs`` with ``as_of``, ASGI transport):

  * the first run (D - 30, the host's today): the backlog of everyone already past BUP is retired in one run,
  * the daily run (D, a month later): the month's retirements, the personnel actions and acting ends/warnings,
  * the same day again (every job already ran: the claim-only cost),
  * a quiet day (D + 1).

By default the people the seed leaves past their BUP are retired before the first run (a registry that has kept
up); ``--backlog`` leaves them active. Target (issue #11): the daily run for a city in < 5 s.

The defaults are the heavy day of issue #11: 50 approved actions applied, 200 acting assignments ended and 200
announced. ``--profile`` prints where the daily run spends its time (cProfile, cumulative).

    .venv/bin/python bench/bench_scheduler.py [--actions 50] [--acting 400] [--backlog] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import random
import sys
import time
import uuid
from datetime import date, datetime, timedelta

import asyncpg

sys.path.insert(0, os.path.dirname(__file__))
from _common import prepare_database  # noqa: E402
from bench_positions import seed  # noqa: E402  (the same city as the positions benchmark)

from merit_shared import clock  # noqa: E402
from merit_shared.db import asyncpg_kwargs  # noqa: E402
from merit_shared.testing import TokenFactory, running_app  # noqa: E402

DB_NAME = "merit_bench_scheduler"


async def seed_day(url: str, agency_id: uuid.UUID, day: date, n_actions: int, n_acting: int,
                   rng: random.Random) -> dict[str, int]:
    """Approved actions due on ``day`` and acting assignments around it (straight into the tables)."""
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    await conn.execute("SET search_path = positions, public")
    # Movers: young holders of a seat whose synthetic history never overfills it while they hold it (ending
    # their seat re-checks it); targets: seats free on D of jobs without a minimum rank, so every action applies.
    young = await conn.fetch("""
        SELECT a.employee_id FROM assignments a JOIN employees e ON e.id = a.employee_id
        WHERE a.tmt_end IS NULL AND a.kind = 'definitive' AND NOT a.is_managerial AND e.birth_date > '1975-01-01'
          AND NOT EXISTS (SELECT 1 FROM assignments b WHERE b.position_id = a.position_id AND b.kind = 'definitive'
                          AND b.id <> a.id AND b.tmt_end >= a.tmt_start)
        ORDER BY a.employee_id LIMIT $1""", n_actions + n_acting)
    targets = await conn.fetch("""
        SELECT p.id FROM positions p JOIN jobs j ON j.id = p.job_id
        WHERE NOT p.is_managerial AND j.min_rank IS NULL AND p.required_seats > (
            SELECT count(*) FROM assignments a WHERE a.position_id = p.id AND a.kind = 'definitive'
            AND a.tmt_end IS NULL)
        ORDER BY p.id LIMIT $1""", n_actions)
    heads = await conn.fetch("SELECT id FROM positions WHERE is_head ORDER BY id LIMIT $1", n_acting)
    actions, moves = [], []
    for i in range(min(n_actions, len(targets))):
        aid = uuid.uuid4()
        actions.append((aid, agency_id, "MUTATION", f"Mutasi {i}", "approved", day, day - timedelta(days=30),
                        f"SK-{i}", day - timedelta(days=30), "bench", 1))
        moves.append((uuid.uuid4(), aid, agency_id, 0, young[i][0], targets[i][0], "transfer", "[]", "eligible"))
    await conn.copy_records_to_table("personnel_actions", records=actions, columns=[
        "id", "agency_id", "kind", "title", "status", "tmt", "decision_date", "sk_number", "sk_date", "created_by",
        "version"])
    await conn.copy_records_to_table("personnel_action_moves", records=moves, columns=[
        "id", "action_id", "agency_id", "seq", "employee_id", "to_position_id", "reason", "checks", "outcome"])
    acting = []
    for i, head in enumerate(heads):
        emp = young[len(actions) + i][0]
        end = day - timedelta(days=1) if i % 2 == 0 else day + timedelta(days=rng.randrange(0, 14))
        start = end - timedelta(days=80)
        acting.append((uuid.uuid4(), agency_id, emp, head[0], "plh", True, start, end, "SK-PLH", start, "initial"))
    await conn.execute("ALTER TABLE assignments DISABLE TRIGGER tr_assignments_check_seats")
    await conn.copy_records_to_table("assignments", records=acting, columns=[
        "id", "agency_id", "employee_id", "position_id", "kind", "is_managerial", "tmt_start", "tmt_end",
        "sk_number", "sk_date", "reason"])
    await conn.execute("ALTER TABLE assignments ENABLE TRIGGER tr_assignments_check_seats")
    await conn.execute("ANALYZE")
    await conn.close()
    return {"actions": len(actions), "acting": len(acting)}


async def retire_backlog(url: str, first_run: date) -> int:
    """A registry that has kept up: whoever reached BUP (58, the seed's jobs) before the first run is retired."""
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    try:
        done = await conn.execute("""
            UPDATE positions.employees SET status = 'retired'
            WHERE (date_trunc('month', birth_date + interval '58 years') + interval '1 month')::date < $1""", first_run)
        return int(done.split()[-1])
    finally:
        await conn.close()


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--actions", type=int, default=50, help="approved personnel actions due on the day")
    ap.add_argument("--acting", type=int, default=400, help="acting assignments around the day: half ended the "
                    "day before (ended by the run), half ending within the warning window (announced)")
    ap.add_argument("--backlog", action="store_true", help="leave the seeded people already past BUP active: the "
                    "first run retires them, and those the synthetic history keeps from retiring (seats overfilled "
                    "in the past, assignments starting after the BUP) are reported again every day")
    ap.add_argument("--profile", action="store_true", help="cProfile the daily run (D)")
    args = ap.parse_args()
    rng = random.Random(20261)
    url = await prepare_database(DB_NAME)
    agency_id = uuid.uuid4()
    counts = await seed(url, agency_id, rng)
    day = clock.today() + timedelta(days=30)  # the seed's "today" is the host's; D is a month later
    extra = await seed_day(url, agency_id, day, args.actions, args.acting, rng)
    if not args.backlog:
        extra["pre_retired"] = await retire_backlog(url, day - timedelta(days=30))
    from merit_positions.main import create_app

    tokens = TokenFactory()
    h = tokens.headers("agency_admin", agency_id=agency_id, sub="bench")
    rows: list[tuple[str, float, dict[str, dict[str, int]]]] = []
    async with running_app(create_app(), tokens) as client:
        first = "first run (D-30)" + (", backlog of everyone past BUP" if args.backlog else "")
        for label, d in ((first, day - timedelta(days=30)),
                         ("daily run (D)", day), ("same day again, every job already ran (D)", day),
                         ("quiet day (D+1)", day + timedelta(days=1))):
            prof = cProfile.Profile() if args.profile and d == day and not rows[1:] else None
            t = time.perf_counter()
            if prof:
                prof.enable()
            r = await client.post("/api/v1/scheduler/runs", json={"as_of": d.isoformat()}, headers=h)
            elapsed = time.perf_counter() - t
            if prof:
                prof.disable()
                pstats.Stats(prof).sort_stats("cumulative").print_stats(r"merit_", 40)
            assert r.status_code == 200, r.text
            runs = r.json()["runs"]
            assert all(x["status"] in ("succeeded", "already_run") for x in runs), runs
            rows.append((label, elapsed, {x["job"]: x["counts"] for x in runs}))
            codes = sorted({p.get("code") for x in runs for p in x["problems"]})
            if codes:
                print(f"{label}: problems {codes}")
        listed = (await client.get("/api/v1/scheduler/runs", params={"limit": 100}, headers=h)).json()["items"]
        for x in sorted(listed, key=lambda x: (x["run_date"], x["started_at"])):
            took = (datetime.fromisoformat(x["finished_at"]) - datetime.fromisoformat(x["started_at"])).total_seconds()
            print(f"  {x['run_date']} {x['job']:<26} {took:6.2f} s")
    print(f"\nscheduler daily run: {counts['employees']:,} employees, {counts['positions']:,} positions, "
          f"{counts['assignments']:,} assignments; on D {extra['actions']} approved actions due, "
          f"{extra['acting']} acting assignments around D; "
          + (f"{extra['pre_retired']:,} people past BUP before the first run already retired" if "pre_retired" in extra
             else "people past BUP left active (--backlog)"))
    print(f"{'run':<52} {'seconds':>8}  counts")
    for label, elapsed, c in rows:
        print(f"{label:<52} {elapsed:>8.2f}  {c}")
    daily = rows[1][1]
    print(f"\ntarget: daily run < 5 s -> {'met' if daily < 5 else 'NOT met'} ({daily:.2f} s)")


if __name__ == "__main__":
    asyncio.run(main())

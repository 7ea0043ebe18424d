"""Follow-ups benchmark: the follow-ups of a year's 10,000 final ratings, created by the service's own code.

Seeds a database of its own (10,000 annual ratings of one year with a realistic spread of predikat, SKP plans
naming an evaluator for half the people), then measures (wall clock, best of 3, each run from an empty follow-up
table, committed):
  1. ``followups.service.create_for_ratings`` for all 10,000 ratings: the ratings read, the policy decision
     (rules.followup_kind) per rating, the owners from the SKP plans, one INSERT of column arrays, and one audit
     entry per follow-up (batched by merit_shared.audit.defer_writes);
  2. the same call again on the same ratings (idempotent: nothing created);
  3. baseline, same run: a plain INSERT of the same number of follow-up rows (precomputed column arrays, raw
     asyncpg, no reads, no decisions, no audit);
  4. the worst case: an agency policy under which every predikat calls for a follow-up (Baik rewarded too), so
     all 10,000 ratings get one, with its own baseline of 10,000 plain rows.
Target (issue #13): < 5 s for 1.
Run: .venv/bin/python bench/bench_followups.py
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from datetime import date

import asyncpg
import orjson
from sqlalchemy.dialects.postgresql import insert as pg_insert

from merit_evaluation.common.models import EvaluationPolicy
from merit_evaluation.followups.service import INSERT_SQL, create_for_ratings
from merit_evaluation.policies.service import Policy
from merit_evaluation.rules import FollowupPolicy, predikat
from merit_shared.db import Database, admin_url, asyncpg_kwargs, bootstrap_schema, with_database
from merit_shared.migrations import upgrade_to_head
from merit_shared.settings import Settings

N = 10_000
UNITS = 400
YEAR = 2025
RATINGS = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"]


async def seed(url: str, role: str | None, agency: uuid.UUID) -> list[uuid.UUID]:
    conn = await asyncpg.connect(**asyncpg_kwargs(url), server_settings={"search_path": "evaluation,public"})
    if role:
        await conn.execute(f'SET ROLE "{role}"')
    await conn.execute("TRUNCATE followup, annual_rating, performance_plan, evaluation_period, audit_log CASCADE")
    rnd = random.Random(13)
    units = [uuid.uuid4() for _ in range(UNITS)]
    period = uuid.uuid4()
    await conn.execute("INSERT INTO evaluation_period (id, agency_id, year, granularity, starts_on, ends_on, periods, "
                       "status, created_by) VALUES ($1, $2, $3, 'QUARTERLY', $4, $5, '[]', 'CLOSED', 'bench')",
                       period, agency, YEAR, date(YEAR, 1, 1), date(YEAR, 12, 31))
    ratings, plans, ids = [], [], []
    for i in range(N):
        e, u = uuid.uuid4(), units[i % UNITS]
        h, p = rnd.choices(RATINGS, [2, 7, 2])[0], rnd.choices(RATINGS, [2, 7, 1])[0]
        rid = uuid.uuid4()
        ids.append(rid)
        ratings.append((rid, agency, e, YEAR, h, p, predikat(h, p).value, "recorded", u, "bench"))
        if i % 2:
            plans.append((uuid.uuid4(), agency, period, e, YEAR, 1, True, "FINAL", "QUANTITATIVE", "{}", u,
                          uuid.uuid4(), "[]", 1, "bench"))
    await conn.copy_records_to_table("annual_rating", records=ratings, columns=[
        "id", "agency_id", "employee_id", "year", "rating_hasil_kerja", "rating_perilaku", "predikat", "source",
        "unit_id", "created_by"])
    await conn.copy_records_to_table("performance_plan", records=plans, columns=[
        "id", "agency_id", "period_id", "employee_id", "year", "version", "is_current", "state", "approach",
        "employee", "unit_id", "evaluator_employee_id", "behaviours", "row_version", "created_by"])
    await conn.execute("ANALYZE")
    await conn.close()
    return ids


async def main() -> None:
    url = with_database(admin_url(Settings()), "merit_bench_followups")
    role = await bootstrap_schema(url, "evaluation")
    await upgrade_to_head("merit_evaluation", url, "evaluation", role)
    agency = uuid.uuid4()
    t = time.perf_counter()
    ids = await seed(url, role, agency)
    seed_s = time.perf_counter() - t
    db = Database(url, "evaluation", role)
    created: dict[str, int] = {}

    async def empty() -> None:
        async with db.sessionmaker() as s:
            conn = await s.connection()
            raw = (await conn.get_raw_connection()).driver_connection
            await raw.execute("TRUNCATE followup CASCADE; DELETE FROM audit_log WHERE entity = 'followup'")
            await s.commit()

    async def service_run() -> None:
        async with db.sessionmaker() as s:
            created["first"] = await create_for_ratings(s, "bench", ids)
            await s.commit()

    async def service_again() -> None:
        async with db.sessionmaker() as s:
            created["again"] = await create_for_ratings(s, "bench", ids)
            await s.commit()

    # The baseline's rows: as many as the service creates, shaped like its rows, computed before the clock starts.
    today = date.today()
    rows = [[uuid.uuid4() for _ in ids], [agency] * N, [uuid.uuid4() for _ in ids], [None] * N, [YEAR] * N,
            ["annual_rating"] * N, [uuid.uuid4() for _ in ids], ["COACHING"] * N, ["BUTUH_PERBAIKAN"] * N, [None] * N,
            [orjson.dumps([]).decode()] * N, ["DRAFT"] * N, ["AGENCY_ADMIN"] * N, [None] * N, [today] * N,
            [today] * N, [1] * N, ["bench"] * N]

    async def baseline() -> None:
        async with db.sessionmaker() as s:
            conn = await s.connection()
            raw = (await conn.get_raw_connection()).driver_connection
            n = created.get("first", N)
            await raw.fetch(INSERT_SQL, *[col[:n] for col in rows])
            await s.commit()

    async def best_of(n: int, fn, reset: bool = True) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(n):
            if reset:
                await empty()
            t0 = time.perf_counter()
            await fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    first = await best_of(3, service_run)
    again = await best_of(3, service_again, reset=False)
    base = await best_of(3, baseline)
    realistic = created["first"]
    async with db.sessionmaker() as s:  # every predikat followed up: Baik rewarded too
        everyone = Policy(followups=FollowupPolicy.from_dict({"by_predikat": {"BAIK": "REWARD"}}))
        await s.execute(pg_insert(EvaluationPolicy).values(agency_id=agency, updated_by="bench", version=1,
                                                           **everyone.to_dict()))
        await s.commit()
    worst = await best_of(3, service_run)
    worst_base = await best_of(3, baseline)
    await db.dispose()
    print(f"\nseeded {N:,} final ratings of {YEAR} ({UNITS} units, SKP plans for half) in {seed_s:.1f} s\n")
    print(f"{'measure':<66} {'seconds':>8} {'x baseline':>11}  note")
    print("-" * 110)
    for name, sec, ref, note in (
        ("create_for_ratings ×10,000 (read, decide, owners, insert, audit)", first, base,
         f"{realistic:,} follow-ups created; target < 5 s"),
        ("create_for_ratings again on the same ratings (idempotent)", again, base, f"{created['again']} created"),
        (f"baseline: plain INSERT of {realistic:,} follow-up rows", base, base, "raw asyncpg, same run"),
        ("worst case: every rating followed up (policy: Baik rewarded too)", worst, worst_base,
         f"{created['first']:,} follow-ups created; target < 5 s"),
        (f"baseline: plain INSERT of {created['first']:,} follow-up rows", worst_base, worst_base,
         "raw asyncpg, same run"),
    ):
        print(f"{name:<66} {sec:>8.3f} {sec / ref:>11.1f}  {note}")


if __name__ == "__main__":
    asyncio.run(main())

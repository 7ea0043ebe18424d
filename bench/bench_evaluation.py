"""Evaluation benchmark: 10,000 employees on a separate seeded database, the service's own set-based code.

Measures (wall clock, best of 3):
  1. every predikat (6/2022 matrix) of 10,000 annual ratings + the distribution-curve check of every unit
     (one query for the ratings, rules.predikat + rules.check_curve per unit), and the service's
     ``check_units`` (grouped counts in SQL + check_curve) on the stored predikat;
  2. nine-box placement of everyone (``talent.service.place_people``: three set-based input queries,
     rules.place per person, bulk upsert of the placements);
  3. the summary's lean query path (``summary.service.fetch_summary``) vs a raw asyncpg primary-key read,
     sequential calls, as a rough in-process ratio (the gateway ratio is measured by bench/run.py).
Run: .venv/bin/python bench/bench_evaluation.py
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import defaultdict
from datetime import date

import asyncpg

from merit_evaluation.org_performance.service import check_units
from merit_evaluation.policies.service import Policy
from merit_evaluation.rules import DEFAULT_CURVE_POLICY, DEFAULT_TALENT_POLICY, check_curve, predikat
from merit_evaluation.summary.service import fetch_summary
from merit_evaluation.talent.service import place_people
from merit_shared.db import Database, admin_url, asyncpg_kwargs, bootstrap_schema, with_database
from merit_shared.migrations import upgrade_to_head
from merit_shared.settings import Settings

N = 10_000
UNITS = 400
YEAR = 2025
RATINGS = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"]
ORGS = ["ISTIMEWA", "BAIK", "BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"]


async def seed(url: str, role: str | None, agency: uuid.UUID) -> list[tuple[uuid.UUID, uuid.UUID]]:
    conn = await asyncpg.connect(**asyncpg_kwargs(url), server_settings={"search_path": "evaluation,public"})
    if role:
        await conn.execute(f'SET ROLE "{role}"')
    await conn.execute("TRUNCATE annual_rating, org_performance, jpm_result, competency_assessment, "
                       "discipline_record, talent_placement, talent_cycle CASCADE")
    rnd = random.Random(7)
    units = [uuid.uuid4() for _ in range(UNITS)]
    people = [(uuid.uuid4(), units[i % UNITS]) for i in range(N)]
    ratings = []
    for e, u in people:
        for y in (YEAR - 1, YEAR):
            h, p = rnd.choices(RATINGS, [2, 7, 1])[0], rnd.choices(RATINGS, [2, 7, 1])[0]
            ratings.append((uuid.uuid4(), agency, e, y, h, p, predikat(h, p).value, "recorded", u, "bench"))
    await conn.copy_records_to_table("annual_rating", records=ratings, columns=[
        "id", "agency_id", "employee_id", "year", "rating_hasil_kerja", "rating_perilaku", "predikat", "source",
        "unit_id", "created_by"])
    await conn.copy_records_to_table("org_performance", records=[
        (uuid.uuid4(), agency, u, YEAR, rnd.choice(ORGS), "DRAFT", "bench") for u in units],
        columns=["id", "agency_id", "unit_id", "year", "org_predikat", "status", "created_by"])
    assessments, jpms = [], []
    for e, _ in people:
        aid = uuid.uuid4()
        assessments.append((aid, agency, e, date(YEAR, 6, 1), date(YEAR + 3, 6, 1), "AC", '{"M.01": 3}', "bench"))
        pct = rnd.randint(60, 110)
        jpms.append((uuid.uuid4(), agency, e, aid, uuid.uuid4(), True, '{"M.01": 3}', pct, pct, "OPTIMAL", "{}", "{}",
                     date(YEAR, 6, 1), date(YEAR + 3, 6, 1), "bench"))
    await conn.copy_records_to_table("competency_assessment", records=assessments, columns=[
        "id", "agency_id", "employee_id", "assessed_on", "valid_until", "method", "levels", "created_by"])
    await conn.copy_records_to_table("jpm_result", records=jpms, columns=[
        "id", "agency_id", "employee_id", "assessment_id", "position_id", "against_current_position", "standard",
        "percent", "display", "category", "gaps", "detail", "assessed_on", "valid_until", "computed_by"])
    disc = [(uuid.uuid4(), agency, e, rnd.choice(["LIGHT", "MODERATE", "HEAVY"]), date(YEAR, 3, 1), "bench")
            for e, _ in rnd.sample(people, N // 50)]
    await conn.copy_records_to_table("discipline_record", records=disc, columns=[
        "id", "agency_id", "employee_id", "level", "decided_on", "created_by"])
    await conn.execute("ANALYZE")
    await conn.close()
    return people


async def best_of(n: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        t = time.perf_counter()
        await fn()
        times.append(time.perf_counter() - t)
    return min(times)


async def main() -> None:
    url = with_database(admin_url(Settings()), "merit_bench_evaluation")
    role = await bootstrap_schema(url, "evaluation")
    await upgrade_to_head("merit_evaluation", url, "evaluation", role)
    agency = uuid.uuid4()
    t = time.perf_counter()
    people = await seed(url, role, agency)
    seed_s = time.perf_counter() - t
    db = Database(url, "evaluation", role)
    rows_out: list[tuple[str, float, str]] = []

    async def predikat_and_curve() -> None:
        async with db.sessionmaker() as s:
            conn = await s.connection()
            raw = (await conn.get_raw_connection()).driver_connection
            ratings = await raw.fetch("SELECT unit_id, rating_hasil_kerja, rating_perilaku FROM annual_rating "
                                      "WHERE agency_id = $1 AND year = $2", agency, YEAR)
            orgs = dict(await raw.fetch("SELECT unit_id, org_predikat FROM org_performance WHERE agency_id = $1 "
                                        "AND year = $2", agency, YEAR))
        by_unit: dict[uuid.UUID, list] = defaultdict(list)
        for u, h, p in ratings:
            by_unit[u].append(predikat(h, p))
        assert sum(len(v) for v in by_unit.values()) == N
        violated = sum(1 for u, preds in by_unit.items() if check_curve(orgs[u], preds, DEFAULT_CURVE_POLICY))
        predikat_and_curve.violated = violated  # type: ignore[attr-defined]

    async def service_curve() -> None:
        async with db.sessionmaker() as s:
            res = await check_units(s, agency, YEAR, Policy())
        assert len(res) == UNITS

    cycle = uuid.uuid4()

    async def nine_box() -> None:
        async with db.sessionmaker() as s:
            await s.execute(__import__("sqlalchemy").text(
                "INSERT INTO talent_cycle (id, agency_id, name, year, as_of, policy, created_by) VALUES "
                "(:id, :a, :n, :y, :d, '{}', 'bench') ON CONFLICT DO NOTHING"),
                {"id": cycle, "a": agency, "n": "bench", "y": YEAR + 1, "d": date(YEAR + 1, 1, 15)})
            res = await place_people(s, cycle, agency, date(YEAR + 1, 1, 15), DEFAULT_TALENT_POLICY, people)
            await s.commit()
        assert res["placed"] == N, res["placed"]
        nine_box.result = res  # type: ignore[attr-defined]

    rows_out.append(("predikat ×10,000 + curve check ×400 units (fetch + rules)",
                     await best_of(3, predikat_and_curve), f"{predikat_and_curve.violated} units violate"))  # type: ignore[attr-defined]
    rows_out.append(("curve check, service check_units (SQL counts + rules)", await best_of(3, service_curve), ""))
    rows_out.append(("nine-box placement ×10,000 (inputs, rules, bulk upsert)", await best_of(3, nine_box),
                     f"pool {nine_box.result['in_pool']}"))  # type: ignore[attr-defined]

    pool = await asyncpg.create_pool(**asyncpg_kwargs(url), min_size=1, max_size=2,
                                     server_settings={"search_path": "evaluation,public"},
                                     init=(lambda c: c.execute(f'SET ROLE "{role}"')) if role else None)
    sample = [e for e, _ in people[:2000]]

    async def summaries() -> None:
        for e in sample:
            await fetch_summary(pool, e, 2, date(YEAR + 1, 3, 1))

    async def raw_reads() -> None:
        async with pool.acquire() as c:
            for e in sample:
                await c.fetchrow("SELECT * FROM annual_rating WHERE employee_id = $1 AND year = $2", e, YEAR)

    s_t, r_t = await best_of(3, summaries), await best_of(3, raw_reads)
    rows_out.append(("summary lean path ×2,000 sequential", s_t, f"{len(sample) / s_t:,.0f}/s"))
    rows_out.append(("raw asyncpg indexed read ×2,000 sequential", r_t, f"{len(sample) / r_t:,.0f}/s; "
                     f"ratio {r_t / s_t:.2f}"))
    await pool.close()
    await db.dispose()
    print(f"\nseeded {N:,} employees, {UNITS} units, {2 * N:,} ratings in {seed_s:.1f} s\n")
    print(f"{'measure':<62} {'seconds':>8}  note")
    print("-" * 100)
    for name, sec, note in rows_out:
        print(f"{name:<62} {sec:>8.3f}  {note}")


if __name__ == "__main__":
    asyncio.run(main())

"""The agency-wide training-needs analysis (GET /api/v1/training-needs) at city scale, in-process.

A city: 10,000 employees on 3,000 positions, each position with a competency standard (5-9 of the national codes,
levels 2-4), two assessments per employee (a year apart) with their JPM against the current position (so the
analysis must pick the latest of two), 60 catalogue activities. Measured:
  * the JSON answer (first page of the ranked needs, every need's catalogue activities);
  * the complete CSV;
  * baseline in the same run: the JPM source's aggregate query alone through raw asyncpg.
Run: .venv/bin/python bench/bench_training_needs.py [--runs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import prepare_database, print_table, timed_get, timed_sql  # noqa: E402

from merit_evaluation.rules import COMPETENCIES, gaps, jpm_detail  # noqa: E402
from merit_shared.db import asyncpg_kwargs  # noqa: E402
from merit_shared.testing import TokenFactory, running_app  # noqa: E402

EMPLOYEES, POSITIONS, ACTIVITIES = 10_000, 3_000, 60
YEAR = 2025
CODES = list(COMPETENCIES)


async def seed(url: str, agency: uuid.UUID, rng: random.Random) -> int:
    conn = await asyncpg.connect(**asyncpg_kwargs(url), server_settings={"search_path": "evaluation,public"})
    try:
        standards = []
        for _ in range(POSITIONS):
            codes = rng.sample(CODES, rng.randint(5, len(CODES)))
            standards.append((uuid.uuid4(), {c: rng.randint(2, 4) for c in codes}))
        assessments, jpms = [], []
        for _ in range(EMPLOYEES):
            emp = uuid.uuid4()
            pos, std = standards[rng.randrange(POSITIONS)]
            for assessed in (date(YEAR - 1, 5, 1), date(YEAR, 5, 1)):
                levels = {c: max(1, min(5, lvl + rng.choice((-2, -1, -1, 0, 0, 0, 1)))) for c, lvl in std.items()}
                aid = uuid.uuid4()
                valid = date(assessed.year + 3, assessed.month, 1)
                assessments.append((aid, agency, emp, assessed, valid, "AC", json.dumps(levels), "bench"))
                d = jpm_detail(levels, std)
                jpms.append((uuid.uuid4(), agency, emp, aid, pos, True, json.dumps(std), d.percent, d.display,
                             d.category.value, json.dumps(gaps(levels, std)), json.dumps(d.to_dict()), assessed,
                             valid, "bench"))
        await conn.copy_records_to_table("competency_assessment", records=assessments, columns=[
            "id", "agency_id", "employee_id", "assessed_on", "valid_until", "method", "levels", "created_by"])
        await conn.copy_records_to_table("jpm_result", records=jpms, columns=[
            "id", "agency_id", "employee_id", "assessment_id", "position_id", "against_current_position",
            "standard", "percent", "display", "category", "gaps", "detail", "assessed_on", "valid_until",
            "computed_by"])
        kinds = ["TRAINING", "SEMINAR", "COURSE", "COACHING", "MENTORING", "JOB_ROTATION", "E_LEARNING"]
        await conn.copy_records_to_table("development_activity", records=[
            (uuid.uuid4(), agency, f"Kegiatan {i}", rng.choice(kinds),
             json.dumps({c: rng.randint(3, 5) for c in rng.sample(CODES, rng.randint(1, 3))}), "BASIC",
             rng.choice((8, 16, 24, 40)), "ACTIVE", 1, "bench") for i in range(ACTIVITIES)], columns=[
            "id", "agency_id", "title", "kind", "competencies", "level", "jp", "status", "row_version",
            "created_by"])
        await conn.execute("ANALYZE")
        return len(jpms)
    finally:
        await conn.close()


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(20265)
    url = await prepare_database("merit_bench_training_needs", "evaluation", "merit_evaluation")
    agency = uuid.uuid4()
    t0 = time.perf_counter()
    jpms = await seed(url, agency, rng)
    seed_s = time.perf_counter() - t0

    from merit_evaluation.main import create_app
    from merit_evaluation.training_needs.service import LATEST_JPM

    tokens = TokenFactory()
    app = create_app()
    out: list[tuple[str, list[float], str]] = []
    async with running_app(app, tokens) as client:
        h = tokens.headers("agency_admin", agency_id=agency)
        path = f"/api/v1/training-needs?year={YEAR}"
        times, last = await timed_get(client, path, h, args.runs)
        body = last.json()
        assert body["people_assessed"] == EMPLOYEES, body["people_assessed"]
        top = body["items"][0]
        out.append(("training needs, agency-wide, JSON", times,
                    f"{body['total']} needs; top {top['competency_code']}: {top['people']:,} people, "
                    f"{top['gap_sum']:,} levels, {len(top['activities'])} activities"))
        times, last = await timed_get(client, f"{path}&format=csv", h, args.runs)
        out.append(("training needs, agency-wide, CSV (every row)", times, f"{len(last.content) / 1e3:,.1f} kB"))

    latest = LATEST_JPM.format(people="").replace(":agency", "$1").replace(":year_end", "$3") \
        .replace(":year_start", "$2")
    raw_sql = f"""WITH latest AS ({latest})
        SELECT g.key, count(*), sum(-(g.value::int)), max(-(g.value::int))
        FROM latest, jsonb_each_text(latest.gaps) AS g(key, value) WHERE g.value::int < 0 GROUP BY g.key"""
    raw, rows = await timed_sql(url, raw_sql, (agency, date(YEAR, 1, 1), date(YEAR, 12, 31)), args.runs,
                                search_path="evaluation,public")
    out.append(("baseline: the JPM source's aggregate query alone, raw asyncpg", raw, f"{len(rows)} codes"))

    print(f"\nseeded {EMPLOYEES:,} employees on {POSITIONS:,} positions, {jpms:,} assessments with their JPM, "
          f"{ACTIVITIES} activities in {seed_s:.1f} s; {args.runs} runs each\n")
    print_table(out, statistics.median(raw))
    print("\ntarget (issue #13): the agency-wide training-needs analysis < 2 s")


if __name__ == "__main__":
    asyncio.run(main())

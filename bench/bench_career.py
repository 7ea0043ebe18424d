"""Career planning at city scale (issue #13): 10,000 employees, 3,000 positions, 2 competency assessments each.

Seeds the city of ``bench_positions.py`` in a database of its own, spreads the staff seats over 200 jobs with
competency standards (M.01–M.08, SK.01) and kelas 5–11, gives everyone an education, two assessments (an expired
one and a valid one) and three years of annual ratings, then measures through the real applications in-process
(ASGI transport: routing, token verification, SQL, rules, serialisation; no network). The evaluation app calls the
positions app over HTTP as in production (``POST /api/v1/positions/career-checks``), through the same ASGI transport:

  * one person's career plan against every position of the agency (target < 200 ms), and filtered (vacant only);
  * the closest candidates for one position among the 10,000 (target < 500 ms);
  * the succession plan's suggestions for that position (the same function);
  * positions' side alone (the career-checks call evaluation makes);
  * baseline in the same run: a trivial GET of the evaluation service (the competency dictionary, one row).

    .venv/bin/python bench/bench_career.py [--runs 20]
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
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_positions  # noqa: E402
from _common import prepare_database, print_table, timed, timed_get  # noqa: E402

from merit_shared.db import asyncpg_kwargs  # noqa: E402
from merit_shared.testing import TokenFactory, running_app  # noqa: E402

CODES = ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01"]
EDUCATIONS = [("SMA", 3), ("D3", 6), ("S1", 8), ("S1", 8), ("S1", 8), ("S2", 9)]
PREDIKAT = ["SANGAT_BAIK", "BAIK", "BAIK", "BAIK", "BAIK", "BUTUH_PERBAIKAN"]


async def enrich_positions(url: str, agency_id: uuid.UUID, rng: random.Random) -> list[uuid.UUID]:
    """200 staff jobs with standards over the staff seats; an education for everyone. Answers the employee ids."""
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    await conn.execute("SET search_path = positions, public")
    jobs = []
    for i in range(200):
        kind = "FUNGSIONAL" if i % 2 else "PELAKSANA"
        jobs.append((uuid.uuid4(), agency_id, f"J{i:03d}", f"Jabatan Staf {i}", kind,
                     rng.choice(["AHLI_PERTAMA", "AHLI_MUDA"]) if kind == "FUNGSIONAL" else None, rng.randint(5, 11),
                     rng.choice(["D3", "S1", "S1", None]), 58,
                     json.dumps({c: rng.randint(2, 4) for c in rng.sample(CODES, rng.randint(4, 9))})))
    await conn.copy_records_to_table("jobs", records=jobs, columns=[
        "id", "agency_id", "code", "name", "kind", "jenjang", "kelas_jabatan", "min_education", "bup",
        "competency_standard"])
    await conn.execute("UPDATE jobs SET competency_standard = $1::jsonb WHERE code IN ('JPT', 'ADM')",
                       json.dumps({c: 4 for c in CODES}))
    staff = [r["id"] for r in await conn.fetch("SELECT id FROM positions WHERE NOT is_head")]
    await conn.executemany("UPDATE positions SET job_id = $2 WHERE id = $1",
                           [(p, rng.choice(jobs)[0]) for p in staff])
    ids = [r["id"] for r in await conn.fetch("SELECT id FROM employees")]
    edus = []
    for e in ids:
        level, order = rng.choice(EDUCATIONS)
        edus.append((uuid.uuid4(), agency_id, e, level, order))
    await conn.copy_records_to_table("employee_educations", records=edus, columns=[
        "id", "agency_id", "employee_id", "level", "level_order"])
    await conn.execute("ANALYZE")
    await conn.close()
    return ids


async def seed_evaluation(url: str, agency_id: uuid.UUID, ids: list[uuid.UUID], rng: random.Random) -> None:
    """Two assessments each (the older expired), three years of final ratings each."""
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    await conn.execute("SET search_path = evaluation, public")
    today = date.today()
    assessments, ratings = [], []
    for e in ids:
        for assessed, valid in ((today - timedelta(days=1200), today - timedelta(days=400)),
                                (today - timedelta(days=100), today + timedelta(days=600))):
            assessments.append((uuid.uuid4(), agency_id, e, assessed, valid, "ASSESSMENT_CENTER",
                                json.dumps({c: rng.randint(1, 5) for c in CODES}), "bench"))
        for year in (today.year - 3, today.year - 2, today.year - 1):
            ratings.append((uuid.uuid4(), agency_id, e, year, rng.choice(PREDIKAT), "import", "bench"))
    await conn.copy_records_to_table("competency_assessment", records=assessments, columns=[
        "id", "agency_id", "employee_id", "assessed_on", "valid_until", "method", "levels", "created_by"])
    await conn.copy_records_to_table("annual_rating", records=ratings, columns=[
        "id", "agency_id", "employee_id", "year", "predikat", "source", "created_by"])
    await conn.execute("ANALYZE")
    await conn.close()


def _ok(r: Any) -> None:
    assert r.status_code == 200, r.text[:300]


class _Tokens:
    """The evaluation app's service token for its calls to positions (the test key stands in for the gateway)."""

    def __init__(self, tokens: TokenFactory) -> None:
        self.value = tokens.token("service", sub="svc-evaluation", ttl=3600)

    async def token(self) -> str:
        return self.value


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(202613)
    url = await prepare_database("merit_bench_career")
    agency_id = uuid.uuid4()
    t0 = time.perf_counter()
    counts = await bench_positions.seed(url, agency_id, rng)
    ids = await enrich_positions(url, agency_id, rng)

    from merit_evaluation.directory import HttpPositionsDirectory
    from merit_evaluation.main import create_app as evaluation_app
    from merit_positions.main import create_app as positions_app
    from merit_shared.http import ServiceClient

    tokens = TokenFactory()
    pos_app, ev_app = positions_app(), evaluation_app()
    out: list[tuple[str, list[float], str]] = []
    async with running_app(pos_app, tokens), running_app(ev_app, tokens) as ev:
        await seed_evaluation(url, agency_id, ids, rng)
        seed_s = time.perf_counter() - t0
        client = ServiceClient("http://positions", _Tokens(tokens))  # type: ignore[arg-type]
        await client.client.aclose()
        client.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=pos_app), base_url="http://positions",
                                          timeout=30)
        ev_app.state.directory = HttpPositionsDirectory(client)
        h = tokens.headers("agency_admin", agency_id=agency_id)
        conn = await asyncpg.connect(**asyncpg_kwargs(url))
        person = await conn.fetchval("SELECT a.employee_id FROM positions.assignments a WHERE a.tmt_end IS NULL "
                                     "ORDER BY a.id LIMIT 1")
        target = await conn.fetchval("SELECT p.id FROM positions.positions p WHERE NOT p.is_head ORDER BY p.id LIMIT 1")
        await conn.close()

        base, _ = await timed_get(ev, "/api/v1/competencies?limit=1", h, args.runs)
        out.append(("baseline: GET /competencies?limit=1 (evaluation, trivial)", base, ""))
        plan = f"/api/v1/career-plans/{person}"
        for name, path in (("career plan: one person x every position, first page", plan),
                           ("career plan: page of 200", f"{plan}?limit=200"),
                           ("career plan: vacant_only, kind=PELAKSANA", f"{plan}?vacant_only=true&kind=PELAKSANA"),
                           ("candidates: one position x 10,000 people, first page",
                            f"/api/v1/career-plans/positions/{target}/candidates")):
            await timed_get(ev, path, h, 2)  # warm
            times, last = await timed_get(ev, path, h, args.runs)
            body = last.json()
            first = body["items"][0]
            out.append((name, times, f"{len(last.content) / 1e3:,.0f} kB; {body['total']:,} pairs; "
                                     f"#1 {first['move_kind']} readiness {first['readiness']}"))
        r = await ev.post("/api/v1/succession-plans", headers=h, json={"position_id": str(target)})
        assert r.status_code == 201, r.text
        times, last = await timed_get(ev, f"/api/v1/succession-plans/{r.json()['id']}/suggestions", h, args.runs)
        out.append(("succession suggestions (the same function)", times, f"{last.json()['total']:,} people"))

        svc = {"Authorization": f"Bearer {_Tokens(tokens).value}"}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=pos_app), base_url="http://positions",
                                     timeout=30) as pc:
            ratings: dict[str, Any] = {str(e): {str(date.today().year - 1): "BAIK"} for e in ids}
            for name, body in (("positions side: career-checks, one person", {"employee_id": str(person)}),
                               ("positions side: career-checks, one position (ratings of 10,000)",
                                {"position_id": str(target), "ratings": ratings})):
                def call(body: dict[str, Any] = body) -> Any:
                    return pc.post("/api/v1/positions/career-checks", headers=svc,
                                   json={"agency_id": str(agency_id), **body})
                times, last = await timed(call, args.runs, _ok)
                out.append((name, times, f"{len(last.content) / 1e3:,.0f} kB; {len(last.json()['pairs']):,} pairs"))

    print(f"\nseeded {counts['employees']:,} employees, {counts['positions']:,} positions, {2 * len(ids):,} "
          f"assessments in {seed_s:.1f} s; {args.runs} runs each\n")
    print_table(out, statistics.median(base))
    print("\ntargets (issue #13): a person's plan < 200 ms; a position's candidates among 10,000 < 500 ms")


if __name__ == "__main__":
    asyncio.run(main())

"""Career requirements for the evaluation service's career planning (issue #13): the registry's facts about people
and positions, read in two statements, judged by ``rules.career`` (which applies the personnel actions' own
checks). Evaluation adds what it owns (JPM against each job's competency standard, the ranking).

Every fact names the record it comes from (rank record id and TMT, education record id, assignment id and TMT,
job id and version), so a breakdown can always be traced.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.career.schemas import CareerChecksIn
from merit_positions.common.scope import unit_subtree
from merit_positions.employees.models import ACTIVE_STATUSES
from merit_positions.reports.service import POSITION_IN_FORCE
from merit_positions.rules import (
    Jenjang,
    JobKind,
    PositionsPolicy,
    Predikat,
    parse_pppk_golongan,
    parse_rank,
    vacancy,
)
from merit_positions.rules.career import CareerJudge, PersonFacts, TargetJob
from merit_positions.seats.queries import ACTIVE_ON, DISPLAY_NAME
from merit_shared.audit import jsonable
from merit_shared.errors import NotFound

_ACTIVE = ", ".join(repr(s) for s in ACTIVE_STATUSES)

POSITIONS_SQL = f"""
SELECT p.id, p.name, p.unit_id, u.name AS unit_name, p.required_seats, p.version,
       j.id AS job_id, j.version AS job_version, j.name AS job_name, j.kind, j.jenjang, j.kelas_jabatan,
       j.min_rank, j.min_education, j.competency_standard::text AS competency_standard,
       coalesce(f.filled, 0) AS filled
FROM positions p JOIN jobs j ON j.id = p.job_id JOIN org_units u ON u.id = p.unit_id
LEFT JOIN (SELECT a.position_id, count(*) AS filled FROM assignments a
           WHERE a.agency_id = $1 AND a.kind = 'definitive' AND {ACTIVE_ON.replace(':d', '$2')}
           GROUP BY a.position_id) f ON f.position_id = p.id
WHERE p.agency_id = $1 AND {POSITION_IN_FORCE.replace(':d', '$2')} AND ($3::uuid IS NULL OR p.id = $3)
ORDER BY p.id"""

PEOPLE_SQL = f"""
WITH r AS (
    SELECT DISTINCT ON (employee_id) employee_id, id, scheme, golongan, tmt FROM employee_ranks
    WHERE agency_id = $1 AND tmt <= $2 AND ($3::uuid IS NULL OR employee_id = $3) ORDER BY employee_id, tmt DESC),
ed AS (
    SELECT DISTINCT ON (employee_id) employee_id, id, level FROM employee_educations
    WHERE agency_id = $1 AND ($3::uuid IS NULL OR employee_id = $3)
    ORDER BY employee_id, level_order DESC, graduated_on DESC NULLS LAST),
cur AS (
    SELECT DISTINCT ON (a.employee_id) a.employee_id, a.id, a.position_id, a.tmt_start FROM assignments a
    WHERE a.agency_id = $1 AND a.kind = 'definitive' AND {ACTIVE_ON.replace(':d', '$2')}
      AND ($3::uuid IS NULL OR a.employee_id = $3)
    ORDER BY a.employee_id, a.tmt_start DESC)
SELECT e.id, e.nip, {DISPLAY_NAME} AS display_name, e.employment_type,
       r.id AS rank_id, r.scheme, r.golongan, r.tmt AS rank_tmt, ed.id AS education_id, ed.level AS education,
       cur.id AS assignment_id, cur.position_id, cur.tmt_start, p.name AS position_name, p.unit_id,
       j.kind, j.kelas_jabatan
FROM employees e
LEFT JOIN r ON r.employee_id = e.id LEFT JOIN ed ON ed.employee_id = e.id LEFT JOIN cur ON cur.employee_id = e.id
LEFT JOIN positions p ON p.id = cur.position_id LEFT JOIN jobs j ON j.id = p.job_id
WHERE e.agency_id = $1 AND e.status IN ({_ACTIVE}) AND ($3::uuid IS NULL OR e.id = $3)
ORDER BY e.id"""


async def _raw(session: AsyncSession) -> Any:
    # Straight on the driver: thousands of rows through the ORM's result layer cost more than the queries.
    conn = await session.connection()
    return (await conn.get_raw_connection()).driver_connection


def _rank(scheme: str | None, golongan: str | None) -> Any:
    if golongan is None:
        return None
    return parse_pppk_golongan(golongan) if scheme == "PPPK" else parse_rank(golongan)


def _person(row: Any, ratings: dict[int, Predikat] | None) -> tuple[dict[str, Any], PersonFacts]:
    doc = {"employee_id": row["id"], "nip": row["nip"], "display_name": row["display_name"],
           "employment_type": row["employment_type"], "unit_id": row["unit_id"],
           "rank": None if row["rank_id"] is None else {"id": row["rank_id"], "scheme": row["scheme"],
                                                        "golongan": row["golongan"], "tmt": row["rank_tmt"]},
           "education": None if row["education_id"] is None else {"id": row["education_id"],
                                                                  "level": row["education"]},
           "assignment": None if row["assignment_id"] is None else {
               "id": row["assignment_id"], "position_id": row["position_id"], "position_name": row["position_name"],
               "tmt_start": row["tmt_start"], "job_kind": row["kind"], "kelas_jabatan": row["kelas_jabatan"]}}
    facts = PersonFacts(rank=_rank(row["scheme"], row["golongan"]), rank_tmt=row["rank_tmt"],
                        education=row["education"], position_id=row["position_id"],
                        kind=JobKind(row["kind"]) if row["kind"] else None, kelas=row["kelas_jabatan"],
                        position_start=row["tmt_start"], ratings=ratings)
    return doc, facts


def _position(row: Any, judge: CareerJudge) -> tuple[dict[str, Any], TargetJob]:
    target = TargetJob(kind=JobKind(row["kind"]), kelas=row["kelas_jabatan"],
                       jenjang=Jenjang(row["jenjang"]) if row["jenjang"] else None,
                       min_rank=parse_rank(row["min_rank"]) if row["min_rank"] else None,
                       min_education=row["min_education"])
    minimum = judge.minimum_rank(target)
    doc = {"position_id": row["id"], "name": row["name"], "unit_id": row["unit_id"], "unit_name": row["unit_name"],
           "version": row["version"], "required": row["required_seats"], "filled": row["filled"],
           "vacant": vacancy(row["required_seats"], row["filled"]),
           "job": {"id": row["job_id"], "version": row["job_version"], "name": row["job_name"], "kind": row["kind"],
                   "jenjang": row["jenjang"], "kelas_jabatan": row["kelas_jabatan"],
                   "min_rank": str(minimum) if minimum else None,
                   "min_rank_source": "job" if row["min_rank"] else ("policy" if minimum else None),
                   "min_education": row["min_education"],
                   "competency_standard": orjson.loads(row["competency_standard"] or "{}")}}
    return doc, target


def _check(c: Any) -> dict[str, Any]:
    return jsonable({**asdict(c), "status": c.status.value})


async def career_checks(session: AsyncSession, policy: PositionsPolicy, today: date,
                        body: CareerChecksIn) -> dict[str, Any]:
    """The facts and every requirement per pair: one person x the agency's positions (filtered), or the agency's
    people x one position, or one pair. The person's own seat (and a position's holders) are left out."""
    d = body.as_of or today
    raw = await _raw(session)
    judge = CareerJudge(d, policy)
    pos_rows = await raw.fetch(POSITIONS_SQL, body.agency_id, d, body.position_id)
    if body.position_id is not None and not pos_rows:
        raise NotFound("Jabatan", body.position_id, field="body.position_id")
    units = await unit_subtree(session, body.unit_id) if body.unit_id else None
    positions: list[tuple[dict[str, Any], TargetJob]] = []
    for row in pos_rows:
        if body.position_id is None and (
                (body.kind and row["kind"] != body.kind.value) or (units is not None and row["unit_id"] not in units)
                or (body.min_kelas and row["kelas_jabatan"] < body.min_kelas)
                or (body.max_kelas and row["kelas_jabatan"] > body.max_kelas)):
            continue
        doc, target = _position(row, judge)
        if body.vacant_only and body.position_id is None and doc["vacant"] <= 0:
            continue
        positions.append((doc, target))
    people_rows = await raw.fetch(PEOPLE_SQL, body.agency_id, d, body.employee_id)
    if body.employee_id is not None and not people_rows:
        raise NotFound("Pegawai", body.employee_id, field="body.employee_id")
    given = body.ratings
    people = [_person(row, None if given is None else given.get(row["id"], {})) for row in people_rows]
    pairs = []
    # Many pairs share a check (the judge memoises them): each distinct result is rendered once, in ``checks``,
    # and a pair names its results by index, so a city's answer stays small.
    index: dict[int, int] = {}
    table: list[dict[str, Any]] = []
    one_pair = body.employee_id is not None and body.position_id is not None
    for pdoc, facts in people:
        for posdoc, target in positions:
            if facts.position_id == posdoc["position_id"] and not one_pair:
                continue  # the seat they hold is not a move
            kind, checks = judge.requirements(facts, target)
            refs = []
            for c in checks:
                i = index.get(id(c))
                if i is None:
                    i = index[id(c)] = len(table)
                    table.append(_check(c))
                refs.append(i)
            pairs.append((pdoc["employee_id"], posdoc["position_id"], kind.value, refs))
    return {"as_of": d, "policy": {"min_years_in_position": policy.min_years_in_position,
                                   "max_years_in_position": policy.max_years_in_position,
                                   "performance_years": policy.performance_years,
                                   "min_predikat": policy.min_predikat.value,
                                   "kp_min_years_in_rank": policy.kp_min_years_in_rank,
                                   "kp_rating_years": policy.kp_rating_years,
                                   "kp_min_predikat": policy.kp_min_predikat.value},
            "people": [p for p, _ in people], "positions": [p for p, _ in positions], "checks": table,
            "pairs": pairs}

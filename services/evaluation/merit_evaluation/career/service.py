"""Career planning (issue #13): a person against every position of the agency, the candidates for one position,
and one pair, all ranked and explained by one function (``plan``), which succession planning uses too.

Who owns what: positions owns the people's ranks, educations and seats and the jobs (minimums, competency
standard, version) and judges the requirements of each kind of move with the personnel actions' rules
(``POST /positions/career-checks``, one call per request); evaluation owns the assessments and the annual ratings
(sent along in that call, so positions judges the performance rule without calling back) and computes the JPM
(``rules.jpm_detail``) and the order (``rules.career``). Every number names its record: the assessment (id, date),
the ratings (id, year), the job (id, version), the rank, education and assignment records.

The development catalogue (another area) plugs in through ``DevelopmentCatalogue`` on ``app.state``: when one is
set, every competency gap lists the activities that address it; when none is, the field is left out.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

import orjson
from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.catalogue.service import CareerCatalogue
from merit_evaluation.common.access import Access
from merit_evaluation.directory import PositionsDirectory
from merit_evaluation.rules import JpmPolicy, jpm_detail
from merit_evaluation.rules.career import Closeness, closeness, closeness_key, readiness, requirement_counts, shortfall
from merit_evaluation.rules.predikat import rank as predikat_rank
from merit_shared.api import Page, PageParams, Sort
from merit_shared.auth import Role
from merit_shared.errors import Invalid


class DevelopmentCatalogue(Protocol):
    """The hook of the development catalogue: the activities that address each competency short of its standard."""

    async def activities_for(self, session: AsyncSession, agency_id: uuid.UUID,
                             gaps: Mapping[str, int]) -> Mapping[str, list[dict[str, Any]]]: ...


@dataclass
class Question:
    agency_id: uuid.UUID
    as_of: date
    employee_id: uuid.UUID | None = None
    position_id: uuid.UUID | None = None
    filters: dict[str, Any] = field(default_factory=dict)  # kind, unit_id, min_kelas, max_kelas, vacant_only


ASSESSMENT_SQL = """
SELECT DISTINCT ON (employee_id) employee_id, id, assessed_on, valid_until, method, levels::text AS levels
FROM competency_assessment
WHERE agency_id = $1 AND assessed_on <= $2 AND valid_until >= $2 AND ($3::uuid IS NULL OR employee_id = $3)
ORDER BY employee_id, assessed_on DESC, created_at DESC"""

RATING_SQL = """
SELECT employee_id, id, year, predikat FROM annual_rating
WHERE agency_id = $1 AND year BETWEEN $2 AND $3 AND ($4::uuid IS NULL OR employee_id = $4)"""


async def _raw(session: AsyncSession) -> Any:
    conn = await session.connection()
    return (await conn.get_raw_connection()).driver_connection


async def _ratings(raw: Any, q: Question) -> dict[uuid.UUID, dict[int, tuple[str, uuid.UUID]]]:
    """Predikat and rating id by employee and year: the years the move rules and the next promotion period read."""
    out: dict[uuid.UUID, dict[int, tuple[str, uuid.UUID]]] = {}
    for r in await raw.fetch(RATING_SQL, q.agency_id, q.as_of.year - 3, q.as_of.year, q.employee_id):
        years = out.setdefault(r["employee_id"], {})
        held = years.get(r["year"])
        if held is None or predikat_rank(r["predikat"]) < predikat_rank(held[0]):
            years[r["year"]] = (r["predikat"], r["id"])
    return out


async def _assessments(raw: Any, q: Question) -> dict[uuid.UUID, dict[str, Any]]:
    """The latest assessment valid on ``as_of`` of each person (the one a JPM is computed from)."""
    return {r["employee_id"]: {"id": r["id"], "assessed_on": r["assessed_on"], "valid_until": r["valid_until"],
                               "method": r["method"], "levels": orjson.loads(r["levels"])}
            for r in await raw.fetch(ASSESSMENT_SQL, q.agency_id, q.as_of, q.employee_id)}


class _Jpm:
    """JPM of each (assessment, job version), computed once: a person's plan meets each job many times."""

    def __init__(self, policy: JpmPolicy) -> None:
        self.policy = policy
        self.memo: dict[tuple[Any, ...], Any] = {}
        self.standards: dict[tuple[Any, ...], dict[str, int]] = {}

    def standard(self, job: dict[str, Any]) -> dict[str, int]:
        key = (job["id"], job["version"])
        if key not in self.standards:
            self.standards[key] = {str(k).upper(): int(v) for k, v in job["competency_standard"].items()}
        return self.standards[key]

    def of(self, assessment: dict[str, Any] | None, job: dict[str, Any]) -> Any:
        if not job.get("competency_standard"):
            return "no_standard"
        if assessment is None:
            return "no_assessment"
        key = (assessment["id"], job["id"], job["version"])
        if key not in self.memo:
            standard = self.standard(job)
            try:
                self.memo[key] = jpm_detail(assessment["levels"], standard, self.policy, allow_unknown=True)
            except Invalid:
                self.memo[key] = "no_standard"
        return self.memo[key]


@dataclass
class Pair:
    employee_id: str
    position_id: str
    move_kind: str
    checks: list[dict[str, Any]]
    jpm: Any  # JpmResult, or the reason there is none
    key: tuple[Any, ...]
    sort: dict[str, Any]


@dataclass
class Plan:
    """Every pair of a question, and what the breakdown of any of them needs (records keyed by their id text)."""

    agency_id: uuid.UUID
    as_of: date
    policy: dict[str, Any]
    people: dict[str, dict[str, Any]]
    positions: dict[str, dict[str, Any]]
    pairs: list[Pair]
    ratings: dict[str, dict[int, tuple[str, uuid.UUID]]]
    assessments: dict[str, dict[str, Any]]
    jpm_policy: JpmPolicy


async def plan(session: AsyncSession, directory: PositionsDirectory, q: Question, jpm_policy: JpmPolicy,
               people_filter: set[uuid.UUID] | None = None) -> Plan:
    """The one ranking of career planning (a person's plan, a position's candidates, a succession plan's
    suggestions): facts and requirement checks from positions, JPM here, ordered by ``rules.closeness_key``."""
    raw = await _raw(session)
    ratings = {str(e): ys for e, ys in (await _ratings(raw, q)).items()}
    assessments = {str(e): a for e, a in (await _assessments(raw, q)).items()}
    body: dict[str, Any] = {"agency_id": str(q.agency_id), "as_of": q.as_of.isoformat(),
                            "ratings": {e: {str(y): p for y, (p, _) in ys.items()} for e, ys in ratings.items()},
                            **{k: (str(v) if isinstance(v, uuid.UUID) else v) for k, v in q.filters.items()
                               if v is not None}}
    if q.employee_id is not None:
        body["employee_id"] = str(q.employee_id)
    if q.position_id is not None:
        body["position_id"] = str(q.position_id)
    what, ident = ("Pegawai", q.employee_id) if q.position_id is None else ("Jabatan", q.position_id)
    found = await directory.career_checks(body, what, ident)
    people = {str(p["employee_id"]): p for p in found["people"]}
    positions = {str(p["position_id"]): p for p in found["positions"]}
    table: list[dict[str, Any]] = found["checks"]
    only = None if people_filter is None else {str(e) for e in people_filter}
    jpm = _Jpm(jpm_policy)
    counts: dict[tuple[int, ...], tuple[int, int]] = {}  # pairs share their checks: counted once per combination
    pairs: list[Pair] = []
    for e, p, kind, refs in found["pairs"]:
        if only is not None and e not in only:
            continue
        pos, person = positions[p], people[e]
        checks = [table[i] for i in refs]
        key = tuple(refs)
        if key not in counts:
            counts[key] = requirement_counts(checks)
        failed, unknown = counts[key]
        result = jpm.of(assessments.get(e), pos["job"])
        percent = None if isinstance(result, str) else result.percent
        c = Closeness(failed, unknown, percent, 0 if isinstance(result, str) else shortfall(result.gaps))
        order = closeness_key(c)
        pairs.append(Pair(e, p, kind, checks, result, order, {
            "closeness": order, "jpm": percent, "kelas_jabatan": pos["job"]["kelas_jabatan"],
            "position_name": pos["name"], "display_name": person["display_name"], "position_id": p,
            "employee_id": e}))
    return Plan(q.agency_id, q.as_of, found["policy"], people, positions, pairs, ratings, assessments, jpm_policy)


def pair_readiness(pl: Plan, pair: Pair) -> str:
    """The succession readiness of one pair (``rules.career.readiness``)."""
    percent = None if isinstance(pair.jpm, str) else pair.jpm.percent
    gaps = None if isinstance(pair.jpm, str) else pair.jpm.gaps
    return readiness(pair.checks, percent, gaps, pl.as_of, pl.jpm_policy).value


def _jpm_doc(result: Any, assessment: dict[str, Any] | None, job: dict[str, Any]) -> dict[str, Any]:
    source = {"job_id": job["id"], "job_version": job["version"]}
    if isinstance(result, str):
        return {"available": False, "reason": result, "standard": source,
                "assessment": None if assessment is None else _assessment_ref(assessment)}
    standard = {str(k).upper(): int(v) for k, v in job["competency_standard"].items()}
    levels = {str(k).upper(): int(v) for k, v in assessment["levels"].items()} if assessment else {}
    return {"available": True, "percent": str(result.display), "percent_exact": str(result.percent),
            "category": result.category.value, "individual_sum": result.individual_sum,
            "standard_sum": result.standard_sum, "thresholds": result.thresholds, "standard": source,
            "assessment": _assessment_ref(assessment) if assessment else None,
            "competencies": [{"code": code, "required": lvl, "has": levels.get(code, 0), "gap": result.gaps[code]}
                             for code, lvl in standard.items()]}


def _assessment_ref(a: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(a["id"]), "assessed_on": a["assessed_on"].isoformat(),
            "valid_until": a["valid_until"].isoformat(), "method": a["method"]}


def _sources(check: dict[str, Any], person: dict[str, Any], pos: dict[str, Any],
             ratings: dict[int, tuple[str, uuid.UUID]]) -> dict[str, Any]:
    """The records a check read (positions names the person's; the ratings are evaluation's)."""
    name = check.get("name")
    job = {"job_id": pos["job"]["id"], "job_version": pos["job"]["version"]}
    rated = [{"rating_id": str(rid), "year": y, "predikat": p} for y, (p, rid) in sorted(ratings.items())]
    if name == "rank":
        return {"rank_record": person.get("rank"), **job, "min_rank_source": pos["job"].get("min_rank_source")}
    if name == "education":
        return {"education_record": person.get("education"), **job}
    if name == "time_in_position":
        return {"assignment": person.get("assignment")}
    if name == "performance":
        return {"ratings": rated}
    if name == "regular_promotion":
        return {"rank_record": person.get("rank"), "education_record": person.get("education"), "ratings": rated}
    return {}


async def breakdown(session: AsyncSession, pl: Plan, pair: Pair, catalogue: DevelopmentCatalogue | None,
                    place: int | None = None) -> dict[str, Any]:
    """One pair explained: the position and the person, the kind of move, each requirement with its record,
    the JPM per competency with its assessment and job version, the order's inputs and the readiness."""
    person, pos = pl.people[pair.employee_id], pl.positions[pair.position_id]
    assessment = pl.assessments.get(pair.employee_id)
    jpm = _jpm_doc(pair.jpm, assessment, pos["job"])
    percent = None if isinstance(pair.jpm, str) else pair.jpm.percent
    gaps = None if isinstance(pair.jpm, str) else pair.jpm.gaps
    ratings = pl.ratings.get(pair.employee_id, {})
    doc: dict[str, Any] = {
        "employee": {k: person.get(k) for k in ("employee_id", "nip", "display_name", "unit_id", "rank",
                                                 "education", "assignment")},
        "position": {k: pos.get(k) for k in ("position_id", "name", "unit_id", "unit_name", "version", "required",
                                              "filled", "vacant", "job")},
        "move_kind": pair.move_kind,
        "requirements": [{**c, "source": _sources(c, person, pos, ratings)} for c in pair.checks],
        "jpm": jpm,
        "closeness": {**closeness(pair.checks, percent, gaps).to_dict(), "place": place},
        "readiness": pair_readiness(pl, pair),
        "as_of": pl.as_of.isoformat(),
    }
    doc["position"]["job"] = {k: v for k, v in pos["job"].items() if k != "competency_standard"}
    if catalogue is not None and gaps:
        short = {code: -g for code, g in gaps.items() if g < 0}
        found = await catalogue.activities_for(session, pl.agency_id, short) if short else {}
        doc["development"] = [{"code": code, "levels_short": n, "activities": list(found.get(code, []))}
                              for code, n in short.items()]
    return doc


def percent_of(pair: Pair) -> Decimal | None:
    return None if isinstance(pair.jpm, str) else pair.jpm.percent


async def plan_page(session: AsyncSession, pl: Plan, page: PageParams, sort: Sort, tiebreaker: str,
                    catalogue: DevelopmentCatalogue | None) -> Page[Any]:
    """One page of a plan's pairs in ``sort`` order, each explained; ``place`` is its rank by closeness."""
    order = {id(p): i + 1 for i, p in enumerate(sorted(pl.pairs, key=lambda p: (p.key, p.sort[tiebreaker])))}
    rows = sort.sorted([p.sort | {"_pair": p} for p in pl.pairs], tiebreaker)
    shown = rows[page.offset:page.offset + page.limit]
    items = [await breakdown(session, pl, r["_pair"], catalogue, order[id(r["_pair"])]) for r in shown]
    return Page(items=items, total=len(rows), limit=page.limit, offset=page.offset)


async def unit_people(access: Access) -> set[uuid.UUID] | None:
    """None for the agency-wide readers (service, agency admin, PPK); a unit admin's people (positions' list of a
    unit covers its subtree)."""
    p = access.p
    if p.is_service or p.has(Role.AGENCY_ADMIN, Role.PPK):
        return None
    if not (p.has(Role.UNIT_ADMIN) and p.unit_id):
        return set()
    agency = uuid.UUID(access.p.agency_id or str(uuid.UUID(int=0)))
    return {e.id for e in await access.directory.unit_employees(agency, uuid.UUID(p.unit_id))}


def catalogue_of(request: Request) -> DevelopmentCatalogue | None:
    """The development catalogue (``catalogue.service.CareerCatalogue``), unless a test put another one on
    ``app.state.career_catalogue``."""
    return getattr(request.app.state, "career_catalogue", None) or CareerCatalogue()

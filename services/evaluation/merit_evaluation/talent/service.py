"""Talent cycles: nine-box placement of everyone in scope (set-based), talent pool, succession plans.

Axes (rules.talent, PermenPANRB 3/2020): kinerja from the annual predikat of the ``performance_years`` years before
the cycle's as_of year; potential = weighted JPM / TRACK_RECORD / OTHER (0–100). Policy for missing inputs, kept
here as named data (LOW, documented):
* JPM: the latest valid JPM against the current position (capped, ``PotentialInputsPolicy.jpm_cap``); without one
  a person is not placed.
* TRACK_RECORD and OTHER (unless given): agency policy data, ``talent.inputs.PotentialInputsPolicy`` (defaults
  100/70/40/40 by worst penalty; OTHER = mean of the other components).
The cycle stores the whole policy (axes and input rules), and every placement its thresholds, input rules,
components and predikat.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.career import service as career
from merit_evaluation.common.access import Access, same_agency
from merit_evaluation.common.feed import publish
from merit_evaluation.common.models import audit_log
from merit_evaluation.competency.models import JpmResult
from merit_evaluation.development.models import DisciplineRecord
from merit_evaluation.directory import PositionsDirectory
from merit_evaluation.followups import service as followups
from merit_evaluation.performance.models import AnnualRating
from merit_evaluation.policies.service import get_policy
from merit_evaluation.rules import (
    DisciplineRecord as RuleDiscipline,
)
from merit_evaluation.rules import (
    SuccessionReadiness,
    TalentPolicy,
    place,
    potential_score,
    talent_pool_status,
    years_before,
)
from merit_evaluation.talent.errors import (
    AS_OF_OUTSIDE_YEAR,
    CANDIDATE_EXISTS,
    CANDIDATE_NOT_IN_TALENT_POOL,
    CYCLE_CLOSED,
    CYCLE_EXISTS,
    FORBIDDEN_TALENT_DATA_READ_AGENCY,
    INPUTS_OUTSIDE_SCOPE,
    RANK_TAKEN,
    SUCCESSION_PLAN_EXISTS,
)
from merit_evaluation.talent.inputs import DEFAULT_POTENTIAL_INPUTS, PotentialInputsPolicy
from merit_evaluation.talent.models import SuccessionCandidate, SuccessionPlan, TalentCycle, TalentPlacement
from merit_evaluation.talent.schemas import CandidateIn, CycleIn, PlaceIn, SuccessionIn
from merit_shared import audit, clock
from merit_shared.api import Sort, apply_sort
from merit_shared.auth import Principal, Role
from merit_shared.errors import NotFound
from merit_shared.vocab import DisciplineLevel

_SEVERITY = {DisciplineLevel.LIGHT: 1, DisciplineLevel.MODERATE: 2, DisciplineLevel.HEAVY: 3}


def _any(ids: list[uuid.UUID]) -> Any:
    """``= ANY($1)`` with one array parameter (10,000 ids would otherwise be 10,000 bind parameters)."""
    return sa.any_(sa.bindparam("ids", ids, type_=ARRAY(sa.Uuid)))


Inputs = tuple[dict[uuid.UUID, dict[int, str]], dict[uuid.UUID, Decimal], dict[uuid.UUID, list[RuleDiscipline]]]


async def gather_inputs(session: AsyncSession, employee_ids: list[uuid.UUID], as_of: date, policy: TalentPolicy,
                        rules: PotentialInputsPolicy = DEFAULT_POTENTIAL_INPUTS) -> Inputs:
    """Three set-based queries: predikat by year, latest valid JPM, discipline records."""
    years = [as_of.year - i for i in range(policy.performance_years, 0, -1)]
    preds: dict[uuid.UUID, dict[int, str]] = defaultdict(dict)
    for e, y, p in (await session.execute(select(AnnualRating.employee_id, AnnualRating.year, AnnualRating.predikat)
                                          .where(AnnualRating.employee_id == _any(employee_ids),
                                                 AnnualRating.year.in_(years)))).all():
        preds[e][y] = p
    jpm: dict[uuid.UUID, Decimal] = {}
    q = (select(JpmResult.employee_id, JpmResult.percent)
         .where(JpmResult.employee_id == _any(employee_ids), JpmResult.against_current_position,
                JpmResult.assessed_on <= as_of, JpmResult.valid_until >= as_of)
         .order_by(JpmResult.employee_id, JpmResult.assessed_on.desc(), JpmResult.computed_at.desc())
         .ext(distinct_on(JpmResult.employee_id)))
    for e, pct in (await session.execute(q)).all():
        jpm[e] = min(Decimal(pct), rules.jpm_cap)
    disc: dict[uuid.UUID, list[RuleDiscipline]] = defaultdict(list)
    for e, lvl, d in (await session.execute(select(DisciplineRecord.employee_id, DisciplineRecord.level,
                                                   DisciplineRecord.decided_on)
                                            .where(DisciplineRecord.employee_id == _any(employee_ids),
                                                   DisciplineRecord.decided_on <= as_of))).all():
        disc[e].append(RuleDiscipline(DisciplineLevel(lvl), d))
    return preds, jpm, disc


def place_one(employee_id: uuid.UUID, as_of: date, policy: TalentPolicy, preds: dict[int, str],
              jpm: Decimal | None, records: list[RuleDiscipline], given: Mapping[Any, Any] | None = None,
              rules: PotentialInputsPolicy = DEFAULT_POTENTIAL_INPUTS) -> dict[str, Any] | str:
    """A placement document, or the reason (code) the person cannot be placed."""
    years = [as_of.year - i for i in range(policy.performance_years, 0, -1)]
    if any(y not in preds for y in years):
        return "predikat_missing"
    if jpm is None:
        return "jpm_missing"
    given = given or {}
    start = years_before(as_of, policy.discipline_lookback_years)
    recent = [r.level for r in records if start <= r.decided_on <= as_of]
    worst = max(recent, key=lambda lv: _SEVERITY[lv]) if recent else None
    components: dict[str, Decimal] = {"JPM": jpm}
    if "TRACK_RECORD" in policy.potential_weights:
        components["TRACK_RECORD"] = Decimal(str(given.get("TRACK_RECORD", rules.track_record(worst))))
    if "OTHER" in policy.potential_weights:
        components["OTHER"] = Decimal(str(given["OTHER"])) if "OTHER" in given else rules.other(components)
    for k in policy.potential_weights:
        if k not in components:
            components[k] = Decimal(str(given.get(k, 0)))
    score = potential_score(components, policy)
    pl = place(score, [preds[y] for y in years], policy)
    pool = talent_pool_status(pl.box, records, as_of, policy)
    return {"employee_id": employee_id, "box": pl.box, "potential_level": pl.potential_level.value,
            "performance_level": pl.performance_level.value, "potential_score": pl.potential_score,
            "components": {k: str(v) for k, v in components.items()},
            "performance_predikats": [p.value for p in pl.performance_predikats or ()],
            "actions": [a.to_dict() for a in pl.actions], "thresholds": pl.thresholds,
            "in_pool": pool.eligible, "pool_status": pool.to_dict()}


_COLS = ("id", "cycle_id", "agency_id", "employee_id", "unit_id", "box", "potential_level", "performance_level",
         "potential_score", "components", "performance_predikats", "actions", "thresholds", "in_pool", "pool_status",
         "as_of")
_TYPES = ("uuid", "uuid", "uuid", "uuid", "uuid", "int", "text", "text", "numeric", "text", "text", "text", "text",
          "bool", "text", "date")
_JSON = {"components", "performance_predikats", "actions", "thresholds", "pool_status"}
# The input rules are the same for every placement of a call: one scalar parameter, not 10,000 copies.
UPSERT_SQL = (
    f"INSERT INTO talent_placement ({', '.join(_COLS)}, potential_inputs) SELECT "
    + ", ".join(f"{c}::jsonb" if c in _JSON else c for c in _COLS)
    + f", ${len(_COLS) + 1}::jsonb"
    + " FROM unnest(" + ", ".join(f"${i + 1}::{t}[]" for i, t in enumerate(_TYPES)) + f") AS t({', '.join(_COLS)})"
    " ON CONFLICT (cycle_id, employee_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in (*_COLS, "potential_inputs")
                if c not in ("id", "cycle_id", "agency_id", "employee_id"))
    + ", placed_at = now()")


async def _bulk_upsert(session: AsyncSession, rows: list[dict[str, Any]], rules: PotentialInputsPolicy) -> None:
    """One statement for all placements (unnest of column arrays), in the request's transaction."""
    conn = await session.connection()
    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None  # an open asyncpg connection
    cols = [[(orjson.dumps(r[c], default=str).decode() if c in _JSON else r[c]) for r in rows] for c in _COLS]
    await raw.execute(UPSERT_SQL, *cols, orjson.dumps(rules.to_dict()).decode())


async def place_people(session: AsyncSession, cycle_id: uuid.UUID, agency_id: uuid.UUID, as_of: date,
                       policy: TalentPolicy, people: list[tuple[uuid.UUID, uuid.UUID | None]],
                       inputs: Mapping[uuid.UUID, Mapping[Any, Any]] | None = None,
                       rules: PotentialInputsPolicy = DEFAULT_POTENTIAL_INPUTS) -> dict[str, Any]:
    """Place everyone in ``people`` ((employee_id, unit_id)); bulk upsert; returns counts and the skipped."""
    ids = [p[0] for p in people]
    preds, jpm, disc = await gather_inputs(session, ids, as_of, policy, rules)
    rows: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for emp_id, unit_id in people:
        doc = place_one(emp_id, as_of, policy, preds.get(emp_id, {}), jpm.get(emp_id), disc.get(emp_id, []),
                        (inputs or {}).get(emp_id), rules)
        if isinstance(doc, str):
            skipped.append({"employee_id": str(emp_id), "reason": doc})
            continue
        rows.append({"id": uuid.uuid4(), "cycle_id": cycle_id, "agency_id": agency_id, "unit_id": unit_id,
                     "as_of": as_of, **doc})
    if rows:
        await _bulk_upsert(session, rows, rules)
    boxes: dict[int, int] = defaultdict(int)
    for r in rows:
        boxes[r["box"]] += 1
    return {"placed": len(rows), "skipped": skipped, "by_box": {str(b): boxes[b] for b in range(1, 10)},
            "in_pool": sum(1 for r in rows if r["in_pool"])}


# Talent cycles and succession plans: reads, writes and their checks (the routes authorize and shape the answer).

def agency_of(p: Principal) -> uuid.UUID:
    return uuid.UUID(p.agency_id) if p.agency_id else uuid.UUID(int=0)


def require_reader(p: Principal) -> None:
    if not (p.is_service or p.has(Role.AGENCY_ADMIN, Role.UNIT_ADMIN, Role.PPK)):
        raise FORBIDDEN_TALENT_DATA_READ_AGENCY.error()


async def get_cycle(session: AsyncSession, p: Principal, cycle_id: uuid.UUID) -> TalentCycle:
    c = await session.get(TalentCycle, cycle_id)
    if c is None or not same_agency(p, c.agency_id):
        raise NotFound("Siklus talenta", cycle_id)
    return c


async def create_cycle(session: AsyncSession, directory: PositionsDirectory, principal: Principal,
                       body: CycleIn) -> TalentCycle:
    """A new cycle carrying the agency's talent policy and potential-input rules (409 on a taken name)."""
    agency = agency_of(principal)
    if body.as_of.year != body.year:
        raise AS_OF_OUTSIDE_YEAR.error(field="body.as_of", year=body.year)
    if body.unit_id is not None:
        try:
            await directory.unit(agency, body.unit_id)
        except NotFound:
            raise NotFound("Unit organisasi", body.unit_id, field="body.unit_id") from None
    if (await session.execute(select(TalentCycle.id).where(TalentCycle.agency_id == agency,
                                                           TalentCycle.name == body.name))).first():
        raise CYCLE_EXISTS.error()
    policy = await get_policy(session, agency)
    c = TalentCycle(id=uuid.uuid4(), agency_id=agency, name=body.name, year=body.year, as_of=body.as_of,
                    unit_id=body.unit_id, policy=policy.talent.to_dict(),
                    potential_inputs=policy.talent_inputs.to_dict(), created_by=principal.subject)
    session.add(c)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:  # a concurrent cycle with the same name won the unique index
        raise CYCLE_EXISTS.error() from None
    await audit.record(session, audit_log, principal, action="talent_cycle.create", entity="talent_cycle",
                       entity_id=c.id, agency_id=agency, before=None,
                       after={"policy": c.policy, "potential_inputs": c.potential_inputs})
    return c


async def list_cycles(session: AsyncSession, p: Principal) -> Sequence[TalentCycle]:
    require_reader(p)
    return (await session.execute(select(TalentCycle).where(TalentCycle.agency_id == agency_of(p))
                                  .order_by(TalentCycle.as_of.desc()))).scalars().all()


async def place_cycle(session: AsyncSession, access: Access, c: TalentCycle, body: PlaceIn) -> dict[str, Any]:
    """Place the given employees (default: everyone in the cycle's scope) of an open cycle; audited."""
    principal = access.p
    if c.status != "OPEN":
        raise CYCLE_CLOSED.error()
    if body.employee_ids:
        people = []
        for e in body.employee_ids:
            emp = await access.employee(e, "body.employee_ids")
            people.append((emp.id, emp.unit_id))
    else:
        people = [(e.id, e.unit_id) for e in await access.directory.unit_employees(c.agency_id, c.unit_id)
                  if e.agency_id == c.agency_id]
    stray = set(body.inputs) - {p[0] for p in people}
    if stray:
        raise INPUTS_OUTSIDE_SCOPE.error(field="body.inputs", join_sorted_map=', '.join(sorted(map(str, stray))))
    result = await place_people(session, c.id, c.agency_id, c.as_of, TalentPolicy.from_dict(c.policy), people,
                                body.inputs, PotentialInputsPolicy.from_dict(c.potential_inputs))
    placed = [p[0] for p in people if str(p[0]) not in {s["employee_id"] for s in result["skipped"]}]
    result["followups_created"] = await followups.create_for_placements(session, principal, c.id, placed)
    await audit.record(session, audit_log, principal, action="talent_cycle.place", entity="talent_cycle",
                       entity_id=c.id, agency_id=c.agency_id, before=None,
                       after={k: v for k, v in result.items() if k != "skipped"})
    await publish(session, principal, "talent_placed", c.agency_id, c.id, {
        "cycle_id": c.id, "year": c.year, "as_of": c.as_of, "unit_id": c.unit_id, "placed": result["placed"],
        "in_pool": result["in_pool"], "by_box": result["by_box"]})
    return result


PLACEMENT_SORT = {"box": TalentPlacement.box, "potential_score": TalentPlacement.potential_score,
                  "unit_id": TalentPlacement.unit_id, "pool_status": TalentPlacement.pool_status}


async def list_placements(session: AsyncSession, access: Access, c: TalentCycle, limit: int, offset: int,
                          box: int | None, in_pool: bool | None,
                          unit_id: uuid.UUID | None, *, sort: Sort) -> tuple[int, Sequence[TalentPlacement]]:
    """(total, one page) of a cycle's placements; a unit admin sees their unit subtree only."""
    principal = access.p
    q = select(TalentPlacement).where(TalentPlacement.cycle_id == c.id)
    if not (principal.is_service or principal.has(Role.AGENCY_ADMIN, Role.PPK)):
        units = await access.admin_units() or set()
        q = q.where(TalentPlacement.unit_id.in_(units))  # the unit admin's whole subtree
    if box:
        q = q.where(TalentPlacement.box == box)
    if in_pool is not None:
        q = q.where(TalentPlacement.in_pool == in_pool)
    if unit_id:
        q = q.where(TalentPlacement.unit_id == unit_id)
    total = (await session.execute(select(func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, TalentPlacement.id)
                                  .limit(limit).offset(offset))).scalars().all()
    return total, rows


def _plan_unit(sp: SuccessionPlan) -> uuid.UUID | None:
    unit = (sp.position or {}).get("unit_id")
    try:
        return uuid.UUID(str(unit)) if unit else None
    except ValueError:
        return None


async def visible_plan(access: Access, sp: SuccessionPlan) -> bool:
    """A unit admin sees only plans for positions of their unit subtree (the same rule as talent placements)."""
    units = await access.admin_units()
    return units is None or (_plan_unit(sp) in units)


async def plan_doc(session: AsyncSession, sp: SuccessionPlan, access: Access | None = None) -> dict[str, Any]:
    cands = list((await session.execute(select(SuccessionCandidate).where(SuccessionCandidate.plan_id == sp.id)
                                        .order_by(SuccessionCandidate.rank))).scalars().all())
    units = await access.admin_units() if access is not None else None
    if units is not None:
        # A unit admin sees the candidates who work in their subtree; the others are personal data of another
        # unit's people and stay hidden from them.
        seen = []
        for c in cands:
            try:
                emp = await access.employee(c.employee_id)  # type: ignore[union-attr]
            except NotFound:
                continue
            if emp.unit_id is not None and emp.unit_id in units:
                seen.append(c)
        cands = seen
    return {"id": str(sp.id), "agency_id": str(sp.agency_id), "position_id": str(sp.position_id),
            "position": sp.position, "talent_cycle_id": str(sp.talent_cycle_id) if sp.talent_cycle_id else None,
            "status": sp.status, "candidates": [
                {"employee_id": str(c.employee_id), "readiness": c.readiness, "rank": c.rank, "box": c.box,
                 "note": c.note} for c in cands]}


async def create_succession(session: AsyncSession, directory: PositionsDirectory, principal: Principal,
                            body: SuccessionIn) -> SuccessionPlan:
    """A succession plan for a position of the caller's agency (409 when the position already has an active one)."""
    agency = agency_of(principal)
    if body.talent_cycle_id:
        try:
            await get_cycle(session, principal, body.talent_cycle_id)
        except NotFound as exc:
            exc.field = "body.talent_cycle_id"
            raise
    try:
        pos = await directory.position(body.position_id)
        if pos.get("agency_id") and not same_agency(principal, pos["agency_id"]):
            raise NotFound("Jabatan", body.position_id)
    except NotFound as exc:
        exc.field = "body.position_id"
        raise
    snap = {k: pos.get(k) for k in ("id", "name", "unit_id", "job") if k in pos}
    sp = SuccessionPlan(id=uuid.uuid4(), agency_id=agency, position_id=body.position_id, position=snap,
                        talent_cycle_id=body.talent_cycle_id, created_by=principal.subject)
    session.add(sp)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise SUCCESSION_PLAN_EXISTS.error() from None
    await publish(session, principal, "succession_changed", agency, sp.id, {
        "plan_id": sp.id, "position_id": sp.position_id, "talent_cycle_id": sp.talent_cycle_id, "change": "created",
        "candidate": None})
    return sp


async def list_succession(session: AsyncSession, access: Access) -> list[dict[str, Any]]:
    require_reader(access.p)
    rows = (await session.execute(select(SuccessionPlan).where(SuccessionPlan.agency_id == agency_of(access.p))
                                  .order_by(SuccessionPlan.created_at))).scalars().all()
    return [await plan_doc(session, r, access) for r in rows if await visible_plan(access, r)]


async def add_candidate(session: AsyncSession, access: Access, sp: SuccessionPlan, body: CandidateIn) -> SuccessionPlan:
    """Add a candidate (from the cycle's talent pool when the plan has a cycle) at a free rank; audited."""
    principal = access.p
    await access.employee(body.employee_id, "body.employee_id")
    box = None
    if sp.talent_cycle_id:
        pl = (await session.execute(select(TalentPlacement).where(
            TalentPlacement.cycle_id == sp.talent_cycle_id,
            TalentPlacement.employee_id == body.employee_id))).scalar_one_or_none()
        if pl is None or not pl.in_pool:
            raise CANDIDATE_NOT_IN_TALENT_POOL.error(extra={"box": pl.box if pl else None})
        box = pl.box
    await session.execute(select(SuccessionPlan.id).where(SuccessionPlan.id == sp.id).with_for_update())
    rank = body.rank or ((await session.execute(select(func.coalesce(func.max(SuccessionCandidate.rank), 0)).where(
        SuccessionCandidate.plan_id == sp.id))).scalar_one() + 1)
    ready = body.readiness.value if body.readiness else await suggested_readiness(session, access, sp, body.employee_id)
    session.add(SuccessionCandidate(id=uuid.uuid4(), plan_id=sp.id, employee_id=body.employee_id,
                                    readiness=ready, rank=rank, box=box, note=body.note,
                                    created_by=principal.subject))
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise CANDIDATE_EXISTS.error() from None
    taken = (await session.execute(select(func.count()).where(SuccessionCandidate.plan_id == sp.id,
                                                              SuccessionCandidate.rank == rank))).scalar_one()
    if taken > 1:
        raise RANK_TAKEN.error(rank=rank)
    await audit.record(session, audit_log, principal, action="succession.add_candidate", entity="succession_plan",
                       entity_id=sp.id, agency_id=sp.agency_id, before=None, after=body.model_dump(mode="json"))
    await publish(session, principal, "succession_changed", sp.agency_id, sp.id, {
        "plan_id": sp.id, "position_id": sp.position_id, "talent_cycle_id": sp.talent_cycle_id,
        "change": "candidate_added", "candidate": {"employee_id": body.employee_id,
                                                   "readiness": ready, "rank": rank, "box": box}})
    return sp


async def suggestions(session: AsyncSession, access: Access, sp: SuccessionPlan,
                      employee_id: uuid.UUID | None = None) -> career.Plan:
    """The plan's position against the agency's people, by career planning's one function (``career.plan``): the
    suggested candidates and their readiness. With a talent cycle, only its talent pool; a unit admin, their
    subtree's people."""
    people = await career.unit_people(access)
    if sp.talent_cycle_id:
        pool = set((await session.execute(select(TalentPlacement.employee_id).where(
            TalentPlacement.cycle_id == sp.talent_cycle_id, TalentPlacement.in_pool))).scalars().all())
        people = pool if people is None else people & pool
    if employee_id is not None:
        people = {employee_id} if people is None else people & {employee_id}
    q = career.Question(sp.agency_id, clock.today(sp.agency_id), position_id=sp.position_id, employee_id=employee_id)
    return await career.plan(session, access.directory, q, (await get_policy(session, sp.agency_id)).jpm, people)


async def suggested_readiness(session: AsyncSession, access: Access, sp: SuccessionPlan,
                              employee_id: uuid.UUID) -> str:
    """The readiness career planning gives this person for the plan's position."""
    pl = await suggestions(session, access, sp, employee_id)
    if not pl.pairs:  # the position's own holder: nothing to suggest, so the furthest readiness
        return SuccessionReadiness.READY_LATER.value
    pair = pl.pairs[0]
    return career.pair_readiness(pl, pair)

"""Follow-ups created by policy when a rating becomes final or a person is placed, and their lifecycle.

Creation (``create_for_ratings``, ``create_for_placements``) runs in the transaction of the event that triggers
it: every path that makes an annual rating final (the SKP's FINALIZE and a direct record through
``ratings.service.write_annual_rating``, the onboarding import, an organisation-performance finalisation of the
unit) and a talent cycle's placement. It is set-based (one INSERT of column arrays) and idempotent: the unique
(source_kind, source_id, kind) lets a re-finalised rating or a re-placed person add nothing.

Owner (coach or decider, agency policy as documented in README): the rating's evaluator, else the evaluator on the
employee's current SKP plan of that year, else the agency admin (owner_kind AGENCY_ADMIN, no employee).

Who sees what: the agency admin and the PPK the agency; a unit admin their unit subtree; the owner; the employee's
evaluator or evaluator's superior (on their SKP plan, or the evaluator positions resolves now); the employee their
own. Another agency's follow-up is not found.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.access import Access, is_self, same_agency
from merit_evaluation.common.models import audit_log
from merit_evaluation.directory import EmployeeFacts
from merit_evaluation.followups.errors import (
    COACH_IS_EMPLOYEE,
    COACHING_PLAN_INCOMPLETE,
    FOLLOWUP_KIND_MISMATCH,
    FORBIDDEN_FOLLOWUP_ACTION,
    FORBIDDEN_FOLLOWUP_READ,
    MILESTONE_BEFORE_PLAN,
    NOTE_DATE_IN_FUTURE,
    REWARD_OPTION_NOT_OFFERED,
)
from merit_evaluation.followups.models import CoachingGoal, CoachingMilestone, CoachingNote, Followup
from merit_evaluation.followups.schemas import CloseIn, CoachingPlanIn, DecideIn, NoteIn, ReasonIn
from merit_evaluation.performance.models import AnnualRating, PerformancePlan
from merit_evaluation.policies.service import get_policy
from merit_evaluation.rules import FollowupAction, FollowupKind, FollowupPolicy, SourceKind, followup_kind
from merit_evaluation.rules.followups import (
    ACTORS,
    CLOSED_STATES,
    INITIAL_STATE,
    TRANSITIONS,
    allowed_actions,
    due_on,
    is_overdue,
    transition,
)
from merit_evaluation.talent.models import TalentPlacement
from merit_shared import audit, clock
from merit_shared.api import Sort, apply_sort
from merit_shared.auth import Principal, Role

NOBODY = uuid.UUID(int=0)


def _any(name: str, ids: Sequence[uuid.UUID]) -> Any:
    """``= ANY($1)`` with one array parameter (10,000 ids would otherwise be 10,000 bind parameters)."""
    return sa.any_(sa.bindparam(name, list(ids), type_=ARRAY(sa.Uuid)))


# ---------------------------------------------------------------- creation by policy

_COLS = ("id", "agency_id", "employee_id", "unit_id", "year", "source_kind", "source_id", "kind", "predikat", "box",
         "options", "state", "owner_kind", "owner_employee_id", "created_on", "due_on", "version", "created_by")
_TYPES = ("uuid", "uuid", "uuid", "uuid", "int", "text", "uuid", "text", "text", "int", "text", "text", "text",
          "uuid", "date", "date", "int", "text")
INSERT_SQL = (
    f"INSERT INTO followup ({', '.join(_COLS)}) SELECT "
    + ", ".join("options::jsonb" if c == "options" else c for c in _COLS)
    + " FROM unnest(" + ", ".join(f"${i + 1}::{t}[]" for i, t in enumerate(_TYPES)) + f") AS t({', '.join(_COLS)})"
    " ON CONFLICT (source_kind, source_id, kind) DO NOTHING"
    " RETURNING id, agency_id, employee_id, kind, source_kind, source_id, owner_employee_id, due_on")


async def _plan_evaluators(session: AsyncSession, pairs: set[tuple[uuid.UUID, int]]) -> dict[tuple[uuid.UUID, int],
                                                                                                 uuid.UUID]:
    """The evaluator on each (employee, year)'s current SKP plan, in one query."""
    if not pairs:
        return {}
    people, years = [p[0] for p in pairs], sorted({p[1] for p in pairs})
    rows = (await session.execute(select(PerformancePlan.employee_id, PerformancePlan.year,
                                         PerformancePlan.evaluator_employee_id).where(
        PerformancePlan.employee_id == _any("people", people), PerformancePlan.year.in_(years),
        PerformancePlan.is_current, PerformancePlan.evaluator_employee_id.is_not(None)))).all()
    return {(e, y): ev for e, y, ev in rows if (e, y) in pairs and ev is not None}


async def _insert(session: AsyncSession, actor: Principal | str, docs: list[dict[str, Any]],
                  policies: dict[uuid.UUID, FollowupPolicy]) -> int:
    """One INSERT for every follow-up (existing ones skipped by the unique source), then their audit entries."""
    if not docs:
        return 0
    missing = {(d["employee_id"], d["year"]) for d in docs if d.get("evaluator") is None}
    evaluators = await _plan_evaluators(session, missing)
    who = actor if isinstance(actor, str) else actor.subject
    today = {a: clock.today(a) for a in policies}
    rows = []
    for d in docs:
        kind = FollowupKind(d["kind"])
        policy = policies[d["agency_id"]]
        owner = d.get("evaluator") or evaluators.get((d["employee_id"], d["year"]))
        if owner == d["employee_id"]:
            owner = None
        created = today[d["agency_id"]]
        rows.append({
            "id": uuid.uuid4(), "agency_id": d["agency_id"], "employee_id": d["employee_id"],
            "unit_id": d["unit_id"], "year": d["year"], "source_kind": d["source_kind"], "source_id": d["source_id"],
            "kind": kind.value, "predikat": d.get("predikat"), "box": d.get("box"),
            "options": orjson.dumps([o.value for o in policy.reward_options] if kind is FollowupKind.REWARD
                                    else []).decode(),
            "state": INITIAL_STATE[kind].value, "owner_kind": "EVALUATOR" if owner else "AGENCY_ADMIN",
            "owner_employee_id": owner, "created_on": created, "due_on": due_on(created, kind, policy),
            "version": 1, "created_by": who})
    conn = await session.connection()
    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None  # an open asyncpg connection
    created_rows = await raw.fetch(INSERT_SQL, *[[r[c] for r in rows] for c in _COLS])
    buffered = audit.deferred_writes(session) is not None

    async def entries() -> None:
        for c in created_rows:
            await audit.record(session, audit_log, actor, action="followup.create", entity="followup",
                               entity_id=c["id"], agency_id=c["agency_id"], before=None, after={
                                   "kind": c["kind"], "source_kind": c["source_kind"], "source_id": c["source_id"],
                                   "employee_id": c["employee_id"], "owner_employee_id": c["owner_employee_id"],
                                   "due_on": c["due_on"]})
    if buffered:
        await entries()
    else:
        async with audit.defer_writes(session):
            await entries()
    return len(created_rows)


async def _policies(session: AsyncSession, agencies: set[uuid.UUID]) -> dict[uuid.UUID, FollowupPolicy]:
    return {a: (await get_policy(session, a)).followups for a in agencies}


async def create_for_ratings(session: AsyncSession, actor: Principal | str, rating_ids: Sequence[uuid.UUID]) -> int:
    """The follow-ups the agency's policy calls for, for these final annual ratings (the one function every path
    that makes a rating final calls). Returns how many were created (0 for those already followed up)."""
    if not rating_ids:
        return 0
    r = AnnualRating
    rows = (await session.execute(select(r.id, r.agency_id, r.employee_id, r.unit_id, r.year, r.predikat, r.source,
                                         r.evaluator_employee_id).where(r.id == _any("ratings", rating_ids)))).all()
    policies = await _policies(session, {row.agency_id for row in rows})
    docs = []
    for row in rows:
        kind = followup_kind(policies[row.agency_id], predikat=row.predikat, rating_source=row.source)
        if kind is not None:
            docs.append({"agency_id": row.agency_id, "employee_id": row.employee_id, "unit_id": row.unit_id,
                         "year": row.year, "source_kind": SourceKind.ANNUAL_RATING.value, "source_id": row.id,
                         "kind": kind.value, "predikat": row.predikat, "evaluator": row.evaluator_employee_id})
    return await _insert(session, actor, docs, policies)


async def create_for_unit_year(session: AsyncSession, actor: Principal | str, agency_id: uuid.UUID,
                               unit_id: uuid.UUID, year: int) -> int:
    """An organisation-performance finalisation makes the unit's ratings of the year final: follow them up."""
    ids = list((await session.execute(select(AnnualRating.id).where(
        AnnualRating.agency_id == agency_id, AnnualRating.unit_id == unit_id, AnnualRating.year == year)))
        .scalars().all())
    return await create_for_ratings(session, actor, ids)


async def create_for_placements(session: AsyncSession, actor: Principal | str, cycle_id: uuid.UUID,
                                employee_ids: Sequence[uuid.UUID]) -> int:
    """The follow-ups the policy calls for, for the boxes of a cycle's placements (re-placing adds nothing for a
    kind already followed up: the placement keeps its id)."""
    if not employee_ids:
        return 0
    p = TalentPlacement
    rows = (await session.execute(select(p.id, p.agency_id, p.employee_id, p.unit_id, p.box, p.as_of).where(
        p.cycle_id == cycle_id, p.employee_id == _any("people", employee_ids)))).all()
    policies = await _policies(session, {row.agency_id for row in rows})
    docs = []
    for row in rows:
        kind = followup_kind(policies[row.agency_id], box=row.box)
        if kind is not None:  # year: the last predikat year the placement used (the year before as_of)
            docs.append({"agency_id": row.agency_id, "employee_id": row.employee_id, "unit_id": row.unit_id,
                         "year": row.as_of.year - 1, "source_kind": SourceKind.TALENT_PLACEMENT.value,
                         "source_id": row.id, "kind": kind.value, "box": row.box, "evaluator": None})
    return await _insert(session, actor, docs, policies)


# ---------------------------------------------------------------- who may read and act


async def _on_team_plan(session: AsyncSession, me: uuid.UUID, employee_id: uuid.UUID) -> bool:
    """``me`` is the evaluator or the evaluator's superior on one of the employee's current SKP plans."""
    return (await session.execute(select(PerformancePlan.id).where(
        PerformancePlan.employee_id == employee_id, PerformancePlan.is_current,
        or_(PerformancePlan.evaluator_employee_id == me, PerformancePlan.evaluator_superior_employee_id == me))
        .limit(1))).first() is not None


async def relations(access: Access, f: Followup) -> set[str]:
    """The caller's relations to the follow-up: owner, admin (service, agency admin, unit admin of the subtree),
    employee (it is about them)."""
    p = access.p
    rel: set[str] = set()
    if is_self(p, f.employee_id):
        rel.add("employee")
    if p.employee_id and f.owner_employee_id is not None and str(f.owner_employee_id) == p.employee_id:
        rel.add("owner")
    if await access.reads_scope(f.agency_id, f.unit_id):
        rel.add("admin")
    return rel


async def require_read(session: AsyncSession, access: Access, f: Followup) -> None:
    """Readers in the agency (the loader answers 404 for another agency's): module docstring."""
    p = access.p
    if await relations(access, f) or p.has(Role.PPK):
        return
    if p.employee_id:
        me = uuid.UUID(p.employee_id)
        if await _on_team_plan(session, me, f.employee_id) or await access.is_evaluator_of(f.employee_id):
            return
    raise FORBIDDEN_FOLLOWUP_READ.error()


async def followup_allowed_actions(access: Access, f: Followup) -> list[str]:
    return [a.value for a in allowed_actions(f.kind, f.state, await relations(access, f))]


async def _guard(access: Access, f: Followup, action: FollowupAction) -> None:
    """The check every action makes, from the same table ``allowed_actions`` reads: a caller without the relation
    (403), a kind that has no such action (409), a state that does not allow it (409)."""
    rel = await relations(access, f)
    if not rel & ACTORS[action]:
        mine = [a.value for a in allowed_actions(f.kind, f.state, rel)]
        raise FORBIDDEN_FOLLOWUP_ACTION.error(value=action.value, listed=", ".join(mine) or "-")
    kind = FollowupKind(f.kind)
    if not any(k is kind and a is action for (k, _, a) in TRANSITIONS):
        wanted = sorted({k.value for (k, _, a) in TRANSITIONS if a is action})
        raise FOLLOWUP_KIND_MISMATCH.error(kind=kind.value, value=action.value, wanted=", ".join(wanted))
    transition(f.kind, f.state, action)  # 409 naming what the state allows


async def _changed(session: AsyncSession, access: Access, f: Followup, action: FollowupAction,
                   before: dict[str, Any], after: dict[str, Any]) -> Followup:
    f.version += 1
    await session.flush()
    await audit.record(session, audit_log, access.p, action=f"followup.{action.value.lower()}", entity="followup",
                       entity_id=f.id, agency_id=f.agency_id, before=before, after=after)
    return f


def _close(access: Access, f: Followup) -> None:
    f.closed_by = access.p.subject
    f.closed_at = clock.utcnow()


# ---------------------------------------------------------------- actions


async def decide(session: AsyncSession, access: Access, f: Followup, body: DecideIn) -> Followup:
    await _guard(access, f, FollowupAction.DECIDE)
    if body.option.value not in f.options:
        raise REWARD_OPTION_NOT_OFFERED.error(field="body.option", value=body.option.value,
                                              listed=", ".join(f.options))
    before = {"state": f.state}
    f.state = transition(f.kind, f.state, FollowupAction.DECIDE).value
    f.decision_option, f.decision_reason = body.option.value, body.note
    _close(access, f)
    return await _changed(session, access, f, FollowupAction.DECIDE, before,
                          {"state": f.state, "option": f.decision_option, "note": body.note})


async def _end_with_reason(session: AsyncSession, access: Access, f: Followup, action: FollowupAction,
                           reason: str) -> Followup:
    """DECLINE (the reward, ``decision_reason``) or CANCEL (``cancel_reason``): closed, with the reason kept."""
    await _guard(access, f, action)
    before = {"state": f.state}
    f.state = transition(f.kind, f.state, action).value
    if action is FollowupAction.DECLINE:
        f.decision_reason = reason
    else:
        f.cancel_reason = reason
    _close(access, f)
    return await _changed(session, access, f, action, before, {"state": f.state, "reason": reason})


async def decline(session: AsyncSession, access: Access, f: Followup, body: ReasonIn) -> Followup:
    return await _end_with_reason(session, access, f, FollowupAction.DECLINE, body.reason)


async def cancel(session: AsyncSession, access: Access, f: Followup, body: ReasonIn) -> Followup:
    return await _end_with_reason(session, access, f, FollowupAction.CANCEL, body.reason)


async def goals_of(session: AsyncSession, followup_id: uuid.UUID) -> list[CoachingGoal]:
    return list((await session.execute(select(CoachingGoal).where(CoachingGoal.followup_id == followup_id)
                                       .order_by(CoachingGoal.seq))).scalars().all())


async def milestones_of(session: AsyncSession, followup_id: uuid.UUID) -> list[CoachingMilestone]:
    return list((await session.execute(select(CoachingMilestone).where(CoachingMilestone.followup_id == followup_id)
                                       .order_by(CoachingMilestone.seq))).scalars().all())


async def notes_of(session: AsyncSession, followup_id: uuid.UUID) -> list[CoachingNote]:
    return list((await session.execute(select(CoachingNote).where(CoachingNote.followup_id == followup_id)
                                       .order_by(CoachingNote.noted_on, CoachingNote.created_at))).scalars().all())


async def update_plan(session: AsyncSession, access: Access, f: Followup, body: CoachingPlanIn) -> Followup:
    """Replace the coaching plan's goals and milestones (and optionally the coach) while DRAFT or ACTIVE."""
    await _guard(access, f, FollowupAction.UPDATE_PLAN)
    for i, m in enumerate(body.milestones):
        for fld, day in (("due_on", m.due_on), ("done_on", m.done_on)):
            if day is not None and day < f.created_on:
                raise MILESTONE_BEFORE_PLAN.error(field=f"body.milestones.{i}.{fld}", value=day.isoformat(),
                                                  created_on=f.created_on.isoformat())
    before: dict[str, Any] = {"owner_employee_id": f.owner_employee_id,
                              "goals": [g.description for g in await goals_of(session, f.id)],
                              "milestones": [m.title for m in await milestones_of(session, f.id)]}
    if body.coach_employee_id is not None:
        if body.coach_employee_id == f.employee_id:
            raise COACH_IS_EMPLOYEE.error(field="body.coach_employee_id")
        coach: EmployeeFacts = await access.employee(body.coach_employee_id, "body.coach_employee_id")
        f.owner_employee_id, f.owner_kind = coach.id, "EVALUATOR"
    await session.execute(delete(CoachingGoal).where(CoachingGoal.followup_id == f.id))
    await session.execute(delete(CoachingMilestone).where(CoachingMilestone.followup_id == f.id))
    for i, g in enumerate(body.goals, start=1):
        session.add(CoachingGoal(id=uuid.uuid4(), followup_id=f.id, agency_id=f.agency_id, seq=i,
                                 description=g.description, competency_code=g.competency_code))
    for i, m in enumerate(body.milestones, start=1):
        session.add(CoachingMilestone(id=uuid.uuid4(), followup_id=f.id, agency_id=f.agency_id, seq=i,
                                      title=m.title, due_on=m.due_on, done_on=m.done_on))
    return await _changed(session, access, f, FollowupAction.UPDATE_PLAN, before, body.model_dump(mode="json"))


async def activate(session: AsyncSession, access: Access, f: Followup) -> Followup:
    await _guard(access, f, FollowupAction.ACTIVATE)
    if not await goals_of(session, f.id) or not await milestones_of(session, f.id):
        raise COACHING_PLAN_INCOMPLETE.error()
    before = {"state": f.state}
    f.state = transition(f.kind, f.state, FollowupAction.ACTIVATE).value
    return await _changed(session, access, f, FollowupAction.ACTIVATE, before, {"state": f.state})


async def add_note(session: AsyncSession, access: Access, f: Followup, body: NoteIn) -> CoachingNote:
    """A dated progress note on an ACTIVE plan, by the coach, an admin, or the employee themselves."""
    await _guard(access, f, FollowupAction.ADD_NOTE)
    today = clock.today(f.agency_id)
    day = body.noted_on or today
    if day > today:
        raise NOTE_DATE_IN_FUTURE.error(field="body.noted_on", value=day.isoformat(), today=today.isoformat())
    p = access.p
    note = CoachingNote(id=uuid.uuid4(), followup_id=f.id, agency_id=f.agency_id, noted_on=day, note=body.note,
                        author=p.subject, author_employee_id=uuid.UUID(p.employee_id) if p.employee_id else None)
    session.add(note)
    await _changed(session, access, f, FollowupAction.ADD_NOTE, {}, {"noted_on": day, "note": body.note})
    await session.refresh(note)
    return note


async def close(session: AsyncSession, access: Access, f: Followup, body: CloseIn) -> Followup:
    """Record the coaching outcome: IMPROVED / NOT_IMPROVED complete the plan, ESCALATED escalates it."""
    await _guard(access, f, FollowupAction.CLOSE)
    before = {"state": f.state}
    f.state = transition(f.kind, f.state, FollowupAction.CLOSE, body.outcome).value
    f.outcome, f.outcome_note = body.outcome.value, body.note
    _close(access, f)
    return await _changed(session, access, f, FollowupAction.CLOSE, before,
                          {"state": f.state, "outcome": f.outcome, "note": body.note})


# ---------------------------------------------------------------- reads


async def next_year_rating(session: AsyncSession, f: Followup) -> AnnualRating | None:
    """The employee's rating of the year after the follow-up's year (beside a coaching plan's outcome)."""
    return (await session.execute(select(AnnualRating).where(
        AnnualRating.employee_id == f.employee_id, AnnualRating.year == f.year + 1))).scalar_one_or_none()


async def open_milestone_dates(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[date]]:
    """The due dates of the milestones not yet done, per follow-up (one query for a page)."""
    out: dict[uuid.UUID, list[date]] = {i: [] for i in ids}
    if ids:
        for fid, day in (await session.execute(select(CoachingMilestone.followup_id, CoachingMilestone.due_on).where(
                CoachingMilestone.followup_id == _any("followups", ids), CoachingMilestone.done_on.is_(None)))).all():
            out[fid].append(day)
    return out


def overdue(f: Followup, open_milestones: list[date]) -> bool:
    return is_overdue(f.state, f.due_on, open_milestones, clock.today(f.agency_id))


FOLLOWUP_SORT = {"due_on": Followup.due_on, "created_at": Followup.created_at, "year": Followup.year,
                 "state": Followup.state, "kind": Followup.kind, "employee_id": Followup.employee_id}


async def _visible(session: AsyncSession, access: Access) -> Any:
    """The follow-ups the caller may list, as a query (module docstring: who sees what)."""
    p = access.p
    q = select(Followup)
    if p.is_service:
        return q
    q = q.where(Followup.agency_id == (uuid.UUID(p.agency_id) if p.agency_id else NOBODY))
    if p.has(Role.AGENCY_ADMIN, Role.PPK):
        return q
    me = uuid.UUID(p.employee_id) if p.employee_id else NOBODY
    team = select(PerformancePlan.employee_id).where(
        PerformancePlan.is_current,
        or_(PerformancePlan.evaluator_employee_id == me, PerformancePlan.evaluator_superior_employee_id == me))
    cond = [Followup.employee_id == me, Followup.owner_employee_id == me, Followup.employee_id.in_(team)]
    if p.has(Role.UNIT_ADMIN) and p.unit_id:
        cond.append(Followup.unit_id.in_(await access.admin_units() or set()))
    return q.where(or_(*cond))


async def list_followups(session: AsyncSession, access: Access, *, unit_id: uuid.UUID | None,
                         owner_employee_id: uuid.UUID | None, employee_id: uuid.UUID | None, state: str | None,
                         kind: str | None, year: int | None, overdue_only: bool, limit: int, offset: int,
                         sort: Sort) -> tuple[int, list[Followup]]:
    """(total, one page) of the follow-ups the caller may see, filtered; ``overdue_only``: not closed and past the
    due date or an open milestone's date (the agency's today)."""
    q = await _visible(session, access)
    for col, value in ((Followup.unit_id, unit_id), (Followup.owner_employee_id, owner_employee_id),
                       (Followup.employee_id, employee_id), (Followup.state, state), (Followup.kind, kind),
                       (Followup.year, year)):
        if value is not None:
            q = q.where(col == value)
    if overdue_only:
        today = clock.today(access.p.agency_id)
        late_milestone = select(CoachingMilestone.id).where(
            CoachingMilestone.followup_id == Followup.id, CoachingMilestone.done_on.is_(None),
            CoachingMilestone.due_on < today).exists()
        q = q.where(Followup.state.not_in([s.value for s in CLOSED_STATES]),
                    or_(Followup.due_on < today, late_milestone))
    total = (await session.execute(select(func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, Followup.id).limit(limit).offset(offset))).scalars().all()
    return total, list(rows)


async def followup_in_agency(session: AsyncSession, followup_id: uuid.UUID, p: Principal,
                             lock: bool = False) -> Followup | None:
    q = select(Followup).where(Followup.id == followup_id)
    if lock:
        q = q.with_for_update()
    f = (await session.execute(q)).scalar_one_or_none()
    return f if f is not None and same_agency(p, f.agency_id) else None

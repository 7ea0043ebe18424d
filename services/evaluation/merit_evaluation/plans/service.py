"""Periods and SKP plans: creation (evaluator resolved from positions and snapshotted), content, lifecycle.

Who does what (issue 4, decided and documented here):
* the employee creates and edits their own plan while DRAFT (the agency admin may create it for them and may
  override the resolved evaluator / evaluator's superior / unit-head flag); the evaluator may edit it too while
  DRAFT (to write expectations);
* SUBMIT: the employee; RETURN: the evaluator or the evaluator's superior; APPROVE: the evaluator's superior
  (atasan pejabat penilai), or the agency admin when the evaluator has no superior; START: the evaluator;
  AMEND: the employee or the evaluator (a new DRAFT version; the old one is kept read-only);
  FINALIZE: the evaluator's superior (or agency admin when none) once the annual evaluation is rated — it closes
  the year by writing the annual rating (source "skp").
* The evaluator recorded on the plan (not whoever holds the post later) is the only one who rates it.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.access import Access, is_agency_admin, is_self, require_agency_admin
from merit_evaluation.common.feed import plan_data, publish
from merit_evaluation.common.models import audit_log
from merit_evaluation.db_base import outbox
from merit_evaluation.performance.models import (
    Evaluation,
    EvaluationPeriod,
    PerformancePlan,
    PlanResult,
)
from merit_evaluation.plans.errors import (
    ANNUAL_EVALUATION_MISSING,
    ANNUAL_PERIOD_NOT_ENDED,
    EVALUATOR_UNRESOLVED,
    FORBIDDEN_ONLY_THE_AGENCY_ADMIN_2,
    FORBIDDEN_ONLY_THE_EMPLOYEE_THEIR,
    FORBIDDEN_SKP_PLAN_CREATED_THE,
    FORBIDDEN_YOU_MAY_NOT_SEE,
    FORBIDDEN_YOU_MAY_NOT_THIS,
    INVALID_PARENT_RESULT,
    PERIOD_EXISTS,
    PERIOD_MISSING,
    PLAN_EXISTS,
    PLAN_INCOMPLETE,
    PLAN_LOCKED,
    PLAN_SUPERSEDED,
    SELF_EVALUATOR,
    SELF_EVALUATOR_422,
    TOKEN_WITHOUT_AGENCY,
)
from merit_evaluation.plans.schemas import BEHAVIOUR_LABELS, Behaviour, PlanContentIn, PlanIn
from merit_evaluation.policies.service import get_policy
from merit_evaluation.ratings.service import write_annual_rating
from merit_evaluation.rules import (
    Granularity,
    SkpAction,
    SkpState,
    allowed_actions,
    annual_final_from,
    may_finalise_year,
    parse_rating,
    periods,
    transition,
)
from merit_shared import audit, clock
from merit_shared.api import Sort, apply_sort
from merit_shared.auth import Principal, Role
from merit_shared.notify import Kind, notify

# ---------------------------------------------------------------- periods


async def create_period(session: AsyncSession, principal: Principal, year: int,
                        granularity: Granularity | None) -> EvaluationPeriod:
    require_agency_admin(principal)
    if not principal.agency_id:
        raise TOKEN_WITHOUT_AGENCY.error()
    agency_id = uuid.UUID(principal.agency_id)
    g = granularity or (await get_policy(session, agency_id)).period.granularity
    items = [{"number": p.number, "label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat()}
             for p in periods(year, g)]
    pid = uuid.uuid4()
    done = (await session.execute(insert(EvaluationPeriod).values(
        id=pid, agency_id=agency_id, year=year, granularity=g.value, starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31), periods=items, status="OPEN", created_by=principal.subject,
    ).on_conflict_do_nothing(index_elements=["agency_id", "year"]).returning(EvaluationPeriod.id))).scalar()
    if done is None:
        raise PERIOD_EXISTS.error(year=year, extra={"year": year})
    await audit.record(session, audit_log, principal, action="period.create", entity="evaluation_period",
                       entity_id=pid, agency_id=agency_id, before=None, after={"year": year})
    row = await session.get(EvaluationPeriod, pid)
    assert row is not None
    return row


# ---------------------------------------------------------------- plans


def default_behaviours() -> list[dict[str, Any]]:
    return [{"code": b.value, "label": BEHAVIOUR_LABELS[b], "expectation": None} for b in Behaviour]


async def create_plan(session: AsyncSession, principal: Principal, access: Access, body: PlanIn) -> PerformancePlan:
    emp = await access.employee(body.employee_id, "body.employee_id")
    admin = is_agency_admin(principal)
    if not admin and not is_self(principal, body.employee_id):
        raise FORBIDDEN_SKP_PLAN_CREATED_THE.error()
    overrides = (body.evaluator_employee_id, body.evaluator_superior_employee_id, body.is_unit_head)
    if any(o is not None for o in overrides) and not admin:
        raise FORBIDDEN_ONLY_THE_AGENCY_ADMIN_2.error()
    period = (await session.execute(select(EvaluationPeriod).where(
        EvaluationPeriod.agency_id == emp.agency_id, EvaluationPeriod.year == body.year))).scalar_one_or_none()
    if period is None:
        raise PERIOD_MISSING.error(year=body.year, extra={"year": body.year})
    sup = await access.supervisors(emp.id, max(date(body.year, 1, 1), min(clock.today(), date(body.year, 12, 31))))
    evaluator = sup.evaluator.snapshot() if sup.evaluator else None
    superior = sup.evaluator_superior.snapshot() if sup.evaluator_superior else None
    overridden = False
    for field, key in ((body.evaluator_employee_id, "evaluator"), (body.evaluator_superior_employee_id, "superior")):
        if field is None:
            continue
        if field == emp.id:
            raise SELF_EVALUATOR_422.error(field=f"body.{key}_employee_id")
        other = await access.employee(field, f"body.{key}_employee_id")
        snap = {"employee_id": str(other.id), "nip": other.nip, "display_name": other.name,
                "position_id": str(other.position_id) if other.position_id else None, "acting": False,
                "override": True}
        if key == "evaluator":
            evaluator = snap
        else:
            superior = snap
        overridden = True
    if evaluator is None:
        raise EVALUATOR_UNRESOLVED.error()
    if evaluator["employee_id"] == str(emp.id):
        raise SELF_EVALUATOR.error()
    plan = PerformancePlan(
        id=uuid.uuid4(), agency_id=emp.agency_id, period_id=period.id, employee_id=emp.id, year=body.year,
        version=1, is_current=True, state=SkpState.DRAFT.value, approach=body.approach.value,
        employee=emp.snapshot(), unit_id=emp.unit_id, position_id=emp.position_id,
        is_unit_head=body.is_unit_head if body.is_unit_head is not None else emp.is_managerial,
        evaluator_employee_id=uuid.UUID(evaluator["employee_id"]), evaluator=evaluator,
        evaluator_superior_employee_id=uuid.UUID(superior["employee_id"]) if superior else None,
        evaluator_superior=superior, evaluator_overridden=overridden, behaviours=default_behaviours(),
        row_version=1, created_by=principal.subject)
    exists = (await session.execute(select(PerformancePlan.id).where(
        PerformancePlan.employee_id == emp.id, PerformancePlan.year == body.year,
        PerformancePlan.is_current))).scalar_one_or_none()
    if exists:
        raise PLAN_EXISTS.error(year=body.year, extra={"existing_id": str(exists)})
    session.add(plan)
    try:
        await session.flush()
    except Exception as exc:  # the partial unique index decides under concurrent creation
        if "uq_plan_current" in str(exc) or "performance_plan_employee_id_year_version_key" in str(exc):
            raise PLAN_EXISTS.error(year=body.year) from None
        raise
    await audit.record(session, audit_log, principal, action="plan.create", entity="performance_plan",
                       entity_id=plan.id, agency_id=plan.agency_id, before=None,
                       after={"employee_id": emp.id, "year": body.year, "evaluator": evaluator, "superior": superior})
    return plan


def role_on_plan(principal: Principal, plan: PerformancePlan) -> set[str]:
    """The caller's relations to the plan: owner, evaluator, superior, admin, scope."""
    roles: set[str] = set()
    me = principal.employee_id
    if me and me == str(plan.employee_id):
        roles.add("owner")
    if me and plan.evaluator_employee_id and me == str(plan.evaluator_employee_id):
        roles.add("evaluator")
    if me and plan.evaluator_superior_employee_id and me == str(plan.evaluator_superior_employee_id):
        roles.add("superior")
    if is_agency_admin(principal):
        roles.add("admin")
    return roles


async def require_plan_read(principal: Principal, access: Access, plan: PerformancePlan) -> None:
    if role_on_plan(principal, plan) - {"admin"} or await access.reads_scope(plan.agency_id, plan.unit_id):
        return
    raise FORBIDDEN_YOU_MAY_NOT_SEE.error()


ACTION_ACTORS: dict[SkpAction, set[str]] = {
    SkpAction.SUBMIT: {"owner"},
    SkpAction.RETURN: {"evaluator", "superior"},
    SkpAction.APPROVE: {"superior"},
    SkpAction.START: {"evaluator"},
    SkpAction.AMEND: {"owner", "evaluator"},
    SkpAction.FINALIZE: {"superior"},
}


def may_act(principal: Principal, plan: PerformancePlan, action: SkpAction) -> bool:
    roles = role_on_plan(principal, plan)
    actors = set(ACTION_ACTORS[action])
    if action in (SkpAction.APPROVE, SkpAction.FINALIZE) and plan.evaluator_superior_employee_id is None:
        actors.add("admin")  # top officials have no atasan pejabat penilai: the agency admin approves
    if action is SkpAction.APPROVE and "owner" in roles:
        return False
    return bool(roles & actors)


def plan_allowed_actions(principal: Principal, plan: PerformancePlan) -> list[str]:
    """The transitions THIS caller may perform now: the state machine's, filtered by ``may_act`` (the check
    ``act`` enforces), so a listed action never answers 403."""
    if not plan.is_current:
        return []
    early = not may_finalise_year(plan.year, clock.today(plan.agency_id))
    return [a.value for a in allowed_actions(plan.state) if may_act(principal, plan, a)
            and not (a is SkpAction.FINALIZE and early)]


async def plan_results(session: AsyncSession, plan_id: uuid.UUID) -> list[PlanResult]:
    return list((await session.execute(select(PlanResult).where(PlanResult.plan_id == plan_id)
                                        .order_by(PlanResult.seq))).scalars().all())


async def update_content(session: AsyncSession, principal: Principal, plan: PerformancePlan,
                         body: PlanContentIn) -> None:
    roles = role_on_plan(principal, plan)
    if not roles & {"owner", "evaluator"}:
        raise FORBIDDEN_ONLY_THE_EMPLOYEE_THEIR.error()
    if plan.state != SkpState.DRAFT.value or not plan.is_current:
        raise PLAN_LOCKED.error(state=plan.state, extra={"state": plan.state, "allowed_actions": plan_allowed_actions(principal, plan)})
    parents = {r.parent_result_id for r in body.results if r.parent_result_id}
    if parents:
        ok = set((await session.execute(
            select(PlanResult.id).join(PerformancePlan, PerformancePlan.id == PlanResult.plan_id).where(
                PlanResult.id.in_(parents), PerformancePlan.employee_id == plan.evaluator_employee_id,
                PerformancePlan.year == plan.year, PerformancePlan.is_current))).scalars().all())
        for i, r in enumerate(body.results):
            if r.parent_result_id and r.parent_result_id not in ok:
                raise INVALID_PARENT_RESULT.error(field=f"body.results.{i}.parent_result_id", year=plan.year)
    before = await plan_results(session, plan.id)
    old = [{"description": r.description, "indicators": r.indicators} for r in before]
    for stale in before:
        await session.delete(stale)
    await session.flush()
    for i, r in enumerate(body.results, start=1):
        session.add(PlanResult(id=uuid.uuid4(), plan_id=plan.id, agency_id=plan.agency_id, seq=i,
                               description=r.description, parent_result_id=r.parent_result_id,
                               indicators=[{"id": str(uuid.uuid4()), "description": ind.description,
                                            "target": ind.target} for ind in r.indicators]))
    behaviours = default_behaviours()
    for b in body.behaviours or []:
        for item in behaviours:
            if item["code"] == b.code.value:
                item["expectation"] = b.expectation
    plan.behaviours = behaviours
    plan.approach = body.approach.value
    plan.row_version += 1
    await session.flush()
    await audit.record(session, audit_log, principal, action="plan.update", entity="performance_plan",
                       entity_id=plan.id, agency_id=plan.agency_id, before={"results": old},
                       after=body.model_dump(mode="json"))


async def act(session: AsyncSession, principal: Principal, access: Access, plan: PerformancePlan,
              action: SkpAction) -> PerformancePlan:
    if not may_act(principal, plan, action):
        raise FORBIDDEN_YOU_MAY_NOT_THIS.error(value=action.value)
    if not plan.is_current:
        raise PLAN_SUPERSEDED.error(extra={"allowed_actions": []})
    new_state = transition(plan.state, action)  # 409 naming the allowed actions
    before = {"state": plan.state}
    if action is SkpAction.SUBMIT:
        results = await plan_results(session, plan.id)
        if not results:
            raise PLAN_INCOMPLETE.error()
    if action is SkpAction.FINALIZE:
        await _close_year(session, principal, access, plan)
    if action is SkpAction.AMEND:
        return await _amend(session, principal, plan)
    plan.state = new_state.value
    plan.row_version += 1
    await session.flush()
    await audit.record(session, audit_log, principal, action=f"plan.{action.value.lower()}",
                       entity="performance_plan", entity_id=plan.id, agency_id=plan.agency_id, before=before,
                       after={"state": plan.state})
    if (event := PLAN_EVENTS.get(action)) is not None:
        await publish(session, principal, event, plan.agency_id, plan.id, plan_data(plan, before["state"]))
    await _notify_after(session, plan, action)
    return plan


#: The SKP transitions the feed announces (what awaits someone next; FINALIZE announces rating_finalized).
PLAN_EVENTS = {SkpAction.SUBMIT: "skp_plan_submitted", SkpAction.RETURN: "skp_plan_returned",
               SkpAction.APPROVE: "skp_plan_approved"}


async def notify_approver(session: AsyncSession, plan: PerformancePlan, kind: Kind, params: dict[str, Any],
                          key: str) -> None:
    """Tell whoever ``may_act`` lets approve or finalise the plan: the evaluator's superior (atasan pejabat
    penilai), or the agency admins when the plan has none (a top official's plan)."""
    common = {"plan_id": plan.id, "year": plan.year, "employee_name": (plan.employee or {}).get("name") or "", **params}
    if plan.evaluator_superior_employee_id is not None:
        await notify(session, outbox, agency_id=plan.agency_id, kind=kind, params=common, key=key,
                     employee_id=plan.evaluator_superior_employee_id)
    else:
        await notify(session, outbox, agency_id=plan.agency_id, kind=kind, params=common, key=key, agency_admins=True)


async def _notify_after(session: AsyncSession, plan: PerformancePlan, action: SkpAction) -> None:
    """What the transition makes await someone: a submitted plan its approval, a returned one its employee."""
    key = f"{plan.id}:{plan.row_version}"
    if action is SkpAction.SUBMIT:
        await notify_approver(session, plan, Kind.SKP_TO_APPROVE, {}, key)
    elif action is SkpAction.RETURN:
        await notify(session, outbox, agency_id=plan.agency_id, kind=Kind.SKP_RETURNED, key=key,
                     params={"plan_id": plan.id, "year": plan.year}, employee_id=plan.employee_id)


async def _close_year(session: AsyncSession, principal: Principal, access: Access, plan: PerformancePlan) -> None:
    first_allowed = annual_final_from(plan.year)
    if not may_finalise_year(plan.year, clock.today(plan.agency_id)):
        raise ANNUAL_PERIOD_NOT_ENDED.error(year=plan.year, first_allowed=first_allowed.isoformat(), extra={
            "first_allowed": first_allowed.isoformat(), "allowed_actions": plan_allowed_actions(principal, plan)})
    annual = (await session.execute(select(Evaluation).where(
        Evaluation.plan_id == plan.id, Evaluation.kind == "ANNUAL"))).scalar_one_or_none()
    if annual is None or annual.status != "RATED":
        raise ANNUAL_EVALUATION_MISSING.error()
    emp = await access.directory.employee(plan.employee_id)
    await write_annual_rating(
        session, principal, emp, plan.year, parse_rating(annual.rating_hasil_kerja),
        parse_rating(annual.rating_perilaku), source="skp", plan_id=plan.id,
        evaluator_employee_id=plan.evaluator_employee_id, unit_id=plan.unit_id, position_id=plan.position_id)


async def _amend(session: AsyncSession, principal: Principal, plan: PerformancePlan) -> PerformancePlan:
    await session.execute(update(PerformancePlan).where(PerformancePlan.id == plan.id).values(is_current=False))
    plan.is_current = False
    plan.row_version += 1  # the superseded version's ETag goes stale too
    await session.flush()
    new = PerformancePlan(
        id=uuid.uuid4(), agency_id=plan.agency_id, period_id=plan.period_id, employee_id=plan.employee_id,
        year=plan.year, version=plan.version + 1, previous_version_id=plan.id, is_current=True,
        state=SkpState.DRAFT.value, approach=plan.approach, employee=plan.employee, unit_id=plan.unit_id,
        position_id=plan.position_id, is_unit_head=plan.is_unit_head,
        evaluator_employee_id=plan.evaluator_employee_id, evaluator=plan.evaluator,
        evaluator_superior_employee_id=plan.evaluator_superior_employee_id,
        evaluator_superior=plan.evaluator_superior, evaluator_overridden=plan.evaluator_overridden,
        behaviours=plan.behaviours, row_version=1, created_by=principal.subject)
    session.add(new)
    await session.flush()
    for r in await plan_results(session, plan.id):
        session.add(PlanResult(id=uuid.uuid4(), plan_id=new.id, agency_id=r.agency_id, seq=r.seq,
                               description=r.description, parent_result_id=r.parent_result_id,
                               indicators=r.indicators))
    await session.flush()
    await audit.record(session, audit_log, principal, action="plan.amend", entity="performance_plan",
                       entity_id=new.id, agency_id=plan.agency_id,
                       before={"previous_version_id": plan.id, "state": plan.state}, after={"version": new.version})
    return new


PERIOD_SORT = {"year": EvaluationPeriod.year, "starts_on": EvaluationPeriod.starts_on,
               "status": EvaluationPeriod.status}
PLAN_SORT = {"year": PerformancePlan.year, "created_at": PerformancePlan.created_at, "state": PerformancePlan.state,
             "updated_at": PerformancePlan.updated_at}


async def list_periods(session: AsyncSession, agency_id: uuid.UUID, limit: int,
                       offset: int, *, sort: Sort) -> tuple[int, list[EvaluationPeriod]]:
    """(total, one page) of the agency's SKP periods, newest year first."""
    q = select(EvaluationPeriod).where(EvaluationPeriod.agency_id == agency_id)
    total = (await session.execute(select(func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, EvaluationPeriod.id).limit(limit)
                                  .offset(offset))).scalars().all()
    return total, list(rows)


async def list_plans(session: AsyncSession, access: Access, employee_id: uuid.UUID | None, year: int | None,
                     state: SkpState | None, include_superseded: bool, limit: int,
                     offset: int, *, sort: Sort) -> tuple[int, list[PerformancePlan]]:
    """(total, one page) of the plans the caller may see: admins their scope (a unit admin their unit subtree),
    others their own and those they evaluate or approve."""
    principal = access.p
    q = select(PerformancePlan)
    if not principal.is_service:
        q = q.where(PerformancePlan.agency_id == (uuid.UUID(principal.agency_id) if principal.agency_id
                                                  else uuid.UUID(int=0)))
        if not is_agency_admin(principal):
            me = uuid.UUID(principal.employee_id) if principal.employee_id else uuid.UUID(int=0)
            cond = (PerformancePlan.employee_id == me) | (PerformancePlan.evaluator_employee_id == me) | \
                (PerformancePlan.evaluator_superior_employee_id == me)
            if principal.has(Role.UNIT_ADMIN) and principal.unit_id:
                units = await access.admin_units() or set()
                cond = cond | PerformancePlan.unit_id.in_(units)  # the unit admin's whole subtree
            q = q.where(cond)
    if employee_id:
        q = q.where(PerformancePlan.employee_id == employee_id)
    if year:
        q = q.where(PerformancePlan.year == year)
    if state:
        q = q.where(PerformancePlan.state == state.value)
    if not include_superseded:
        q = q.where(PerformancePlan.is_current)
    total = (await session.execute(select(func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, PerformancePlan.id)
                                  .limit(limit).offset(offset))).scalars().all()
    return total, list(rows)

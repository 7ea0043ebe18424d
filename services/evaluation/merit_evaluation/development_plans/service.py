"""Individual development plans (IDP): per employee and year, activities of the catalogue linked to the person's gaps.

Who does what (decided and documented here):
* the employee, their evaluator (pejabat penilai, resolved from positions at creation and kept on the plan) or an
  admin of their scope creates the plan and proposes activities while DRAFT;
* SUBMIT: the employee or the evaluator; APPROVE and RETURN: the evaluator or the evaluator's superior (the agency
  admin when the plan has no evaluator), never the employee; REOPEN (back to DRAFT): the employee or a supervisor;
* readers: the employee, the supervisors on the plan, the agency admin, a unit admin for their subtree.

Every item names one of the person's gaps: a competency below the standard in their latest JPM against the current
position of an assessment valid in the plan's year (the JPM is kept on the item, so the link stays explainable).
Realisation: a development record names the item (``plan_item_id``); the plan shows planned vs realised JP and the
year's JP against the 20 JP right (every PNS at least 20 JP a year; the agency's policy section ``development``
may require more).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.catalogue import service as catalogue
from merit_evaluation.common.access import Access, is_agency_admin, is_self, same_agency
from merit_evaluation.common.models import audit_log
from merit_evaluation.development.models import DevelopmentRecord
from merit_evaluation.development.service import yearly_jp
from merit_evaluation.development_plans.errors import (
    ACTIVITY_ALREADY_PLANNED,
    ACTIVITY_DOES_NOT_ADDRESS,
    ACTIVITY_NOT_IN_CATALOGUE,
    ACTIVITY_RETIRED,
    DEVELOPMENT_PLAN_EMPTY,
    DEVELOPMENT_PLAN_EXISTS,
    DEVELOPMENT_PLAN_LOCKED,
    FORBIDDEN_DEVELOPMENT_PLAN_ACTION,
    FORBIDDEN_DEVELOPMENT_PLAN_CREATE,
    FORBIDDEN_THE_DEVELOPMENT_PLAN_READ,
    NO_JPM,
    NOT_A_GAP,
    PLAN_ITEM_REALISED,
)
from merit_evaluation.development_plans.models import DevelopmentPlan, DevelopmentPlanItem
from merit_evaluation.policies.service import get_policy
from merit_evaluation.rules import IdpAction, IdpState, compliance, idp_actions, idp_transition, minutes_to_jp
from merit_evaluation.training_needs.service import person_gaps
from merit_shared import audit
from merit_shared.api import Sort, apply_sort
from merit_shared.auth import Role
from merit_shared.errors import NotFound

#: Not a state transition: adding or removing activities (DRAFT only), reported as ``activities_editable``.
EDIT = "EDIT_ACTIVITIES"
SUPERVISORS = {"evaluator", "superior"}
ACTORS: dict[IdpAction, set[str]] = {
    IdpAction.SUBMIT: {"owner", "evaluator"},
    IdpAction.APPROVE: SUPERVISORS,
    IdpAction.RETURN: SUPERVISORS,
    IdpAction.REOPEN: {"owner", *SUPERVISORS},
}
EDITORS = {"owner", "evaluator", "superior", "admin"}


async def in_agency(session: AsyncSession, plan_id: uuid.UUID, p: Any, lock: bool = False) -> DevelopmentPlan | None:
    q = select(DevelopmentPlan).where(DevelopmentPlan.id == plan_id)
    if lock:
        q = q.with_for_update()
    plan = (await session.execute(q)).scalar_one_or_none()
    return plan if plan is not None and same_agency(p, plan.agency_id) else None


async def roles_on(access: Access, plan: DevelopmentPlan) -> set[str]:
    """The caller's relations to the plan: owner, evaluator, superior (as kept on the plan), admin (scope)."""
    me = access.p.employee_id
    roles: set[str] = set()
    if is_self(access.p, plan.employee_id):
        roles.add("owner")
    if me and plan.evaluator_employee_id and me == str(plan.evaluator_employee_id):
        roles.add("evaluator")
    if me and plan.evaluator_superior_employee_id and me == str(plan.evaluator_superior_employee_id):
        roles.add("superior")
    if await access.reads_scope(plan.agency_id, plan.unit_id):
        roles.add("admin")
    return roles


async def require_read(access: Access, plan: DevelopmentPlan) -> None:
    if not await roles_on(access, plan):
        raise FORBIDDEN_THE_DEVELOPMENT_PLAN_READ.error()


def _actor(roles: set[str], plan: DevelopmentPlan, action: IdpAction | str, principal: Any) -> bool:
    """Whether the caller takes part in ``action`` on this plan at all, whatever its state."""
    if action == EDIT:
        return bool(roles & EDITORS)
    act = IdpAction(action)
    actors = set(ACTORS[act])
    if act in (IdpAction.APPROVE, IdpAction.RETURN):
        if "owner" in roles:
            return False  # nobody approves their own plan
        if plan.evaluator_employee_id is None and is_agency_admin(principal):
            actors.add("admin")  # nobody above the employee: the agency admin decides
    return bool(roles & actors)


def _state_allows(plan: DevelopmentPlan, action: IdpAction | str) -> bool:
    if action == EDIT:
        return plan.state == IdpState.DRAFT.value
    return IdpAction(action) in idp_actions(plan.state)


def may(roles: set[str], plan: DevelopmentPlan, action: IdpAction | str, principal: Any) -> bool:
    """Whether a caller with ``roles`` may do ``action`` now: the one check the routes enforce (``_require``) and
    ``allowed_actions`` / ``activities_editable`` report."""
    return _actor(roles, plan, action, principal) and _state_allows(plan, action)


async def allowed_actions(access: Access, plan: DevelopmentPlan) -> list[str]:
    roles = await roles_on(access, plan)
    return [a.value for a in idp_actions(plan.state) if may(roles, plan, a, access.p)]


async def create(session: AsyncSession, access: Access, employee_id: uuid.UUID, year: int) -> DevelopmentPlan:
    emp = await access.employee(employee_id, "body.employee_id")
    if not (is_self(access.p, emp.id) or await access.administers(emp) or await access.is_evaluator_of(emp.id)):
        raise FORBIDDEN_DEVELOPMENT_PLAN_CREATE.error()
    sup = await access.supervisors(emp.id)
    plan = DevelopmentPlan(
        id=uuid.uuid4(), agency_id=emp.agency_id, employee_id=emp.id, unit_id=emp.unit_id, year=year,
        state=IdpState.DRAFT.value, employee=emp.snapshot(),
        evaluator_employee_id=sup.evaluator.employee_id if sup.evaluator else None,
        evaluator_superior_employee_id=sup.evaluator_superior.employee_id if sup.evaluator_superior else None,
        row_version=1, created_by=access.p.subject)
    session.add(plan)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:  # the unique (employee, year) decides, also between concurrent requests
        raise DEVELOPMENT_PLAN_EXISTS.error(year=year) from None
    await audit.record(session, audit_log, access.p, action="development_plan.create", entity="development_plan",
                       entity_id=plan.id, agency_id=plan.agency_id, before=None,
                       after={"employee_id": emp.id, "year": year,
                              "evaluator_employee_id": plan.evaluator_employee_id})
    return plan


async def _require(access: Access, plan: DevelopmentPlan, action: IdpAction | str) -> set[str]:
    """Guard ``action`` with ``may``: 403 when this caller takes no part in it, 409 when the state does not allow
    it (naming what does)."""
    roles = await roles_on(access, plan)
    if not _actor(roles, plan, action, access.p):
        raise FORBIDDEN_DEVELOPMENT_PLAN_ACTION.error(
            action=str(action), extra={"allowed_actions": await allowed_actions(access, plan)})
    if not _state_allows(plan, action):
        if action == EDIT:
            raise DEVELOPMENT_PLAN_LOCKED.error(state=plan.state, extra={
                "state": plan.state, "allowed_actions": await allowed_actions(access, plan)})
        idp_transition(plan.state, action)  # 409 naming the allowed actions
    return roles


async def add_item(session: AsyncSession, access: Access, plan: DevelopmentPlan, activity_id: uuid.UUID,
                   competency_code: str, note: str | None) -> DevelopmentPlanItem:
    roles = await _require(access, plan, EDIT)
    code = competency_code.strip().upper()
    activity = await catalogue.in_agency(session, activity_id, access.p)
    if activity is None or activity.agency_id != plan.agency_id:
        raise ACTIVITY_NOT_IN_CATALOGUE.error(field="body.activity_id", activity_id=activity_id)
    if activity.status != "ACTIVE":
        raise ACTIVITY_RETIRED.error(field="body.activity_id", activity_id=activity_id)
    if code not in activity.competencies:
        raise ACTIVITY_DOES_NOT_ADDRESS.error(field="body.competency_code", code=code,
                                              extra={"addresses": sorted(activity.competencies)})
    found = await person_gaps(session, plan.agency_id, plan.employee_id, plan.year)
    if found is None:
        raise NO_JPM.error(field="body.competency_code", year=plan.year)
    jpm_id, gaps = found
    if gaps.get(code, 0) >= 0:
        raise NOT_A_GAP.error(field="body.competency_code", code=code, year=plan.year, extra={
            "jpm_result_id": str(jpm_id), "gaps": sorted(c for c, g in gaps.items() if g < 0)})
    by = "EMPLOYEE" if "owner" in roles else "SUPERVISOR" if roles & SUPERVISORS else "ADMIN"
    item = DevelopmentPlanItem(id=uuid.uuid4(), plan_id=plan.id, agency_id=plan.agency_id, activity_id=activity.id,
                               competency_code=code, gap_levels=-gaps[code], jpm_result_id=jpm_id,
                               planned_jp=activity.jp, proposed_by=by, note=note, created_by=access.p.subject)
    session.add(item)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise ACTIVITY_ALREADY_PLANNED.error(field="body.activity_id", code=code) from None
    plan.row_version += 1
    await session.flush()
    await audit.record(session, audit_log, access.p, action="development_plan.add_activity",
                       entity="development_plan", entity_id=plan.id, agency_id=plan.agency_id, before=None,
                       after={"item_id": item.id, "activity_id": activity.id, "competency_code": code,
                              "gap_levels": item.gap_levels, "jpm_result_id": jpm_id, "proposed_by": by})
    return item


async def remove_item(session: AsyncSession, access: Access, plan: DevelopmentPlan, item_id: uuid.UUID) -> None:
    item = await session.get(DevelopmentPlanItem, item_id)
    if item is None or item.plan_id != plan.id:
        raise NotFound("Kegiatan rencana", item_id)
    await _require(access, plan, EDIT)
    realised = (await session.execute(select(func.count()).where(
        DevelopmentRecord.plan_item_id == item.id))).scalar_one()
    if realised:
        raise PLAN_ITEM_REALISED.error()
    await session.delete(item)
    plan.row_version += 1
    await session.flush()
    await audit.record(session, audit_log, access.p, action="development_plan.remove_activity",
                       entity="development_plan", entity_id=plan.id, agency_id=plan.agency_id,
                       before={"item_id": item.id, "activity_id": item.activity_id,
                               "competency_code": item.competency_code}, after=None)


async def act(session: AsyncSession, access: Access, plan: DevelopmentPlan, action: IdpAction) -> DevelopmentPlan:
    await _require(access, plan, action)
    new_state = idp_transition(plan.state, action)
    if action is IdpAction.SUBMIT and not await items_of(session, plan.id):
        raise DEVELOPMENT_PLAN_EMPTY.error()
    before = {"state": plan.state}
    plan.state = new_state.value
    plan.row_version += 1
    await session.flush()
    await audit.record(session, audit_log, access.p, action=f"development_plan.{action.value.lower()}",
                       entity="development_plan", entity_id=plan.id, agency_id=plan.agency_id, before=before,
                       after={"state": plan.state})
    return plan


async def items_of(session: AsyncSession, plan_id: uuid.UUID) -> list[DevelopmentPlanItem]:
    return list((await session.execute(select(DevelopmentPlanItem).where(DevelopmentPlanItem.plan_id == plan_id)
                                       .order_by(DevelopmentPlanItem.created_at, DevelopmentPlanItem.id)))
                .scalars().all())


async def detail(session: AsyncSession, access: Access, plan: DevelopmentPlan) -> dict[str, Any]:
    """The plan with its activities, planned vs realised JP and the year's JP against the 20 JP right."""
    items = await items_of(session, plan.id)
    activities = {a.id: a for a in await catalogue.by_ids(session, [i.activity_id for i in items])}
    realised: dict[uuid.UUID, tuple[int, int]] = {}
    if items:
        rows = (await session.execute(select(DevelopmentRecord.plan_item_id, func.count(),
                                             func.sum(DevelopmentRecord.minutes))
                                      .where(DevelopmentRecord.plan_item_id.in_([i.id for i in items]))
                                      .group_by(DevelopmentRecord.plan_item_id))).all()
        realised = {r[0]: (int(r[1]), int(r[2])) for r in rows if r[0] is not None}
    out_items, planned, done = [], Decimal(0), Decimal(0)
    for i in items:
        a = activities[i.activity_id]
        count, minutes = realised.get(i.id, (0, 0))
        jp = minutes_to_jp(minutes)
        planned += i.planned_jp
        done += jp
        out_items.append({"id": i.id, "activity_id": i.activity_id, "title": a.title, "kind": a.kind,
                          "competency_code": i.competency_code, "gap_levels": i.gap_levels,
                          "raises_to": a.competencies.get(i.competency_code), "jpm_result_id": i.jpm_result_id,
                          "planned_jp": str(i.planned_jp), "realised_jp": str(round(jp, 2)), "records": count,
                          "proposed_by": i.proposed_by, "note": i.note, "created_at": i.created_at})
    year_total = (await yearly_jp(session, [plan.employee_id], plan.year)).get(plan.employee_id, Decimal(0))
    required = (await get_policy(session, plan.agency_id)).development.required_jp_per_year
    plan_c, actual_c = compliance(planned, required), compliance(year_total, required)
    return {**{c.name: getattr(plan, c.key) for c in DevelopmentPlan.__table__.columns},
            "activities": out_items,
            "jp": {"required_jp": str(plan_c.required_jp), "planned_jp": str(round(planned, 2)),
                   "realised_jp": str(round(done, 2)), "year_total_jp": str(round(year_total, 2)),
                   "planned_meets_right": plan_c.compliant, "actual_meets_right": actual_c.compliant,
                   "actual_shortfall_jp": str(round(actual_c.shortfall_jp, 2))},
            "allowed_actions": await allowed_actions(access, plan),
            "activities_editable": may(await roles_on(access, plan), plan, EDIT, access.p)}


SORT = {"year": DevelopmentPlan.year, "state": DevelopmentPlan.state, "created_at": DevelopmentPlan.created_at,
        "updated_at": DevelopmentPlan.updated_at}


async def list_plans(session: AsyncSession, access: Access, employee_id: uuid.UUID | None, year: int | None,
                     state: str | None, limit: int, offset: int, *, sort: Sort) -> tuple[int, list[DevelopmentPlan]]:
    """(total, one page) of the plans the caller may read: the agency admin all of the agency, a unit admin their
    subtree, a supervisor those they are on, an employee their own."""
    p = access.p
    q = select(DevelopmentPlan)
    if not p.is_service:
        q = q.where(DevelopmentPlan.agency_id == (uuid.UUID(p.agency_id) if p.agency_id else uuid.UUID(int=0)))
        if not is_agency_admin(p):
            me = uuid.UUID(p.employee_id) if p.employee_id else uuid.UUID(int=0)
            cond = or_(DevelopmentPlan.employee_id == me, DevelopmentPlan.evaluator_employee_id == me,
                       DevelopmentPlan.evaluator_superior_employee_id == me)
            if p.has(Role.UNIT_ADMIN) and p.unit_id:
                cond = or_(cond, DevelopmentPlan.unit_id.in_(await access.admin_units() or set()))
            q = q.where(cond)
    if employee_id:
        q = q.where(DevelopmentPlan.employee_id == employee_id)
    if year:
        q = q.where(DevelopmentPlan.year == year)
    if state:
        q = q.where(DevelopmentPlan.state == state)
    total = (await session.execute(select(func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, DevelopmentPlan.id).limit(limit).offset(offset)))
    return total, list(rows.scalars().all())

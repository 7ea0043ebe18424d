"""The evaluation service's aggregates, each loaded once for the caller (merit_shared.authz, issue #8).

A record of another agency answers the same 404 as an unknown id; inside the agency, who may read or act is the
unchanged scope logic of the service modules (``common.access.Access``: admin scope, the employee, their
evaluator), which answers 403. Writers' loaders lock the row where the service mutates it; checks that depend on
the request body or on the record's state stay in the service.

The scope needs facts from positions, so the loaders' caller alias (``Scoped``) opens the request's ``Access``
and leaves it on the request's session, where the loaders (which see only session, id and principal) find it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.career.errors import FORBIDDEN_CANDIDATES_READ
from merit_evaluation.catalogue import service as catalogue_service
from merit_evaluation.catalogue.models import DevelopmentActivity
from merit_evaluation.common.access import Access, same_agency
from merit_evaluation.competency.models import CompetencyAssessment
from merit_evaluation.development_plans import service as idp_service
from merit_evaluation.development_plans.models import DevelopmentPlan
from merit_evaluation.directory import EmployeeFacts, directory_of
from merit_evaluation.followups import service as followup_service
from merit_evaluation.followups.models import Followup
from merit_evaluation.org_performance import service as org_service
from merit_evaluation.performance.models import AnnualRating, Evaluation, EvaluationPeriod, OrgPerformance, PerformancePlan
from merit_evaluation.plans import service as plan_service
from merit_evaluation.ratings import service as rating_service
from merit_evaluation.talent import service as talent_service
from merit_evaluation.talent.models import SuccessionPlan, TalentCycle
from merit_shared import authz
from merit_shared.app import Session
from merit_shared.auth import Principal, Role, current_principal
from merit_shared.authz import AgencyAdmin, scoped_loader
from merit_shared.errors import NotFound

_ACCESS = "merit_evaluation.access"


async def _scoped_caller(request: Request, session: Session, principal: Principal = Depends(current_principal)) -> Principal:
    session.info[_ACCESS] = Access(principal, directory_of(request))
    return principal


#: Any authenticated caller whose ``Access`` (scope facts from positions) the loaders below use.
Scoped = Annotated[Principal, Depends(_scoped_caller)]


def access_of(session: AsyncSession, principal: Principal) -> Access:
    """The ``Access`` that ``Scoped`` opened for this request (a loader declared without ``Scoped`` is a bug)."""
    found = session.info.get(_ACCESS)
    if not isinstance(found, Access) or found.p is not principal:
        raise RuntimeError("loader used without the Scoped caller alias")
    return found


async def _request_access(session: Session, principal: Scoped) -> Access:
    return access_of(session, principal)


#: The request's ``Access`` for handlers that pass it to a service (the one the loaders used).
RequestAccess = Annotated[Access, Depends(_request_access)]


# ---------------------------------------------------------------- periods and SKP plans


async def _period(session: AsyncSession, period_id: uuid.UUID, p: Principal) -> EvaluationPeriod | None:
    row = await session.get(EvaluationPeriod, period_id)
    return row if row is not None and same_agency(p, row.agency_id) else None


async def plan_in_agency(session: AsyncSession, plan_id: uuid.UUID, p: Principal,
                         lock: bool = False) -> PerformancePlan | None:
    q = select(PerformancePlan).where(PerformancePlan.id == plan_id)
    if lock:
        q = q.with_for_update()
    plan = (await session.execute(q)).scalar_one_or_none()
    return plan if plan is not None and same_agency(p, plan.agency_id) else None


async def readable_plan(session: AsyncSession, access: Access, plan_id: uuid.UUID) -> PerformancePlan:
    """The plan when the caller may read it: 404 outside the agency, 403 outside the plan's readers."""
    plan = await plan_in_agency(session, plan_id, access.p)
    if plan is None:
        raise NotFound("SKP", plan_id)
    await plan_service.require_plan_read(access.p, access, plan)
    return plan


async def _plan_read(session: AsyncSession, plan_id: uuid.UUID, p: Principal) -> PerformancePlan | None:
    plan = await plan_in_agency(session, plan_id, p)
    if plan is not None:
        await plan_service.require_plan_read(p, access_of(session, p), plan)
    return plan


async def _plan_to_act(session: AsyncSession, plan_id: uuid.UUID, p: Principal) -> PerformancePlan | None:
    return await plan_in_agency(session, plan_id, p)


async def _plan_to_write(session: AsyncSession, plan_id: uuid.UUID, p: Principal) -> PerformancePlan | None:
    return await plan_in_agency(session, plan_id, p, lock=True)


@dataclass(frozen=True)
class PlanEvaluation:
    """A periodic or annual evaluation with the plan it belongs to (its readers are the plan's)."""

    ev: Evaluation
    plan: PerformancePlan


async def _evaluation(session: AsyncSession, evaluation_id: uuid.UUID, p: Principal,
                      lock: bool = False) -> PlanEvaluation | None:
    q = select(Evaluation).where(Evaluation.id == evaluation_id)
    if lock:
        q = q.with_for_update()
    ev = (await session.execute(q)).scalar_one_or_none()
    if ev is None or not same_agency(p, ev.agency_id):
        return None
    plan = await plan_in_agency(session, ev.plan_id, p)
    if plan is None:
        return None
    await plan_service.require_plan_read(p, access_of(session, p), plan)
    return PlanEvaluation(ev, plan)


async def _evaluation_locked(session: AsyncSession, evaluation_id: uuid.UUID, p: Principal) -> PlanEvaluation | None:
    return await _evaluation(session, evaluation_id, p, lock=True)


# ---------------------------------------------------------------- annual ratings and organisation performance


async def _rating(session: AsyncSession, rating_id: uuid.UUID, p: Principal) -> AnnualRating | None:
    row = await session.get(AnnualRating, rating_id)
    if row is None or not (p.is_service or p.agency_id == str(row.agency_id)):
        return None
    await rating_service.require_rating_read(access_of(session, p), row)
    return row


async def _org_in_agency(session: AsyncSession, org_id: uuid.UUID, p: Principal,
                         lock: bool = False) -> OrgPerformance | None:
    q = select(OrgPerformance).where(OrgPerformance.id == org_id)
    if lock:
        q = q.with_for_update()
    row = (await session.execute(q)).scalar_one_or_none()
    return row if row is not None and same_agency(p, row.agency_id) else None


async def _org_read(session: AsyncSession, org_id: uuid.UUID, p: Principal) -> OrgPerformance | None:
    row = await _org_in_agency(session, org_id, p)
    if row is not None:
        await org_service.require_org_reader(access_of(session, p), row.unit_id)
    return row


async def _org_to_finalize(session: AsyncSession, org_id: uuid.UUID, p: Principal) -> OrgPerformance | None:
    org_service.require_may_finalize_org(p)  # the role first, as before: 403 even for an unknown id
    return await _org_in_agency(session, org_id, p, lock=True)


# ---------------------------------------------------------------- competency


async def _assessment(session: AsyncSession, assessment_id: uuid.UUID, p: Principal) -> CompetencyAssessment | None:
    """An assessment is read by whoever reads its employee's records."""
    row = await session.get(CompetencyAssessment, assessment_id)
    if row is None or not same_agency(p, row.agency_id):
        return None
    await access_of(session, p).read_employee(row.employee_id)
    return row


# ---------------------------------------------------------------- career planning


async def _career_person(session: AsyncSession, employee_id: uuid.UUID, p: Principal) -> EmployeeFacts | None:
    """A person's career plan is read by whoever reads their records (another agency's person: not found)."""
    try:
        return await access_of(session, p).read_employee(employee_id)
    except NotFound:
        return None


async def _candidates_position(session: AsyncSession, position_id: uuid.UUID, p: Principal) -> dict[str, Any] | None:
    """A position's candidates: the agency admin, the PPK and unit admins (their people) of its agency."""
    if not (p.is_service or p.has(Role.AGENCY_ADMIN, Role.UNIT_ADMIN, Role.PPK)):
        raise FORBIDDEN_CANDIDATES_READ.error()  # the role first: 403 even for an unknown id
    try:
        pos = await access_of(session, p).directory.position(position_id)
    except NotFound:
        return None
    return pos if same_agency(p, pos.get("agency_id")) else None


# ---------------------------------------------------------------- talent management and succession


async def _cycle_in_agency(session: AsyncSession, cycle_id: uuid.UUID, p: Principal) -> TalentCycle | None:
    c = await session.get(TalentCycle, cycle_id)
    return c if c is not None and same_agency(p, c.agency_id) else None


async def _cycle_read(session: AsyncSession, cycle_id: uuid.UUID, p: Principal) -> TalentCycle | None:
    talent_service.require_reader(p)  # the role first, as before: 403 even for an unknown id
    return await _cycle_in_agency(session, cycle_id, p)


async def _succession_in_agency(session: AsyncSession, plan_id: uuid.UUID, p: Principal) -> SuccessionPlan | None:
    sp = await session.get(SuccessionPlan, plan_id)
    return sp if sp is not None and same_agency(p, sp.agency_id) else None


async def _succession_read(session: AsyncSession, plan_id: uuid.UUID, p: Principal) -> SuccessionPlan | None:
    """A unit admin sees only the plans of positions of their unit subtree: others' are not found."""
    talent_service.require_reader(p)
    sp = await _succession_in_agency(session, plan_id, p)
    if sp is None or not await talent_service.visible_plan(access_of(session, p), sp):
        return None
    return sp


# ---------------------------------------------------------------- development catalogue and plans


async def _activity(session: AsyncSession, activity_id: uuid.UUID, p: Principal) -> DevelopmentActivity | None:
    return await catalogue_service.in_agency(session, activity_id, p)


async def _activity_to_write(session: AsyncSession, activity_id: uuid.UUID,
                             p: Principal) -> DevelopmentActivity | None:
    return await catalogue_service.in_agency(session, activity_id, p, lock=True)


async def _dev_plan(session: AsyncSession, plan_id: uuid.UUID, p: Principal, lock: bool = False) -> DevelopmentPlan | None:
    """A development plan is read by its employee, their supervisors on the plan and the scope admins (403 for
    others of the agency)."""
    plan = await idp_service.in_agency(session, plan_id, p, lock=lock)
    if plan is not None:
        await idp_service.require_read(access_of(session, p), plan)
    return plan


async def _dev_plan_to_write(session: AsyncSession, plan_id: uuid.UUID, p: Principal) -> DevelopmentPlan | None:
    return await _dev_plan(session, plan_id, p, lock=True)


# ---------------------------------------------------------------- follow-ups of ratings and placements


async def _followup_read(session: AsyncSession, followup_id: uuid.UUID, p: Principal) -> Followup | None:
    f = await followup_service.followup_in_agency(session, followup_id, p)
    if f is not None:
        await followup_service.require_read(session, access_of(session, p), f)
    return f


async def _followup_to_write(session: AsyncSession, followup_id: uuid.UUID, p: Principal) -> Followup | None:
    """Locked for the action; a caller who may not read it is refused as on a read (the action checks the rest)."""
    f = await followup_service.followup_in_agency(session, followup_id, p, lock=True)
    if f is not None:
        await followup_service.require_read(session, access_of(session, p), f)
    return f


CurrentPeriod = scoped_loader(EvaluationPeriod, "period_id", "Periode SKP", _period)
CurrentPlan = scoped_loader(PerformancePlan, "plan_id", "SKP", _plan_read, principal=Scoped)
PlanToAct = scoped_loader(PerformancePlan, "plan_id", "SKP", _plan_to_act)  # the service checks the caller's part
PlanToWrite = scoped_loader(PerformancePlan, "plan_id", "SKP", _plan_to_write)  # row locked; the service checks
CurrentEvaluation = scoped_loader(PlanEvaluation, "evaluation_id", "Evaluasi", _evaluation, principal=Scoped)
EvaluationToWrite = scoped_loader(PlanEvaluation, "evaluation_id", "Evaluasi", _evaluation_locked, principal=Scoped)
CurrentRating = scoped_loader(AnnualRating, "rating_id", "Rating tahunan", _rating, principal=Scoped)
CurrentOrg = scoped_loader(OrgPerformance, "org_id", "Kinerja organisasi", _org_read, principal=Scoped)
OrgToFinalize = scoped_loader(OrgPerformance, "org_id", "Kinerja organisasi", _org_to_finalize)
CurrentAssessment = scoped_loader(CompetencyAssessment, "assessment_id", "Asesmen kompetensi", _assessment,
                                  principal=Scoped)
CareerPerson = scoped_loader(EmployeeFacts, "employee_id", "Pegawai", _career_person, principal=Scoped)
CandidatesPosition = scoped_loader(dict, "position_id", "Jabatan", _candidates_position, principal=Scoped)
CurrentCycle = scoped_loader(TalentCycle, "cycle_id", "Siklus talenta", _cycle_read)
CycleToPlace = scoped_loader(TalentCycle, "cycle_id", "Siklus talenta", _cycle_in_agency, principal=AgencyAdmin)
CurrentSuccession = scoped_loader(SuccessionPlan, "plan_id", "Rencana suksesi", _succession_read, principal=Scoped)
SuccessionToWrite = scoped_loader(SuccessionPlan, "plan_id", "Rencana suksesi", _succession_in_agency,
                                  principal=AgencyAdmin)
CurrentActivity = scoped_loader(DevelopmentActivity, "activity_id", "Kegiatan pengembangan", _activity)
ActivityToWrite = scoped_loader(DevelopmentActivity, "activity_id", "Kegiatan pengembangan", _activity_to_write)
CurrentDevelopmentPlan = scoped_loader(DevelopmentPlan, "plan_id", "Rencana pengembangan individu", _dev_plan,
                                       principal=Scoped)
DevelopmentPlanToWrite = scoped_loader(DevelopmentPlan, "plan_id", "Rencana pengembangan individu",
                                       _dev_plan_to_write, principal=Scoped)
CurrentFollowup = scoped_loader(Followup, "followup_id", "Tindak lanjut", _followup_read, principal=Scoped,
                                what_en="Follow-up")
FollowupToWrite = scoped_loader(Followup, "followup_id", "Tindak lanjut", _followup_to_write, principal=Scoped,
                                what_en="Follow-up")

#: The merit index's agency of the path (merit_shared.authz): read by an index reader, written by the agency admin.
IndexAgency = authz.IndexAgency
AdminAgency = authz.AdminAgency

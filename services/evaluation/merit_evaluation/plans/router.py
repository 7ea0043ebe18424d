"""Routes: /api/v1/evaluation-periods and /api/v1/performance-plans (SKP plans and their lifecycle)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import inspect

from merit_evaluation.access import CurrentPeriod, CurrentPlan, PlanToAct, PlanToWrite
from merit_evaluation.common.access import Access
from merit_evaluation.common.queries import YearQuery
from merit_evaluation.directory import directory_of
from merit_evaluation.evaluations import service as ev_service
from merit_evaluation.evaluations.router import EVALUATION_ERRORS
from merit_evaluation.evaluations.schemas import EvaluationIn, EvaluationOut
from merit_evaluation.performance.models import EvaluationPeriod, PerformancePlan
from merit_evaluation.plans import service
from merit_evaluation.plans.schemas import (
    PeriodIn,
    PeriodOut,
    PlanContentIn,
    PlanIn,
    PlanOut,
    ResultOut,
)
from merit_evaluation.rules import SkpAction, SkpState
from merit_shared.api import IfMatch, Page, PageParams, Sort, check_if_match, etag_for, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal
from merit_shared.authz import Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

period_router = APIRouter(prefix="/api/v1/evaluation-periods", tags=["evaluation-periods"])
plan_router = APIRouter(prefix="/api/v1/performance-plans", tags=["performance-plans"])


@period_router.post("", status_code=201, summary="Open the annual SKP period of a year (agency admin)",
                    response_model=PeriodOut, responses=problem_responses(401, 403, 409, 422))
async def create_period(body: PeriodIn, session: Session, idem: Idempotency,
                        principal: Caller) -> EvaluationPeriod:
    if (stored := await idem.replay(session)) is not None:
        return stored
    return await idem.respond(session, 201, await service.create_period(session, principal, body.year, body.granularity))


@period_router.get("", summary="List the agency's SKP periods", response_model=Page[PeriodOut],
                   responses=problem_responses(401))
async def list_periods(*, session: Session, page: PageParams = Depends(page_params),
                       sort: Sort = Depends(sort_param(service.PERIOD_SORT, default="-year")),
                       principal: Caller) -> Page[PeriodOut]:
    total, rows = await service.list_periods(session, _agency(principal), page.limit, page.offset, sort=sort)
    return Page(items=[PeriodOut.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@period_router.get("/{period_id}", summary="One SKP period with its periodic evaluations", response_model=PeriodOut,
                   responses=problem_responses(401, 404))
async def read_period(period: CurrentPeriod) -> EvaluationPeriod:
    return period


def _agency(principal: Principal) -> uuid.UUID:
    return uuid.UUID(principal.agency_id) if principal.agency_id else uuid.UUID(int=0)


async def plan_out(session: Session, principal: Principal, plan: PerformancePlan,
                   response: Response | None = None) -> PlanOut:
    if inspect(plan).unloaded:  # server-side defaults (updated_at) expired by a flush
        await session.refresh(plan)
    results = await service.plan_results(session, plan.id)
    if response is not None:
        response.headers["ETag"] = etag_for(plan.id, plan.row_version)
    data = {c.name: getattr(plan, c.key) for c in PerformancePlan.__table__.columns}
    return PlanOut(**data, results=[ResultOut(id=r.id, seq=r.seq, description=r.description,
                                              parent_result_id=r.parent_result_id, indicators=r.indicators)
                                    for r in results], allowed_actions=service.plan_allowed_actions(principal, plan))


@plan_router.post("", status_code=201, summary="Create an SKP plan (the employee, or the agency admin with "
                  "optional evaluator override)", response_model=PlanOut,
                  responses=problem_responses(401, 403, 404, 409, 422, 503),
                  description=("The evaluator (pejabat penilai) and their superior are resolved from positions at creation and "
                               "stored on the plan; only the agency admin may override them or the unit-head flag. One current plan "
                               "per employee and year (409); the year's period must exist (409 `period_missing`). Answers the plan's "
                               "`ETag`."))
async def create_plan(body: PlanIn, request: Request, response: Response, session: Session, idem: Idempotency,
                      principal: Caller) -> PlanOut:
    if (stored := await idem.replay(session)) is not None:
        return stored
    plan = await service.create_plan(session, principal, Access(principal, directory_of(request)), body)
    return await idem.respond(session, 201, await plan_out(session, principal, plan, response), response.headers)


@plan_router.get("", summary="List SKP plans (admins: their scope; others: their own and those they evaluate)",
                 response_model=Page[PlanOut], responses=problem_responses(401),
                 description=("Admins see their scope (a unit admin: their unit subtree); others see their own plans and the plans "
                              "they evaluate or approve. Superseded versions only with `include_superseded=true`."))
async def list_plans(*, request: Request, session: Session, page: PageParams = Depends(page_params),
                     employee_id: uuid.UUID | None = None, year: YearQuery = None, state: SkpState | None = None,
                     include_superseded: bool = False,
                     sort: Sort = Depends(sort_param(service.PLAN_SORT, default="-year,created_at")),
                     principal: Caller) -> Page[PlanOut]:
    total, rows = await service.list_plans(session, Access(principal, directory_of(request)), employee_id, year, state,
                                           include_superseded, page.limit, page.offset, sort=sort)
    return Page(items=[await plan_out(session, principal, r) for r in rows], total=total, limit=page.limit,
                offset=page.offset)


@plan_router.get("/{plan_id}", summary="One SKP plan with results, behaviours and allowed actions",
                 response_model=PlanOut, responses=problem_responses(401, 403, 404))
async def read_plan(plan: CurrentPlan, response: Response, session: Session, principal: Caller) -> PlanOut:
    return await plan_out(session, principal, plan, response)


@plan_router.put("/{plan_id}", summary="Replace the content of a DRAFT plan: approach, work results with indicators "
                 "and targets (cascading links), behaviour expectations (If-Match)", response_model=PlanOut,
                 responses=problem_responses(401, 403, 404, 409, 412, 422),
                 description=("Only while DRAFT and current (409 `plan_locked` otherwise; use AMEND). `parent_result_id` must be a "
                              "result of the evaluator's current plan of the same year. Send `If-Match` with the last `ETag`: a "
                              "stale one answers 412."))
async def update_plan(*, plan: PlanToWrite, body: PlanContentIn, response: Response, session: Session,
                      if_match: IfMatch = None, principal: Caller) -> PlanOut:
    check_if_match(if_match, etag_for(plan.id, plan.row_version))
    await service.update_content(session, principal, plan, body)
    return await plan_out(session, principal, plan, response)


ACTION_DESCRIPTION = ("Answers the plan with its new `ETag`. Send `If-Match` with the ETag of your last read so the "
                      "transition applies only to the version you saw: a stale one answers 412 and changes nothing. "
                      "A transition not allowed in the current state answers 409 naming `allowed_actions`.")


def _action_route(action: SkpAction, summary: str) -> None:
    async def handler(*, plan: PlanToWrite, request: Request, response: Response, session: Session,
                      if_match: IfMatch = None, principal: Caller) -> PlanOut:
        check_if_match(if_match, etag_for(plan.id, plan.row_version))
        result = await service.act(session, principal, Access(principal, directory_of(request)), plan, action)
        return await plan_out(session, principal, result, response)

    handler.__name__ = f"plan_{action.value.lower()}"
    plan_router.post(f"/{{plan_id}}/{action.value.lower()}", summary=summary, description=ACTION_DESCRIPTION,
                     response_model=PlanOut, responses=problem_responses(401, 403, 404, 409, 412, 503))(handler)


_action_route(SkpAction.SUBMIT, "Submit a DRAFT plan (the employee)")
_action_route(SkpAction.RETURN, "Return a SUBMITTED plan for revision (evaluator or evaluator's superior)")
_action_route(SkpAction.APPROVE, "Approve a SUBMITTED plan (the evaluator's superior)")
_action_route(SkpAction.START, "Start following an APPROVED plan (the evaluator)")
_action_route(SkpAction.AMEND, "Amend an APPROVED/IN_PROGRESS plan: new DRAFT version, previous kept (employee or "
              "evaluator)")
_action_route(SkpAction.FINALIZE, "Finalise the plan and close the year: writes the annual rating from the rated "
              "annual evaluation (the evaluator's superior)")


@plan_router.post("/{plan_id}/evaluations", status_code=201, summary="Open a periodic (1..n) or the annual (0) "
                  "evaluation of an IN_PROGRESS plan", response_model=EvaluationOut, responses=EVALUATION_ERRORS,
                  description=("Only for an IN_PROGRESS plan, by the employee or the evaluator; one evaluation per period (409 "
                               "`evaluation_exists`)."))
async def open_evaluation(plan: PlanToAct, body: EvaluationIn, session: Session, idem: Idempotency,
                          principal: Caller) -> EvaluationOut:
    if (stored := await idem.replay(session)) is not None:
        return stored
    ev = await ev_service.open_evaluation(session, principal, plan, body.period_number)
    return await idem.respond(session, 201, EvaluationOut(**await ev_service.evaluation_detail(session, principal, ev,
                                                                                                  plan)))

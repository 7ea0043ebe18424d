"""Routes: /api/v1/development-plans (individual development plans, their activities and lifecycle)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Response

from merit_evaluation.access import CurrentDevelopmentPlan, DevelopmentPlanToWrite, RequestAccess
from merit_evaluation.common.queries import YearQuery
from merit_evaluation.development_plans import service
from merit_evaluation.development_plans.models import DevelopmentPlan
from merit_evaluation.development_plans.schemas import DevelopmentPlanIn, DevelopmentPlanItemIn, DevelopmentPlanOut
from merit_evaluation.rules import IdpAction, IdpState
from merit_shared.api import IfMatch, Page, PageParams, Sort, check_if_match, etag_for, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/development-plans", tags=["development-plans"])
IF_MATCH = ("Send `If-Match` with the plan's last `ETag`: a stale one answers 412 and changes nothing. Answers the "
            "plan with its new `ETag`.")


async def _out(session: Session, access: RequestAccess, plan: DevelopmentPlan,
               response: Response | None = None) -> dict[str, Any]:
    await session.refresh(plan)
    if response is not None:
        response.headers["ETag"] = etag_for(plan.id, plan.row_version)
    return DevelopmentPlanOut.model_validate(await service.detail(session, access, plan)).model_dump(mode="json")


@router.post("", status_code=201, summary="Start an employee's development plan for a year (the employee, their "
             "evaluator, or an admin of their scope)", response_model=DevelopmentPlanOut,
             responses=problem_responses(401, 403, 404, 409, 422, 503),
             description="The evaluator and their superior are resolved from positions and kept on the plan. One "
                         "plan per employee and year (409 `development_plan_exists`). Accepts `Idempotency-Key`.")
async def create_plan(body: DevelopmentPlanIn, response: Response, session: Session, idem: Idempotency,
                      access: RequestAccess) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    plan = await service.create(session, access, body.employee_id, body.year)
    return await idem.respond(session, 201, await _out(session, access, plan, response), response.headers)


@router.get("", summary="Development plans the caller may read", response_model=Page[DevelopmentPlanOut],
            responses=problem_responses(401, 503),
            description="The agency admin: the agency; a unit admin: their unit subtree; a supervisor: the plans "
                        "they are on; an employee: their own.")
async def list_plans(*, session: Session, access: RequestAccess, principal: Caller,
                     page: PageParams = Depends(page_params), employee_id: uuid.UUID | None = None,
                     year: YearQuery = None, state: IdpState | None = None,
                     sort: Sort = Depends(sort_param(service.SORT, default="-year,created_at"))) -> Page[Any]:
    total, rows = await service.list_plans(session, access, employee_id, year, state.value if state else None,
                                           page.limit, page.offset, sort=sort)
    return Page(items=[await _out(session, access, r) for r in rows], total=total, limit=page.limit,
                offset=page.offset)


@router.get("/{plan_id}", summary="One development plan: activities, planned vs actual JP, allowed actions",
            response_model=DevelopmentPlanOut, responses=problem_responses(401, 403, 404, 503))
async def read_plan(plan: CurrentDevelopmentPlan, response: Response, session: Session,
                    access: RequestAccess) -> Any:
    return await _out(session, access, plan, response)


@router.post("/{plan_id}/activities", status_code=201, summary="Propose a catalogue activity for one of the "
             "person's gaps (DRAFT; the employee, a supervisor on the plan, or a scope admin)",
             response_model=DevelopmentPlanOut, responses=problem_responses(401, 403, 404, 409, 412, 422, 503),
             description="The competency must be below the standard in the person's latest JPM of the plan's year "
                         "(422 `not_a_gap`) and addressed by the activity (422 `activity_does_not_address`). "
                         + IF_MATCH)
async def add_activity(*, plan: DevelopmentPlanToWrite, body: DevelopmentPlanItemIn, response: Response, session: Session,
                       access: RequestAccess, if_match: IfMatch = None) -> Any:
    check_if_match(if_match, etag_for(plan.id, plan.row_version))
    await service.add_item(session, access, plan, body.activity_id, body.competency_code, body.note)
    return await _out(session, access, plan, response)


@router.delete("/{plan_id}/activities/{item_id}", summary="Remove an activity from a DRAFT plan",
               response_model=DevelopmentPlanOut, responses=problem_responses(401, 403, 404, 409, 412, 503),
               description="An activity a development record realises stays (409 `plan_item_realised`). " + IF_MATCH)
async def remove_activity(*, plan: DevelopmentPlanToWrite, item_id: uuid.UUID, response: Response,
                          session: Session, access: RequestAccess, if_match: IfMatch = None) -> Any:
    check_if_match(if_match, etag_for(plan.id, plan.row_version))
    await service.remove_item(session, access, plan, item_id)
    return await _out(session, access, plan, response)


def _action_route(action: IdpAction, summary: str) -> None:
    async def handler(*, plan: DevelopmentPlanToWrite, response: Response, session: Session, access: RequestAccess,
                      if_match: IfMatch = None) -> Any:
        check_if_match(if_match, etag_for(plan.id, plan.row_version))
        await service.act(session, access, plan, action)
        return await _out(session, access, plan, response)

    handler.__name__ = f"development_plan_{action.value.lower()}"
    router.post(f"/{{plan_id}}/{action.value.lower()}", summary=summary, response_model=DevelopmentPlanOut,
                description="A transition not allowed in the current state answers 409 naming `allowed_actions`; "
                            "one this caller may not do answers 403. " + IF_MATCH,
                responses=problem_responses(401, 403, 404, 409, 412, 503))(handler)


_action_route(IdpAction.SUBMIT, "Submit a DRAFT plan for approval (the employee or the evaluator)")
_action_route(IdpAction.APPROVE, "Approve a SUBMITTED plan (the evaluator or the evaluator's superior)")
_action_route(IdpAction.RETURN, "Return a SUBMITTED plan to DRAFT for revision (the evaluator or their superior)")
_action_route(IdpAction.REOPEN, "Reopen an APPROVED plan to change its activities (the employee or a supervisor)")

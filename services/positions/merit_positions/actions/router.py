"""Personnel actions: proposal with many moves -> review -> PPK decision -> atomic application."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Request, Response

from merit_positions.access import ActionToAct, CurrentAction
from merit_positions.actions import service
from merit_positions.actions.models import PersonnelAction
from merit_positions.actions.schemas import ActionCreate, ActionEdit, ActionOut, CancelIn, DecideIn, ReviewIn
from merit_positions.agencies.service import require_agency_exists
from merit_positions.common.scope import agency_of
from merit_positions.directory import EvaluationDirectory, evaluation_directory
from merit_shared.api import IfMatch, Page, PageParams, Sort, check_if_match, etag_for, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal
from merit_shared.authz import ActionReader, AgencyAdmin, Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/personnel-actions", tags=["personnel-actions"])
ERRORS = problem_responses(401, 403, 404, 409, 422)


def _evaluation(request: Request) -> EvaluationDirectory:
    return evaluation_directory(request)


def _may(principal: Principal, name: str, action: PersonnelAction) -> PersonnelAction:
    """A transition needs a role that may take it (the 403 names exactly those; reads declare ActionReader)."""
    service.require_action_role(principal, name)
    return action


@router.post("", status_code=201, response_model=ActionOut,
             summary="Propose a personnel action with its moves; eligibility checks are computed",
             description="Each move gets its eligibility checks (time in position, rank, performance and competency from "
                         "the evaluation service; 'unknown' when it cannot answer). Moves keep the order given.", responses=ERRORS)
async def create(*, body: ActionCreate, session: Session, idem: Idempotency, request: Request, agency_id: uuid.UUID | None = Query(None),
                 principal: AgencyAdmin) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    aid = agency_of(principal, agency_id)
    await require_agency_exists(session, aid)
    a = await service.create_action(session, principal, _evaluation(request), aid, body)
    return await idem.respond(session, 201, await service.view(session, a, principal))


@router.get("", response_model=Page[ActionOut], summary="List personnel actions (filter: status)",
            description="Readable by the agency admin, the PPK and the review team (tim penilai kinerja); an employee "
                        "lists the actions that move them, each with their own move only. `status=pending_apply`: "
                        "decided and not applied (approved or apply_failed), soonest TMT first unless `sort` is given.",
            responses=problem_responses(401, 403))
async def list_actions(*, session: Session, page: PageParams = Depends(page_params),
                       sort: Sort = Depends(sort_param(service.ACTION_SORT, default="-created_at")),
                       status: str | None = Query(None, pattern="^(draft|submitted|reviewed|approved|rejected|applied|"
                                                                "cancelled|apply_failed|pending_apply)$"),
                       agency_id: uuid.UUID | None = Query(None),
                       principal: ActionReader) -> Any:
    aid = agency_of(principal, agency_id)
    total, rows = await service.list_actions(session, principal, aid, status, page.limit, page.offset, sort=sort)
    return Page(items=[await service.view(session, r, principal) for r in rows], total=total or 0, limit=page.limit,
                offset=page.offset)


@router.get("/{action_id}", response_model=ActionOut, summary="Read a personnel action with checks and allowed actions",
            description="`allowed_actions` lists the transitions the caller may take now. An employee reads only an "
                        "action that moves them (their own move); any other answers 404. The ETag is for PATCH.",
            responses=problem_responses(401, 403, 404))
async def get_action(action_id: uuid.UUID, session: Session, response: Response, principal: ActionReader,
                     a: CurrentAction) -> Any:
    response.headers["ETag"] = etag_for("personnel_action", a.id, a.version)
    return await service.view(session, a, principal)


@router.patch("/{action_id}", response_model=ActionOut,
              summary="Fix a decided action before it is applied: remove moves or retarget one (If-Match supported)",
              description="approved or apply_failed, by the agency admin, with a reason (audited): `remove` takes "
                          "moves out, `retarget` points a move at another position (its checks are recomputed and "
                          "must pass unless the decision carried an override). The action is `approved` afterwards "
                          "(apply_error cleared), so it is applied on its TMT or by `apply`.",
              responses=problem_responses(401, 403, 404, 409, 412, 422))
async def edit(*, action_id: uuid.UUID, body: ActionEdit, session: Session, request: Request, response: Response,
               if_match: IfMatch = None, principal: AgencyAdmin, action: ActionToAct) -> Any:
    found = _may(principal, "edit", action)
    check_if_match(if_match, etag_for("personnel_action", found.id, found.version))
    a = await service.edit(session, principal, _evaluation(request), found, body)
    response.headers["ETag"] = etag_for("personnel_action", a.id, a.version)
    return await service.view(session, a, principal)


@router.post("/{action_id}/submit", response_model=ActionOut, summary="Submit the proposal for review",
             description="draft -> submitted; checks are recomputed.",
             responses=ERRORS)
async def submit(action_id: uuid.UUID, session: Session, request: Request,
                 principal: Caller, action: ActionToAct) -> Any:
    a = await service.submit(session, principal, _evaluation(request), _may(principal, "submit", action))
    return await service.view(session, a, principal)


@router.post("/{action_id}/refresh-checks", response_model=ActionOut,
             summary="Recompute the eligibility checks (e.g. after the evaluation service is back)",
             description="Useful after the evaluation service was unavailable.", responses=ERRORS)
async def refresh(action_id: uuid.UUID, session: Session, request: Request,
                  principal: Caller, action: ActionToAct) -> Any:
    a = await service.refresh_checks(session, principal, _evaluation(request),
                                     _may(principal, "refresh-checks", action))
    return await service.view(session, a, principal)


@router.post("/{action_id}/review", response_model=ActionOut,
             summary="Review by the performance review team (review_team)",
             description="submitted -> reviewed, by a member of the review team (tim penilai kinerja).",
             responses=ERRORS)
async def review(action_id: uuid.UUID, body: ReviewIn, session: Session,
                 principal: Caller, action: ActionToAct) -> Any:
    a = await service.review(session, principal, _may(principal, "review", action), body)
    return await service.view(session, a, principal)


@router.post("/{action_id}/decide", response_model=ActionOut,
             summary="Decision by the PPK (blackout windows and failed checks need an override reason)",
             description="reviewed -> approved/rejected, by the PPK. Inside a blackout window it needs "
                         "blackout_override_reason; moves whose checks failed or are unknown need override_reason. The SK "
                         "date cannot be after the TMT.",
             responses=ERRORS)
async def decide(action_id: uuid.UUID, body: DecideIn, session: Session, request: Request,
                 principal: Caller, action: ActionToAct) -> Any:
    a = await service.decide(session, principal, _evaluation(request), _may(principal, "decide", action),
                             body)
    return await service.view(session, a, principal)


@router.post("/{action_id}/apply", response_model=ActionOut,
             summary="Apply every move atomically: current assignments end the day before the TMT, new ones start "
                     "on it",
             description="approved -> applied, by the agency admin, in one transaction: every current definitive "
                         "assignment of the people moved ends the day before the TMT and every new one starts on it. "
                         "Positions, then employees, are locked in id order, so a concurrent decision or appointment "
                         "either finished before or waits. If any move no longer fits, nothing changes and 409 names the "
                         "move: `move` = {index, employee_id, nip, name, to_position_id, to_position_name, code}.", responses=ERRORS)
async def apply(action_id: uuid.UUID, session: Session, principal: Caller, action: ActionToAct) -> Any:
    a = await service.apply(session, principal, _may(principal, "apply", action))
    return await service.view(session, a, principal)


@router.post("/{action_id}/cancel", response_model=ActionOut, summary="Cancel an action that is not applied",
             description="Any status before the decision; once decided (approved, apply_failed) only with a "
                         "`reason`, kept as `cancel_reason`.",
             responses=ERRORS)
async def cancel(action_id: uuid.UUID, session: Session, principal: Caller, action: ActionToAct,
                 body: CancelIn = Body(default_factory=CancelIn)) -> Any:
    a = await service.cancel(session, principal, _may(principal, "cancel", action), body)
    return await service.view(session, a, principal)

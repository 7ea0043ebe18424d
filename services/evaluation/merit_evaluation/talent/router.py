"""Routes: /api/v1/talent-cycles (placement, pool) and /api/v1/succession-plans."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from merit_evaluation.access import CurrentCycle, CurrentSuccession, CycleToPlace, RequestAccess, SuccessionToWrite
from merit_evaluation.career import service as career
from merit_evaluation.career.router import CANDIDATE_SORT
from merit_evaluation.career.schemas import CareerBreakdownOut
from merit_evaluation.common.access import Access
from merit_evaluation.directory import directory_of
from merit_evaluation.talent import service
from merit_evaluation.talent.schemas import (
    CandidateIn,
    CycleIn,
    CycleOut,
    PlaceIn,
    PlacementOut,
    PlaceResult,
    SuccessionIn,
    SuccessionOut,
)
from merit_shared.api import Page, PageParams, Sort, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin, Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter()
ERR = problem_responses(401, 403, 404, 409, 422, 503)


@router.post("/api/v1/talent-cycles", tags=["talent-cycles"], status_code=201, summary="Open a talent cycle "
             "(agency admin); the agency's talent policy is stored with it", response_model=CycleOut, responses=ERR,
             description=("Copies the agency's talent policy (axes, thresholds) and potential-input rules onto the cycle, so "
                          "later policy changes do not alter it. `as_of` lies within `year`; `unit_id`, when given, must exist "
                          "(positions)."))
async def create_cycle(*, body: CycleIn, request: Request, session: Session, idem: Idempotency,
                       principal: AgencyAdmin) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    c = await service.create_cycle(session, directory_of(request), principal, body)
    return await idem.respond(session, 201, c)


@router.get("/api/v1/talent-cycles", tags=["talent-cycles"], summary="List talent cycles",
            response_model=Page[CycleOut], responses=ERR)
async def list_cycles(session: Session, principal: Caller, page: PageParams = Depends(page_params),
                      sort: Sort = Depends(sort_param({"year": "year", "name": "name", "as_of": "as_of",
                                                       "created_at": "created_at"}, default="-year,name"))) -> Any:
    return page_of(await service.list_cycles(session, principal), page, sort)


@router.get("/api/v1/talent-cycles/{cycle_id}", tags=["talent-cycles"], summary="One talent cycle",
            response_model=CycleOut, responses=ERR)
async def read_cycle(cycle: CurrentCycle) -> Any:
    return cycle


@router.post("/api/v1/talent-cycles/{cycle_id}/place", tags=["talent-cycles"], summary="Place everyone in scope "
             "(or the given employees) in the nine-box; re-placing replaces (agency admin)",
             response_model=PlaceResult, responses=ERR,
             description="Kinerja: the annual predikat of the policy's performance years before `as_of`; "
                         "potensial: weighted JPM / TRACK_RECORD / OTHER. TRACK_RECORD and OTHER not given in "
                         "`inputs` are derived by the input rules stored on the cycle (agency policy "
                         "`talent_inputs` when the cycle was opened), and each placement keeps them. People "
                         "without the predikat years or a valid JPM are listed in `skipped`.")
async def place(*, cycle: CycleToPlace, body: PlaceIn, request: Request, session: Session,
                principal: AgencyAdmin) -> dict[str, Any]:
    return await service.place_cycle(session, Access(principal, directory_of(request)), cycle, body)


@router.get("/api/v1/talent-cycles/{cycle_id}/placements", tags=["talent-cycles"], summary="Placements with "
            "recommended actions (filter by box or pool)", response_model=Page[PlacementOut], responses=ERR)
async def placements(*, cycle: CurrentCycle, request: Request, session: Session,
                     page: PageParams = Depends(page_params),
                     box: Annotated[int | None, Query(ge=1, le=9, description="Nine-box cell 1–9.")] = None,
                     in_pool: bool | None = None, unit_id: uuid.UUID | None = None,
                     sort: Sort = Depends(sort_param(service.PLACEMENT_SORT, default="-box,-potential_score")),
                     principal: Caller) -> Page[PlacementOut]:
    total, rows = await service.list_placements(session, Access(principal, directory_of(request)), cycle,
                                                page.limit, page.offset, box, in_pool, unit_id, sort=sort)
    return Page(items=[PlacementOut.model_validate(r) for r in rows], total=total, limit=page.limit,
                offset=page.offset)


@router.post("/api/v1/succession-plans", tags=["succession-plans"], status_code=201, summary="Open a succession "
             "plan for a key position (agency admin)", response_model=SuccessionOut, responses=ERR,
             description="One active plan per position (409). With `talent_cycle_id`, candidates must be in "
                         "that cycle's talent pool.")
async def create_succession(*, body: SuccessionIn, request: Request, session: Session, idem: Idempotency,
                            principal: AgencyAdmin) -> dict[str, Any]:
    if (stored := await idem.replay(session)) is not None:
        return stored
    sp = await service.create_succession(session, directory_of(request), principal, body)
    return await idem.respond(session, 201, await service.plan_doc(session, sp))


@router.get("/api/v1/succession-plans", tags=["succession-plans"], summary="List succession plans",
            response_model=Page[SuccessionOut], responses=ERR)
async def list_succession(request: Request, session: Session, principal: Caller,
                          page: PageParams = Depends(page_params),
                          sort: Sort = Depends(sort_param({"status": "status", "position_id": "position_id"},
                                                          default="status"))) -> Page[Any]:
    return page_of(await service.list_succession(session, Access(principal, directory_of(request))), page, sort)


@router.get("/api/v1/succession-plans/{plan_id}", tags=["succession-plans"], summary="A succession plan with its "
            "ranked candidates", response_model=SuccessionOut, responses=ERR)
async def read_succession(sp: CurrentSuccession, session: Session, access: RequestAccess) -> dict[str, Any]:
    return await service.plan_doc(session, sp, access)


@router.get("/api/v1/succession-plans/{plan_id}/suggestions", tags=["succession-plans"],
            summary="Suggested candidates for the plan's position, closest first, with readiness and the breakdown",
            response_model=Page[CareerBreakdownOut], response_model_exclude_unset=True, responses=ERR,
            description="Career planning's closest candidates (`GET /career-plans/positions/{id}/candidates`, the "
                        "same function and order): with a talent cycle, its talent pool only; a unit admin sees "
                        "the people of their subtree. A candidate added without `readiness` gets the one shown here.")
async def suggestions(sp: CurrentSuccession, request: Request, session: Session, access: RequestAccess,
                      page: PageParams = Depends(page_params),
                      sort: Sort = Depends(sort_param(CANDIDATE_SORT, default="closeness"))) -> Page[Any]:
    pl = await service.suggestions(session, access, sp)
    return await career.plan_page(session, pl, page, sort, "employee_id", career.catalogue_of(request))


@router.post("/api/v1/succession-plans/{plan_id}/candidates", tags=["succession-plans"], status_code=201,
             summary="Add a candidate with readiness (default: career planning's) and rank (agency admin; must be in the "
             "cycle's talent pool)",
             response_model=SuccessionOut, responses=ERR,
             description="Talent pool: boxes 7–9 without a moderate or heavy penalty in the last 2 years. Ranks are "
                         "unique per plan (409 `rank_taken`); omitted, the candidate goes last.")
async def add_candidate(*, sp: SuccessionToWrite, body: CandidateIn, request: Request, session: Session, idem: Idempotency,
                        principal: AgencyAdmin) -> dict[str, Any]:
    if (stored := await idem.replay(session)) is not None:
        return stored
    sp = await service.add_candidate(session, Access(principal, directory_of(request)), sp, body)
    return await idem.respond(session, 201, await service.plan_doc(session, sp))

"""Positions (seats in the peta jabatan)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request, Response

from merit_positions.access import CurrentPosition, PositionToWrite
from merit_positions.agencies.service import require_agency_exists
from merit_positions.common.scope import (
    agency_of,
    reads_agency_wide,
    redact_people,
    require_unit_scope,
)
from merit_positions.seats import queries, service
from merit_positions.seats.queries import position_detail, position_detail_fast
from merit_positions.seats.schemas import (
    AbkIn,
    AbkOut,
    AbkVersionOut,
    AbolishIn,
    HolderOnDate,
    PositionCreate,
    PositionOut,
    PositionSummary,
    PositionUpdate,
)
from merit_shared.api import IfMatch, Page, PageParams, Sort, check_if_match, etag_for, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal
from merit_shared.authz import Caller, StaffAdmin
from merit_shared.clock import today
from merit_shared.errors import NotFound
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses
from merit_shared.vocab import JobKind

router = APIRouter(prefix="/api/v1/positions", tags=["positions"])


def _etag(pos: Any) -> str:
    return etag_for("position", pos.id if hasattr(pos, "id") else pos["id"],
                    pos.version if hasattr(pos, "version") else pos["version"])


async def _detail(session: Any, principal: Principal, position_id: uuid.UUID, as_of: date | None = None) -> dict:
    d = as_of or today()
    out = await position_detail(session, position_id, d)
    if out is None or (not principal.is_service and str(out["agency_id"]) != principal.agency_id):
        raise NotFound("Jabatan", position_id)
    return await _people_scoped(session, principal, out, d)


async def _people_scoped(session: Any, principal: Principal, out: dict, d: date) -> dict:
    for k in ("holders", "acting"):
        out[k] = await redact_people(session, principal, out[k], out["unit_id"], d)
    return out


@router.post("", status_code=201, response_model=PositionOut, summary="Create a position (unit x job, seats)",
             description="Managerial positions have exactly one seat; at most one head position per unit. A unit admin "
                         "may create positions only in their unit subtree.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def create_position(*, body: PositionCreate, session: Session, idem: Idempotency, response: Response,
                          agency_id: uuid.UUID | None = Query(None, description="Service role only."),
                          principal: StaffAdmin) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    aid = agency_of(principal, agency_id)
    await require_agency_exists(session, aid)
    await require_unit_scope(session, principal, body.unit_id)
    pos = await service.create_position(session, principal, aid, body)
    out = await _detail(session, principal, pos.id)
    response.headers["ETag"] = _etag(out)
    return await idem.respond(session, 201, out, response.headers)


@router.get("", response_model=Page[PositionSummary],
            summary="List/search positions by name or unit (filters: unit, kind, vacant only)",
            description="`filled` and `vacant` are derived from active definitive assignments today.",
            responses=problem_responses(401, 403))
async def list_positions(*, session: Session, page: PageParams = Depends(page_params),
                         sort: Sort = Depends(sort_param(queries.POSITION_SORT, default="unit_name,-is_head,name")),
                         q: str | None = Query(None, max_length=100, description="Part of the position or unit name."),
                         unit_id: uuid.UUID | None = None, kind: JobKind | None = None, vacant_only: bool = False,
                         include_abolished: bool = False, agency_id: uuid.UUID | None = Query(None),
                         principal: Caller) -> Any:
    aid = agency_of(principal, agency_id)
    rows = await queries.search_positions(session, aid, today(), q, unit_id, kind, include_abolished, vacant_only,
                                          page.limit, page.offset, sort=sort)
    total = rows[0]["total"] if rows else 0
    return Page(items=[PositionSummary.model_validate(r) for r in rows], total=total, limit=page.limit,
                offset=page.offset)


@router.get("/{position_id}", response_model=PositionOut,
            summary="Read a position with its job, seats, holders and acting officials (vacancy derived)",
            description="Cross-service contract. `filled` counts active definitive holders on `as_of` (default today); "
                        "`vacant` = required_seats - filled, never negative; Plt/Plh are listed under `acting` and never "
                        "fill a seat.",
            responses=problem_responses(401, 404))
async def get_position(*, request: Request, position_id: uuid.UUID, as_of: date | None = None,
                       principal: Caller) -> Response:
    # Hot path (benchmarked): one statement on the plain pool, serialised once; the shape is PositionOut's.
    d = as_of or today()
    out = await position_detail_fast(request.app.state.pool, position_id, d)
    if out is None or (not principal.is_service and str(out["agency_id"]) != principal.agency_id):
        raise NotFound("Jabatan", position_id)
    if not reads_agency_wide(principal):  # the hot path (service callers) never opens a session
        async with request.app.state.db.sessionmaker() as session:
            out = await _people_scoped(session, principal, out, d)
    return Response(orjson.dumps(out, default=str), media_type="application/json", headers={"ETag": _etag(out)})


@router.patch("/{position_id}", response_model=PositionOut, summary="Update a position (If-Match supported)",
              description="`required_seats` cannot go below the current definitive holders (409).",
              responses=problem_responses(401, 403, 404, 409, 412, 422))
async def update_position(*, position_id: uuid.UUID, body: PositionUpdate, session: Session, response: Response,
                          if_match: IfMatch = None, principal: StaffAdmin, pos: PositionToWrite) -> Any:
    check_if_match(if_match, _etag(pos))
    await service.update_position(session, principal, pos, body)
    out = await _detail(session, principal, position_id)
    response.headers["ETag"] = _etag(out)
    return out


@router.post("/{position_id}/abolish", response_model=PositionOut,
             summary="Abolish a position from a date (only without assignments in force)",
             description="Only when no assignment is in force on or after the date (409 otherwise).",
             responses=problem_responses(401, 403, 404, 409, 422))
async def abolish(*, position_id: uuid.UUID, body: AbolishIn, session: Session,
                  principal: StaffAdmin, pos: PositionToWrite) -> Any:
    await service.abolish_position(session, principal, pos, body.effective_date)
    return await _detail(session, principal, position_id)


HOLDER_SORT = {"tmt_start": "tmt_start", "tmt_end": "tmt_end", "kind": "kind", "nip": "nip"}


@router.get("/{position_id}/holders", response_model=Page[HolderOnDate],
            summary="Who held the position on a date (definitive and acting)",
            description="Definitive and acting assignments in force on `as_of` (default today).", responses=problem_responses(401, 404))
async def holders_on(*, position_id: uuid.UUID, session: Session, pos: CurrentPosition, as_of: date | None = None,
                     page: PageParams = Depends(page_params),
                     sort: Sort = Depends(sort_param(HOLDER_SORT, default="kind,tmt_start")), principal: Caller) -> Any:
    rows = await queries.holders_on(session, position_id, as_of or today())
    return page_of(await redact_people(session, principal, rows, pos.unit_id, as_of), page, sort, "assignment_id")


@router.get("/{position_id}/assignments", response_model=Page[HolderOnDate],
            summary="Every assignment ever made to the position, newest first",
            description="Every assignment ever made to the position, ended ones included.", responses=problem_responses(401, 404))
async def position_history(position_id: uuid.UUID, session: Session, pos: CurrentPosition, principal: Caller,
                           page: PageParams = Depends(page_params),
                           sort: Sort = Depends(sort_param(HOLDER_SORT, default="-tmt_start"))) -> Any:
    rows = await queries.position_history(session, position_id)
    return page_of(await redact_people(session, principal, rows, pos.unit_id), page, sort, "assignment_id")


@router.put("/{position_id}/abk/{year}", response_model=AbkOut,
            summary="Record the workload analysis (ABK) of a year: need = sum(volume x norm) / effective minutes",
            description="need_exact = sum(volume x norm minutes) / effective minutes per year (policy, default 75,000), "
                        "kept unrounded; need_rounded uses the agency's rounding policy (HALF_UP by default). EJ = "
                        "workload / (filled x effective minutes). `apply_to_required_seats` copies the rounded need to "
                        "the position (non-managerial only).",
            responses=problem_responses(401, 403, 404, 409, 422))
async def put_abk(*, position_id: uuid.UUID, session: Session, body: AbkIn,
                  year: int = Path(ge=2000, le=2100), principal: StaffAdmin, pos: PositionToWrite) -> Any:
    return await service.set_abk(session, principal, pos, year, body)


@router.get("/{position_id}/abk", response_model=Page[AbkOut], summary="ABK of every recorded year, newest first",
            description="Each year's current (newest) ABK version with the EJ computed against today's filled seats. "
                        "Minutes are numbers with 2 decimals, persons (need, EJ) with 4.",
            responses=problem_responses(401, 404))
async def get_abk(position_id: uuid.UUID, session: Session, pos: CurrentPosition, principal: Caller,
                  page: PageParams = Depends(page_params),
                  sort: Sort = Depends(sort_param({"year": "year"}, default="-year"))) -> Any:
    rows = await queries.abk_years(session, position_id)
    return page_of([await service.abk_view(session, pos, r) for r in rows], page, sort, "year")


@router.get("/{position_id}/abk/{year}/history", response_model=Page[AbkVersionOut],
            summary="Every recorded version of a year's ABK (who, when, why), newest first",
            description="Recording a year's ABK again never erases the previous analysis: each version keeps its "
                        "tasks, results, author and reason. The first item is the current version (the one "
                        "`GET /positions/{id}/abk` shows). An unknown year answers an empty page.",
            responses=problem_responses(401, 404))
async def abk_history(*, position_id: uuid.UUID, session: Session, pos: CurrentPosition, principal: Caller,
                      year: int = Path(ge=2000, le=2100), page: PageParams = Depends(page_params),
                      sort: Sort = Depends(sort_param(queries.ABK_VERSION_SORT, default="-version"))) -> Any:
    rows, total = await queries.abk_history(session, position_id, year, page.limit, page.offset, sort=sort)
    return Page(items=[AbkVersionOut.model_validate(service.abk_version(r)) for r in rows], total=total,
                limit=page.limit, offset=page.offset)

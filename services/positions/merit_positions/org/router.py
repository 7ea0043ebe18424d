"""Organisation units: a tree with effective-dated history."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Response

from merit_positions.access import CurrentUnit, UnitToWrite
from merit_positions.agencies.service import require_agency_exists
from merit_positions.common.scope import agency_of
from merit_positions.org import service
from merit_positions.org.models import OrgUnit
from merit_positions.org.schemas import (
    DissolveIn,
    MoveIn,
    OrgUnitCreate,
    OrgUnitOut,
    OrgUnitUpdate,
    OrgUnitVersionOut,
    RenameIn,
    TreeNode,
    TreeOut,
)
from merit_shared.api import IfMatch, Page, PageParams, Sort, check_if_match, etag_for, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin, Caller
from merit_shared.clock import today
from merit_shared.errors import NotFound
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/org-units", tags=["org-units"])
AgencyParam = Query(None, description="Service role only: the agency to work in.")


def _etag(unit: OrgUnit) -> str:
    return etag_for("org_unit", unit.id, unit.version)


@router.post("", status_code=201, response_model=OrgUnitOut, summary="Create an org unit",
             description="The parent must be an active unit of the same agency and exist on `valid_from`.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def create_unit(*, body: OrgUnitCreate, session: Session, idem: Idempotency, response: Response,
                      agency_id: uuid.UUID | None = AgencyParam,
                      principal: AgencyAdmin) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    aid = agency_of(principal, agency_id)
    await require_agency_exists(session, aid)
    unit = await service.create_unit(session, principal, aid, body)
    response.headers["ETag"] = _etag(unit)
    return await idem.respond(session, 201, unit, response.headers)


@router.get("", response_model=Page[OrgUnitOut], summary="List org units (filters: parent, name/code, dissolved)",
            description="Current units of the agency; dissolved ones only with include_dissolved.",
            responses=problem_responses(401, 403))
async def list_units(*, session: Session, page: PageParams = Depends(page_params),
                     sort: Sort = Depends(sort_param(service.UNIT_SORT, default="code")),
                     parent_id: uuid.UUID | None = None, top_level: bool = False,
                     q: str | None = Query(None, max_length=100, description="Part of the name or code."),
                     include_dissolved: bool = False, agency_id: uuid.UUID | None = AgencyParam,
                     principal: Caller) -> Any:
    aid = agency_of(principal, agency_id)
    total, rows = await service.list_units(session, aid, parent_id, top_level, q, include_dissolved, page.limit,
                                           page.offset, sort=sort)
    return Page(items=[OrgUnitOut.model_validate(r) for r in rows], total=total or 0, limit=page.limit,
                offset=page.offset)


@router.get("/tree", response_model=TreeOut, summary="The unit tree as it was on a date",
            description="Built from the effective-dated versions: renames, moves and dissolutions after `as_of` are not "
                        "shown.",
            responses=problem_responses(401, 403, 404))
async def tree(*, session: Session, as_of: date | None = None, root_id: uuid.UUID | None = None,
               agency_id: uuid.UUID | None = AgencyParam, principal: Caller) -> Any:
    aid = agency_of(principal, agency_id)
    d = as_of or today()
    rows = await service.tree_as_of(session, aid, d)
    roots = service.nest(rows, root_id)
    return TreeOut(as_of=d, roots=[TreeNode.model_validate(r) for r in roots])


@router.get("/{unit_id}", response_model=OrgUnitOut, summary="Read an org unit (as it was on a date with as_of)",
            description="Another agency's id answers 404. With `as_of`, code, name, kind, parent and validity are those "
                        "of the version in force on that date (404 when the unit did not exist then).",
            responses=problem_responses(401, 404))
async def get_unit(unit_id: uuid.UUID, session: Session, response: Response, unit: CurrentUnit,
                   as_of: date | None = None) -> Any:
    response.headers["ETag"] = _etag(unit)
    if as_of is None:
        return unit
    version = await service.unit_as_of(session, unit, as_of)
    if version is None:
        raise NotFound("Unit organisasi", unit_id)
    return version


@router.get("/{unit_id}/history", response_model=Page[OrgUnitVersionOut],
            summary="Every version of a unit (renames, moves, dissolution)",
            description="Each rename, move or dissolution closes one version the day before its effective date.",
            responses=problem_responses(401, 404))
async def history(unit_id: uuid.UUID, session: Session, unit: CurrentUnit, page: PageParams = Depends(page_params),
                  sort: Sort = Depends(sort_param({"valid_from": "valid_from"}, default="valid_from"))) -> Any:
    return page_of(await service.versions(session, unit_id), page, sort)


@router.patch("/{unit_id}", response_model=OrgUnitOut, summary="Update code, kind or national id (If-Match)",
              description="Name and parent change through /rename and /move so the history is kept.",
              responses=problem_responses(401, 403, 404, 409, 412, 422))
async def update_unit(*, unit_id: uuid.UUID, body: OrgUnitUpdate, session: Session, response: Response,
                      if_match: IfMatch = None, principal: AgencyAdmin, unit: UnitToWrite) -> Any:
    check_if_match(if_match, _etag(unit))
    unit = await service.update_unit(session, principal, unit, body)
    response.headers["ETag"] = _etag(unit)
    return unit


@router.post("/{unit_id}/rename", response_model=OrgUnitOut, summary="Rename from a date (history kept)",
             description="Closes the current version the day before `effective_date` and opens a new one.",
             responses=problem_responses(401, 403, 404, 409, 412, 422))
async def rename(*, unit_id: uuid.UUID, body: RenameIn, session: Session, response: Response, if_match: IfMatch = None,
                 principal: AgencyAdmin, unit: UnitToWrite) -> Any:
    check_if_match(if_match, _etag(unit))
    unit = await service.rename_unit(session, principal, unit, body.name, body.effective_date)
    response.headers["ETag"] = _etag(unit)
    return unit


@router.post("/{unit_id}/move", response_model=OrgUnitOut, summary="Move under another parent from a date (no cycles)",
             description="Refused with 409 unit_cycle when the new parent lies inside the unit itself.",
             responses=problem_responses(401, 403, 404, 409, 412, 422))
async def move(*, unit_id: uuid.UUID, body: MoveIn, session: Session, response: Response, if_match: IfMatch = None,
               principal: AgencyAdmin, unit: UnitToWrite) -> Any:
    check_if_match(if_match, _etag(unit))
    unit = await service.move_unit(session, principal, unit, body.parent_id, body.effective_date)
    response.headers["ETag"] = _etag(unit)
    return unit


@router.post("/{unit_id}/dissolve", response_model=OrgUnitOut,
             summary="Dissolve from a date; filled positions need a target unit",
             description="Refused while active sub-units exist; positions with holders need `transfer_positions_to` "
                         "(otherwise 409).",
             responses=problem_responses(401, 403, 404, 409, 412, 422))
async def dissolve(*, unit_id: uuid.UUID, body: DissolveIn, session: Session, response: Response,
                   if_match: IfMatch = None, principal: AgencyAdmin, unit: UnitToWrite) -> Any:
    check_if_match(if_match, _etag(unit))
    unit = await service.dissolve_unit(session, principal, unit, body.effective_date, body.transfer_positions_to)
    response.headers["ETag"] = _etag(unit)
    return unit

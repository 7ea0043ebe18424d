"""Agencies (tenants) and their policy settings."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Response

from merit_positions.agencies import service
from merit_positions.agencies.models import Agency, AgencyPolicy
from merit_positions.agencies.schemas import AgencyCreate, AgencyOut, AgencyUpdate, PolicyIn, PolicyOut
from merit_positions.common.scope import owned
from merit_shared.api import IfMatch, Page, PageParams, Sort, etag_for, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal
from merit_shared.authz import AgencyAdmin, Caller, ServiceOnly
from merit_shared.concurrency import lock_versioned
from merit_shared.errors import NotFound
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/agencies", tags=["agencies"])


def _own(principal: Principal, agency_id: uuid.UUID) -> None:
    if not principal.is_service and principal.agency_id != str(agency_id):
        from merit_shared.errors import NotFound
        raise NotFound("Instansi", agency_id)


@router.post("", status_code=201, response_model=AgencyOut, summary="Register an agency (platform operator only)",
             description="Only the platform operator (`service` role). The optional `id` lets the agency share the "
                         "gateway's tenant id; `code` must be unique.",
             responses=problem_responses(401, 403, 409, 422))
async def create_agency(body: AgencyCreate, session: Session, idem: Idempotency,
                        principal: ServiceOnly) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    return await idem.respond(session, 201, await service.create_agency(session, principal, body))


@router.get("", response_model=Page[AgencyOut], summary="List agencies (the operator sees all, others their own)",
            description="The platform operator sees every agency; any other caller sees only their own.",
            responses=problem_responses(401))
async def list_agencies(*, session: Session, page: PageParams = Depends(page_params),
                        sort: Sort = Depends(sort_param(service.AGENCY_SORT, default="code")),
                        principal: Caller) -> Any:
    total, rows = await service.list_agencies(session, principal, page.limit, page.offset, sort=sort)
    return Page(items=[AgencyOut.model_validate(r) for r in rows], total=total or 0, limit=page.limit,
                offset=page.offset)


@router.get("/{agency_id}", response_model=AgencyOut, summary="Read an agency",
            description="Another agency's id answers 404. The ETag header feeds If-Match on PATCH.",
            responses=problem_responses(401, 404))
async def get_agency(agency_id: uuid.UUID, session: Session, response: Response,
                     principal: Caller) -> Any:
    _own(principal, agency_id)
    agency = await service.get_agency(session, agency_id)
    response.headers["ETag"] = etag_for("agency", agency.id, agency.version)
    return agency


@router.patch("/{agency_id}", response_model=AgencyOut, summary="Update an agency (If-Match supported)",
              description="Agency admin of that agency. Send the ETag from a read in If-Match to avoid overwriting a "
                          "concurrent edit (412).",
              responses=problem_responses(401, 403, 404, 412, 422))
async def update_agency(*, agency_id: uuid.UUID, body: AgencyUpdate, session: Session, response: Response,
                        if_match: IfMatch = None, principal: AgencyAdmin) -> Any:
    _own(principal, agency_id)
    agency = await lock_versioned(session, Agency, Agency.id == agency_id, if_match=if_match,
                                  etag_of=lambda a: etag_for("agency", a.id, a.version),
                                  not_found=lambda: NotFound("Instansi", agency_id))
    agency = await service.update_agency(session, principal, agency, body)
    response.headers["ETag"] = etag_for("agency", agency.id, agency.version)
    return agency


def _policy_out(row: Any) -> PolicyOut:
    return PolicyOut(agency_id=row.agency_id, blackout_windows=row.blackout_windows, overrides=row.overrides,
                     effective=service.describe_policy(service.build_policy(row.blackout_windows, row.overrides)),
                     version=row.version)


@router.get("/{agency_id}/policy", response_model=PolicyOut,
            summary="Read the agency's policy (blackout windows, MED/LOW overrides, effective values)",
            description="`overrides` are this agency's changes; `effective` is what the rules use (defaults merged with "
                        "the overrides).",
            responses=problem_responses(401, 404))
async def get_policy(agency_id: uuid.UUID, session: Session, response: Response,
                     principal: Caller) -> Any:
    _own(principal, agency_id)
    row = await service.policy_row(session, agency_id)
    response.headers["ETag"] = etag_for("policy", agency_id, row.version)
    return _policy_out(row)


@router.put("/{agency_id}/policy", response_model=PolicyOut, summary="Replace the agency's policy (If-Match supported)",
            description="Replaces the whole policy. Jobs whose BUP came from the policy follow a BUP change at once "
                        "(explicit per-job BUPs are kept), so employee records and the retirement forecast stay "
                        "consistent.",
            responses=problem_responses(401, 403, 404, 412, 422))
async def put_policy(*, agency_id: uuid.UUID, body: PolicyIn, session: Session, response: Response,
                     if_match: IfMatch = None, principal: AgencyAdmin) -> Any:
    _own(principal, agency_id)
    await service.ensure_policy_row(session, agency_id)
    row = await lock_versioned(session, AgencyPolicy, AgencyPolicy.agency_id == agency_id, if_match=if_match,
                               etag_of=lambda r: etag_for("policy", agency_id, r.version),
                               not_found=lambda: NotFound("Instansi", agency_id))
    row = await service.set_policy(session, principal, row, body)
    response.headers["ETag"] = etag_for("policy", agency_id, row.version)
    return _policy_out(row)


__all__ = ["router", "owned"]

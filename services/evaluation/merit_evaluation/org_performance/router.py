"""Routes: /api/v1/org-performance — organisation predikat per unit and year; distribution-curve check."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request

from merit_evaluation.access import CurrentOrg, OrgToFinalize, RequestAccess, Scoped
from merit_evaluation.common.queries import RequiredYear, YearQuery
from merit_evaluation.directory import directory_of
from merit_evaluation.org_performance import service
from merit_evaluation.org_performance.schemas import CurveCheckOut, OrgPerformanceIn, OrgPerformanceOut
from merit_evaluation.performance.models import OrgPerformance
from merit_evaluation.policies.service import get_policy
from merit_evaluation.rules import OrgPredikat
from merit_shared.api import Page, PageParams, Sort, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal
from merit_shared.authz import AgencyAdmin, Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/org-performance", tags=["org-performance"])


async def _out(session: Session, principal: Principal, org: OrgPerformance) -> OrgPerformanceOut:
    policy = await get_policy(session, org.agency_id)
    return OrgPerformanceOut(
        id=org.id, agency_id=org.agency_id, unit_id=org.unit_id, year=org.year, org_predikat=org.org_predikat,
        head_rating_hasil_kerja=policy.head_rating[OrgPredikat(org.org_predikat)].value, status=org.status,
        note=org.note, curve_result=org.curve_result, finalized_at=org.finalized_at,
        allowed_actions=service.org_allowed_actions(principal, org))


@router.post("", status_code=201, summary="Record a unit's organisation predikat for a year (agency admin)",
             response_model=OrgPerformanceOut, responses=problem_responses(401, 403, 409, 422),
             description=("The unit must exist in the agency (positions). A head of that unit receives the rating of hasil "
                          "kerja the agency policy maps this predikat to."))
async def create(body: OrgPerformanceIn, request: Request, session: Session, idem: Idempotency,
                 principal: Caller) -> OrgPerformanceOut:
    if (stored := await idem.replay(session)) is not None:
        return stored
    org = await service.create_org(session, principal, directory_of(request), body.unit_id, body.year,
                                   body.org_predikat, body.note)
    return await idem.respond(session, 201, await _out(session, principal, org))


@router.get("", summary="List organisation performance records", response_model=Page[OrgPerformanceOut],
            responses=problem_responses(401, 403))
async def list_orgs(*, session: Session, page: PageParams = Depends(page_params),
                    sort: Sort = Depends(sort_param(service.ORG_SORT, default="-year")),
                    year: YearQuery = None, unit_id: uuid.UUID | None = None,
                    access: RequestAccess, principal: Scoped) -> Page[OrgPerformanceOut]:
    total, rows = await service.list_orgs(session, access, year, unit_id, page.limit, page.offset, sort=sort)
    return Page(items=[await _out(session, principal, r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.get("/curve-checks", summary="Curve check of every unit of the agency for a year (agency admin)",
            response_model=Page[CurveCheckOut], responses=problem_responses(401, 403))
async def check_all(*, year: RequiredYear, session: Session, page: PageParams = Depends(page_params),
                    sort: Sort = Depends(sort_param({"unit_id": "unit_id", "compliant": "compliant",
                                                     "unit_size": "unit_size"}, default="unit_id")),
                    principal: AgencyAdmin) -> Page[Any]:
    return page_of(await service.check_units(session, uuid.UUID(principal.agency_id or str(uuid.UUID(int=0))), year),
                   page, sort, "unit_id")


@router.get("/{org_id}", summary="One organisation performance record", response_model=OrgPerformanceOut,
            responses=problem_responses(401, 403, 404))
async def read(org: CurrentOrg, session: Session, principal: Caller) -> OrgPerformanceOut:
    return await _out(session, principal, org)


@router.get("/{org_id}/curve-check", summary="Check the unit's employee predikat against the distribution curve",
            response_model=CurveCheckOut, responses=problem_responses(401, 403, 404),
            description=("Counts the annual ratings recorded for the unit and year and reports every violated curve rule with "
                         "its numbers (rules are agency policy)."))
async def curve_check(org: CurrentOrg, session: Session) -> dict[str, Any]:
    return await service.org_check(session, org)


@router.post("/{org_id}/finalize", summary="Finalise the unit's ratings for the year (blocked while the curve is "
             "violated unless the policy is 'warn')", response_model=OrgPerformanceOut,
             responses=problem_responses(401, 403, 404, 409),
             description=("With policy `curve_enforcement=block` a violated curve answers 409 `curve_violated` naming the "
                          "violations; with `warn` it finalises and records the check. Once final, no new rating is accepted "
                          "for that unit and year."))
async def finalize(org: OrgToFinalize, session: Session, principal: Caller) -> OrgPerformanceOut:
    return await _out(session, principal, await service.finalize_org(session, principal, org))

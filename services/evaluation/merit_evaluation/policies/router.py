"""Routes: /api/v1/evaluation-policies — the agency's evaluation policy (curve, periods, JPM, talent, AK)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from merit_evaluation.common.access import OwnAgency
from merit_evaluation.policies.schemas import PolicyIn, PolicyOut
from merit_evaluation.policies.service import Policy, get_policy, put_policy
from merit_shared.api import IfMatch, etag_for
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/evaluation-policies", tags=["evaluation-policies"])


def _out(agency_id: uuid.UUID, p: Policy, response: Response) -> PolicyOut:
    out = PolicyOut(agency_id=agency_id, version=p.version, **p.to_dict())
    response.headers["ETag"] = etag_for(agency_id, p.version)
    return out


@router.get("/{agency_id}", summary="The agency's evaluation policy (defaults when never set)",
            response_model=PolicyOut, responses=problem_responses(401, 404))
async def read_policy(agency_id: uuid.UUID, session: Session, response: Response,
                      _own: OwnAgency) -> PolicyOut:
    return _out(agency_id, await get_policy(session, agency_id), response)


@router.put("/{agency_id}", summary="Replace the agency's evaluation policy (agency admin; If-Match)",
            response_model=PolicyOut, responses=problem_responses(401, 403, 404, 412, 422),
            description=("Every section is optional (omitted = documented defaults); unknown keys are refused so a typo never "
                         "silently keeps a default. Send `If-Match` with the `ETag` of your last read: a stale one answers "
                         "412."))
async def replace_policy(*, agency_id: uuid.UUID, body: PolicyIn, session: Session, response: Response,
                         if_match: IfMatch = None, principal: AgencyAdmin, _own: OwnAgency) -> PolicyOut:
    p = await put_policy(session, principal, agency_id, body.model_dump(exclude_none=True), if_match)
    return _out(agency_id, p, response)

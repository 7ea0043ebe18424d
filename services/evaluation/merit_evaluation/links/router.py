"""Route: /api/v1/employee-links — positions tells evaluation that a transfer between agencies took effect."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from merit_evaluation.links import service
from merit_evaluation.links.schemas import EmployeeLinkIn, EmployeeLinkOut
from merit_shared.app import Session
from merit_shared.authz import ServiceOnly
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/employee-links", tags=["employee-links"])


@router.post("", status_code=201, response_model=EmployeeLinkOut,
             summary="Link the person's record in the destination to the one they came from (service role)",
             description="Sent by positions' outbox when a transfer between agencies takes effect (event "
                         "`employee_transferred`). From then on, reads about `employee_id` (annual ratings, "
                         "development records, the employee summary used by eligibility and the promotion report) "
                         "include the origin's records up to the move, marked with `origin_agency_id` and "
                         "`read_only`. Idempotent: by `Idempotency-Key`, and one link per `transfer_id` (a repeat "
                         "answers the link on record; other data for the same transfer: 409 "
                         "`employee_link_conflict`).",
             responses=problem_responses(401, 403, 409, 422))
async def create_link(*, body: EmployeeLinkIn, session: Session, idem: Idempotency, principal: ServiceOnly) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    row = await service.record_link(session, principal, body)
    return await idem.respond(session, 201, EmployeeLinkOut.model_validate(row).model_dump(mode="json"))

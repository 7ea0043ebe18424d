"""Routes: /api/v1/angka-kredit — credit points of functional employees and their history."""

from __future__ import annotations

import uuid
from decimal import Decimal

from fastapi import APIRouter, Request

from merit_evaluation.angka_kredit import service
from merit_evaluation.angka_kredit.models import AngkaKreditRecord
from merit_evaluation.angka_kredit.schemas import AngkaKreditHistory, AngkaKreditIn, AngkaKreditOut
from merit_evaluation.angka_kredit.service import compute
from merit_evaluation.common.access import Access
from merit_evaluation.directory import directory_of
from merit_shared.app import Session
from merit_shared.authz import Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/angka-kredit", tags=["angka-kredit"])


@router.post("", status_code=201, summary="Compute and record the angka kredit of a period (agency admin)",
             response_model=AngkaKreditOut, responses=problem_responses(401, 403, 404, 409, 422, 503),
             description=("AK = months/12 × percentage(predikat of the year's annual rating) × koefisien(jenjang of the current "
                          "functional position). The period lies within one year and never overlaps another (409)."))
async def create(body: AngkaKreditIn, request: Request, session: Session, idem: Idempotency,
                 principal: Caller) -> AngkaKreditRecord:
    if (stored := await idem.replay(session)) is not None:
        return stored
    return await idem.respond(session, 201, await compute(session, principal, Access(principal, directory_of(request)), body.employee_id,
                         body.starts_on, body.ends_on))


@router.get("", summary="An employee's angka kredit history with the cumulative total",
            response_model=AngkaKreditHistory, responses=problem_responses(401, 403, 404, 503))
async def history(employee_id: uuid.UUID, request: Request, session: Session,
                  principal: Caller) -> AngkaKreditHistory:
    await Access(principal, directory_of(request)).read_employee(employee_id)
    rows = await service.history(session, employee_id)
    return AngkaKreditHistory(employee_id=employee_id, total=sum((r.value for r in rows), Decimal(0)),
                              items=[AngkaKreditOut.model_validate(r) for r in rows])

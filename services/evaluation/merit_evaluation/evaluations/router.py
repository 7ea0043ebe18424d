"""Routes: /api/v1/evaluations — realisation, feedback notes and the evaluator's ratings."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends

from merit_evaluation.access import CurrentEvaluation, EvaluationToWrite, RequestAccess, Scoped, readable_plan
from merit_evaluation.evaluations import service
from merit_evaluation.evaluations.schemas import (
    EvaluationOut,
    FeedbackIn,
    FeedbackOut,
    RateIn,
    RealisationIn,
    RealisationOut,
)
from merit_shared.api import Page, PageParams, Sort, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/evaluations", tags=["evaluations"])
EVALUATION_ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.get("", summary="Evaluations of a plan", response_model=Page[EvaluationOut],
            responses=problem_responses(401, 403, 404))
async def list_evaluations(plan_id: uuid.UUID, session: Session, access: RequestAccess, principal: Scoped,
                           page: PageParams = Depends(page_params),
                           sort: Sort = Depends(sort_param({"starts_on": "starts_on", "kind": "kind",
                                                            "period_number": "period_number", "status": "status"},
                                                           default="starts_on,period_number"))) -> Page[Any]:
    plan = await readable_plan(session, access, plan_id)
    rows = await service.of_plan(session, plan_id)
    return page_of([EvaluationOut(**await service.evaluation_detail(session, principal, r, plan)) for r in rows],
                   page, sort)


@router.get("/{evaluation_id}", summary="One evaluation with realisations, feedback and ratings",
            response_model=EvaluationOut, responses=problem_responses(401, 403, 404))
async def read_evaluation(loaded: CurrentEvaluation, session: Session, principal: Caller) -> EvaluationOut:
    return EvaluationOut(**await service.evaluation_detail(session, principal, loaded.ev, loaded.plan))


@router.put("/{evaluation_id}/realisations/{indicator_id}", summary="Record the realisation of an indicator with "
            "evidence links (employee or evaluator)", response_model=RealisationOut, responses=EVALUATION_ERRORS,
            description="Creates or replaces the realisation of one indicator of the plan while the evaluation is "
                        "OPEN; a rated evaluation is locked (409).")
async def put_realisation(loaded: EvaluationToWrite, indicator_id: uuid.UUID, body: RealisationIn,
                          session: Session, principal: Caller) -> dict[str, Any]:
    return await service.put_realisation(session, principal, loaded.ev, loaded.plan, indicator_id, body)


@router.post("/{evaluation_id}/feedback", status_code=201, summary="Add a dated continuous-feedback note "
             "(evaluator)", response_model=FeedbackOut, responses=EVALUATION_ERRORS,
             description="The note date must lie between January 1 of the plan's year and the end of the "
                         "evaluation's period.")
async def add_feedback(loaded: CurrentEvaluation, body: FeedbackIn, session: Session, idem: Idempotency,
                       principal: Caller) -> dict[str, Any]:
    if (stored := await idem.replay(session)) is not None:
        return stored
    note = await service.add_feedback(session, principal, loaded.ev, loaded.plan, body)
    return await idem.respond(session, 201, {"id": str(note.id), "noted_on": note.noted_on.isoformat(), "note": note.note,
            "behaviour_code": note.behaviour_code})


@router.post("/{evaluation_id}/rate", summary="Rate hasil kerja and perilaku (only the plan's evaluator); the "
             "predikat is computed", response_model=EvaluationOut, responses=EVALUATION_ERRORS,
             description="The predikat comes from the PermenPANRB 6/2022 matrix and is never accepted from the "
                         "client. For a head of unit, omit `rating_hasil_kerja`: it is the unit's organisation "
                         "predikat mapped by the agency policy (409 when that predikat is not recorded yet). "
                         "Nobody rates themselves.")
async def rate(loaded: EvaluationToWrite, body: RateIn, session: Session, principal: Caller) -> EvaluationOut:
    ev = await service.rate(session, principal, loaded.ev, loaded.plan, body)
    return EvaluationOut(**await service.evaluation_detail(session, principal, ev, loaded.plan))

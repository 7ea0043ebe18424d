"""Routes: /api/v1/competencies (dictionary) and /api/v1/competency-assessments (results, JPM, gaps)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from merit_evaluation.access import CurrentAssessment, RequestAccess, Scoped
from merit_evaluation.common.access import Access
from merit_evaluation.competency import service
from merit_evaluation.competency.models import CompetencyAssessment, JpmResult
from merit_evaluation.competency.schemas import AssessmentIn, AssessmentOut, DefinitionIn, DefinitionOut, JpmIn, JpmOut
from merit_evaluation.directory import directory_of
from merit_shared.api import Page, PageParams, Sort, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter()
ERR = problem_responses(401, 403, 404, 409, 422, 503)


@router.get("/api/v1/competencies", tags=["competencies"], summary="The competency dictionary: national "
            "(M.01–M.08, SK.01) and the agency's technical competencies", response_model=Page[DefinitionOut],
            description="The national codes of PermenPANRB 38/2017 and the technical competencies the caller's agency "
                        "defined. Positions reads it (service role, naming `agency_id`) to refuse a job's competency "
                        "standard with a code the dictionary does not define.",
            responses=problem_responses(401))
async def dictionary(session: Session, principal: Caller, page: PageParams = Depends(page_params),
                     sort: Sort = Depends(sort_param({"code": "code", "name": "name", "group": "group"},
                                                     default="code")),
                     agency_id: uuid.UUID | None = Query(None, description="Service role only.")) -> Page[Any]:
    own = agency_id if principal.is_service and agency_id is not None else principal.agency_id
    rows = await service.agency_definitions(session, uuid.UUID(str(own or uuid.UUID(int=0))))
    return page_of(service.national_dictionary() + [
        {"code": r.code, "name": r.name, "name_en": None, "group": "TEKNIS", "job_id": r.job_id,
         "level_descriptions": r.level_descriptions, "national": False} for r in rows], page, sort, "code")


@router.post("/api/v1/competencies", tags=["competencies"], status_code=201, summary="Define a technical "
             "competency (agency admin)", response_model=DefinitionOut,
             responses=problem_responses(401, 403, 409, 422),
             description="Codes are upper-cased and unique in the agency, national codes included (409).")
async def define(body: DefinitionIn, request: Request, session: Session, idem: Idempotency,
                 principal: Caller) -> dict[str, Any]:
    if (stored := await idem.replay(session)) is not None:
        return stored
    r = await service.create_definition(session, principal, directory_of(request), body.code, body.name, body.job_id,
                                        body.level_descriptions)
    return await idem.respond(session, 201, {"id": str(r.id), "code": r.code, "name": r.name, "group": "TEKNIS", "job_id": r.job_id,
            "level_descriptions": r.level_descriptions, "national": False})


@router.post("/api/v1/competency-assessments", tags=["competency-assessments"], status_code=201,
             summary="Record an assessment result (agency admin)", response_model=AssessmentOut, responses=ERR,
             description="Levels 1–5 per known competency code (national or the agency's technical ones); "
                         "`assessed_on` not in the future, `valid_until` not before it. Accepts `Idempotency-Key`: "
                         "a retry with the same key answers the stored result (`Idempotent-Replay: true`) and "
                         "records nothing new; the same key with another body answers 422 "
                         "`idempotency_key_reused`.")
async def create_assessment(body: AssessmentIn, request: Request, session: Session,
                            idem: Idempotency,
                            principal: Caller) -> Any:
    if (replay := await idem.replay(session)) is not None:
        return replay
    row = await service.create_assessment(session, principal, Access(principal, directory_of(request)),
                                          body.employee_id, body.assessed_on, body.valid_until, body.method,
                                          body.assessor, body.levels)
    return await idem.respond(session, 201, AssessmentOut.model_validate(row).model_dump(mode="json"))


@router.get("/api/v1/competency-assessments", tags=["competency-assessments"], summary="An employee's assessments",
            response_model=Page[AssessmentOut], responses=ERR)
async def list_assessments(employee_id: uuid.UUID, request: Request, session: Session, principal: Caller,
                           page: PageParams = Depends(page_params),
                           sort: Sort = Depends(sort_param({"assessed_on": "assessed_on", "valid_until": "valid_until",
                                                            "created_at": "created_at"}, default="-assessed_on"))
                           ) -> Page[Any]:
    await Access(principal, directory_of(request)).read_employee(employee_id)
    return page_of(await service.assessments_of(session, employee_id), page, sort)


@router.get("/api/v1/competency-assessments/{assessment_id}", tags=["competency-assessments"],
            summary="One assessment", response_model=AssessmentOut, responses=ERR)
async def read_assessment(assessment: CurrentAssessment) -> CompetencyAssessment:
    return assessment


@router.post("/api/v1/competency-assessments/{assessment_id}/jpm", tags=["competency-assessments"],
             status_code=201, summary="Compute the JPM and gaps against the current or a target position (standard "
             "fetched from positions and snapshotted)", response_model=JpmOut, responses=ERR,
             description="The category thresholds are agency policy (`jpm`); the position's competency standard "
                         "is copied onto the result so it stays explainable after the standard changes.")
async def compute_jpm(a: CurrentAssessment, body: JpmIn, session: Session, idem: Idempotency,
                      access: RequestAccess, principal: Scoped) -> JpmResult:
    if (stored := await idem.replay(session)) is not None:
        return stored  # type: ignore[return-value]  # the stored answer of the same request
    return await idem.respond(session, 201, await service.compute_jpm(  # type: ignore[return-value]
        session, principal, access, a, body.position_id))


@router.get("/api/v1/competency-assessments/{assessment_id}/jpm", tags=["competency-assessments"],
            summary="JPM results computed from an assessment", response_model=Page[JpmOut], responses=ERR)
async def list_jpm(a: CurrentAssessment, session: Session, page: PageParams = Depends(page_params),
                   sort: Sort = Depends(sort_param({"computed_at": "computed_at", "percent": "percent"},
                                                   default="-computed_at"))) -> Page[Any]:
    return page_of(await service.jpm_results(session, a.id), page, sort)



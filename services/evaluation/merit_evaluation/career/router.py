"""Routes: /api/v1/career-plans (a person's closest positions, one pair, a position's closest candidates)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from merit_evaluation.access import CandidatesPosition, CareerPerson, RequestAccess, Scoped
from merit_evaluation.career import service
from merit_evaluation.career.schemas import CareerBreakdownOut
from merit_evaluation.policies.service import get_policy
from merit_shared import clock
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.errors import NotFound
from merit_shared.problems import problem_responses
from merit_shared.vocab import JobKind

router = APIRouter(prefix="/api/v1/career-plans", tags=["career-plans"])
ERR = problem_responses(401, 403, 404, 422, 503)

ORDER = ("Closest first, by one rule (evaluation `rules.career`): fewer requirements failed, fewer unknown, higher "
         "JPM (none last), fewer competency levels short; ties by id. `sort` may order by other fields instead.")
PLAN_SORT = {"closeness": "closeness", "jpm": "jpm", "kelas_jabatan": "kelas_jabatan", "position_name": "position_name"}
CANDIDATE_SORT = {"closeness": "closeness", "jpm": "jpm", "display_name": "display_name"}


def _filters(kind: JobKind | None, unit_id: uuid.UUID | None, min_kelas: int | None, max_kelas: int | None,
             vacant_only: bool) -> dict[str, Any]:
    return {"kind": kind.value if kind else None, "unit_id": unit_id, "min_kelas": min_kelas,
            "max_kelas": max_kelas, "vacant_only": vacant_only or None}


@router.get("/positions/{position_id}/candidates", summary="The closest internal candidates for a position, "
            "each with the breakdown (agency admin, PPK; a unit admin sees the people of their subtree)",
            response_model=Page[CareerBreakdownOut], response_model_exclude_unset=True, responses=ERR,
            description="Every serving person of the agency (the position's own holders left out) against the "
                        "position: kind of move, each requirement with the record it read, the JPM per competency. "
                        + ORDER + " Succession plans suggest candidates with this same function.")
async def candidates(position: CandidatesPosition, request: Request, session: Session, principal: Scoped,
                     access: RequestAccess, page: PageParams = Depends(page_params),
                     sort: Sort = Depends(sort_param(CANDIDATE_SORT, default="closeness"))) -> Page[Any]:
    agency = uuid.UUID(str(position["agency_id"]))
    position_id = uuid.UUID(str(position["id"]))
    people = await service.unit_people(access)
    pl = await service.plan(session, access.directory, service.Question(agency, clock.today(agency),
                                                                         position_id=position_id),
                            (await get_policy(session, agency)).jpm, people)
    return await service.plan_page(session, pl, page, sort, "employee_id", service.catalogue_of(request))


@router.get("/{employee_id}", summary="A person's career plan: every position of the agency, closest first, each "
            "with the breakdown", response_model=Page[CareerBreakdownOut], response_model_exclude_unset=True,
            responses=ERR,
            description="The person's own record, their supervisor (evaluator), the unit admin of their subtree and "
                        "the agency admin read it. Filters: `kind`, `unit_id` (subtree), `min_kelas`/`max_kelas`, "
                        "`vacant_only`; the person's own seat is left out. " + ORDER)
async def career_plan(emp: CareerPerson, request: Request, session: Session, access: RequestAccess, page: PageParams = Depends(page_params),
                      sort: Sort = Depends(sort_param(PLAN_SORT, default="closeness")),
                      kind: JobKind | None = None, unit_id: uuid.UUID | None = None,
                      min_kelas: Annotated[int | None, Query(ge=1, le=17)] = None,
                      max_kelas: Annotated[int | None, Query(ge=1, le=17)] = None,
                      vacant_only: bool = False) -> Page[Any]:
    pl = await service.plan(session, access.directory, service.Question(
        emp.agency_id, clock.today(emp.agency_id), employee_id=emp.id,
        filters=_filters(kind, unit_id, min_kelas, max_kelas, vacant_only)), (await get_policy(session, emp.agency_id)).jpm)
    return await service.plan_page(session, pl, page, sort, "position_id", service.catalogue_of(request))


@router.get("/{employee_id}/positions/{position_id}", summary="A person against one position of their agency: the "
            "breakdown (JPM per competency, each requirement)", response_model=CareerBreakdownOut,
            response_model_exclude_unset=True, responses=ERR,
            description="The JPM against ANY position of the agency and what the move would ask, for the person "
                        "themselves and whoever reads their records (as the career plan). Computes, stores nothing "
                        "(the agency admin's `POST /competency-assessments/{id}/jpm` records a JPM result). Another "
                        "agency's position answers 404.")
async def one_position(emp: CareerPerson, position_id: uuid.UUID, request: Request, session: Session,
                       access: RequestAccess) -> dict[str, Any]:
    pl = await service.plan(session, access.directory, service.Question(
        emp.agency_id, clock.today(emp.agency_id), employee_id=emp.id, position_id=position_id),
        (await get_policy(session, emp.agency_id)).jpm)
    if not pl.pairs:
        raise NotFound("Jabatan", position_id)
    return await service.breakdown(session, pl, pl.pairs[0], service.catalogue_of(request), 1)

"""Routes: /api/v1/development-records (JP, yearly totals, unit compliance) and /api/v1/discipline-records."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request

from merit_evaluation.common.access import Access
from merit_evaluation.common.queries import RequiredYear
from merit_evaluation.development import service
from merit_evaluation.development.errors import DURATION_TOO_SHORT
from merit_evaluation.development.schemas import (
    DevelopmentHistory,
    DevelopmentIn,
    DevelopmentOut,
    DisciplineIn,
    DisciplineOut,
    UnitCompliance,
)
from merit_evaluation.directory import directory_of
from merit_evaluation.links import service as links
from merit_evaluation.rules import MINUTES_PER_JP, compliance, yearly_totals
from merit_shared.api import Page, PageParams, Sort, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter()
IDEMPOTENT = ("Accepts `Idempotency-Key`: a retry with the same key answers the stored result "
              "(`Idempotent-Replay: true`) and records nothing new; the same key with another body answers 422 "
              "`idempotency_key_reused`.")
ERR = problem_responses(401, 403, 404, 409, 422, 503)


@router.post("/api/v1/development-records", tags=["development-records"], status_code=201,
             summary="Record a training/learning activity (agency admin)", response_model=DevelopmentOut,
             responses=ERR, description="Give exactly one of `minutes` or `jp` (1 JP = 45 minutes); the record "
             "counts in the year it started. `plan_item_id` links it to the activity of the employee's "
             "approved development plan it realises (same employee, plan of the start year: 422 "
             "`plan_item_mismatch` otherwise; 409 `development_plan_not_approved`). " + IDEMPOTENT)
async def create_development(body: DevelopmentIn, request: Request, session: Session,
                             idem: Idempotency,
                             principal: Caller) -> Any:
    if (replay := await idem.replay(session)) is not None:
        return replay
    minutes = body.minutes if body.minutes is not None else int(body.jp * MINUTES_PER_JP)  # type: ignore[operator]
    if minutes < 1:
        raise DURATION_TOO_SHORT.error(field="body.jp")
    row = await service.add_development(session, principal, Access(principal, directory_of(request)),
                                        body.employee_id, body.title, body.kind, body.provider, body.started_on,
                                        body.ended_on, minutes, body.plan_item_id)
    return await idem.respond(session, 201, DevelopmentOut.model_validate(row).model_dump(mode="json"))


@router.get("/api/v1/development-records", tags=["development-records"], summary="An employee's development "
            "records with yearly JP totals and compliance", response_model=DevelopmentHistory, responses=ERR,
            description="A person transferred in brings the records their earlier agencies kept, of activities "
                        "started before the move: listed with `origin_agency_id` and `read_only: true`, and counted "
                        "in the yearly totals (20 JP a year is the person's right, wherever they served).")
async def list_development(employee_id: uuid.UUID, request: Request, session: Session,
                           principal: Caller) -> dict[str, Any]:
    emp = await Access(principal, directory_of(request)).read_employee(employee_id)
    required = await service.required_jp(session, emp.agency_id)
    own = [DevelopmentOut.model_validate(r) for r in await service.development_records(session, employee_id)]
    agency = None if principal.is_service else uuid.UUID(principal.agency_id or str(uuid.UUID(int=0)))
    linked = [DevelopmentOut.model_validate(r) for r in await links.linked_development(session, employee_id, agency)]
    rows = sorted([*own, *linked], key=lambda r: (r.started_on, str(r.id)))
    totals = yearly_totals((r.started_on, r.minutes) for r in rows)
    return {"employee_id": str(employee_id),
            "items": [r.model_dump(mode="json") for r in rows],
            "yearly": {str(y): compliance(t, required).to_dict() for y, t in sorted(totals.items())}}


@router.get("/api/v1/development-records/compliance", tags=["development-records"], summary="Who in a unit is "
            "below 20 JP in a year (agency admin or the unit's admin)", response_model=UnitCompliance,
            responses=ERR, description="Covers the unit and its sub-units (the unit list comes from positions, so "
                                       "people with no record are listed with 0 JP). A unit admin may ask for any "
                                       "unit in their subtree.")
async def unit_compliance(unit_id: uuid.UUID, year: RequiredYear, request: Request, session: Session,
                          principal: Caller) -> dict[str, Any]:
    return await service.unit_compliance(session, principal, Access(principal, directory_of(request)), unit_id, year)


@router.post("/api/v1/discipline-records", tags=["discipline-records"], status_code=201,
             summary="Record a disciplinary penalty (agency admin)", response_model=DisciplineOut, responses=ERR,
             description="Moderate and heavy penalties within 2 years keep the employee out of the talent pool. "
                         + IDEMPOTENT)
async def create_discipline(body: DisciplineIn, request: Request, session: Session,
                            idem: Idempotency,
                            principal: Caller) -> Any:
    if (replay := await idem.replay(session)) is not None:
        return replay
    row = await service.add_discipline(session, principal, Access(principal, directory_of(request)),
                                       body.employee_id, body.level.value, body.decided_on, body.ends_on,
                                       body.decree_number, body.reason)
    return await idem.respond(session, 201, DisciplineOut.model_validate(row).model_dump(mode="json"))


@router.get("/api/v1/discipline-records", tags=["discipline-records"], summary="An employee's disciplinary record",
            response_model=Page[DisciplineOut], responses=ERR)
async def list_discipline(employee_id: uuid.UUID, request: Request, session: Session, principal: Caller,
                          page: PageParams = Depends(page_params),
                          sort: Sort = Depends(sort_param({"decided_on": "decided_on", "ends_on": "ends_on",
                                                           "level": "level"}, default="-decided_on"))) -> Page[Any]:
    await Access(principal, directory_of(request)).read_employee(employee_id)
    return page_of(await service.discipline_records(session, employee_id), page, sort)

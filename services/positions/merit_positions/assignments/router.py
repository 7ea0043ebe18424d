"""Assignments: appointing (definitive / Plt / Plh) and ending, with their legal basis."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query

from merit_positions.access import AssignmentToEnd, CurrentAssignment, CurrentPerson, PersonToWrite
from merit_positions.assignments import service
from merit_positions.assignments.models import Assignment
from merit_positions.assignments.schemas import (
    AbsenceCreate,
    AbsenceOut,
    ActingExtend,
    AssignmentCreate,
    AssignmentEnd,
    AssignmentOut,
)
from merit_positions.common.scope import (
    agency_of,
    own_units,
    reads_agency_wide,
    require_employee_scope,
    require_position_scope,
)
from merit_shared.api import Page, PageParams, Sort, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import ReportReader, StaffAdmin
from merit_shared.clock import today
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/assignments", tags=["assignments"])
absences_router = APIRouter(prefix="/api/v1/employees", tags=["employees"])
UNIT_SCOPE = ("A unit admin works only inside their unit subtree: the position (and, to appoint, the employee's "
              "current definitive seat) must be in one of their units; otherwise 403.")


def _out(a: Assignment, ended: uuid.UUID | None = None) -> dict[str, Any]:
    out = AssignmentOut.model_validate(a).model_dump(mode="json")
    out["ended_assignment_id"] = str(ended) if ended else None
    return out


@router.post("", status_code=201, response_model=AssignmentOut,
             summary="Appoint an employee to a position (Idempotency-Key supported); publishes events",
             description=UNIT_SCOPE,
             responses=problem_responses(401, 403, 404, 409, 422))
async def create_assignment(*, body: AssignmentCreate, session: Session, idem: Idempotency,
                            agency_id: uuid.UUID | None = Query(None, description="Service role: the agency; "
                                                                "default: the position's agency."),
                            principal: StaffAdmin) -> Any:
    # ids named in the body: scoped by the service-layer checks of common.scope
    await require_position_scope(session, principal, body.position_id)
    await require_employee_scope(session, principal, body.employee_id, today())
    if principal.is_service and agency_id is None:
        agency_id = await service.position_agency(session, body.position_id)
    aid = agency_of(principal, agency_id)
    if (stored := await idem.replay(session)) is not None:
        return stored
    a, ended = await service.appoint(session, principal, aid, body)
    return await idem.respond(session, 201, _out(a, ended))


@router.get("", response_model=Page[AssignmentOut],
            summary="List assignments (filters: employee, position, kind, in force on a date)", description=UNIT_SCOPE,
            responses=problem_responses(401, 403))
async def list_assignments(*, session: Session, page: PageParams = Depends(page_params),
                           sort: Sort = Depends(sort_param(service.ASSIGNMENT_SORT, default="-tmt_start")),
                           employee_id: uuid.UUID | None = None, position_id: uuid.UUID | None = None,
                           kind: str | None = Query(None, pattern="^(definitive|plt|plh)$"),
                           active_on: date | None = None, agency_id: uuid.UUID | None = Query(None),
                           principal: ReportReader) -> Any:
    aid = agency_of(principal, agency_id)
    units = None if reads_agency_wide(principal) else await own_units(session, principal)
    total, rows = await service.list_assignments(session, aid, employee_id, position_id, kind, units, active_on,
                                                 page.limit, page.offset, sort=sort)
    return Page(items=[AssignmentOut.model_validate(r) for r in rows], total=total or 0, limit=page.limit,
                offset=page.offset)


@router.get("/{assignment_id}", response_model=AssignmentOut, summary="Read an assignment", description=UNIT_SCOPE,
            responses=problem_responses(401, 403, 404))
async def get_assignment(assignment_id: uuid.UUID, a: CurrentAssignment) -> Any:
    return a


@router.post("/{assignment_id}/end", response_model=AssignmentOut,
             summary="End an assignment on a TMT with a reason; publishes assignment_ended / position_vacated", description=UNIT_SCOPE,
             responses=problem_responses(401, 403, 404, 409, 422))
async def end_assignment(*, assignment_id: uuid.UUID, body: AssignmentEnd, session: Session,
                         principal: StaffAdmin, found: AssignmentToEnd) -> Any:
    await service.lock_position(session, found.agency_id, found.position_id)
    a = await service.get_locked(session, assignment_id)
    return await service.end_assignment(session, principal, a, body.tmt_end, body.end_reason.value,
                                        sk_number=body.sk_number, sk_date=body.sk_date)


@router.post("/{assignment_id}/extend-acting", response_model=AssignmentOut,
             summary="Extend a Plt/Plh once, with its SK (at most the agency's acting_extension_months)",
             description="An acting assignment lasts at most `acting_months` (default 3) and may be extended once by "
                         "at most `acting_extension_months` (default 3), never past their sum from its start (agency "
                         "policy). A Plh stays inside the holder's recorded absence. " + UNIT_SCOPE,
             responses=problem_responses(401, 403, 404, 409, 422))
async def extend_acting(*, assignment_id: uuid.UUID, body: ActingExtend, session: Session,
                        principal: StaffAdmin, found: AssignmentToEnd) -> Any:
    await service.lock_position(session, found.agency_id, found.position_id)
    a = await service.get_locked(session, assignment_id)
    return await service.extend_acting(session, principal, a, body)


@absences_router.post("/{employee_id}/absences", status_code=201, response_model=AbsenceOut,
                      summary="Record a dated absence (leave, training, sick); a Plh may cover exactly that period",
                      description="Absences of one person never overlap. A Plh of the person's seat must lie inside "
                                  "one absence. Agency admin; a unit admin for people of their subtree.",
                      responses=problem_responses(401, 403, 404, 409, 422))
async def add_absence(*, employee_id: uuid.UUID, body: AbsenceCreate, session: Session, idem: Idempotency,
                      principal: StaffAdmin, emp: PersonToWrite) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    ab = await service.add_absence(session, principal, emp, body)
    return await idem.respond(session, 201, AbsenceOut.model_validate(ab).model_dump(mode="json"))


@absences_router.get("/{employee_id}/absences", response_model=Page[AbsenceOut],
                     summary="The person's recorded absences, earliest first",
                     description="Readable by whoever may read the person's file.",
                     responses=problem_responses(401, 403, 404))
async def list_absences(employee_id: uuid.UUID, session: Session, emp: CurrentPerson,
                        page: PageParams = Depends(page_params),
                        sort: Sort = Depends(sort_param({"date_from": "date_from", "date_to": "date_to", "kind": "kind"},
                                                        default="date_from"))) -> Any:
    return page_of(await service.list_absences(session, emp.id), page, sort)

"""Employees: records, rank and education history, career, evaluators, search."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Response

from merit_positions.access import AgencyEmployee, AgencyEmployeeToWrite, relock_employee
from merit_positions.agencies.service import require_agency_exists
from merit_positions.assignments import service as assignments
from merit_positions.common.scope import agency_of, reads_agency_wide, unit_subtree
from merit_positions.employees import queries, service
from merit_positions.employees.errors import NIP_AMBIGUOUS, STATUS_DATE_BEFORE_BIRTH
from merit_positions.employees.schemas import (
    TERMINAL_STATUSES,
    CareerOut,
    EducationHistoryOut,
    EducationIn,
    EmployeeCreate,
    EmployeeListItem,
    EmployeeOut,
    EmployeeStatus,
    EmployeeUpdate,
    OriginHistoryOut,
    RankHistoryOut,
    RankIn,
    SupervisorsOut,
)
from merit_positions.employees.search import EMPLOYEE_SORT, search_employees
from merit_positions.rules.nip import normalize_nip
from merit_positions.transfers import service as transfers
from merit_shared.api import IfMatch, Page, PageParams, Sort, check_if_match, etag_for, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal
from merit_shared.authz import AgencyAdmin, Caller, ReportReader
from merit_shared.clock import today
from merit_shared.conventions import ETAG_HEADERS
from merit_shared.errors import NotFound
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/employees", tags=["employees"])


def _etag(rec: Any) -> str:
    return etag_for("employee", rec["id"] if isinstance(rec, dict) else rec.id,
                    rec["version"] if isinstance(rec, dict) else rec.version)


async def _record(session: Any, principal: Principal, employee_id: uuid.UUID) -> dict:
    recs = await queries.employee_record(session, employee_id=employee_id, as_of=today())
    if not recs or (not principal.is_service and str(recs[0]["agency_id"]) != principal.agency_id):
        raise NotFound("Pegawai", employee_id)
    await service.authorize_read(session, principal, recs[0])
    return recs[0]


@router.post("", status_code=201, response_model=EmployeeOut,
             summary="Register an employee (NIP validated and decoded; contradictions rejected)",
             description="Birth date, gender and TMT CPNS are decoded from the NIP; a birth_date or gender that disagrees "
                         "is refused naming the part of the NIP.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def create_employee(*, body: EmployeeCreate, session: Session, idem: Idempotency, response: Response,
                          agency_id: uuid.UUID | None = Query(None, description="Service role only."),
                          principal: AgencyAdmin) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    aid = agency_of(principal, agency_id)
    await require_agency_exists(session, aid)
    emp = await service.create_employee(session, principal, aid, body)
    rec = await _record(session, principal, emp.id)
    response.headers["ETag"] = _etag(rec)
    return await idem.respond(session, 201, rec, response.headers)


@router.get("", response_model=Page[EmployeeListItem],
            summary="Search employees by NIP (prefix) or name (typo-tolerant); filters: unit, status",
            description="Digits search by NIP prefix; text searches names by trigram word distance (typo-tolerant, "
                        "nearest first unless `sort` is given, at most 200 matches); a NIP prefix lists in NIP order unless "
                        "`sort` is given. A unit admin sees only employees holding a seat in their "
                        "unit subtree.",
            responses=problem_responses(401, 403))
async def list_employees(*, session: Session, page: PageParams = Depends(page_params),
                         sort: Sort = Depends(sort_param(EMPLOYEE_SORT, default="name")),
                         q: str | None = Query(None, max_length=100, description="NIP prefix or (part of) a name."),
                         unit_id: uuid.UUID | None = None, status: EmployeeStatus | None = None,
                         agency_id: uuid.UUID | None = Query(None),
                         principal: ReportReader) -> Any:
    aid = agency_of(principal, agency_id)
    units = None
    if not reads_agency_wide(principal):
        units = await unit_subtree(session, principal.unit_id) if principal.unit_id else set()
    if unit_id is not None:
        scope = await unit_subtree(session, unit_id)
        units = scope if units is None else units & scope
    items, total = await search_employees(session, aid, q, units, status.value if status else None,
                                          page.limit, page.offset, sort=sort)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/by-nip/{nip}", response_model=EmployeeOut, summary="Read an employee by NIP",
            description="Service callers without agency_id get 409 nip_ambiguous when the NIP exists in several "
                        "agencies.",
            responses={200: {"description": "The employee.", "headers": ETAG_HEADERS},
                       **problem_responses(401, 403, 404, 409, 422)})
async def get_by_nip(*, nip: str, session: Session, response: Response,
                     agency_id: uuid.UUID | None = Query(None, description="Service role: narrow to one agency."),
                     principal: Caller) -> Any:
    digits = normalize_nip(nip, field="path.nip")
    scope = agency_id if principal.is_service else (uuid.UUID(principal.agency_id) if principal.agency_id else None)
    if scope is None and not principal.is_service:
        raise NotFound("Pegawai", nip)
    recs = await queries.employee_record(session, nip=digits, agency_id=scope, as_of=today())
    if not recs:
        raise NotFound("Pegawai", nip)
    if len(recs) > 1:
        raise NIP_AMBIGUOUS.error()
    await service.authorize_read(session, principal, recs[0])
    response.headers["ETag"] = _etag(recs[0])
    return recs[0]


@router.get("/{employee_id}", response_model=EmployeeOut, summary="Read an employee",
            description="Cross-service contract. Agency admin and PPK: the whole agency; unit admin: employees holding a "
                        "seat in their subtree; supervisor: subordinates; employee: themself.",
            responses=problem_responses(401, 403, 404))
async def get_employee(employee_id: uuid.UUID, session: Session, response: Response,
                       principal: Caller) -> Any:
    rec = await _record(session, principal, employee_id)
    response.headers["ETag"] = _etag(rec)
    return rec


@router.patch("/{employee_id}", response_model=EmployeeOut, summary="Update an employee (If-Match supported)",
              description="Setting status to retired, dismissed or deceased needs `status_effective_date`: every "
                          "assignment still in force ends on that date (end_reason retirement / dismissal / death, "
                          "events assignment_ended and position_vacated), atomically with the status change. An "
                          "assignment that only starts after that date is refused with 409 "
                          "(assignment_starts_after_status) and nothing changes.",
              responses=problem_responses(401, 403, 404, 409, 412, 422))
async def update_employee(*, employee_id: uuid.UUID, body: EmployeeUpdate, session: Session, response: Response,
                          if_match: IfMatch = None, principal: AgencyAdmin, peek: AgencyEmployee) -> Any:
    ending = body.status is not None and body.status.value in TERMINAL_STATUSES
    if ending:
        assert body.status_effective_date is not None  # the schema requires it with a terminal status
        # Lock order of every writer: positions first, then the employee (no deadlock with appointments).
        await assignments.lock_positions(session, {a.position_id for a in await assignments.open_assignments(
            session, peek.id, body.status_effective_date)})
    emp = await relock_employee(session, peek, principal)
    check_if_match(if_match, _etag(emp))
    if ending and emp.status != body.status.value:  # type: ignore[union-attr]
        if body.status_effective_date < emp.birth_date:  # type: ignore[operator]
            raise STATUS_DATE_BEFORE_BIRTH.error(field="body.status_effective_date")
        await assignments.end_for_status(session, principal, emp, body.status.value,  # type: ignore[union-attr]
                                         body.status_effective_date)  # type: ignore[arg-type]
    await service.update_employee(session, principal, emp, body)
    rec = await _record(session, principal, employee_id)
    response.headers["ETag"] = _etag(rec)
    return rec


@router.get("/{employee_id}/career", response_model=CareerOut, summary="Full career (every assignment), newest first",
            description="Every assignment (definitive, Plt, Plh) with SK, reason and end reason.",
            responses=problem_responses(401, 403, 404))
async def career(employee_id: uuid.UUID, session: Session, principal: Caller) -> Any:
    await _record(session, principal, employee_id)
    return {"items": await queries.career(session, employee_id)}


@router.get("/{employee_id}/supervisors", response_model=SupervisorsOut,
            summary="Evaluator (head of own unit, or of the parent unit for a head) and the evaluator's superior",
            description="Head of the own unit (for a head: of the parent unit), skipping units without a head position; "
                        "Plt/Plh holders count as acting evaluators.",
            responses=problem_responses(401, 403, 404))
async def supervisors(*, employee_id: uuid.UUID, session: Session, as_of: date | None = None,
                      principal: Caller) -> Any:
    await _record(session, principal, employee_id)
    return await queries.supervisors(session, employee_id, as_of or today())


@router.post("/{employee_id}/ranks", status_code=201, response_model=RankHistoryOut,
             summary="Record a rank (kenaikan pangkat); publishes rank_changed",
             description="PNS/CPNS: golongan ruang, PPPK: golongan I..XVII (the other scheme answers 422 "
                         "golongan_wrong_scheme). TMT cannot precede the TMT CPNS. A rank counts from its TMT: one "
                         "with a later TMT is `pending` until then. A PNS rank that is not one step above the one "
                         "before it needs `reason` (422 rank_order_reason_required). Publishes rank_changed when it "
                         "becomes the latest rank.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def add_rank(*, employee_id: uuid.UUID, body: RankIn, session: Session, idem: Idempotency,
                   principal: AgencyAdmin, emp: AgencyEmployeeToWrite) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    rank = await service.add_rank(session, principal, emp, body)
    return await idem.respond(session, 201, service.rank_out(rank, today(emp.agency_id)))


@router.get("/{employee_id}/ranks", response_model=Page[RankHistoryOut], summary="Rank history, newest first",
            description="Newest first; a rank whose TMT is still ahead is marked `pending`.",
            responses=problem_responses(401, 403, 404))
async def ranks(employee_id: uuid.UUID, session: Session, principal: Caller, page: PageParams = Depends(page_params),
                sort: Sort = Depends(sort_param({"tmt": "tmt", "golongan": "golongan", "sk_date": "sk_date"},
                                                default="-tmt"))) -> Any:
    rec = await _record(session, principal, employee_id)
    return page_of(await service.rank_history(session, employee_id, today(rec["agency_id"])), page, sort)


@router.post("/{employee_id}/educations", status_code=201, response_model=EducationHistoryOut,
             summary="Record an education",
             description="The graduation date cannot precede the birth date.", responses=problem_responses(401, 403, 404, 422))
async def add_education(*, employee_id: uuid.UUID, body: EducationIn, session: Session, idem: Idempotency,
                        principal: AgencyAdmin, emp: AgencyEmployeeToWrite) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    return await idem.respond(session, 201, await service.add_education(session, principal, emp, body))


@router.get("/{employee_id}/educations", response_model=Page[EducationHistoryOut],
            summary="Education history, highest first",
            description="Highest level first.", responses=problem_responses(401, 403, 404))
async def educations(employee_id: uuid.UUID, session: Session, principal: Caller,
                     page: PageParams = Depends(page_params),
                     sort: Sort = Depends(sort_param({"level": "level_order", "graduated_on": "graduated_on"},
                                                     default="-level"))) -> Any:
    await _record(session, principal, employee_id)
    return page_of(await service.education_history(session, employee_id), page, sort)


@router.get("/{employee_id}/origin-history", response_model=OriginHistoryOut,
            summary="The person's history in the agencies they were transferred from (read-only)",
            description="Ranks, educations and assignments recorded by earlier agencies, reached only through the "
                        "accepted transfers that end in this record. Readable by whoever may read this employee.",
            responses=problem_responses(401, 403, 404))
async def origin_history(employee_id: uuid.UUID, session: Session, principal: Caller) -> Any:
    await _record(session, principal, employee_id)
    return {"read_only": True, "items": await transfers.origin_history(session, employee_id)}

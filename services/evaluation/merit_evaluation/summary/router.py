"""Route: /api/v1/employee-summaries/{employee_id} — one call with what other services need about a person."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import orjson
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from merit_evaluation.common.access import Access, is_self
from merit_evaluation.common.queries import YEAR_MAX, YEAR_MIN
from merit_evaluation.directory import directory_of
from merit_evaluation.summary.errors import AS_OF_OUT_OF_RANGE, FORBIDDEN_THIS_SUMMARY_FOR_SERVICES
from merit_evaluation.summary.schemas import EmployeeSummary
from merit_evaluation.summary.service import fetch_summary
from merit_shared import clock
from merit_shared.auth import Principal, Role
from merit_shared.authz import Caller
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/employee-summaries", tags=["employee-summaries"])


@router.get("/{employee_id}", summary="A person's last N years of predikat, current JPM, box, discipline flags and "
            "development hours (service, agency/unit admin, the employee, their evaluator)",
            response_model=EmployeeSummary, responses=problem_responses(401, 403, 404, 422, 503),
            description=("Contract used by positions (rotation checks) and recruitment (eligibility). `predikat_by_year` "
                         "covers the `years` completed years before `as_of`'s year, then `as_of`'s own year as soon as its "
                         "rating is final (recorded on or before `as_of`); a missing completed year makes "
                         "`all_at_least_baik` null (unknown, never passed). Unit admins read people of their unit subtree."))
async def employee_summary(*, 
    employee_id: uuid.UUID, request: Request,
    years: Annotated[int, Query(ge=0, le=10, description="Completed years before as_of's year (then as_of's, once rated).")] = 2,
    as_of: Annotated[date | None, Query(description="Default: today.")] = None,
    principal: Caller,
) -> Response:
    day = as_of or clock.today()
    if not date(YEAR_MIN + years, 1, 1) <= day <= date(YEAR_MAX, 12, 31):
        raise AS_OF_OUT_OF_RANGE.error(field="query.as_of", value_1=YEAR_MIN + years, year_max=YEAR_MAX)
    doc, agencies = await fetch_summary(request.app.state.pool, employee_id, years, day)
    if not (principal.is_service or is_self(principal, employee_id)):
        await _authorize(request, principal, employee_id, agencies)
    return Response(orjson.dumps(doc), media_type="application/json")


async def _authorize(request: Request, principal: Principal, employee_id: uuid.UUID, agencies: set[str]) -> None:
    # The agency admin is decided from the records themselves when they all carry the caller's agency;
    # otherwise (no records, or records from another agency) positions says where the employee is now.
    if principal.has(Role.AGENCY_ADMIN) and agencies and agencies == {principal.agency_id}:
        return
    access = Access(principal, directory_of(request))
    emp = await access.employee(employee_id)
    if await access.reads_scope(emp.agency_id, emp.unit_id) or await access.is_evaluator_of(emp.id):
        return
    raise FORBIDDEN_THIS_SUMMARY_FOR_SERVICES.error()

"""The audit trail of legal records, for the agency admin: who changed what, when, before and after."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query

from merit_positions.audit import service
from merit_positions.audit.schemas import AuditEntryOut
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.audit import AUDIT_SORT
from merit_shared.authz import AuditReader
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/position-audit", tags=["position-audit"])


@router.get("", response_model=Page[AuditEntryOut],
            summary="Read the audit trail of the agency (agency admin, PPK, auditor), newest first",
            description="Every change to a legal record (units, jobs, positions, employees, ranks, assignments, "
                        "personnel actions, policy, imports) with who made it, when, and the record before and "
                        "after. Filters combine with AND; `date_from`/`date_to` are inclusive calendar days in "
                        "Asia/Jakarta time.",
            responses=problem_responses(401, 403, 422))
async def list_audit(*, session: Session, page: PageParams = Depends(page_params),
                     sort: Sort = Depends(sort_param(AUDIT_SORT, default="-at")),
                     entity: str | None = Query(None, max_length=80, examples=["assignment"],
                                                description="Kind of record, e.g. assignment, employee, position."),
                     entity_id: str | None = Query(None, max_length=80, description="Id of one record."),
                     actor: str | None = Query(None, max_length=200, description="Subject of the token that acted."),
                     action: str | None = Query(None, max_length=80, examples=["assignment.create"]),
                     date_from: date | None = Query(None, description="First day (inclusive)."),
                     date_to: date | None = Query(None, description="Last day (inclusive)."),
                     agency_id: uuid.UUID | None = Query(None, description="Service role only: the agency."),
                     principal: AuditReader) -> Any:
    return await service.read(session, principal, page, agency_id=agency_id, entity=entity, entity_id=entity_id,
                              actor=actor, action=action, date_from=date_from, date_to=date_to, sort=sort)

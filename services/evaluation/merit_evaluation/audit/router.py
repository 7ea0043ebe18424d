"""Route: /api/v1/evaluation-audit — the audit trail of evaluation records, for the agency admin."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from merit_evaluation.common.access import require_agency_admin
from merit_evaluation.common.models import audit_log
from merit_shared.api import Page, PageParams, page_params
from merit_shared.app import Session
from merit_shared.auth import Principal, current_principal
from merit_shared.errors import Invalid
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/evaluation-audit", tags=["evaluation-audit"])
WIB = ZoneInfo("Asia/Jakarta")


class AuditEntryOut(BaseModel):
    id: uuid.UUID
    agency_id: uuid.UUID | None
    actor: str = Field(examples=["admin@kota-tangsel"])
    at: datetime
    action: str = Field(examples=["annual_rating.create"])
    entity: str = Field(examples=["annual_rating"])
    entity_id: str | None = Field(examples=["5f0c8f5e-3a0e-4d8a-9a55-0b9a8f7f1c2d"])
    before: Any = Field(None, examples=[{"state": "SUBMITTED"}])
    after: Any = Field(None, examples=[{"state": "APPROVED"}])


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=WIB)


@router.get("", response_model=Page[AuditEntryOut],
            summary="Read the evaluation audit trail of the agency (agency admin), newest first",
            description="Every change to an evaluation record (annual ratings, SKP plans and their transitions, "
                        "evaluation ratings, organisation predikat and finalisation, angka kredit, assessments and "
                        "JPM, development and discipline records, talent cycles and placements, succession "
                        "candidates, policy) with who made it, when, and the record before and after. Filters "
                        "combine with AND; `date_from`/`date_to` are inclusive calendar days in Asia/Jakarta time. "
                        "The service role names the agency with `agency_id`.",
            responses=problem_responses(401, 403, 422))
async def list_audit(session: Session, page: PageParams = Depends(page_params),
                     entity: str | None = Query(None, max_length=80, examples=["performance_plan"],
                                                description="Kind of record, e.g. annual_rating, performance_plan."),
                     entity_id: str | None = Query(None, max_length=80, description="Id of one record."),
                     actor: str | None = Query(None, max_length=200, description="Subject of the token that acted."),
                     action: str | None = Query(None, max_length=80, examples=["plan.approve"]),
                     date_from: date | None = Query(None, description="First day (inclusive)."),
                     date_to: date | None = Query(None, description="Last day (inclusive)."),
                     agency_id: uuid.UUID | None = Query(None, description="Service role only: the agency."),
                     principal: Principal = Depends(current_principal)) -> Page[AuditEntryOut]:
    require_agency_admin(principal)
    if principal.is_service:
        if agency_id is None:
            raise Invalid("agency_id_required", "Peran service harus menyebut agency_id.",
                          "The service role must name an agency_id.", field="query.agency_id")
        aid = agency_id
    else:
        if agency_id is not None and str(agency_id) != principal.agency_id:
            raise Invalid("agency_mismatch", "agency_id hanya untuk peran service; hapus parameter ini.",
                          "agency_id is for the service role only; remove the parameter.", field="query.agency_id")
        aid = uuid.UUID(principal.agency_id or str(uuid.UUID(int=0)))
    if date_from and date_to and date_to < date_from:
        raise Invalid("date_range_reversed", f"date_to {date_to} lebih awal dari date_from {date_from}; tukar atau "
                      "perbaiki tanggalnya.", f"date_to {date_to} is before date_from {date_from}; swap or correct "
                      "the dates.", field="query.date_to")
    c = audit_log.c
    where: list[Any] = [c.agency_id == aid]
    for col, value in ((c.entity, entity), (c.entity_id, entity_id), (c.actor, actor), (c.action, action)):
        if value:
            where.append(col == value)
    try:
        if date_from:
            where.append(c.at >= _day_start(date_from))
        if date_to:
            where.append(c.at < _day_start(date_to + timedelta(days=1)))
    except OverflowError:
        raise Invalid("date_out_of_range", "Tanggal di luar rentang yang didukung.", "The date is out of the "
                      "supported range.", field="query.date_to") from None
    total = await session.scalar(sa.select(sa.func.count()).select_from(audit_log).where(*where))
    rows = (await session.execute(sa.select(audit_log).where(*where).order_by(c.at.desc(), c.id)
                                  .limit(page.limit).offset(page.offset))).mappings().all()
    return Page(items=[AuditEntryOut.model_validate(dict(r)) for r in rows], total=total or 0, limit=page.limit,
                offset=page.offset)

"""Development hours (1 JP = 45 minutes; 20 JP per year) and discipline records.

A development record counts in the calendar year it started. The unit compliance list asks positions for the
unit's current employees, so people with no record at all are listed with 0 JP.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.access import Access, require_agency_admin
from merit_evaluation.common.errors import INVALID_DATE_RANGE
from merit_evaluation.common.models import audit_log
from merit_evaluation.development.errors import (
    DEVELOPMENT_PLAN_NOT_APPROVED,
    FORBIDDEN_THE_UNIT_COMPLIANCE_LIST,
    PLAN_ITEM_MISMATCH,
)
from merit_evaluation.development.models import DevelopmentRecord, DisciplineRecord
from merit_evaluation.development_plans.models import DevelopmentPlan, DevelopmentPlanItem
from merit_evaluation.policies.service import get_policy
from merit_evaluation.rules import MIN_JP_PER_YEAR, IdpState, compliance, minutes_to_jp, parse_kind
from merit_shared import audit
from merit_shared.auth import Principal


def _dates(start: date, end: date | None, start_field: str, end_field: str) -> None:
    if end is not None and end < start:
        raise INVALID_DATE_RANGE.error(field=f"body.{end_field}")


async def add_development(session: AsyncSession, principal: Principal, access: Access, employee_id: uuid.UUID,
                          title: str, kind: str, provider: str | None, started_on: date, ended_on: date,
                          minutes: int, plan_item_id: uuid.UUID | None = None) -> DevelopmentRecord:
    require_agency_admin(principal)
    _dates(started_on, ended_on, "started_on", "ended_on")
    parsed = parse_kind(kind, "body.kind")
    emp = await access.employee(employee_id, "body.employee_id")
    if plan_item_id is not None:
        await _check_plan_item(session, emp.agency_id, employee_id, started_on.year, plan_item_id)
    row = DevelopmentRecord(id=uuid.uuid4(), agency_id=emp.agency_id, employee_id=employee_id, unit_id=emp.unit_id,
                            title=title, kind=parsed.value,
                            kind_as_recorded=None if kind.strip() == parsed.value else kind.strip(),
                            provider=provider, started_on=started_on, ended_on=ended_on, minutes=minutes,
                            jp=minutes_to_jp(minutes), plan_item_id=plan_item_id, created_by=principal.subject)
    session.add(row)
    await session.flush()
    await audit.record(session, audit_log, principal, action="development.create", entity="development_record",
                       entity_id=row.id, agency_id=emp.agency_id, before=None,
                       after={"title": title, "kind": parsed.value, "minutes": minutes, "started_on": started_on,
                              "plan_item_id": plan_item_id})
    return row


async def _check_plan_item(session: AsyncSession, agency_id: uuid.UUID, employee_id: uuid.UUID, year: int,
                           plan_item_id: uuid.UUID) -> None:
    """The item belongs to this employee's development plan of the record's start year (422 otherwise, another
    agency's item included), and the plan is approved (409)."""
    plan = (await session.execute(select(DevelopmentPlan).join(
        DevelopmentPlanItem, DevelopmentPlanItem.plan_id == DevelopmentPlan.id).where(
        DevelopmentPlanItem.id == plan_item_id, DevelopmentPlan.agency_id == agency_id))).scalar_one_or_none()
    if plan is None or plan.employee_id != employee_id or plan.year != year:
        raise PLAN_ITEM_MISMATCH.error(field="body.plan_item_id")
    if plan.state != IdpState.APPROVED.value:
        raise DEVELOPMENT_PLAN_NOT_APPROVED.error(field="body.plan_item_id", state=plan.state)


async def yearly_jp(session: AsyncSession, employee_ids: list[uuid.UUID], year: int) -> dict[uuid.UUID, Decimal]:
    rows = (await session.execute(
        select(DevelopmentRecord.employee_id, func.sum(DevelopmentRecord.minutes))
        .where(DevelopmentRecord.employee_id.in_(employee_ids),
               DevelopmentRecord.started_on >= date(year, 1, 1), DevelopmentRecord.started_on <= date(year, 12, 31))
        .group_by(DevelopmentRecord.employee_id))).all()
    return {e: minutes_to_jp(int(m)) for e, m in rows}


async def required_jp(session: AsyncSession, agency_id: uuid.UUID | None) -> Decimal:
    """The JP a year the agency requires (policy ``development``; the national 20 JP by default)."""
    if agency_id is None:
        return MIN_JP_PER_YEAR
    return (await get_policy(session, agency_id)).development.required_jp_per_year


async def unit_compliance(session: AsyncSession, principal: Principal, access: Access, unit_id: uuid.UUID,
                          year: int) -> dict[str, Any]:
    units = await access.admin_units()
    if not (units is None or unit_id in units):  # agency-wide, or inside the unit admin's subtree
        raise FORBIDDEN_THE_UNIT_COMPLIANCE_LIST.error()
    agency = uuid.UUID(principal.agency_id) if principal.agency_id else None
    people = await access.directory.unit_employees(agency or uuid.UUID(int=0), unit_id)
    people = [p for p in people if principal.is_service or str(p.agency_id) == principal.agency_id]
    totals = await yearly_jp(session, [p.id for p in people], year)
    required = await required_jp(session, agency)
    below = []
    for p in people:
        c = compliance(totals.get(p.id, Decimal(0)), required)
        if not c.compliant:
            below.append({"employee_id": str(p.id), "nip": p.nip, "name": p.name,
                          "total_jp": float(round(c.total_jp, 2)), "shortfall_jp": float(round(c.shortfall_jp, 2))})
    return {"unit_id": str(unit_id), "year": year, "required_jp": float(required), "employees": len(people),
            "below_minimum": sorted(below, key=lambda x: x["total_jp"])}


async def add_discipline(session: AsyncSession, principal: Principal, access: Access, employee_id: uuid.UUID,
                         level: str, decided_on: date, ends_on: date | None, decree_number: str | None,
                         reason: str | None) -> DisciplineRecord:
    require_agency_admin(principal)
    _dates(decided_on, ends_on, "decided_on", "ends_on")
    emp = await access.employee(employee_id, "body.employee_id")
    row = DisciplineRecord(id=uuid.uuid4(), agency_id=emp.agency_id, employee_id=employee_id, level=level,
                           decided_on=decided_on, ends_on=ends_on, decree_number=decree_number, reason=reason,
                           created_by=principal.subject)
    session.add(row)
    await session.flush()
    await audit.record(session, audit_log, principal, action="discipline.create", entity="discipline_record",
                       entity_id=row.id, agency_id=emp.agency_id, before=None,
                       after={"level": level, "decided_on": decided_on, "ends_on": ends_on, "decree_number": decree_number})
    return row


async def development_records(session: AsyncSession, employee_id: uuid.UUID) -> list[DevelopmentRecord]:
    """The employee's development records, oldest first."""
    return list((await session.execute(select(DevelopmentRecord).where(DevelopmentRecord.employee_id == employee_id)
                                       .order_by(DevelopmentRecord.started_on))).scalars().all())


async def discipline_records(session: AsyncSession, employee_id: uuid.UUID) -> list[DisciplineRecord]:
    """The employee's disciplinary records, oldest first."""
    return list((await session.execute(select(DisciplineRecord).where(DisciplineRecord.employee_id == employee_id)
                                       .order_by(DisciplineRecord.decided_on))).scalars().all())

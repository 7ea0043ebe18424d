"""Angka kredit: AK = months/12 × percentage(predikat) × koefisien(jenjang) (rules.angka_kredit).

The predikat is the employee's annual rating of the year (never a client value); the jenjang is the functional
jenjang of their current assignment (from positions, snapshotted on the record). Periods of one employee never
overlap (GiST exclusion constraint).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.angka_kredit.errors import ANGKA_KREDIT_OVERLAP, NOT_FUNCTIONAL, PERIOD_SPANS_YEARS, RATING_MISSING
from merit_evaluation.angka_kredit.models import AngkaKreditRecord
from merit_evaluation.common.access import Access, require_agency_admin
from merit_evaluation.common.errors import INVALID_DATE_RANGE
from merit_evaluation.common.models import audit_log
from merit_evaluation.performance.models import AnnualRating
from merit_evaluation.policies.service import get_policy
from merit_evaluation.rules import angka_kredit, parse_jenjang
from merit_shared import audit
from merit_shared.auth import Principal
from merit_shared.vocab import JobKind


def months_between(start: date, end: date) -> int:
    """Whole calendar months covered, counting a started month (Jan 1 – Feb 28 = 2)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


async def compute(session: AsyncSession, principal: Principal, access: Access, employee_id: uuid.UUID,
                  starts_on: date, ends_on: date) -> AngkaKreditRecord:
    require_agency_admin(principal)
    if ends_on < starts_on:
        raise INVALID_DATE_RANGE.error(field="body.ends_on")
    if starts_on.year != ends_on.year:
        raise PERIOD_SPANS_YEARS.error(field="body.ends_on")
    emp = await access.employee(employee_id, "body.employee_id")
    if (emp.job_kind or "").upper() != JobKind.FUNGSIONAL or not emp.jenjang:
        raise NOT_FUNCTIONAL.error(extra={"job_kind": emp.job_kind})
    rating = (await session.execute(select(AnnualRating).where(
        AnnualRating.employee_id == employee_id, AnnualRating.year == starts_on.year))).scalar_one_or_none()
    if rating is None:
        raise RATING_MISSING.error(year=starts_on.year)
    policy = await get_policy(session, emp.agency_id)
    ak = angka_kredit(parse_jenjang(emp.jenjang), rating.predikat, months_between(starts_on, ends_on),
                      policy.angka_kredit)
    row = AngkaKreditRecord(
        id=uuid.uuid4(), agency_id=emp.agency_id, employee_id=employee_id, year=starts_on.year, starts_on=starts_on,
        ends_on=ends_on, months=ak.months, jenjang=ak.jenjang.value, predikat=ak.predikat.value,
        percentage=ak.percentage, koefisien=ak.koefisien, value=ak.value, display=ak.display,
        annual_rating_id=rating.id, position_id=emp.position_id, created_by=principal.subject)
    session.add(row)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise ANGKA_KREDIT_OVERLAP.error() from None
    await audit.record(session, audit_log, principal, action="angka_kredit.create", entity="angka_kredit",
                       entity_id=row.id, agency_id=emp.agency_id, before=None, after=ak.to_dict())
    return row


async def history(session: AsyncSession, employee_id: uuid.UUID) -> list[AngkaKreditRecord]:
    """The employee's angka kredit records, oldest period first."""
    return list((await session.execute(select(AngkaKreditRecord).where(AngkaKreditRecord.employee_id == employee_id)
                                       .order_by(AngkaKreditRecord.starts_on))).scalars().all())

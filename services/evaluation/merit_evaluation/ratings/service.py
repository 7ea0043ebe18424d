"""Annual ratings: one per employee per year, the record every other service reads.

Written either directly (``source="recorded"``: an admin act, the agency admin for the agency or a unit admin for
their unit subtree, e.g. importing a result) or by the SKP annual evaluation when the year closes (``source="skp"``,
rated by the plan's evaluator). The predikat always comes from the 6/2022 matrix.
A unit whose ratings were finalised against the distribution curve accepts no new rating for that year.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.access import Access, forbid_self, is_self
from merit_evaluation.common.feed import publish, rating_data
from merit_evaluation.common.models import audit_log
from merit_evaluation.directory import EmployeeFacts
from merit_evaluation.followups import service as followups
from merit_evaluation.links import service as links
from merit_evaluation.performance.models import AnnualRating, OrgPerformance
from merit_evaluation.ratings.errors import (
    FORBIDDEN_ONLY_THE_AGENCY_ADMIN_4,
    FORBIDDEN_YOU_MAY_NOT_SEE_2,
    RATING_EXISTS,
    UNIT_RATINGS_FINAL,
)
from merit_evaluation.rules import Rating, predikat
from merit_shared import audit, clock
from merit_shared.api import Sort, parse_sort
from merit_shared.auth import Principal, Role


async def ensure_unit_open(session: AsyncSession, agency_id: uuid.UUID, unit_id: uuid.UUID | None, year: int) -> None:
    if unit_id is None:
        return
    status = (await session.execute(select(OrgPerformance.status).where(
        OrgPerformance.agency_id == agency_id, OrgPerformance.unit_id == unit_id, OrgPerformance.year == year,
    ).with_for_update(read=True))).scalar_one_or_none()  # FOR SHARE: serialises with finalisation's FOR UPDATE
    if status == "FINAL":
        raise UNIT_RATINGS_FINAL.error(year=year, extra={"unit_id": str(unit_id), "year": year})


async def write_annual_rating(
    session: AsyncSession, principal: Principal, emp: EmployeeFacts, year: int, hasil: Rating, perilaku: Rating,
    *, source: str, note: str | None = None, plan_id: uuid.UUID | None = None,
    evaluator_employee_id: uuid.UUID | None = None, unit_id: uuid.UUID | None = None,
    position_id: uuid.UUID | None = None,
) -> AnnualRating:
    """Insert the year's rating; 409 ``rating_exists`` if one exists (the unique index decides under races)."""
    unit = unit_id if unit_id is not None else emp.unit_id
    await ensure_unit_open(session, emp.agency_id, unit, year)
    pred = predikat(hasil, perilaku)
    rid = uuid.uuid4()
    values: dict[str, Any] = dict(
        id=rid, agency_id=emp.agency_id, employee_id=emp.id, year=year, rating_hasil_kerja=hasil.value,
        rating_perilaku=perilaku.value, predikat=pred.value, source=source, unit_id=unit,
        position_id=position_id if position_id is not None else emp.position_id, plan_id=plan_id,
        evaluator_employee_id=evaluator_employee_id, note=note, created_by=principal.subject)
    inserted = (await session.execute(
        # created_at from the service clock (not the database's): the summary counts a rating of as_of's year
        # from the instant it was recorded.
        insert(AnnualRating).values(**values, created_at=clock.utcnow()).on_conflict_do_nothing(index_elements=["employee_id", "year"])
        .returning(AnnualRating.id))).scalar_one_or_none()
    if inserted is None:
        existing = (await session.execute(select(AnnualRating.id).where(
            AnnualRating.employee_id == emp.id, AnnualRating.year == year))).scalar_one_or_none()
        raise RATING_EXISTS.error(year=year, extra={"existing_id": str(existing) if existing else None})
    row = await session.get(AnnualRating, rid)
    assert row is not None
    await audit.record(session, audit_log, principal, action="annual_rating.create", entity="annual_rating",
                       entity_id=rid, agency_id=emp.agency_id, before=None, after=values)
    await followups.create_for_ratings(session, principal, [rid])  # final once written: followed up by policy
    await publish(session, principal, "rating_finalized", emp.agency_id, rid, rating_data(row))
    return row


async def record_rating(session: AsyncSession, principal: Principal, access: Access, employee_id: uuid.UUID,
                        year: int, hasil: Rating, perilaku: Rating, note: str | None) -> AnnualRating:
    """Direct recording is an admin act: the agency admin (or service), or the unit admin of the employee's unit
    subtree. An evaluator rates through the SKP (``POST /evaluations/{id}/rate``), never here."""
    emp = await access.employee(employee_id, "body.employee_id")  # another agency's employee: 404
    forbid_self(principal, employee_id)
    # A machine client of the agency (e.g. e-Kinerja) imports ratings; it got here only with ratings:write.
    if not principal.has(Role.MACHINE_CLIENT) and not await access.administers(emp):
        raise FORBIDDEN_ONLY_THE_AGENCY_ADMIN_4.error()
    return await write_annual_rating(session, principal, emp, year, hasil, perilaku, source="recorded", note=note)


async def require_rating_read(access: Access, row: AnnualRating) -> AnnualRating:
    """The rating's readers in its agency: the employee, scope admins, its (recorded or current) evaluator."""
    p = access.p
    if is_self(p, row.employee_id) or p.has(Role.MACHINE_CLIENT) or await access.reads_scope(row.agency_id,
                                                                                            row.unit_id):
        return row  # a machine client of the agency (performance:read) reads the agency's ratings
    if p.employee_id and row.evaluator_employee_id and str(row.evaluator_employee_id) == p.employee_id:
        return row
    if p.has(Role.UNIT_ADMIN, Role.SUPERVISOR, Role.EMPLOYEE) and await access.is_evaluator_of(row.employee_id):
        return row
    raise FORBIDDEN_YOU_MAY_NOT_SEE_2.error()


RATING_SORT = {"year": AnnualRating.year, "created_at": AnnualRating.created_at, "predikat": AnnualRating.predikat,
               "employee_id": AnnualRating.employee_id}


async def list_ratings_of(session: AsyncSession, access: Access, employee_id: uuid.UUID | None, year: int | None,
                          unit_id: uuid.UUID | None, agency_id: uuid.UUID | None, limit: int,
                          offset: int, *, sort: Sort | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page) of the annual ratings the caller may read: the agency admin the agency, a unit admin
    their unit subtree, others the ``employee_id`` they may read or their own (none without an employee).

    Ratings the person's earlier agencies recorded follow them (``links``): listed with the record they are read
    for as ``employee_id``, ``origin_agency_id`` set and ``read_only``. Not in a unit's list (the origin's units
    are not this agency's)."""
    principal = access.p
    r = AnnualRating.__table__.c
    where: list[Any] = []
    chain: Any = None
    if principal.is_service:
        if agency_id:
            where.append(r.agency_id == agency_id)
            chain = links.of_agency(agency_id)
        if employee_id:
            chain = links.of_employee(employee_id)
    else:
        mine = uuid.UUID(principal.agency_id or str(uuid.UUID(int=0)))
        where.append(r.agency_id == mine)
        if principal.has(Role.AGENCY_ADMIN, Role.MACHINE_CLIENT):  # a machine client: the agency's (scoped above)
            chain = links.of_employee(employee_id, mine) if employee_id else links.of_agency(mine)
        elif employee_id is not None:
            await access.read_employee(employee_id)
            chain = links.of_employee(employee_id, mine)
        elif principal.has(Role.UNIT_ADMIN) and principal.unit_id:
            units = await access.admin_units() or set()
            where.append(r.unit_id.in_(units))  # the unit admin's whole subtree
        elif principal.employee_id:
            self_id = uuid.UUID(principal.employee_id)
            where.append(r.employee_id == self_id)
            chain = links.of_employee(self_id, mine)
        else:
            return 0, []
    if employee_id:
        where.append(r.employee_id == employee_id)
    if year:
        where.append(r.year == year)
    if unit_id:
        where.append(r.unit_id == unit_id)
        chain = None
    parts: list[Any] = [links.own_ratings().where(*where)]
    if chain is not None:
        linked = links.linked_ratings(chain)
        parts.append(linked.where(AnnualRating.__table__.c.year == year) if year else linked)
    q = sa.union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    total = (await session.execute(select(func.count()).select_from(q))).scalar_one()
    sort = Sort((sort or parse_sort(None, RATING_SORT, "-year,created_at")).keys, {k: q.c[k] for k in RATING_SORT})
    rows = (await session.execute(select(q).order_by(*sort.order_by(q.c.id))
                                  .limit(limit).offset(offset))).mappings().all()
    return total, [dict(row) for row in rows]

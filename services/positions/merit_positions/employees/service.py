"""Employee rules: the NIP is the source of birth date and gender; ranks follow the scheme of the employee."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.agencies.service import load_policy
from merit_positions.common.changes import employee_data, publish, snapshot
from merit_positions.common.errors import RANK_BEFORE_BIRTH, RANK_BEFORE_CPNS, RANK_TMT_TAKEN
from merit_positions.common.fields import EDUCATION_ORDER, in_body
from merit_positions.common.models import audit_log
from merit_positions.common.scope import covers_person
from merit_positions.employees.errors import (
    FORBIDDEN_YOU_MAY_NOT_READ,
    GRADUATED_BEFORE_BIRTH,
    NIP_ACTIVE_ELSEWHERE,
    NIP_TAKEN,
)
from merit_positions.employees.models import ACTIVE_STATUSES, Employee, EmployeeEducation, EmployeeRank
from merit_positions.employees.schemas import EducationIn, EmployeeCreate, EmployeeUpdate, RankIn
from merit_positions.rules import (
    Nip,
    PositionsPolicy,
    Rank,
    RankChangeReason,
    check_appointment_dates,
    check_consistency,
    check_rank_order,
    parse_employee_number,
    parse_golongan_for,
    parse_rank,
    retirement_date,
)
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.clock import today, utcnow


def parse_golongan(employment_type: str, golongan: str, field: str) -> tuple[str, str, int]:
    """(scheme, label, code): PNS/CPNS use golongan ruang (BKN code), PPPK golongan I..XVII."""
    g = in_body(parse_golongan_for, employment_type, golongan, field=field, prefix="body")
    if isinstance(g, Rank):
        return "PNS", g.label, g.code
    return "PPPK", g.label, g.value


def latest_possible_retirement(birth_date: date, policy: PositionsPolicy) -> date:
    """The retirement date under the highest BUP of the policy: no appointment can start on or after it."""
    return retirement_date(birth_date, max((*policy.bup_by_kind.values(), *policy.bup_by_jenjang.values())))


def parse_number(policy: PositionsPolicy, raw: str, employment_type: str, agency_id: uuid.UUID,
                 field: str = "nip") -> Any:
    """The NIP (PNS/CPNS) or NI PPPK, decoded, with its appointment not in the future nor after retirement."""
    number = in_body(parse_employee_number, raw, employment_type, field=field)
    in_body(check_appointment_dates, number, today(agency_id),
            latest_possible_retirement(number.birth_date, policy), field=field)
    return number


def _field(name: str) -> str:
    return name


async def create_employee(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, body: EmployeeCreate,
                          ) -> Employee:
    nip = parse_number(await load_policy(session, agency_id), body.nip, body.employment_type.value, agency_id)
    in_body(check_consistency, nip, body.birth_date, body.gender.value if body.gender else None)
    if await session.scalar(sa.select(Employee.id).where(Employee.agency_id == agency_id, Employee.nip == nip.value)):
        raise NIP_TAKEN.error(extra={"nip": nip.value})
    if body.status.value in ACTIVE_STATUSES:
        await check_not_active_elsewhere(session, nip.value, agency_id)
    emp = Employee(id=uuid.uuid4(), agency_id=agency_id, nip=nip.value, name=body.name, front_title=body.front_title,
                   back_title=body.back_title, birth_date=nip.birth_date, gender=nip.gender.value,
                   employment_type=body.employment_type.value, status=body.status.value,
                   tmt_cpns=nip.tmt_cpns if isinstance(nip, Nip) else None,
                   siasn_pns_id=body.siasn_pns_id, version=1)
    session.add(emp)
    await session.flush()
    if body.rank:
        await add_rank(session, principal, emp, body.rank, emit=False)
    for i, edu in enumerate(body.educations):
        await add_education(session, principal, emp, edu, index=i)
    await record(session, audit_log, principal, action="employee.create", entity="employee", entity_id=emp.id,
                 before=None, after=snapshot(emp), agency_id=agency_id)
    await publish(session, principal, "employee_created", agency_id, emp.id, employee_data(emp, source="api"))
    return emp


async def check_not_active_elsewhere(session: AsyncSession, nip: str, agency_id: uuid.UUID,
                                     field: str = "body.nip") -> None:
    """One person, one active record nationally; the message names no other agency (the index backs this)."""
    if await session.scalar(sa.select(Employee.id).where(Employee.nip == nip, Employee.agency_id != agency_id,
                                                         Employee.status.in_(ACTIVE_STATUSES))):
        raise NIP_ACTIVE_ELSEWHERE.error(field=field)


async def update_employee(session: AsyncSession, principal: Principal, emp: Employee, body: EmployeeUpdate
                          ) -> Employee:
    before = snapshot(emp)
    if body.status is not None and body.status.value in ACTIVE_STATUSES and emp.status not in ACTIVE_STATUSES:
        await check_not_active_elsewhere(session, emp.nip, emp.agency_id, field="body.status")
    if body.employment_type is not None and body.employment_type.value != emp.employment_type:
        # The number must match the new employment type (a PPPK has an NI PPPK, a PNS/CPNS a NIP).
        number = in_body(parse_employee_number, emp.nip, body.employment_type.value, field="employment_type")
        emp.tmt_cpns = number.tmt_cpns if isinstance(number, Nip) else None
    for k, v in body.model_dump(exclude_unset=True, exclude={"status_effective_date"}, mode="json").items():
        setattr(emp, k, v)
    emp.version += 1
    emp.updated_at = utcnow()
    await session.flush()
    await session.refresh(emp)
    await record(session, audit_log, principal, action="employee.update", entity="employee", entity_id=emp.id,
                 before=before, after=snapshot(emp), agency_id=emp.agency_id)
    if emp.status != before["status"]:
        await publish(session, principal, "employee_status_changed", emp.agency_id, emp.id, employee_data(
            emp, previous_status=before["status"], effective_date=body.status_effective_date))
    return emp


async def add_rank(session: AsyncSession, principal: Principal, emp: Employee, body: RankIn, emit: bool = True
                   ) -> EmployeeRank:
    scheme, label, code = parse_golongan(emp.employment_type, body.golongan, "rank.golongan" if not emit
                                         else "golongan")
    tmt_field = "body.rank.tmt" if not emit else "body.tmt"
    if emp.tmt_cpns is not None and body.tmt < emp.tmt_cpns:
        raise RANK_BEFORE_CPNS.error(field=tmt_field, tmt=body.tmt, tmt_cpns=emp.tmt_cpns)
    if body.tmt < emp.birth_date:
        raise RANK_BEFORE_BIRTH.error(field=tmt_field)
    if await session.scalar(sa.select(EmployeeRank.id).where(EmployeeRank.employee_id == emp.id,
                                                             EmployeeRank.tmt == body.tmt)):
        raise RANK_TMT_TAKEN.error()
    latest = await session.scalar(sa.select(EmployeeRank).where(EmployeeRank.employee_id == emp.id)
                                  .order_by(EmployeeRank.tmt.desc()).limit(1))
    reason = RankChangeReason(body.reason.value) if body.reason else None
    if scheme == "PNS":
        await _check_order(session, emp, body.tmt, parse_rank(code), reason,
                           "body.rank.reason" if not emit else "body.reason")
    rank = EmployeeRank(id=uuid.uuid4(), agency_id=emp.agency_id, employee_id=emp.id, scheme=scheme, golongan=label,
                        rank_code=code, tmt=body.tmt, sk_number=body.sk_number, sk_date=body.sk_date,
                        reason=reason.value if reason else None, reason_note=body.reason_note)
    session.add(rank)
    await session.flush()
    await record(session, audit_log, principal, action="employee.rank.add", entity="employee_rank",
                 entity_id=rank.id, before=None, after=snapshot(rank), agency_id=emp.agency_id)
    if emit and (latest is None or body.tmt > latest.tmt):
        await publish(session, principal, "rank_changed", emp.agency_id, emp.id, {
            "employee_id": emp.id, "nip": emp.nip, "golongan": label, "tmt": body.tmt,
            "previous_golongan": latest.golongan if latest else None, "sk_number": body.sk_number})
    return rank


async def _check_order(session: AsyncSession, emp: Employee, tmt: date, new: Rank, reason: RankChangeReason | None,
                       field: str) -> None:
    """The PNS rank before and after ``tmt`` in the history: the new rank must follow one and precede the other."""
    def neighbour(before: bool) -> Any:
        q = sa.select(EmployeeRank.rank_code).where(EmployeeRank.employee_id == emp.id, EmployeeRank.scheme == "PNS")
        q = q.where(EmployeeRank.tmt < tmt).order_by(EmployeeRank.tmt.desc()) if before else \
            q.where(EmployeeRank.tmt > tmt).order_by(EmployeeRank.tmt)
        return session.scalar(q.limit(1))
    prev, following = await neighbour(True), await neighbour(False)
    check_rank_order(Rank(prev) if prev else None, new, Rank(following) if following else None, reason, field=field)


async def add_education(session: AsyncSession, principal: Principal, emp: Employee, body: EducationIn,
                        index: int | None = None) -> EmployeeEducation:
    if body.graduated_on is not None and body.graduated_on <= emp.birth_date:
        where = f"body.educations.{index}.graduated_on" if index is not None else "body.graduated_on"
        raise GRADUATED_BEFORE_BIRTH.error(field=where)
    edu = EmployeeEducation(id=uuid.uuid4(), agency_id=emp.agency_id, employee_id=emp.id, level=body.level.value,
                            level_order=EDUCATION_ORDER[body.level.value], major=body.major,
                            institution=body.institution, graduated_on=body.graduated_on)
    session.add(edu)
    await session.flush()
    await record(session, audit_log, principal, action="employee.education.add", entity="employee_education",
                 entity_id=edu.id, before=None, after=snapshot(edu), agency_id=emp.agency_id)
    return edu


async def current_rank(session: AsyncSession, employee_id: uuid.UUID, on: date) -> EmployeeRank | None:
    return await session.scalar(sa.select(EmployeeRank).where(EmployeeRank.employee_id == employee_id,
                                                              EmployeeRank.tmt <= on)
                                .order_by(EmployeeRank.tmt.desc()).limit(1))




async def authorize_read(session: AsyncSession, principal: Principal, record: dict[str, Any] | Employee) -> None:
    """Service, agency admin and PPK: whole agency; unit admin: own subtree; supervisor: subordinates; employee: self.

    Another agency's record was already answered with 404 by the caller.
    """
    rid = record["id"] if isinstance(record, dict) else record.id
    if await covers_person(session, principal, rid):
        return
    raise FORBIDDEN_YOU_MAY_NOT_READ.error()


async def rank_history(session: AsyncSession, employee_id: uuid.UUID, on: date) -> list[dict[str, Any]]:
    """The employee's ranks, newest TMT first; a rank whose TMT is after ``on`` is pending (not yet in force)."""
    rows = (await session.scalars(sa.select(EmployeeRank).where(EmployeeRank.employee_id == employee_id)
                                  .order_by(EmployeeRank.tmt.desc()))).all()
    return [rank_out(r, on) for r in rows]


def rank_out(r: EmployeeRank, on: date) -> dict[str, Any]:
    return {"id": r.id, "scheme": r.scheme, "golongan": r.golongan, "tmt": r.tmt, "sk_number": r.sk_number,
            "sk_date": r.sk_date, "reason": r.reason, "reason_note": r.reason_note, "pending": r.tmt > on}


async def education_history(session: AsyncSession, employee_id: uuid.UUID) -> list[EmployeeEducation]:
    """The employee's educations, highest level first."""
    return list((await session.scalars(sa.select(EmployeeEducation).where(EmployeeEducation.employee_id == employee_id)
                                       .order_by(EmployeeEducation.level_order.desc()))).all())

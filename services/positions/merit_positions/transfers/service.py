"""Transfers between agencies (mutasi antar instansi, a kind of mutasi of PP 11/2017 Pasal 190): the origin
releases, the destination accepts with its SK; the person's record moves, and the origin's record stays as
read-only history.

The transfer row is the only link through which one agency reads another agency's record."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.agencies.models import Agency
from merit_positions.assignments import service as assignments
from merit_positions.common.changes import employee_data, publish, snapshot
from merit_positions.common.models import audit_log
from merit_positions.db_base import outbox
from merit_positions.employees import queries as employee_queries
from merit_positions.employees import service as employees
from merit_positions.employees.models import ACTIVE_STATUSES, Employee, EmployeeEducation, EmployeeRank
from merit_positions.transfers.errors import (
    TRANSFER_ASSIGNMENT_AFTER_TMT,
    TRANSFER_DESTINATION_RECORD_CLOSED,
    TRANSFER_EMPLOYEE_NOT_ACTIVE,
    TRANSFER_NOT_DESTINATION,
    TRANSFER_NOT_OPEN,
    TRANSFER_NOT_ORIGIN,
    TRANSFER_NOT_SCHEDULED,
    TRANSFER_PENDING,
    TRANSFER_SAME_AGENCY,
    TRANSFER_SCHEDULED,
    TRANSFER_TMT_BEFORE_SK,
)
from merit_positions.transfers.models import OPEN_STATUSES, Transfer
from merit_positions.transfers.schemas import Direction, TransferAccept, TransferCreate, TransferDecline
from merit_shared.api import Sort
from merit_shared.audit import jsonable, record
from merit_shared.auth import Principal
from merit_shared.clock import today, utcnow
from merit_shared.errors import NotFound
from merit_shared.outbox import enqueue

#: How far the history follows earlier transfers (a career rarely spans more agencies).
MAX_HOPS = 20


async def release(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, body: TransferCreate
                  ) -> Transfer:
    emp = await session.scalar(sa.select(Employee).where(Employee.id == body.employee_id).with_for_update())
    if emp is None or emp.agency_id != agency_id:
        raise NotFound("Pegawai", body.employee_id, field="body.employee_id")
    if body.destination_agency_id == agency_id:
        raise TRANSFER_SAME_AGENCY.error(field="body.destination_agency_id")
    if await session.get(Agency, body.destination_agency_id) is None:
        raise NotFound("Instansi", body.destination_agency_id, field="body.destination_agency_id")
    if emp.status not in ACTIVE_STATUSES:
        raise TRANSFER_EMPLOYEE_NOT_ACTIVE.error(field="body.employee_id", status=emp.status)
    if body.tmt < body.sk_date:
        raise TRANSFER_TMT_BEFORE_SK.error(field="body.tmt", tmt=body.tmt, sk_date=body.sk_date)
    if await session.scalar(sa.select(Transfer.id).where(Transfer.employee_id == emp.id,
                                                         Transfer.status.in_(OPEN_STATUSES))):
        raise TRANSFER_PENDING.error(field="body.employee_id")
    t = Transfer(id=uuid.uuid4(), nip=emp.nip, employee_id=emp.id, origin_agency_id=agency_id,
                 destination_agency_id=body.destination_agency_id, status="RELEASED", tmt=body.tmt,
                 release_sk_number=body.sk_number, release_sk_date=body.sk_date, released_by=principal.subject,
                 version=1)
    session.add(t)
    await session.flush()
    await record(session, audit_log, principal, action="transfer.release", entity="transfer", entity_id=t.id,
                 before=None, after=snapshot(t), agency_id=agency_id)
    return t


def _decides(principal: Principal, t: Transfer) -> None:
    """Only the destination agency accepts or declines (the service role acts for any agency)."""
    if not (principal.is_service or principal.agency_id == str(t.destination_agency_id)):
        raise TRANSFER_NOT_DESTINATION.error()
    if t.status != "RELEASED":
        raise TRANSFER_NOT_OPEN.error(status=t.status)


async def accept(session: AsyncSession, principal: Principal, t: Transfer, body: TransferAccept) -> Transfer:
    """The destination's decision, with its SK. A TMT still to come (the destination's calendar) only schedules the
    transfer (SCHEDULED): neither registry changes until the scheduler's ``apply_transfers`` reaches the TMT. A TMT
    of today or in the past takes effect at once (``apply``)."""
    _decides(principal, t)
    if t.tmt < body.sk_date:
        raise TRANSFER_TMT_BEFORE_SK.error(field="body.sk_date", tmt=t.tmt, sk_date=body.sk_date)
    await _check_applicable(session, t)  # refuse now what the TMT would refuse
    before_t = snapshot(t)
    t.accept_sk_number, t.accept_sk_date = body.sk_number, body.sk_date
    t.decided_by, t.decided_at = principal.subject, utcnow()
    if t.tmt <= today(t.destination_agency_id):
        await apply(session, principal, t)
    else:
        t.status = "SCHEDULED"
        t.version += 1
        await session.flush()
    await record(session, audit_log, principal, action="transfer.accept", entity="transfer", entity_id=t.id,
                 before=before_t, after=snapshot(t), agency_id=t.destination_agency_id)
    return t


async def _check_applicable(session: AsyncSession, t: Transfer) -> None:
    """What would keep the transfer from taking effect on its TMT: the origin's record no longer serving, an
    assignment there starting on or after the TMT, or a destination record of the NIP that cannot be reused."""
    origin = await session.get(Employee, t.employee_id, populate_existing=True)
    assert origin is not None
    if origin.status not in ACTIVE_STATUSES:
        raise TRANSFER_EMPLOYEE_NOT_ACTIVE.error(status=origin.status)
    last_day = t.tmt - timedelta(days=1)
    for a in await assignments.open_assignments(session, origin.id, last_day):
        if a.tmt_start > last_day:
            raise TRANSFER_ASSIGNMENT_AFTER_TMT.error(assignment_id=a.id, tmt_start=a.tmt_start, tmt=t.tmt,
                                                      extra={"assignment_id": str(a.id)})
    dest = await session.scalar(sa.select(Employee.status).where(Employee.agency_id == t.destination_agency_id,
                                                                 Employee.nip == origin.nip))
    if dest is not None and dest != "transferred_out":
        raise TRANSFER_DESTINATION_RECORD_CLOSED.error(status=dest)


async def apply(session: AsyncSession, principal: Principal, t: Transfer) -> Transfer:
    """The TMT has come: every assignment at the origin ends the day before (end_reason ``transfer``), the origin
    record becomes ``transferred_out`` and the destination's record serves, in one transaction (one active
    record per NIP at every moment). Announced as ``employee_transferred`` in both agencies' feeds, and sent to
    evaluation through the outbox (the person's ratings and development hours follow)."""
    last_day = t.tmt - timedelta(days=1)
    # Lock order of every writer: positions first, then the employee.
    await assignments.lock_positions(session, {a.position_id for a in await assignments.open_assignments(
        session, t.employee_id, last_day)})
    origin = await session.scalar(sa.select(Employee).where(Employee.id == t.employee_id).with_for_update()
                                  .execution_options(populate_existing=True))
    assert origin is not None
    if origin.status not in ACTIVE_STATUSES:
        raise TRANSFER_EMPLOYEE_NOT_ACTIVE.error(status=origin.status)
    for a in await assignments.open_assignments(session, origin.id, last_day):
        if a.tmt_start > last_day:
            raise TRANSFER_ASSIGNMENT_AFTER_TMT.error(assignment_id=a.id, tmt_start=a.tmt_start, tmt=t.tmt,
                                                      extra={"assignment_id": str(a.id)})
        await assignments.end_assignment(session, principal, a, last_day, "transfer", field="body.sk_date")
    before = snapshot(origin)
    origin.status = "transferred_out"
    origin.version += 1
    origin.updated_at = utcnow()
    await session.flush()  # the origin leaves the active records before the destination's record joins them
    await record(session, audit_log, principal, action="employee.transfer_out", entity="employee",
                 entity_id=origin.id, before=before, after=snapshot(origin), agency_id=origin.agency_id)
    await publish(session, principal, "employee_status_changed", origin.agency_id, origin.id, employee_data(
        origin, previous_status=before["status"], effective_date=t.tmt))
    dest = await _destination_record(session, principal, t, origin)
    t.status, t.destination_employee_id, t.applied_at = "ACCEPTED", dest.id, utcnow()
    t.version += 1
    await session.flush()
    data = {"transfer_id": t.id, "nip": t.nip, "employee_id": dest.id, "agency_id": t.destination_agency_id,
            "origin_employee_id": origin.id, "origin_agency_id": t.origin_agency_id, "tmt": t.tmt}
    for agency in (t.origin_agency_id, t.destination_agency_id):
        await publish(session, principal, "employee_transferred", agency, t.id, data)
    await enqueue(session, outbox, kind="employee_transferred", destination="evaluation", method="POST",
                  path="/api/v1/employee-links", payload=jsonable(data),
                  idempotency_key=f"employee_transferred:{t.id}")
    return t


async def apply_due(session: AsyncSession, principal: Principal, t: Transfer) -> bool:
    """The scheduler's step for one transfer (locked by the caller): False when it is no longer scheduled."""
    if t.status != "SCHEDULED":
        return False
    before = snapshot(t)
    await apply(session, principal, t)
    await record(session, audit_log, principal, action="transfer.apply", entity="transfer", entity_id=t.id,
                 before=before, after=snapshot(t), agency_id=t.destination_agency_id)
    return True


async def _destination_record(session: AsyncSession, principal: Principal, t: Transfer, origin: Employee
                              ) -> Employee:
    """The person's record in the destination: a new one, or their record from an earlier stay there."""
    dest = await session.scalar(sa.select(Employee).where(Employee.agency_id == t.destination_agency_id,
                                                          Employee.nip == origin.nip).with_for_update())
    if dest is not None and dest.status != "transferred_out":
        raise TRANSFER_DESTINATION_RECORD_CLOSED.error(status=dest.status)
    before = snapshot(dest) if dest is not None else None
    if dest is None:
        dest = Employee(id=uuid.uuid4(), agency_id=t.destination_agency_id, nip=origin.nip, birth_date=origin.birth_date,
                        gender=origin.gender, tmt_cpns=origin.tmt_cpns, version=1)
        session.add(dest)
    else:
        dest.version += 1
        dest.updated_at = utcnow()
    dest.name, dest.front_title, dest.back_title = origin.name, origin.front_title, origin.back_title
    dest.employment_type, dest.siasn_pns_id, dest.status = origin.employment_type, origin.siasn_pns_id, "active"
    dest.origin_employee_id = origin.id
    await session.flush()
    # Rank and education are the person's, not the agency's: the destination's rules (rank checks, eligibility)
    # read them from its own record. The origin's rows stay there as history.
    have = set((await session.scalars(sa.select(EmployeeRank.tmt).where(EmployeeRank.employee_id == dest.id))).all())
    for r in (await session.scalars(sa.select(EmployeeRank).where(EmployeeRank.employee_id == origin.id))).all():
        if r.tmt not in have:
            session.add(EmployeeRank(id=uuid.uuid4(), agency_id=dest.agency_id, employee_id=dest.id, scheme=r.scheme,
                                     golongan=r.golongan, rank_code=r.rank_code, tmt=r.tmt, sk_number=r.sk_number,
                                     sk_date=r.sk_date, reason=r.reason, reason_note=r.reason_note))
    if before is None:
        for d in (await session.scalars(sa.select(EmployeeEducation)
                                        .where(EmployeeEducation.employee_id == origin.id))).all():
            session.add(EmployeeEducation(id=uuid.uuid4(), agency_id=dest.agency_id, employee_id=dest.id,
                                          level=d.level, level_order=d.level_order, major=d.major,
                                          institution=d.institution, graduated_on=d.graduated_on))
    await session.flush()
    await record(session, audit_log, principal, action="employee.transfer_in", entity="employee", entity_id=dest.id,
                 before=before, after=snapshot(dest), agency_id=dest.agency_id)
    if before is None:
        await publish(session, principal, "employee_created", dest.agency_id, dest.id,
                      employee_data(dest, source="transfer"))
    else:  # back to an earlier stay's record: transferred_out -> active
        await publish(session, principal, "employee_status_changed", dest.agency_id, dest.id, employee_data(
            dest, previous_status=before["status"], effective_date=t.tmt))
    return dest


async def decline(session: AsyncSession, principal: Principal, t: Transfer, body: TransferDecline) -> Transfer:
    _decides(principal, t)
    before = snapshot(t)
    t.status, t.decline_reason, t.decided_by, t.decided_at = "DECLINED", body.reason, principal.subject, utcnow()
    t.version += 1
    await session.flush()
    await record(session, audit_log, principal, action="transfer.decline", entity="transfer", entity_id=t.id,
                 before=before, after=snapshot(t), agency_id=t.destination_agency_id)
    return t


async def cancel(session: AsyncSession, principal: Principal, t: Transfer) -> Transfer:
    """The origin withdraws a release the destination has not decided yet. An accepted one (SCHEDULED) needs the
    destination's agreement: its admin revokes the acceptance first (``revoke``), then the origin cancels."""
    if not (principal.is_service or principal.agency_id == str(t.origin_agency_id)):
        raise TRANSFER_NOT_ORIGIN.error()
    if t.status == "SCHEDULED":
        raise TRANSFER_SCHEDULED.error(tmt=t.tmt)
    if t.status != "RELEASED":
        raise TRANSFER_NOT_OPEN.error(status=t.status)
    before = snapshot(t)
    t.status, t.decided_by, t.decided_at = "CANCELLED", principal.subject, utcnow()
    t.version += 1
    await session.flush()
    await record(session, audit_log, principal, action="transfer.cancel", entity="transfer", entity_id=t.id,
                 before=before, after=snapshot(t), agency_id=t.origin_agency_id)
    return t


async def revoke(session: AsyncSession, principal: Principal, t: Transfer) -> Transfer:
    """The destination withdraws its acceptance while it has not taken effect (SCHEDULED: before the TMT, or after
    it when the TMT's run could not apply it and reported why): the transfer is RELEASED again, as the origin
    released it, and the origin may cancel it or the destination decide anew. Nothing had changed in either
    registry, so nothing is undone. The row lock orders it against the scheduler's run: whichever comes first."""
    if not (principal.is_service or principal.agency_id == str(t.destination_agency_id)):
        raise TRANSFER_NOT_DESTINATION.error()
    if t.status != "SCHEDULED":
        raise TRANSFER_NOT_SCHEDULED.error(status=t.status)
    before = snapshot(t)
    t.status, t.accept_sk_number, t.accept_sk_date, t.decided_by, t.decided_at = "RELEASED", None, None, None, None
    t.version += 1
    await session.flush()
    await record(session, audit_log, principal, action="transfer.revoke", entity="transfer", entity_id=t.id,
                 before=before, after=snapshot(t), agency_id=t.destination_agency_id)
    return t


async def due(session: AsyncSession, agency_id: uuid.UUID, day: date) -> list[uuid.UUID]:
    """Transfers into ``agency_id`` accepted with a TMT on or before ``day`` and not yet in effect."""
    return list((await session.scalars(sa.select(Transfer.id).where(
        Transfer.destination_agency_id == agency_id, Transfer.status == "SCHEDULED", Transfer.tmt <= day)
        .order_by(Transfer.tmt, Transfer.id))).all())


async def lock(session: AsyncSession, transfer_id: uuid.UUID) -> Transfer | None:
    return await session.scalar(sa.select(Transfer).where(Transfer.id == transfer_id).with_for_update()
                                .execution_options(populate_existing=True))


TRANSFER_SQL = """
SELECT t.id, t.nip, t.employee_id, e.name AS employee_name, t.origin_agency_id, o.name AS origin_agency_name,
       t.destination_agency_id, d.name AS destination_agency_name, t.status, t.tmt, t.release_sk_number,
       t.release_sk_date, t.accept_sk_number, t.accept_sk_date, t.decline_reason, t.destination_employee_id,
       t.created_at, t.decided_at, t.applied_at, t.version
FROM transfers t JOIN employees e ON e.id = t.employee_id
JOIN agencies o ON o.id = t.origin_agency_id JOIN agencies d ON d.id = t.destination_agency_id
"""


async def transfer_out(session: AsyncSession, transfer_id: uuid.UUID) -> dict[str, Any]:
    row = (await session.execute(sa.text(TRANSFER_SQL + " WHERE t.id = :id"), {"id": transfer_id})).mappings().one()
    return dict(row)


TRANSFER_SORT = {"created_at": "t.created_at", "tmt": "t.tmt", "status": "t.status", "nip": "t.nip",
                 "decided_at": "t.decided_at"}


async def list_transfers(session: AsyncSession, agency_id: uuid.UUID, direction: Direction | None,
                         status: str | None, limit: int, offset: int, *,
                         sort: Sort) -> tuple[list[dict[str, Any]], int]:
    """The agency's transfers: incoming (it is the destination), outgoing (the origin), or both; newest first."""
    sides = {Direction.INCOMING: "t.destination_agency_id = :a", Direction.OUTGOING: "t.origin_agency_id = :a"}
    where = sides[direction] if direction else "(t.destination_agency_id = :a OR t.origin_agency_id = :a)"
    params: dict[str, Any] = {"a": agency_id, "limit": limit, "offset": offset}
    if status:
        where += " AND t.status = :s"
        params["s"] = status
    rows = (await session.execute(sa.text(TRANSFER_SQL + f" WHERE {where} ORDER BY {sort.sql('t.id')} "
                                          "LIMIT :limit OFFSET :offset"), params)).mappings().all()
    total = (await session.execute(sa.text(f"SELECT count(*) FROM transfers t WHERE {where}"), params)).scalar_one()
    return [dict(r) for r in rows], int(total)


async def origin_history(session: AsyncSession, employee_id: uuid.UUID) -> list[dict[str, Any]]:
    """The person's records in the agencies they came from, read only through accepted transfers that end in this
    record (then in each origin record, and so on), newest transfer first."""
    out: list[dict[str, Any]] = []
    seen = {employee_id}
    frontier = [employee_id]
    while frontier and len(out) < MAX_HOPS:
        current = frontier.pop(0)
        links = (await session.execute(sa.text("""
            SELECT t.id AS transfer_id, t.tmt AS transfer_tmt, e.id AS employee_id, e.agency_id, a.name AS agency_name,
                   e.status
            FROM transfers t JOIN employees e ON e.id = t.employee_id JOIN agencies a ON a.id = e.agency_id
            WHERE t.destination_employee_id = :d AND t.status = 'ACCEPTED' ORDER BY t.tmt DESC"""),
            {"d": current})).mappings().all()
        for link in links:
            if link["employee_id"] in seen:
                continue
            seen.add(link["employee_id"])
            frontier.append(link["employee_id"])
            origin = link["employee_id"]
            out.append({**link,
                        "ranks": await employees.rank_history(session, origin, today(link["agency_id"])),
                        "educations": await employees.education_history(session, origin),
                        "assignments": await employee_queries.career(session, origin)})
    return out

"""Appointing and ending assignments under the seat invariants.

Lock order (one order for every write that takes several row locks, so that two writers never wait on each other
in a cycle): agency -> org unit -> personnel action -> position -> employee -> assignment; within a kind, in id
order. An appointment or a personnel action therefore locks every position it touches (the target seats and the seats
the people leave, found by a read before the locks) in id order, then the employees; it re-reads the people's
seats under the locks and, if a seat appeared meanwhile that it did not lock, takes the locks again in a
savepoint rather than locking a position after an employee (``lock_for_moves``). The rules then answer with a clear 409, and the database
constraints stay the last line of defence. See also ``merit_shared.concurrency`` for single versioned rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.agencies.service import load_policy
from merit_positions.assignments.errors import (
    ABSENCE_OVERLAPS,
    ACTING_ALREADY_ENDED,
    ACTING_ALREADY_EXTENDED,
    ACTING_EXISTS,
    ACTING_EXTENSION_RANGE,
    ACTING_OWN_POSITION,
    ACTING_TOO_LONG,
    ASSIGNMENT_ALREADY_ENDED,
    ASSIGNMENT_NOT_ACTING,
    ASSIGNMENT_STARTS_AFTER_STATUS,
    CONCURRENT_UPDATE,
    END_BEFORE_START,
    PLH_HOLDER_NOT_AWAY,
    PLH_OUTSIDE_ABSENCE,
    PLT_NOT_BEFORE_DEFINITIVE,
    PLT_SEAT_HAS_HOLDER,
)
from merit_positions.assignments.models import Assignment, EmployeeAbsence
from merit_positions.assignments.schemas import AbsenceCreate, ActingExtend, AssignmentCreate
from merit_positions.common.changes import publish, snapshot
from merit_positions.common.constraints import CONSTRAINTS
from merit_positions.common.errors import (
    EMPLOYEE_HAS_DEFINITIVE,
    EMPLOYEE_NOT_ACTIVE,
    EMPLOYEE_PAST_RETIREMENT,
    POSITION_ABOLISHED,
    RANK_BELOW_MINIMUM,
    SEAT_FILLED,
    TMT_BEFORE_POSITION,
)
from merit_positions.common.models import audit_log
from merit_positions.employees.models import Employee
from merit_positions.employees.service import current_rank
from merit_positions.jobs.models import Job
from merit_positions.officials.service import publish_placement
from merit_positions.rules import (
    CheckStatus,
    acting_end,
    acting_extension_end,
    acting_length_ok,
    blocks_status_end,
    check_rank,
    overfilled,
    parse_pppk_golongan,
    parse_rank,
    plh_covered,
    retirement_date,
    vacancy,
)
from merit_positions.seats.models import Position
from merit_shared import db_errors
from merit_shared.api import Sort, apply_sort
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.clock import today, utcnow
from merit_shared.errors import Conflict, DomainError, NotFound

AWAY = ("leave", "study")
INACTIVE = ("retired", "dismissed", "deceased", "transferred_out")


def _seat_filled(pos: Position) -> DomainError:
    return SEAT_FILLED.error(extra={"position_id": str(pos.id)})


async def flush_mapped(session: AsyncSession) -> None:
    """Flush; a seat or assignment constraint's refusal becomes its domain error here (not at the end of the
    request), so a batch (a personnel action's moves) can say which move it concerns."""
    try:
        await session.flush()
    except IntegrityError as exc:
        mapped = db_errors.as_domain_error(exc, CONSTRAINTS)
        if mapped is None:
            raise
        raise mapped from None


@dataclass
class Locked:
    position: Position
    job: Job
    employee: Employee


async def lock_position(session: AsyncSession, agency_id: uuid.UUID, position_id: uuid.UUID,
                        field: str = "body.position_id") -> tuple[Position, Job]:
    # The position locked (not its job) and its job read in the same statement.
    row = (await session.execute(sa.select(Position, Job).join(Job, Job.id == Position.job_id).where(
        Position.id == position_id, Position.agency_id == agency_id).with_for_update(of=Position)
        .execution_options(populate_existing=True))).first()
    if row is None:
        raise NotFound("Jabatan", position_id, field=field)
    return row[0], row[1]


async def lock_employee(session: AsyncSession, agency_id: uuid.UUID, employee_id: uuid.UUID,
                        field: str = "body.employee_id") -> Employee:
    emp = await session.scalar(sa.select(Employee).where(Employee.id == employee_id, Employee.agency_id == agency_id)
                               .with_for_update().execution_options(populate_existing=True))
    if emp is None:
        raise NotFound("Pegawai", employee_id, field=field)
    return emp


def _concurrent_update() -> DomainError:
    return CONCURRENT_UPDATE.error()


async def _seats_held(session: AsyncSession, employee_ids: set[uuid.UUID], start: date, end: date | None
                      ) -> set[uuid.UUID]:
    """Positions the employees hold definitively in [start, end] (ids only: no stale copy is kept in the session)."""
    if not employee_ids:
        return set()
    rows = await session.execute(sa.select(Assignment.position_id).where(
        Assignment.employee_id.in_(employee_ids), Assignment.kind == "definitive", _overlaps(start, end)))
    return {r[0] for r in rows}


async def lock_for_moves(session: AsyncSession, agency_id: uuid.UUID, positions: set[uuid.UUID],
                         employee_ids: set[uuid.UUID], start: date, end: date | None = None,
                         position_field: str = "body.position_id", employee_field: str = "body.employee_id"
                         ) -> dict[uuid.UUID, tuple[Position, Job] | Employee]:
    """Lock, in the module's order, the target positions and the seats the employees hold in [start, end], then
    the employees.

    The seats are read before the employee locks, so a concurrent move may change them meanwhile. Then the locks
    are taken again in a savepoint with the new seats (rolling back to a savepoint releases the row locks taken in
    it), never a position after an employee; after a few rounds, 409 ``concurrent_update``.
    """
    want = positions | await _seats_held(session, employee_ids, start, end)
    for _ in range(3):
        savepoint = await session.begin_nested()
        try:
            out: dict[uuid.UUID, tuple[Position, Job] | Employee] = {}
            # One statement per table: rows are locked in the ORDER BY's order, and a uuid's order is its text's.
            if want:
                out.update({p.id: (p, j) for p, j in (await session.execute(
                    sa.select(Position, Job).join(Job, Job.id == Position.job_id)
                    .where(Position.id.in_(want), Position.agency_id == agency_id).order_by(Position.id)
                    .with_for_update(of=Position).execution_options(populate_existing=True))).all()})
            if missing := sorted(want - out.keys(), key=str):
                raise NotFound("Jabatan", missing[0], field=position_field)
            if employee_ids:
                out.update({e.id: e for e in (await session.scalars(
                    sa.select(Employee).where(Employee.id.in_(employee_ids), Employee.agency_id == agency_id)
                    .order_by(Employee.id).with_for_update().execution_options(populate_existing=True))).all()})
            if missing := sorted(employee_ids - out.keys(), key=str):
                raise NotFound("Pegawai", missing[0], field=employee_field)
            held = await _seats_held(session, employee_ids, start, end)
        except BaseException:
            await savepoint.rollback()
            raise
        if held <= want:
            await savepoint.commit()
            return out
        await savepoint.rollback()
        want = positions | held
    raise _concurrent_update()


def _overlaps(start: date, end: date | None):  # type: ignore[no-untyped-def]
    return sa.and_(Assignment.tmt_start <= (end or date.max),
                   sa.or_(Assignment.tmt_end.is_(None), Assignment.tmt_end >= start))


async def max_definitive_overlap(session: AsyncSession, position_id: uuid.UUID, start: date, end: date | None,
                                 exclude: set[uuid.UUID] | None = None) -> int:
    """Largest number of definitive holders at any date of [start, end] (the peak is at some start date)."""
    rows = (await session.execute(sa.select(Assignment.id, Assignment.tmt_start, Assignment.tmt_end).where(
        Assignment.position_id == position_id, Assignment.kind == "definitive", _overlaps(start, end)))).all()
    rows = [r for r in rows if not exclude or r.id not in exclude]
    points = {start} | {r.tmt_start for r in rows if r.tmt_start >= start}
    return max((sum(1 for r in rows if r.tmt_start <= p and (r.tmt_end is None or r.tmt_end >= p))
                for p in points), default=0)


async def holders_on(session: AsyncSession, position_id: uuid.UUID, d: date, kind: str = "definitive"
                     ) -> list[Any]:
    q = sa.select(Assignment, Employee.status).join(Employee, Employee.id == Assignment.employee_id).where(
        Assignment.position_id == position_id, Assignment.tmt_start <= d,
        sa.or_(Assignment.tmt_end.is_(None), Assignment.tmt_end >= d))
    q = q.where(Assignment.kind == "definitive") if kind == "definitive" else q.where(Assignment.kind != "definitive")
    return list((await session.execute(q)).all())


def _min_rank(job: Job) -> Any:
    return parse_rank(job.min_rank) if job.min_rank else None


async def rank_check(session: AsyncSession, emp: Employee, job: Job, on: date) -> Any:
    r = await current_rank(session, emp.id, on)
    rank = None
    if r is not None:
        rank = parse_pppk_golongan(r.golongan) if r.scheme == "PPPK" else parse_rank(r.golongan)
    return check_rank(rank, _min_rank(job))


async def end_assignment(session: AsyncSession, principal: Principal, a: Assignment, tmt_end: date, end_reason: str,
                         pos: Position | None = None, field: str = "body.tmt_end", sk_number: str | None = None,
                         sk_date: date | None = None, flush: bool = True) -> Assignment:
    """End ``a`` on ``tmt_end``; the SK that ends it (number and date) is kept when given.

    ``flush=False`` (a batch ending acting assignments, which no seat count or constraint can refuse): the caller
    flushes every change at once."""
    if a.tmt_end is not None and a.tmt_end < tmt_end:
        raise ASSIGNMENT_ALREADY_ENDED.error(tmt_end=a.tmt_end, extra={"tmt_end": str(a.tmt_end)})
    if tmt_end < a.tmt_start:
        raise END_BEFORE_START.error(field=field, tmt_end=tmt_end, tmt_start=a.tmt_start, extra={"tmt_start": str(a.tmt_start)})
    before = snapshot(a)
    a.tmt_end, a.end_reason = tmt_end, end_reason
    if sk_number is not None:
        a.end_sk_number, a.end_sk_date = sk_number, sk_date
    a.version += 1
    a.updated_at = utcnow()
    if flush:
        await flush_mapped(session)
    await record(session, audit_log, principal, action="assignment.end", entity="assignment", entity_id=a.id,
                 before=before, after=snapshot(a), agency_id=a.agency_id)
    await publish(session, principal, "assignment_ended", a.agency_id, a.id, {
        "assignment_id": a.id, "employee_id": a.employee_id, "position_id": a.position_id, "kind": a.kind,
        "tmt_end": tmt_end, "end_reason": end_reason, "sk_number": a.end_sk_number, "sk_date": a.end_sk_date})
    if a.kind == "definitive":
        pos = pos or await session.get(Position, a.position_id)
        assert pos is not None
        vacant_from = tmt_end + timedelta(days=1)
        filled = len(await holders_on(session, pos.id, vacant_from))
        await publish(session, principal, "position_vacated", a.agency_id, pos.id, {
            "position_id": pos.id, "unit_id": pos.unit_id, "vacant_from": vacant_from, "employee_id": a.employee_id,
            "required_seats": pos.required_seats, "filled": filled, "vacant": vacancy(pos.required_seats, filled)})
    return a


async def appoint(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, body: AssignmentCreate,
                  personnel_action_id: uuid.UUID | None = None,
                  locked: dict[uuid.UUID, tuple[Position, Job] | Employee] | None = None
                  ) -> tuple[Assignment, uuid.UUID | None]:
    """Create an assignment after every rule check; returns it and the id of a definitive one it ended.

    A Plt/Plh given without an end lasts the agency's acting length (``rules.acting_end``); the scheduler ends it.
    ``locked``: what the caller's ``lock_for_moves`` already holds in this transaction for a definitive start on
    the same day (a personnel action's moves); the position and employee are then not locked again.
    """
    if body.kind.value != "definitive":
        policy = await load_policy(session, agency_id)
        longest = acting_end(body.tmt_start, policy)
        if body.tmt_end is None:
            # a Plh given no end covers the holder's recorded absence, within the acting length
            away = await _covering_absence_end(session, body.position_id, body.tmt_start) \
                if body.kind.value == "plh" else None
            body = body.model_copy(update={"tmt_end": min(longest, away) if away else longest})
        elif not acting_length_ok(body.tmt_start, body.tmt_end, policy):
            raise ACTING_TOO_LONG.error(field="body.tmt_end", months=policy.acting_months, max_end=longest,
                                        extra={"max_end": str(longest)})
    if locked is None or body.position_id not in locked or body.employee_id not in locked:
        locked = await lock_for_moves(session, agency_id, {body.position_id}, {body.employee_id}, body.tmt_start,
                                      body.tmt_end)
    pos, job = locked[body.position_id]  # type: ignore[misc]
    emp = locked[body.employee_id]
    assert isinstance(emp, Employee)
    if pos.abolished_on is not None and pos.abolished_on <= body.tmt_start:
        raise POSITION_ABOLISHED.error(abolished_on=pos.abolished_on, name=pos.name)
    if body.tmt_start < pos.valid_from:
        raise TMT_BEFORE_POSITION.error(
            field="body.tmt_start",
            name=pos.name,
            valid_from=pos.valid_from,
            extra={"valid_from": str(pos.valid_from)},
        )
    if emp.status in INACTIVE:
        raise EMPLOYEE_NOT_ACTIVE.error(status=emp.status, extra={"status": emp.status})
    retires = retirement_date(emp.birth_date, job.bup)
    if body.tmt_start >= retires:
        # PP 11/2017 batas usia pensiun: service ends on the retirement date, so no seat starts on or after it.
        raise EMPLOYEE_PAST_RETIREMENT.error(
            bup=job.bup,
            name=pos.name,
            retires=retires,
            tmt_start=body.tmt_start,
            extra={"retirement_date": str(retires), "bup": job.bup},
        )
    ended_id = None
    kind = body.kind.value
    if kind == "definitive":
        ended_id = await _make_room_for_employee(session, principal, emp, body)
        if overfilled(pos.required_seats, await max_definitive_overlap(session, pos.id, body.tmt_start, body.tmt_end) + 1):
            raise _seat_filled(pos)
        await _end_plt_for_definitive(session, principal, pos, body)
    else:
        await _check_acting(session, pos, emp, body)
    rc = await rank_check(session, emp, job, body.tmt_start)
    if rc.status in (CheckStatus.FAILED, CheckStatus.UNKNOWN) and rc.required is not None and \
            not body.rank_override_reason:
        raise RANK_BELOW_MINIMUM.error(
            name=pos.name,
            reason_en=rc.reason_en,
            reason_id=rc.reason_id,
            required=rc.required,
            extra={"rank": rc.value, "minimum": rc.required},
        )
    override_used = rc.status in (CheckStatus.FAILED, CheckStatus.UNKNOWN) and rc.required is not None
    a = Assignment(id=uuid.uuid4(), agency_id=agency_id, employee_id=emp.id, position_id=pos.id, kind=kind,
                   is_managerial=pos.is_managerial, tmt_start=body.tmt_start, tmt_end=body.tmt_end,
                   sk_number=body.sk_number, sk_date=body.sk_date, reason=body.reason.value,
                   rank_override_reason=body.rank_override_reason if override_used else None,
                   personnel_action_id=personnel_action_id, version=1)
    session.add(a)
    await flush_mapped(session)
    after = snapshot(a)
    await record(session, audit_log, principal, action="assignment.create", entity="assignment", entity_id=a.id,
                 before=None, after=after, agency_id=agency_id)
    if override_used:
        await record(session, audit_log, principal, action="assignment.rank_override", entity="assignment",
                     entity_id=a.id, before=None,
                     after={"rank": rc.value, "minimum": rc.required, "reason": body.rank_override_reason},
                     agency_id=agency_id)
    await publish(session, principal, "assignment_started", agency_id, a.id, {
        "assignment_id": a.id, "employee_id": emp.id, "nip": emp.nip, "position_id": pos.id, "unit_id": pos.unit_id,
        "kind": kind, "tmt_start": a.tmt_start, "tmt_end": a.tmt_end, "reason": a.reason})
    if kind == "definitive":
        filled = len(await holders_on(session, pos.id, a.tmt_start))
        await publish(session, principal, "position_filled", agency_id, pos.id, {
            "position_id": pos.id, "unit_id": pos.unit_id, "employee_id": emp.id, "filled_from": a.tmt_start,
            "required_seats": pos.required_seats, "filled": filled, "vacant": vacancy(pos.required_seats, filled)})
        await publish_placement(session, a, pos, job.kind)
    return a, ended_id


async def _make_room_for_employee(session: AsyncSession, principal: Principal, emp: Employee,
                                  body: AssignmentCreate) -> uuid.UUID | None:
    current = list((await session.scalars(sa.select(Assignment).where(
        Assignment.employee_id == emp.id, Assignment.kind == "definitive",
        _overlaps(body.tmt_start, body.tmt_end)).execution_options(populate_existing=True))).all())
    if not current:
        return None
    if not body.end_current_definitive or len(current) > 1 or current[0].tmt_start >= body.tmt_start:
        c = current[0]
        raise EMPLOYEE_HAS_DEFINITIVE.error(extra={"assignment_id": str(c.id)})
    c = current[0]
    cpos = await session.get(Position, c.position_id)  # locked by lock_for_moves, before the employee
    await end_assignment(session, principal, c, body.tmt_start - timedelta(days=1), body.reason.value, cpos)
    return c.id


async def _check_acting(session: AsyncSession, pos: Position, emp: Employee, body: AssignmentCreate) -> None:
    holders = await holders_on(session, pos.id, body.tmt_start)
    if any(h[0].employee_id == emp.id for h in holders):
        raise ACTING_OWN_POSITION.error()
    if body.kind.value == "plt" and not vacancy(pos.required_seats, len(holders)):
        raise PLT_SEAT_HAS_HOLDER.error(name=pos.name, tmt_start=body.tmt_start)
    if body.kind.value == "plh" and not any(h[1] in AWAY for h in holders):
        # the holder is away only for a recorded absence: the Plh lies inside one (PP 11/2017 cuti; BKN Plt/Plh)
        absences = await _absences_of({h[0].employee_id for h in holders}, session)
        if not absences:
            raise PLH_HOLDER_NOT_AWAY.error(name=pos.name)
        assert body.tmt_end is not None
        if not plh_covered(body.tmt_start, body.tmt_end, absences):
            raise PLH_OUTSIDE_ABSENCE.error(field="body.tmt_end", name=pos.name, tmt_start=body.tmt_start,
                                            tmt_end=body.tmt_end)
    acting = (await session.execute(sa.select(Assignment.id).where(
        Assignment.position_id == pos.id, Assignment.kind != "definitive", _overlaps(body.tmt_start, body.tmt_end)
    ))).first()
    if acting:
        raise ACTING_EXISTS.error(extra={"assignment_id": str(acting[0])})


async def _end_plt_for_definitive(session: AsyncSession, principal: Principal, pos: Position,
                                  body: AssignmentCreate) -> None:
    """A definitive holder takes the seat: any Plt of it in force on or after the TMT ends the day before (a Plt
    only stands in for a vacant seat). Runs in every appointment (direct, personnel action, selection result)."""
    plts = (await session.scalars(sa.select(Assignment).where(
        Assignment.position_id == pos.id, Assignment.kind == "plt",
        sa.or_(Assignment.tmt_end.is_(None), Assignment.tmt_end >= body.tmt_start))
        .order_by(Assignment.tmt_start).with_for_update().execution_options(populate_existing=True))).all()
    for plt in plts:
        if plt.tmt_start >= body.tmt_start:
            raise PLT_NOT_BEFORE_DEFINITIVE.error(assignment_id=plt.id, tmt_start=plt.tmt_start,
                                                  extra={"assignment_id": str(plt.id)})
        await end_assignment(session, principal, plt, body.tmt_start - timedelta(days=1), "definitive_appointed", pos)


async def _absences_of(employee_ids: set[uuid.UUID], session: AsyncSession) -> list[tuple[date, date]]:
    if not employee_ids:
        return []
    rows = await session.execute(sa.select(EmployeeAbsence.date_from, EmployeeAbsence.date_to).where(
        EmployeeAbsence.employee_id.in_(employee_ids)))
    return [(r.date_from, r.date_to) for r in rows]


async def _covering_absence_end(session: AsyncSession, position_id: uuid.UUID, on: date) -> date | None:
    """Last day of a recorded absence, on ``on``, of a definitive holder of the position (None: none)."""
    return await session.scalar(sa.select(sa.func.max(EmployeeAbsence.date_to)).join(
        Assignment, Assignment.employee_id == EmployeeAbsence.employee_id).where(
        Assignment.position_id == position_id, Assignment.kind == "definitive", Assignment.tmt_start <= on,
        sa.or_(Assignment.tmt_end.is_(None), Assignment.tmt_end >= on),
        EmployeeAbsence.date_from <= on, EmployeeAbsence.date_to >= on))


async def extend_acting(session: AsyncSession, principal: Principal, a: Assignment, body: ActingExtend) -> Assignment:
    """The one extension of a Plt/Plh (agency policy ``acting_extension_months``), with its SK; the expiry
    announcement is due again for the new end."""
    if a.kind == "definitive":
        raise ASSIGNMENT_NOT_ACTING.error()
    if a.end_reason is not None:
        raise ACTING_ALREADY_ENDED.error(end_reason=a.end_reason)
    if a.acting_extended_on is not None:
        raise ACTING_ALREADY_EXTENDED.error(extended_on=a.acting_extended_on,
                                            extra={"extended_on": str(a.acting_extended_on)})
    policy = await load_policy(session, a.agency_id)
    current = a.tmt_end or acting_end(a.tmt_start, policy)
    latest = acting_extension_end(a.tmt_start, current, policy)
    if not current < body.tmt_end <= latest:
        raise ACTING_EXTENSION_RANGE.error(field="body.tmt_end", tmt_end=current, max_end=latest,
                                           months=policy.acting_extension_months, extra={"max_end": str(latest)})
    if a.kind == "plh":
        holders = await holders_on(session, a.position_id, a.tmt_start)
        if not any(h[1] in AWAY for h in holders) and not plh_covered(
                a.tmt_start, body.tmt_end, await _absences_of({h[0].employee_id for h in holders}, session)):
            pos = await session.get(Position, a.position_id)
            assert pos is not None
            raise PLH_OUTSIDE_ABSENCE.error(field="body.tmt_end", name=pos.name, tmt_start=a.tmt_start,
                                            tmt_end=body.tmt_end)
    before = snapshot(a)
    a.tmt_end, a.acting_extended_on, a.expiry_flagged_on = body.tmt_end, today(a.agency_id), None
    a.acting_extension_sk_number, a.acting_extension_sk_date = body.sk_number, body.sk_date
    a.version += 1
    a.updated_at = utcnow()
    await flush_mapped(session)
    await record(session, audit_log, principal, action="assignment.extend_acting", entity="assignment",
                 entity_id=a.id, before=before, after=snapshot(a), agency_id=a.agency_id)
    return a


async def add_absence(session: AsyncSession, principal: Principal, emp: Employee, body: AbsenceCreate
                      ) -> EmployeeAbsence:
    """Record a dated absence (the employee row is locked, so two overlapping ones cannot both be written)."""
    clash = (await session.execute(sa.select(EmployeeAbsence.date_from, EmployeeAbsence.date_to).where(
        EmployeeAbsence.employee_id == emp.id, EmployeeAbsence.date_from <= body.date_to,
        EmployeeAbsence.date_to >= body.date_from))).first()
    if clash is not None:
        raise ABSENCE_OVERLAPS.error(field="body.date_from", date_from=clash.date_from, date_to=clash.date_to)
    ab = EmployeeAbsence(id=uuid.uuid4(), agency_id=emp.agency_id, employee_id=emp.id, kind=body.kind.value,
                         date_from=body.date_from, date_to=body.date_to, note=body.note,
                         created_by=principal.subject)
    session.add(ab)
    await session.flush()
    await record(session, audit_log, principal, action="employee.absence", entity="employee", entity_id=emp.id,
                 before=None, after=snapshot(ab), agency_id=emp.agency_id)
    return ab


async def list_absences(session: AsyncSession, employee_id: uuid.UUID) -> list[EmployeeAbsence]:
    return list((await session.scalars(sa.select(EmployeeAbsence).where(EmployeeAbsence.employee_id == employee_id)
                                       .order_by(EmployeeAbsence.date_from))).all())


END_REASON_FOR_STATUS = {"retired": "retirement", "dismissed": "dismissal", "deceased": "death"}


def starts_after_status(assignment_id: uuid.UUID, tmt_start: date, effective: date) -> DomainError:
    return ASSIGNMENT_STARTS_AFTER_STATUS.error(
        assignment_id=assignment_id,
        effective=effective,
        tmt_start=tmt_start,
        extra={"assignment_id": str(assignment_id), "tmt_start": str(tmt_start)},
    )


async def blocking_starts(session: AsyncSession, last_days: dict[uuid.UUID, date]) -> dict[uuid.UUID, Conflict]:
    """For many people at once, the refusal ``end_for_status`` would give (an assignment in force after the last day
    that starts after it), read in one query."""
    if not last_days:
        return {}
    rows = (await session.execute(sa.select(Assignment.employee_id, Assignment.id, Assignment.tmt_start,
                                            Assignment.tmt_end).where(
        Assignment.employee_id.in_(list(last_days)), Assignment.tmt_start > min(last_days.values()))
        .order_by(Assignment.employee_id, Assignment.tmt_start))).all()
    out: dict[uuid.UUID, Conflict] = {}
    for r in rows:
        last = last_days[r.employee_id]
        if r.employee_id not in out and blocks_status_end(r.tmt_start, r.tmt_end, last):
            out[r.employee_id] = starts_after_status(r.id, r.tmt_start, last)
    return out


async def open_assignments(session: AsyncSession, employee_id: uuid.UUID, on: date) -> list[Assignment]:
    """Assignments (any kind) still in force on or after ``on``."""
    return list((await session.scalars(sa.select(Assignment).where(
        Assignment.employee_id == employee_id, sa.or_(Assignment.tmt_end.is_(None), Assignment.tmt_end > on))
        .order_by(Assignment.tmt_start))).all())


async def lock_positions(session: AsyncSession, position_ids: set[uuid.UUID]) -> None:
    """Lock positions in id order (the module's lock order: positions before employees), in one statement: the
    rows are locked in the ORDER BY's order, and a uuid's order is that of its text."""
    if position_ids:
        await session.execute(sa.select(Position.id).where(Position.id.in_(position_ids)).order_by(Position.id)
                              .with_for_update())


async def end_for_status(session: AsyncSession, principal: Principal, emp: Employee, status: str, effective: date
                         ) -> list[Assignment]:
    """Retired / dismissed / deceased: every assignment in force ends on the status's effective date.

    Runs in the caller's transaction with the employee and the positions locked, so either every assignment ends
    (with its assignment_ended / position_vacated events) and the status changes, or nothing does.
    """
    reason = END_REASON_FOR_STATUS[status]
    ended = []
    for a in await open_assignments(session, emp.id, effective):
        if blocks_status_end(a.tmt_start, a.tmt_end, effective):
            raise starts_after_status(a.id, a.tmt_start, effective)
        pos = await session.get(Position, a.position_id)
        ended.append(await end_assignment(session, principal, a, effective, reason, pos,
                                          field="body.status_effective_date"))
    return ended


async def position_agency(session: AsyncSession, position_id: uuid.UUID) -> uuid.UUID:
    """The agency of a position (404 on ``body.position_id`` when there is none)."""
    agency_id = await session.scalar(sa.text("SELECT agency_id FROM positions WHERE id = :p"), {"p": position_id})
    if agency_id is None:
        raise NotFound("Jabatan", position_id, field="body.position_id")
    return agency_id


ASSIGNMENT_SORT = {"tmt_start": Assignment.tmt_start, "tmt_end": Assignment.tmt_end, "kind": Assignment.kind,
                   "created_at": Assignment.created_at}


async def list_assignments(session: AsyncSession, agency_id: uuid.UUID, employee_id: uuid.UUID | None,
                           position_id: uuid.UUID | None, kind: str | None, units: set[uuid.UUID] | None,
                           active_on: date | None, limit: int, offset: int, *,
                           sort: Sort) -> tuple[int | None, list[Assignment]]:
    """(total, one page newest TMT first) of the agency's assignments; ``units`` (a unit admin's) narrows to the
    positions of those units."""
    q = sa.select(Assignment).where(Assignment.agency_id == agency_id)
    if employee_id:
        q = q.where(Assignment.employee_id == employee_id)
    if position_id:
        q = q.where(Assignment.position_id == position_id)
    if kind:
        q = q.where(Assignment.kind == kind)
    if units is not None:
        q = q.where(Assignment.position_id.in_(sa.select(Position.id).where(Position.unit_id.in_(units))))
    if active_on:
        q = q.where(Assignment.tmt_start <= active_on,
                    sa.or_(Assignment.tmt_end.is_(None), Assignment.tmt_end >= active_on))
    total = await session.scalar(sa.select(sa.func.count()).select_from(q.subquery()))
    rows = (await session.scalars(apply_sort(q, sort, Assignment.id).limit(limit).offset(offset))).all()
    return total, list(rows)


async def get_locked(session: AsyncSession, assignment_id: uuid.UUID) -> Assignment:
    """The assignment, locked for update and re-read (its position is locked first by the caller)."""
    a = await session.scalar(sa.select(Assignment).where(Assignment.id == assignment_id).with_for_update())
    assert a is not None
    await session.refresh(a)
    return a

"""The registry's daily jobs, run by ``merit_shared.scheduler`` once per agency and agency-local day.

Each job acts on everything due up to the run date and is idempotent: a second run for the same date finds
nothing left to do. One item that cannot be handled (a personnel action that no longer fits, an assignment that
blocks a retirement) is rolled back to its savepoint and reported; the run goes on.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.actions import service as actions
from merit_positions.actions.models import PersonnelAction
from merit_positions.agencies.models import Agency
from merit_positions.agencies.service import load_policy
from merit_positions.assignments import service as assignments
from merit_positions.assignments.models import Assignment
from merit_positions.common.changes import publish, snapshot
from merit_positions.common.constraints import CONSTRAINTS
from merit_positions.common.models import audit_log
from merit_positions.db_base import job_runs
from merit_positions.employees.queries import default_bup
from merit_positions.rules import acting_end, acting_expired, acting_expiring, retirement_due
from merit_positions.scheduling.models import RetirementBlock
from merit_positions.transfers import service as transfers
from merit_shared import clock, db_errors
from merit_shared.api import Sort
from merit_shared.audit import defer_writes, deferred_writes, record
from merit_shared.errors import DomainError
from merit_shared.scheduler import SYSTEM, Job, JobOutcome, Scheduler, list_runs
from merit_shared.settings import Settings

IN_SERVICE = ("active", "leave", "study")  # still employed: reaching BUP retires them


def _problem(exc: DomainError) -> dict[str, Any]:
    return {"code": exc.code, "message_id": exc.message_id, "message_en": exc.message_en}


async def _guarded(session: AsyncSession, work: Any) -> DomainError | None:
    """Run ``work()`` in a savepoint; a domain refusal (or a constraint's, mapped) rolls back only that item.

    The session is emptied after each item (everything is flushed by then): a run touches thousands of rows, and
    a growing identity map makes every later flush slower.
    """
    buffer = deferred_writes(session)
    mark = buffer.mark() if buffer is not None else 0
    savepoint = await session.begin_nested()
    try:
        await work()
        await savepoint.commit()
        return None
    except IntegrityError as exc:
        await savepoint.rollback()
        if buffer is not None:
            buffer.discard(mark)
        mapped = db_errors.as_domain_error(exc, CONSTRAINTS)
        if mapped is None:
            raise
        return mapped
    except DomainError as exc:
        await savepoint.rollback()
        if buffer is not None:
            buffer.discard(mark)
        return exc
    finally:
        session.expunge_all()


def batched(job: Job) -> Job:
    """The job's audit entries and feed events are buffered and written together at its end (one INSERT per table,
    same transaction as its changes; an item rolled back to its savepoint drops its own, see ``_guarded``)."""
    @functools.wraps(job)
    async def run(session: AsyncSession, agency_id: uuid.UUID, day: date) -> JobOutcome:
        async with defer_writes(session):
            return await job(session, agency_id, day)
    return run


@batched
async def retire_at_bup(session: AsyncSession, agency_id: uuid.UUID, day: date) -> JobOutcome:
    """People in service whose retirement date (BUP of their job, PP 11/2017 batas usia pensiun) has come by ``day``: status
    retired, every assignment in force ended the day before the retirement date (end_reason retirement), one
    ``employee_retired`` event."""
    out = JobOutcome()
    policy = await load_policy(session, agency_id)
    # Candidates: the BUP has been reached (a superset of who is due); the rule decides.
    rows = (await session.execute(sa.text("""
        SELECT e.id, e.birth_date, coalesce(j.bup, :bup) AS bup
        FROM employees e
        LEFT JOIN assignments a ON a.employee_id = e.id AND a.kind = 'definitive' AND a.tmt_start <= :d
             AND (a.tmt_end IS NULL OR a.tmt_end >= :d)
        LEFT JOIN positions p ON p.id = a.position_id LEFT JOIN jobs j ON j.id = p.job_id
        WHERE e.agency_id = :a AND e.status = ANY(:statuses)
          AND e.birth_date + make_interval(years => coalesce(j.bup, :bup)) <= :d
        ORDER BY e.id"""), {"a": agency_id, "d": day, "bup": default_bup(policy), "statuses": list(IN_SERVICE)})).all()
    due_rows = [(r, due) for r in rows if (due := retirement_due(r.birth_date, r.bup, day)) is not None]
    reported = {b.employee_id: b.fingerprint for b in (await session.scalars(sa.select(RetirementBlock).where(
        RetirementBlock.agency_id == agency_id))).all()}
    failing: dict[uuid.UUID, tuple[date, DomainError]] = {}
    # People whom an assignment starting after their last day keeps from retiring: reported without trying.
    blocked = await assignments.blocking_starts(session, {r.id: due - timedelta(days=1) for r, due in due_rows})
    for r, due in due_rows:
        if r.id in blocked:
            failing[r.id] = (due, blocked[r.id])
            continue

        async def retire(emp_id: uuid.UUID = r.id, due: date = due, bup: int = r.bup) -> None:
            last_day = due - timedelta(days=1)
            # Lock order of every writer: positions, then the employee.
            await assignments.lock_positions(session, {a.position_id for a in await assignments.open_assignments(
                session, emp_id, last_day)})
            emp = await assignments.lock_employee(session, agency_id, emp_id)
            if emp.status not in IN_SERVICE:
                return
            await assignments.end_for_status(session, SYSTEM, emp, "retired", last_day)
            before = snapshot(emp)
            emp.status, emp.version, emp.updated_at = "retired", emp.version + 1, clock.utcnow()
            await session.flush()
            await record(session, audit_log, SYSTEM, action="employee.retire", entity="employee", entity_id=emp.id,
                         before=before, after=snapshot(emp), agency_id=agency_id)
            await publish(session, SYSTEM, "employee_retired", agency_id, emp.id, {
                "employee_id": emp.id, "nip": emp.nip, "retirement_date": due, "bup": bup, "last_day": last_day})
            out.add("retired")

        if (err := await _guarded(session, retire)) is not None:
            failing[r.id] = (due, err)
    await _report_blocked(session, agency_id, day, failing, reported, out)
    return out


def _fingerprint(due: date, err: DomainError) -> str:
    return hashlib.sha256(f"{err.code}|{err.message_en}|{due.isoformat()}".encode()).hexdigest()[:32]


async def _report_blocked(session: AsyncSession, agency_id: uuid.UUID, day: date,
                          failing: dict[uuid.UUID, tuple[date, DomainError]], reported: dict[uuid.UUID, str],
                          out: JobOutcome) -> None:
    """A retirement that cannot be applied is a problem of the run once, then again only when its reason changes
    (another blocking assignment, a new retirement date): an admin reads a new problem, not the same list every
    day. The ones left unreported are counted (``still_blocked``). One that no longer fails is forgotten, so a
    later failure is new again."""
    for emp_id, (due, err) in failing.items():
        fingerprint = _fingerprint(due, err)
        if reported.get(emp_id) == fingerprint:
            out.add("still_blocked")
            continue
        out.problem(employee_id=emp_id, retirement_date=due, **_problem(err))
        values = dict(agency_id=agency_id, retirement_date=due, fingerprint=fingerprint, code=err.code,
                      reported_on=day, reported_at=clock.utcnow())
        await session.execute(insert(RetirementBlock).values(employee_id=emp_id, **values)
                              .on_conflict_do_update(index_elements=["employee_id"], set_=values))
    gone = set(reported) - set(failing)
    if gone:
        await session.execute(sa.delete(RetirementBlock).where(RetirementBlock.employee_id.in_(gone)))


@batched
async def apply_due_actions(session: AsyncSession, agency_id: uuid.UUID, day: date) -> JobOutcome:
    """Approved personnel actions whose TMT has come: applied as an admin would; one that no longer fits becomes
    ``apply_failed`` with the reason kept on it (an admin fixes it and applies, or cancels)."""
    out = JobOutcome()
    ids = (await session.scalars(sa.select(PersonnelAction.id).where(
        PersonnelAction.agency_id == agency_id, PersonnelAction.status == "approved", PersonnelAction.tmt <= day)
        .order_by(PersonnelAction.tmt, PersonnelAction.created_at, PersonnelAction.id))).all()
    for action_id in ids:
        async def run(action_id: uuid.UUID = action_id) -> None:
            action = await _lock_action(session, action_id)
            if action is not None and action.status == "approved":
                await actions.apply(session, SYSTEM, action)
                out.add("applied")

        if (err := await _guarded(session, run)) is None:
            continue
        action = await _lock_action(session, action_id)
        assert action is not None
        await actions.mark_apply_failed(session, SYSTEM, action, {**_problem(err), "run_date": day.isoformat(),
                                                                  "details": err.extra})
        out.add("failed")
        out.problem(personnel_action_id=action_id, **_problem(err))
    return out


async def _lock_action(session: AsyncSession, action_id: uuid.UUID) -> PersonnelAction | None:
    return await session.scalar(sa.select(PersonnelAction).where(PersonnelAction.id == action_id).with_for_update()
                                .execution_options(populate_existing=True))


@batched
async def end_acting(session: AsyncSession, agency_id: uuid.UUID, day: date) -> JobOutcome:
    """Plt/Plh assignments: those past their last day end (end_reason acting_ended, ``assignment_ended``); those
    ending within ``acting_expiry_warning_days`` are announced once (``acting_expiring``)."""
    out = JobOutcome()
    policy = await load_policy(session, agency_id)
    horizon = day + timedelta(days=policy.acting_expiry_warning_days)
    rows = (await session.execute(sa.select(
        Assignment.id, Assignment.employee_id, Assignment.position_id, Assignment.kind, Assignment.tmt_start,
        Assignment.tmt_end, Assignment.expiry_flagged_on).where(
        Assignment.agency_id == agency_id, Assignment.kind != "definitive", Assignment.end_reason.is_(None),
        sa.or_(Assignment.tmt_end.is_(None), Assignment.tmt_end <= horizon))
        .order_by(Assignment.position_id, Assignment.id))).all()
    expired, expiring = [], []
    for a in rows:
        last_day = a.tmt_end or acting_end(a.tmt_start, policy)  # acting given before ends were set
        if acting_expired(last_day, day):
            expired.append((a, last_day))
        elif acting_expiring(last_day, day, policy) and a.expiry_flagged_on is None:
            expiring.append((a, last_day))
    if expired and not await _end_all(session, expired, out):
        for a, last_day in expired:  # a refusal in the batch: one by one, each in its savepoint
            async def finish(a: Any = a, last_day: date = last_day) -> None:
                await assignments.lock_positions(session, {a.position_id})
                cur = await assignments.get_locked(session, a.id)
                if cur.end_reason is None:
                    await assignments.end_assignment(session, SYSTEM, cur, last_day, "acting_ended")
                    out.add("acting_ended")

            if (err := await _guarded(session, finish)) is not None:
                out.problem(assignment_id=a.id, **_problem(err))
    if expiring:
        # Announced once: one set-based update; the rows another run flagged meanwhile are not returned.
        flagged = set((await session.scalars(sa.update(Assignment).where(
            Assignment.id.in_([a.id for a, _ in expiring]), Assignment.expiry_flagged_on.is_(None))
            .values(expiry_flagged_on=day).returning(Assignment.id))).all())
        for a, last_day in expiring:
            if a.id not in flagged:
                continue
            await record(session, audit_log, SYSTEM, action="assignment.acting_expiring", entity="assignment",
                         entity_id=a.id, before=None, after={"tmt_end": last_day, "flagged_on": day},
                         agency_id=agency_id)
            await publish(session, SYSTEM, "acting_expiring", agency_id, a.id, {
                "assignment_id": a.id, "employee_id": a.employee_id, "position_id": a.position_id, "kind": a.kind,
                "tmt_end": last_day, "days_left": (last_day - day).days})
            out.add("acting_flagged")
    return out


@batched
async def apply_transfers(session: AsyncSession, agency_id: uuid.UUID, day: date) -> JobOutcome:
    """Transfers into the agency accepted with a TMT that has come (the destination's calendar: the day the person
    starts serving there) take effect, once each: the transfer row is locked and must still be SCHEDULED. One that
    no longer fits (the origin's record no longer serving, an assignment there from the TMT on) stays SCHEDULED
    and is reported each day until the origin fixes it or the destination revokes."""
    out = JobOutcome()
    for transfer_id in await transfers.due(session, agency_id, day):
        async def run(transfer_id: uuid.UUID = transfer_id) -> None:
            t = await transfers.lock(session, transfer_id)
            if t is not None and await transfers.apply_due(session, SYSTEM, t):
                out.add("transferred")

        if (err := await _guarded(session, run)) is not None:
            out.problem(transfer_id=transfer_id, **_problem(err))
    return out


async def _end_all(session: AsyncSession, expired: list[tuple[Any, date]], out: JobOutcome) -> bool:
    """End every expired acting assignment in one savepoint: their positions locked in one statement (the lock
    order of every writer), the assignments read under the lock in one, the changes flushed together. Each is
    ended by ``assignments.end_assignment`` (its checks, audit entry and event); one it refuses is reported and
    left. False (nothing kept) when the database refuses the batch: the caller then goes one by one."""
    buffer = deferred_writes(session)
    mark = buffer.mark() if buffer is not None else 0
    ended, refused = 0, []
    savepoint = await session.begin_nested()
    try:
        await assignments.lock_positions(session, {a.position_id for a, _ in expired})
        current = {c.id: c for c in (await session.scalars(
            sa.select(Assignment).where(Assignment.id.in_([a.id for a, _ in expired])).order_by(Assignment.id)
            .with_for_update().execution_options(populate_existing=True))).all()}
        for a, last_day in expired:
            cur = current.get(a.id)
            if cur is None or cur.end_reason is not None:
                continue
            try:
                await assignments.end_assignment(session, SYSTEM, cur, last_day, "acting_ended", flush=False)
                ended += 1
            except DomainError as exc:  # refused before any change to it
                refused.append({"assignment_id": a.id, **_problem(exc)})
        await session.flush()
        await savepoint.commit()
    except IntegrityError:
        await savepoint.rollback()
        if buffer is not None:
            buffer.discard(mark)
        return False
    finally:
        session.expunge_all()
    if ended:
        out.add("acting_ended", ended)
    for item in refused:
        out.problem(**item)
    return True


# Run in this order each day: a retirement frees a seat before the day's moves; a person transferred in serves
# before the agency's personnel actions of the day; acting ends last.
JOBS = {"retire_at_bup": retire_at_bup, "apply_transfers": apply_transfers,
        "apply_personnel_actions": apply_due_actions, "end_acting": end_acting}


async def agency_ids(session: AsyncSession) -> list[uuid.UUID]:
    return list((await session.scalars(sa.select(Agency.id).order_by(Agency.id))).all())


def build_scheduler(app: FastAPI, settings: Settings) -> Scheduler:
    return Scheduler(app.state.db, job_runs, audit_log, JOBS, agency_ids, settings.scheduler_interval_seconds,
                     settings.scheduler_max_catch_up_days)


async def runs(session: AsyncSession, agency_id: uuid.UUID, job: str | None, limit: int, offset: int, *,
               sort: Sort | None = None) -> tuple[int, list[dict[str, Any]]]:
    return await list_runs(session, job_runs, agency_id, job, limit, offset, sort=sort)


"""Onboarding imports: jobs, current and past assignments, rank and education histories from spreadsheets.

Each row is written by the same service function as the one-at-a-time route (``create_job``, ``appoint``,
``add_rank``, ``add_education``), so an imported row passes exactly the rules a typed one does. Rows are keyed by
NIP and codes of the caller's agency only (another agency's NIP or code is an unknown one). Everything runs in a
savepoint: any bad row, or ``dry_run``, rolls the whole file back and the caller gets every line's error at once.
A re-run is harmless: a row already on record (same person, seat, kind and TMT; same TMT and rank; same level)
counts as unchanged.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.assignments.models import Assignment
from merit_positions.assignments.schemas import AssignmentCreate
from merit_positions.assignments.service import INACTIVE, appoint, flush_mapped
from merit_positions.common.errors import (
    EMPLOYEE_HAS_DEFINITIVE,
    EMPLOYEE_NOT_ACTIVE,
    EMPLOYEE_PAST_RETIREMENT,
    POSITION_ABOLISHED,
    RANK_BEFORE_BIRTH,
    RANK_BEFORE_CPNS,
    RANK_BELOW_MINIMUM,
    RANK_TMT_TAKEN,
    SEAT_FILLED,
    TMT_BEFORE_POSITION,
)
from merit_positions.common.models import audit_log
from merit_positions.common.models import events as feed
from merit_positions.employees.models import Employee, EmployeeEducation, EmployeeRank
from merit_positions.employees.schemas import EducationIn, RankIn
from merit_positions.employees.service import add_education, parse_golongan
from merit_positions.jobs.models import Job
from merit_positions.jobs.schemas import JobCreate
from merit_positions.jobs.service import create_job
from merit_positions.rules import (
    CheckStatus,
    Rank,
    RankChangeReason,
    check_rank,
    check_rank_order,
    overfilled,
    parse_pppk_golongan,
    parse_rank,
    retirement_date,
    vacancy,
)
from merit_positions.seats.models import Position
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.errors import DomainError
from merit_shared.events import emit_rows, event_row
from merit_shared.tabular import LineErrors, Rows

# Which column a service function's field names: its body fields are the row's columns, ids are looked up by key.
_FIELD_COLUMN = {"employee_id": "nip", "position_id": "position_code"}


def _column(exc: DomainError, default: str) -> str:
    if not exc.field:
        return default
    name = exc.field.rsplit(".", 1)[-1]
    return _FIELD_COLUMN.get(name, name)


def _clean(row: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: row[k] for k in keys if row.get(k) not in (None, "")}


def _body(err: LineErrors, line: int, model: type[BaseModel], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err.add_validation(line, exc, _FIELD_COLUMN)
    except DomainError as exc:  # a model validator's own rule (e.g. the SK dated after the TMT)
        err.add_error(line, _column(exc, "row"), exc)
    return None


async def _employees(session: AsyncSession, agency_id: uuid.UUID, rows: Rows) -> dict[str, Employee]:
    nips = {str(r.get("nip") or "").replace(" ", "") for _, r in rows} - {""}
    found = (await session.scalars(sa.select(Employee).where(Employee.agency_id == agency_id,
                                                             Employee.nip.in_(nips)))).all()
    return {e.nip: e for e in found}


def _employee(err: LineErrors, line: int, row: dict[str, Any], by_nip: dict[str, Employee]) -> Employee | None:
    nip = str(row.get("nip") or "").replace(" ", "")
    if not nip:
        err.add(line, "nip", "missing", "Kolom nip wajib diisi.", "Column nip is required.")
        return None
    emp = by_nip.get(nip)
    if emp is None:
        err.add(line, "nip", "employee_unknown", f"Pegawai dengan NIP {nip} tidak ada di instansi ini.",
                f"No employee with NIP {nip} in this agency.")
    return emp


async def _write(err: LineErrors, line: int, column: str, call: Awaitable[Any]) -> bool:
    try:
        await call
    except DomainError as exc:
        err.add_error(line, _column(exc, column), exc)
        return False
    return True


async def _finish(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, kind: str, rows: Rows,
                  err: LineErrors, savepoint: Any, dry_run: bool, created: int, unchanged: int) -> dict[str, Any]:
    if err.items or dry_run:
        await savepoint.rollback()
        err.raise_if_any(len(rows))
    else:
        await savepoint.commit()
        await record(session, audit_log, principal, action=f"import.{kind.replace('-', '_')}", entity="import",
                     entity_id=agency_id, before=None, after={"rows": len(rows), "created": created},
                     agency_id=agency_id)
    return {"kind": kind, "rows": len(rows), "created": created, "updated": 0, "unchanged": unchanged,
            "dry_run": dry_run}


# Core inserts (no ORM bookkeeping per row) for the bulk writes.
_TABLES: dict[str, sa.Table] = {m.__name__: cast(sa.Table, m.__table__) for m in (Assignment, EmployeeRank)}


# --- jobs ------------------------------------------------------------------------------------

JOB_KEYS = ("code", "name", "kind", "jenjang", "kelas_jabatan", "min_education", "min_rank", "bup")


async def import_jobs(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, rows: Rows,
                      dry_run: bool) -> dict[str, Any]:
    err = LineErrors()
    have = {c.lower() for c in (await session.scalars(sa.select(Job.code).where(
        Job.agency_id == agency_id, Job.code.is_not(None)))).all() if c}
    created = unchanged = 0
    savepoint = await session.begin_nested()
    seen: dict[str, int] = {}
    for line, row in rows:
        code = str(row.get("code") or "")
        if code.lower() in seen:
            err.add(line, "code", "duplicate", f"code '{code}' sudah muncul di baris {seen[code.lower()]}.",
                    f"code '{code}' already appears on line {seen[code.lower()]}.")
            continue
        seen[code.lower()] = line
        if code and code.lower() in have:
            unchanged += 1
            continue
        data = _clean(row, JOB_KEYS)
        for k in ("kind", "jenjang", "min_education"):
            if k in data:
                data[k] = str(data[k]).upper()
        body = _body(err, line, JobCreate, data)
        if body is not None and await _write(err, line, "code", create_job(session, principal, agency_id, body)):
            created += 1
    return await _finish(session, principal, agency_id, "jobs", rows, err, savepoint, dry_run, created, unchanged)


# --- assignments -----------------------------------------------------------------------------

ASSIGNMENT_KEYS = ("kind", "tmt_start", "tmt_end", "sk_number", "sk_date", "reason", "rank_override_reason")


@dataclass
class _Seat:
    id: uuid.UUID
    unit_id: uuid.UUID
    name: str
    valid_from: date
    abolished_on: date | None
    required: int
    managerial: bool
    bup: int
    min_rank: str | None


def _overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    return a_start <= (b_end or date.max) and b_start <= (a_end or date.max)


def _peak(spans: list[tuple[date, date | None]], start: date, end: date | None) -> int:
    """Largest number of spans covering one date of [start, end] (the peak is at some start date)."""
    inside = [s for s in spans if _overlap(s[0], s[1], start, end)]
    points = {start} | {s[0] for s in inside if s[0] >= start}
    return max((sum(1 for s in inside if s[0] <= p and (s[1] is None or s[1] >= p)) for p in points), default=0)


def _rank_on(history: list[tuple[date, str, str]], on: date) -> Any:
    held = [h for h in history if h[0] <= on]
    if not held:
        return None
    _, scheme, golongan = max(held)
    return parse_pppk_golongan(golongan) if scheme == "PPPK" else parse_rank(golongan)


def _appointment_error(emp: Employee, seat: _Seat, body: AssignmentCreate, held: list[tuple[date, date | None]],
                       filled: list[tuple[date, date | None]], rc: Any) -> tuple[str, DomainError] | None:
    """The checks of ``assignments.service.appoint`` for a definitive seat, on the file and the registry in memory
    (same rules, same error codes); None when the row may be written."""
    if seat.abolished_on is not None and seat.abolished_on <= body.tmt_start:
        return "position_code", POSITION_ABOLISHED.error(abolished_on=seat.abolished_on, name=seat.name)
    if body.tmt_start < seat.valid_from:
        return "tmt_start", TMT_BEFORE_POSITION.error(field="body.tmt_start", name=seat.name,
                                                      valid_from=seat.valid_from)
    if emp.status in INACTIVE:
        return "nip", EMPLOYEE_NOT_ACTIVE.error(status=emp.status)
    retires = retirement_date(emp.birth_date, seat.bup)
    if body.tmt_start >= retires:  # PP 11/2017 batas usia pensiun: no seat starts on or after retirement
        return "tmt_start", EMPLOYEE_PAST_RETIREMENT.error(bup=seat.bup, name=seat.name, retires=retires,
                                                           tmt_start=body.tmt_start)
    if any(_overlap(s, e, body.tmt_start, body.tmt_end) for s, e in held):
        return "nip", EMPLOYEE_HAS_DEFINITIVE.error()
    if overfilled(seat.required, _peak(filled, body.tmt_start, body.tmt_end) + 1):
        return "position_code", SEAT_FILLED.error()
    if rc.status in (CheckStatus.FAILED, CheckStatus.UNKNOWN) and rc.required is not None and \
            not body.rank_override_reason:
        return "rank_override_reason", RANK_BELOW_MINIMUM.error(name=seat.name, reason_en=rc.reason_en,
                                                                reason_id=rc.reason_id, required=rc.required)
    return None


async def import_assignments(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, rows: Rows,
                             dry_run: bool) -> dict[str, Any]:
    """Definitive seats are checked in memory against the registry and the rest of the file, in TMT order (a
    person's past seats before the current one), by the rules ``appoint`` applies, then written in bulk; a
    Plt/Plh row goes through ``appoint`` itself (its checks read the holders' status and acting seats)."""
    err = LineErrors()
    by_nip = await _employees(session, agency_id, rows)
    seats = {c.lower(): _Seat(pid, uid, name, vf, ab, req, man, bup, mr) for pid, c, uid, name, vf, ab, req, man, bup, mr
             in (await session.execute(sa.select(
                 Position.id, Position.code, Position.unit_id, Position.name, Position.valid_from,
                 Position.abolished_on, Position.required_seats, Position.is_managerial, Job.bup, Job.min_rank)
                 .join(Job, Job.id == Position.job_id).where(Position.agency_id == agency_id))).all() if c}
    emp_ids = [e.id for e in by_nip.values()]
    on_record = (await session.execute(sa.select(
        Assignment.employee_id, Assignment.position_id, Assignment.kind, Assignment.tmt_start, Assignment.tmt_end)
        .where(Assignment.agency_id == agency_id, Assignment.kind == "definitive"))).all()
    existing = {(r.employee_id, r.position_id, r.tmt_start) for r in on_record}
    held: dict[uuid.UUID, list[tuple[date, date | None]]] = defaultdict(list)
    filled: dict[uuid.UUID, list[tuple[date, date | None]]] = defaultdict(list)
    for r in on_record:
        held[r.employee_id].append((r.tmt_start, r.tmt_end))
        filled[r.position_id].append((r.tmt_start, r.tmt_end))
    acting_on_record = {(r.employee_id, r.position_id, r.kind, r.tmt_start) for r in (await session.execute(sa.select(
        Assignment.employee_id, Assignment.position_id, Assignment.kind, Assignment.tmt_start).where(
        Assignment.agency_id == agency_id, Assignment.kind != "definitive",
        Assignment.employee_id.in_(emp_ids)))).all()}
    history: dict[uuid.UUID, list[tuple[date, str, str]]] = defaultdict(list)
    for eid, tmt, scheme, golongan in (await session.execute(sa.select(
            EmployeeRank.employee_id, EmployeeRank.tmt, EmployeeRank.scheme, EmployeeRank.golongan).where(
            EmployeeRank.agency_id == agency_id))).all():
        history[eid].append((tmt, scheme, golongan))
    todo: list[tuple[date, int, Employee, _Seat, AssignmentCreate]] = []
    unchanged = 0
    for line, row in rows:
        emp = _employee(err, line, row, by_nip)
        code = str(row.get("position_code") or "")
        seat = seats.get(code.lower())
        if seat is None:
            err.add(line, "position_code", "position_unknown", f"Jabatan dengan kode '{code}' tidak ada di instansi "
                    "ini.", f"No position with code '{code}' in this agency.")
        data = _clean(row, ASSIGNMENT_KEYS)
        data.setdefault("reason", "initial")
        for k in ("kind", "reason"):
            if k in data:
                data[k] = str(data[k]).lower()
        body = _body(err, line, AssignmentCreate, {"employee_id": str(emp.id if emp else uuid.UUID(int=0)),
                                                    "position_id": str(seat.id if seat else uuid.UUID(int=0)), **data})
        if body is None or emp is None or seat is None:
            continue
        key = (emp.id, seat.id, body.tmt_start)
        if key in existing if body.kind.value == "definitive" else (*key[:2], body.kind.value, key[2]) in \
                acting_on_record:
            unchanged += 1
            continue
        todo.append((body.tmt_start, line, emp, seat, body))
    todo.sort(key=lambda t: (t[0], t[1]))
    new: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    overrides: list[dict[str, Any]] = []
    for _, line, emp, seat, body in todo:
        if body.kind.value != "definitive":
            continue
        rc = check_rank(_rank_on(history[emp.id], body.tmt_start), parse_rank(seat.min_rank) if seat.min_rank
                        else None)
        refused = _appointment_error(emp, seat, body, held[emp.id], filled[seat.id], rc)
        if refused is not None:
            err.add_error(line, refused[0], refused[1])
            continue
        span = (body.tmt_start, body.tmt_end)
        held[emp.id].append(span)
        filled[seat.id].append(span)
        aid = uuid.uuid4()
        override = rc.status in (CheckStatus.FAILED, CheckStatus.UNKNOWN) and rc.required is not None
        new.append({"id": aid, "agency_id": agency_id, "employee_id": emp.id, "position_id": seat.id,
                    "kind": "definitive", "is_managerial": seat.managerial, "tmt_start": body.tmt_start,
                    "tmt_end": body.tmt_end, "sk_number": body.sk_number, "sk_date": body.sk_date,
                    "reason": body.reason.value, "rank_override_reason": body.rank_override_reason if override
                    else None, "personnel_action_id": None, "version": 1})
        if override:
            overrides.append({"assignment_id": str(aid), "rank": rc.value, "minimum": rc.required,
                              "reason": body.rank_override_reason})
        holders = sum(1 for s in filled[seat.id] if s[0] <= body.tmt_start and (s[1] is None or s[1] >= body.tmt_start))
        events.append(event_row(feed, type="assignment_started", agency_id=agency_id, actor=principal, record=aid,
                                data={"assignment_id": aid, "employee_id": emp.id, "nip": emp.nip,
                                      "position_id": seat.id, "unit_id": seat.unit_id, "kind": "definitive",
                                      "tmt_start": body.tmt_start, "tmt_end": body.tmt_end,
                                      "reason": body.reason.value}))
        events.append(event_row(feed, type="position_filled", agency_id=agency_id, actor=principal, record=seat.id,
                                data={"position_id": seat.id, "unit_id": seat.unit_id, "employee_id": emp.id,
                                      "filled_from": body.tmt_start, "required_seats": seat.required,
                                      "filled": holders, "vacant": vacancy(seat.required, holders)}))
    savepoint = await session.begin_nested()
    created = len(new)
    if not err.items:
        for i, chunk in enumerate(_chunks(new[:200], 200) + _chunks(new[200:], 2000)):
            await session.execute(_TABLES['Assignment'].insert(), chunk)
            if i == 0 and len(new) > 200:
                # The seat trigger's cached plan was made for the table as it was (at onboarding: empty, so a
                # sequential scan per row); fresh statistics re-plan it, including this file's rows so far.
                await session.execute(sa.text("ANALYZE assignments"))
        await emit_rows(session, feed, events)
        try:
            await flush_mapped(session)
        except DomainError as exc:  # the database constraints, the last line of defence
            err.add(0, "file", exc.code, exc.message_id, exc.message_en)
        for _, line, _emp, _seat, body in todo:
            if body.kind.value != "definitive" and not err.items and await _write(
                    err, line, "row", appoint(session, principal, agency_id, body)):
                created += 1
    if overrides and not err.items and not dry_run:
        await record(session, audit_log, principal, action="import.assignments.rank_override", entity="import",
                     entity_id=agency_id, before=None, after={"overrides": overrides}, agency_id=agency_id)
    return await _finish(session, principal, agency_id, "assignments", rows, err, savepoint, dry_run, created,
                         unchanged)


def _chunks(items: list[Any], n: int) -> list[list[Any]]:
    return [items[i:i + n] for i in range(0, len(items), n)]


# --- rank history ----------------------------------------------------------------------------

RANK_KEYS = ("golongan", "tmt", "sk_number", "sk_date", "reason", "reason_note")


async def import_ranks(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, rows: Rows,
                       dry_run: bool) -> dict[str, Any]:
    """The checks of ``employees.service.add_rank`` on each person's whole history (registry and file merged):
    not before the TMT CPNS nor the birth date, one rank per TMT, and each PNS rank one step above the one before
    it unless a reason explains it (PP 99/2000), whatever the file's order; then one bulk write. Only a rank newer
    than any on record is announced (``rank_changed``), once per person."""
    err = LineErrors()
    by_nip = await _employees(session, agency_id, rows)
    history: dict[uuid.UUID, dict[date, tuple[str, str, int | None, int]]] = defaultdict(dict)
    for eid, tmt, scheme, golongan, code in (await session.execute(sa.select(
            EmployeeRank.employee_id, EmployeeRank.tmt, EmployeeRank.scheme, EmployeeRank.golongan,
            EmployeeRank.rank_code).where(EmployeeRank.agency_id == agency_id))).all():
        history[eid][tmt] = (scheme, golongan, code, 0)
    latest_on_record = {eid: max(h) for eid, h in history.items()}
    new: dict[tuple[uuid.UUID, date], tuple[int, Employee, RankIn, str, str, int]] = {}
    unchanged = 0
    for line, row in rows:
        emp = _employee(err, line, row, by_nip)
        data = _clean(row, RANK_KEYS)
        if "reason" in data:
            data["reason"] = str(data["reason"]).upper()
        body = _body(err, line, RankIn, data)
        if body is None or emp is None:
            continue
        try:
            scheme, label, code = parse_golongan(emp.employment_type, body.golongan, "golongan")
        except DomainError as exc:
            err.add_error(line, "golongan", exc)
            continue
        if emp.tmt_cpns is not None and body.tmt < emp.tmt_cpns:
            err.add_error(line, "tmt", RANK_BEFORE_CPNS.error(tmt=body.tmt, tmt_cpns=emp.tmt_cpns))
            continue
        if body.tmt < emp.birth_date:
            err.add_error(line, "tmt", RANK_BEFORE_BIRTH.error())
            continue
        known = history[emp.id].get(body.tmt)
        if known is not None and known[3] == 0:
            if known[1] == label:
                unchanged += 1
            else:
                err.add_error(line, "tmt", RANK_TMT_TAKEN.error())
            continue
        if known is not None:
            err.add_error(line, "tmt", RANK_TMT_TAKEN.error())
            continue
        history[emp.id][body.tmt] = (scheme, label, code, line)
        new[(emp.id, body.tmt)] = (line, emp, body, scheme, label, code)
    for eid, ranks in history.items():
        pns = sorted((tmt, v) for tmt, v in ranks.items() if v[0] == "PNS")
        for i, (tmt, (_, _, at, line)) in enumerate(pns):
            if line == 0 or at is None:
                continue
            prev_code = pns[i - 1][1][2] if i > 0 else None
            # as if applied oldest first: a later rank of the same file is judged against this one, not twice
            next_code = pns[i + 1][1][2] if i + 1 < len(pns) and pns[i + 1][1][3] == 0 else None
            body = new[(eid, tmt)][2]
            try:
                check_rank_order(Rank(prev_code) if prev_code else None, parse_rank(at),
                                 Rank(next_code) if next_code else None,
                                 RankChangeReason(body.reason.value) if body.reason else None)
            except DomainError as exc:
                err.add_error(line, "reason", exc)
    savepoint = await session.begin_nested()
    if not err.items:
        values = [{"id": uuid.uuid4(), "agency_id": agency_id, "employee_id": emp.id, "scheme": scheme,
                   "golongan": label, "rank_code": code, "tmt": body.tmt, "sk_number": body.sk_number,
                   "sk_date": body.sk_date, "reason": body.reason.value if body.reason else None,
                   "reason_note": body.reason_note} for _, emp, body, scheme, label, code in new.values()]
        for chunk in _chunks(values, 2000):
            await session.execute(_TABLES['EmployeeRank'].insert(), chunk)
        events = []
        newest: dict[uuid.UUID, tuple[date, Employee, RankIn, str]] = {}
        for (eid, tmt), (_, emp, body, _, label, _) in new.items():
            if tmt > latest_on_record.get(eid, date.min) and (eid not in newest or tmt > newest[eid][0]):
                newest[eid] = (tmt, emp, body, label)
        for eid, (tmt, emp, body, label) in newest.items():
            previous = max(((t, v) for t, v in history[eid].items() if t < tmt), default=None)
            events.append(event_row(feed, type="rank_changed", agency_id=agency_id, actor=principal, record=eid,
                                    data={"employee_id": eid, "nip": emp.nip, "golongan": label, "tmt": tmt,
                                          "previous_golongan": previous[1][1] if previous else None,
                                          "sk_number": body.sk_number}))
        await emit_rows(session, feed, events)
    return await _finish(session, principal, agency_id, "ranks", rows, err, savepoint, dry_run, len(new),
                         unchanged)


# --- education history -----------------------------------------------------------------------

EDUCATION_KEYS = ("level", "major", "institution", "graduated_on")


async def import_educations(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, rows: Rows,
                            dry_run: bool) -> dict[str, Any]:
    err = LineErrors()
    by_nip = await _employees(session, agency_id, rows)
    have = {(r[0], r[1]) for r in (await session.execute(sa.select(
        EmployeeEducation.employee_id, EmployeeEducation.level).where(
        EmployeeEducation.agency_id == agency_id,
        EmployeeEducation.employee_id.in_([e.id for e in by_nip.values()])))).all()}
    savepoint = await session.begin_nested()
    created = unchanged = 0
    for line, row in rows:
        emp = _employee(err, line, row, by_nip)
        data = _clean(row, EDUCATION_KEYS)
        if "level" in data:
            data["level"] = str(data["level"]).upper()
        body = _body(err, line, EducationIn, data)
        if body is None or emp is None:
            continue
        if (emp.id, body.level.value) in have:
            unchanged += 1
            continue
        have.add((emp.id, body.level.value))
        if not err.items and await _write(err, line, "row", add_education(session, principal, emp, body)):
            created += 1
    return await _finish(session, principal, agency_id, "educations", rows, err, savepoint, dry_run, created,
                         unchanged)

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
from collections.abc import Awaitable
from datetime import date
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.assignments.models import Assignment
from merit_positions.assignments.schemas import AssignmentCreate
from merit_positions.assignments.service import appoint
from merit_positions.common.models import audit_log
from merit_positions.employees.models import Employee, EmployeeEducation, EmployeeRank
from merit_positions.employees.schemas import EducationIn, RankIn
from merit_positions.employees.service import add_education, add_rank, parse_golongan
from merit_positions.jobs.models import Job
from merit_positions.jobs.schemas import JobCreate
from merit_positions.jobs.service import create_job
from merit_positions.seats.models import Position
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.errors import DomainError
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


async def import_assignments(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, rows: Rows,
                             dry_run: bool) -> dict[str, Any]:
    """Rows are applied in TMT order (a person's past seats before the current one), whatever the file's order."""
    err = LineErrors()
    by_nip = await _employees(session, agency_id, rows)
    positions = {c.lower(): (pid, vf) for pid, c, vf in (await session.execute(sa.select(
        Position.id, Position.code, Position.valid_from).where(Position.agency_id == agency_id))).all() if c}
    existing = {(r.employee_id, r.position_id, r.kind, r.tmt_start) for r in (await session.execute(sa.select(
        Assignment.employee_id, Assignment.position_id, Assignment.kind, Assignment.tmt_start).where(
        Assignment.agency_id == agency_id, Assignment.employee_id.in_([e.id for e in by_nip.values()])))).all()}
    todo: list[tuple[date, int, AssignmentCreate]] = []
    unchanged = 0
    for line, row in rows:
        emp = _employee(err, line, row, by_nip)
        code = str(row.get("position_code") or "")
        pos = positions.get(code.lower())
        if pos is None:
            err.add(line, "position_code", "position_unknown", f"Jabatan dengan kode '{code}' tidak ada di instansi "
                    "ini.", f"No position with code '{code}' in this agency.")
        data = _clean(row, ASSIGNMENT_KEYS)
        data.setdefault("reason", "initial")
        for k in ("kind", "reason"):
            if k in data:
                data[k] = str(data[k]).lower()
        body = _body(err, line, AssignmentCreate, {"employee_id": str(emp.id if emp else uuid.UUID(int=0)),
                                                    "position_id": str(pos[0] if pos else uuid.UUID(int=0)), **data})
        if body is None or emp is None or pos is None:
            continue
        if (emp.id, pos[0], body.kind.value, body.tmt_start) in existing:
            unchanged += 1
            continue
        todo.append((body.tmt_start, line, body))
    created = 0
    savepoint = await session.begin_nested()
    if not err.items:  # the writes see each other: a seat's earlier rows must all be valid for a later row's check
        for _, line, body in sorted(todo, key=lambda t: (t[0], t[1])):
            if await _write(err, line, "row", appoint(session, principal, agency_id, body)):
                created += 1
    return await _finish(session, principal, agency_id, "assignments", rows, err, savepoint, dry_run, created,
                         unchanged)


# --- rank history ----------------------------------------------------------------------------

RANK_KEYS = ("golongan", "tmt", "sk_number", "sk_date", "reason", "reason_note")


async def import_ranks(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, rows: Rows,
                       dry_run: bool) -> dict[str, Any]:
    """Each person's ranks are applied oldest first, so the order rule (one step at a time unless a reason says
    otherwise, PP 99/2000) judges each against the one before it; only a rank newer than any on record is
    announced (``rank_changed``)."""
    err = LineErrors()
    by_nip = await _employees(session, agency_id, rows)
    have = {(r.employee_id, r.tmt): r.golongan for r in (await session.execute(sa.select(
        EmployeeRank.employee_id, EmployeeRank.tmt, EmployeeRank.golongan).where(
        EmployeeRank.agency_id == agency_id, EmployeeRank.employee_id.in_([e.id for e in by_nip.values()])))).all()}
    todo: list[tuple[uuid.UUID, date, int, Employee, RankIn]] = []
    unchanged = 0
    for line, row in rows:
        emp = _employee(err, line, row, by_nip)
        data = _clean(row, RANK_KEYS)
        if "reason" in data:
            data["reason"] = str(data["reason"]).upper()
        body = _body(err, line, RankIn, data)
        if body is None or emp is None:
            continue
        known = have.get((emp.id, body.tmt))
        if known is not None:
            try:
                label = parse_golongan(emp.employment_type, body.golongan, "golongan")[1]
            except DomainError as exc:
                err.add_error(line, "golongan", exc)
                continue
            if known == label:
                unchanged += 1
                continue
        todo.append((emp.id, body.tmt, line, emp, body))
    created = 0
    savepoint = await session.begin_nested()
    if not err.items:
        latest: dict[uuid.UUID, date] = {}
        for eid, tmt, _, _, _ in todo:
            latest[eid] = max(latest.get(eid, tmt), tmt)
        for eid, tmt, line, emp, body in sorted(todo, key=lambda t: (str(t[0]), t[1], t[2])):
            # the history's older ranks are facts of record, not news: only each person's newest is announced
            emit = tmt == latest[eid]
            if await _write(err, line, "row", add_rank(session, principal, emp, body, emit)):
                created += 1
    return await _finish(session, principal, agency_id, "ranks", rows, err, savepoint, dry_run, created, unchanged)


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

"""Bulk imports: validate every row first (each error names its line), then upsert everything in one transaction.

Natural keys make a re-run harmless: employees by NIP, units by code, positions by code (all per agency).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.agencies.service import load_policy
from merit_positions.common.changes import position_data
from merit_positions.common.fields import EDUCATION_ORDER
from merit_positions.common.models import audit_log, events
from merit_positions.employees.models import Employee, EmployeeEducation, EmployeeRank
from merit_positions.employees.service import latest_possible_retirement
from merit_positions.jobs.models import Job
from merit_positions.org.models import OrgUnit, OrgUnitVersion
from merit_positions.org.schemas import UnitKind
from merit_positions.rules import (
    Nip,
    bup_for,
    check_appointment_dates,
    is_managerial,
    minimum_rank_for_job,
    parse_employee_number,
    parse_golongan_for,
    parse_jenjang,
    parse_job_kind,
    validate_job_jenjang,
)
from merit_positions.seats.models import Position
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.clock import today
from merit_shared.errors import DomainError
from merit_shared.events import emit_rows, event_row
from merit_shared.tabular import LineErrors
from merit_shared.vocab import EmploymentType

Rows = list[tuple[int, dict[str, Any]]]


def _req(err: LineErrors, line: int, row: dict[str, Any], col: str) -> Any:
    v = row.get(col)
    if v in (None, ""):
        err.add(line, col, "missing", f"Kolom {col} wajib diisi.", f"Column {col} is required.")
    return v


def _date(err: LineErrors, line: int, row: dict[str, Any], col: str, required: bool = False) -> date | None:
    v = row.get(col)
    if v in (None, ""):
        if required:
            err.add(line, col, "missing", f"Kolom {col} wajib diisi.", f"Column {col} is required.")
        return None
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        err.add(line, col, "date_invalid", f"{col} '{v}' bukan tanggal YYYY-MM-DD.", f"{col} '{v}' is not a "
                "YYYY-MM-DD date.")
        return None


def _rule(err: LineErrors, line: int, col: str, fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except DomainError as exc:
        err.add(line, col, exc.code, exc.message_id, exc.message_en)
        return None


def _dated(number: Any, on: date, retirement: date) -> Any:
    check_appointment_dates(number, on, retirement)
    return number


def _dupes(err: LineErrors, rows: Rows, col: str) -> None:
    seen: dict[Any, int] = {}
    for line, row in rows:
        key = row.get(col)
        if key and key in seen:
            err.add(line, col, "duplicate", f"{col} '{key}' sudah muncul di baris {seen[key]}.",
                    f"{col} '{key}' already appears on line {seen[key]}.")
        elif key:
            seen[key] = line


# --- employees -------------------------------------------------------------------------------

async def import_employees(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, rows: Rows,
                           dry_run: bool) -> dict[str, Any]:
    err = LineErrors()
    parsed = []
    policy = await load_policy(session, agency_id)
    on = today(agency_id)
    for line, row in rows:
        raw = _req(err, line, row, "nip")
        name = _req(err, line, row, "name")
        etype = (row.get("employment_type") or "PNS").upper()
        if etype not in EmploymentType.__members__:
            err.add(line, "employment_type", "employment_type_invalid", "Isi PNS, CPNS atau PPPK.",
                    "Use PNS, CPNS or PPPK.")
        nip = _rule(err, line, "nip", parse_employee_number, raw,
                    etype if etype in EmploymentType.__members__ else "PNS") if raw else None
        if nip is not None:
            nip = _rule(err, line, "nip", _dated, nip, on, latest_possible_retirement(nip.birth_date, policy))
        status = (row.get("status") or "active").lower()
        if status not in ("active", "leave", "study", "retired", "dismissed", "deceased"):
            err.add(line, "status", "status_invalid", "Status tidak dikenal.", "Unknown status.")
        birth = _date(err, line, row, "birth_date")
        if nip and birth and birth != nip.birth_date:
            err.add(line, "birth_date", "nip_birth_date_mismatch", f"Tanggal lahir {birth} tidak sesuai NIP "
                    f"({nip.birth_date}).", f"Birth date {birth} disagrees with the NIP ({nip.birth_date}).")
        gender = (row.get("gender") or "").upper() or None
        if nip and gender and gender != nip.gender.value:
            err.add(line, "gender", "nip_gender_mismatch", f"Jenis kelamin {gender} tidak sesuai NIP.",
                    f"Gender {gender} disagrees with the NIP.")
        rank = None
        if row.get("golongan"):
            r = _rule(err, line, "golongan", parse_golongan_for,
                      etype if etype in EmploymentType.__members__ else "PNS", row["golongan"])
            tmt = _date(err, line, row, "tmt_golongan", required=True)
            if r is not None and tmt:
                pppk = etype == EmploymentType.PPPK
                rank = ("PPPK" if pppk else "PNS", r.label, r.value if pppk else r.code, tmt)
        edu = (row.get("education_level") or "").upper() or None
        if edu and edu not in EDUCATION_ORDER:
            err.add(line, "education_level", "education_invalid", "Jenjang pendidikan tidak dikenal (SD..S3).",
                    "Unknown education level (SD..S3).")
        if nip and name:
            parsed.append((line, nip, name, row, etype, status, rank, edu))
    _dupes(err, [(line, {"nip": p.value}) for line, p, *_ in parsed], "nip")
    err.raise_if_any(len(rows))
    existing = {r.nip: r for r in (await session.execute(sa.select(
        Employee.id, Employee.nip, Employee.name, Employee.front_title, Employee.back_title, Employee.employment_type,
        Employee.status).where(Employee.agency_id == agency_id,
                               Employee.nip.in_([p[1].value for p in parsed])))).all()}
    created = updated = unchanged = 0
    upserts, ids, feed = [], {}, []
    for _line, nip, name, row, etype, status, _rank, _edu in parsed:
        values = {"name": name, "front_title": row.get("front_title"), "back_title": row.get("back_title"),
                  "employment_type": etype, "status": status}
        old = existing.get(nip.value)
        public = {"nip": nip.value, "name": name, "employment_type": etype, "status": status}
        if old is None:
            eid = uuid.uuid4()
            created += 1
            feed.append(("employee_created", eid, {"employee_id": eid, **public, "source": "import"}))
        else:
            eid = old.id
            if all(getattr(old, k) == v for k, v in values.items()):
                unchanged += 1
            else:
                updated += 1
                if old.status != status:
                    feed.append(("employee_status_changed", eid, {"employee_id": eid, **public,
                                                                 "previous_status": old.status,
                                                                 "effective_date": None}))
        ids[nip.value] = eid
        upserts.append({"id": eid, "agency_id": agency_id, "nip": nip.value, "birth_date": nip.birth_date,
                        "gender": nip.gender.value, "tmt_cpns": nip.tmt_cpns if isinstance(nip, Nip) else None,
                        "siasn_pns_id": row.get("siasn_pns_id"), "version": 1, **values})
    if not dry_run and upserts:
        stmt = insert(Employee)
        stmt = stmt.on_conflict_do_update(
            constraint="uq_employees_nip",
            set_={k: stmt.excluded[k] for k in ("name", "front_title", "back_title", "employment_type", "status")}
            | {"version": Employee.version + 1, "updated_at": sa.func.now()},
            where=sa.or_(*[Employee.__table__.c[k].is_distinct_from(stmt.excluded[k])
                           for k in ("name", "front_title", "back_title", "employment_type", "status")]))
        for chunk in _chunks(upserts, 2000):
            await session.execute(stmt, chunk)
        ranks = [{"id": uuid.uuid4(), "agency_id": agency_id, "employee_id": ids[nip.value], "scheme": rank[0],
                  "golongan": rank[1], "rank_code": rank[2], "tmt": rank[3]}
                 for _, nip, _, _, _, _, rank, _ in parsed if rank]
        rstmt = insert(EmployeeRank).on_conflict_do_nothing(constraint="uq_employee_ranks_tmt")
        for chunk in _chunks(ranks, 2000):
            await session.execute(rstmt, chunk)
        have = {(r[0], r[1]) for r in (await session.execute(sa.select(
            EmployeeEducation.employee_id, EmployeeEducation.level).where(
            EmployeeEducation.agency_id == agency_id))).all()}
        edus = [{"id": uuid.uuid4(), "agency_id": agency_id, "employee_id": ids[nip.value], "level": edu,
                 "level_order": EDUCATION_ORDER[edu], "major": row.get("education_major"),
                 "institution": row.get("education_institution")}
                for _, nip, _, row, _, _, _, edu in parsed if edu and (ids[nip.value], edu) not in have]
        for chunk in _chunks(edus, 2000):
            await session.execute(insert(EmployeeEducation), chunk)
        await _publish_all(session, principal, agency_id, feed)
        await record(session, audit_log, principal, action="import.employees", entity="import", entity_id=agency_id,
                     before=None, after={"rows": len(rows), "created": created, "updated": updated},
                     agency_id=agency_id)
    return {"kind": "employees", "rows": len(rows), "created": created, "updated": updated, "unchanged": unchanged,
            "dry_run": dry_run}


async def _publish_all(session: AsyncSession, principal: Principal, agency_id: uuid.UUID,
                       feed: list[tuple[str, uuid.UUID, dict[str, Any]]]) -> None:
    """The import's events ((type, record id, data)), in one bulk insert, in the import's transaction."""
    await emit_rows(session, events, [event_row(events, type=t, agency_id=agency_id, actor=principal, record=rid,
                                                data=data) for t, rid, data in feed])


def _chunks(items: list[Any], n: int) -> list[list[Any]]:
    return [items[i:i + n] for i in range(0, len(items), n)]


# --- org units -------------------------------------------------------------------------------

async def import_units(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, rows: Rows,
                       dry_run: bool) -> dict[str, Any]:
    err = LineErrors()
    _dupes(err, rows, "code")
    existing = {u.code: u for u in (await session.scalars(sa.select(OrgUnit).where(
        OrgUnit.agency_id == agency_id))).all()}
    in_file = {row.get("code") for _, row in rows if row.get("code")}
    parsed = []
    for line, row in rows:
        code, name, kind = _req(err, line, row, "code"), _req(err, line, row, "name"), _req(err, line, row, "kind")
        if kind and kind.upper() not in UnitKind.__members__:
            err.add(line, "kind", "unit_kind_invalid", f"Jenis unit '{kind}' tidak dikenal.",
                    f"Unknown unit kind '{kind}'.")
        parent = row.get("parent_code")
        if parent and parent not in in_file and parent not in existing:
            err.add(line, "parent_code", "parent_unknown", f"Unit induk '{parent}' tidak ada di berkas maupun di data.",
                    f"Parent unit '{parent}' is neither in the file nor in the registry.")
        if parent and parent == code:
            err.add(line, "parent_code", "unit_cycle", "Unit tidak boleh menjadi induk dirinya sendiri.",
                    "A unit cannot be its own parent.")
        vf = _date(err, line, row, "valid_from")
        parsed.append((line, code, name, (kind or "").upper(), parent, vf, row.get("siasn_unor_id")))
    # cycles through the file + registry
    parent_of = {c: (u.parent_id, None) for c, u in existing.items()}
    by_id = {u.id: c for c, u in existing.items()}
    graph = {c: by_id.get(p) if p else None for c, (p, _) in parent_of.items()}
    for _, code, _, _, parent, _, _ in parsed:
        if code:
            graph[code] = parent
    for line, code, *_ in parsed:
        seen, cur = set(), code
        while cur is not None and cur not in seen:
            seen.add(cur)
            cur = graph.get(cur)
        if cur is not None and cur == code:
            err.add(line, "parent_code", "unit_cycle", "Rantai unit induk membentuk lingkaran.",
                    "The parent chain forms a cycle.")
    err.raise_if_any(len(rows))
    created = updated = unchanged = 0
    unit_feed: list[tuple[str, uuid.UUID, dict[str, Any]]] = []
    ids = {c: u.id for c, u in existing.items()}
    for _, code, *_ in parsed:
        ids.setdefault(code, uuid.uuid4())
    # insert parents before children
    order, placed = [], set(existing)
    pending = list(parsed)
    while pending:
        nxt = [p for p in pending if not p[4] or p[4] in placed]
        if not nxt:
            nxt = pending  # parents already existing; defensive
        for p in nxt:
            order.append(p)
            placed.add(p[1])
        pending = [p for p in pending if p not in nxt]
    for _, code, name, kind, parent, vf, siasn in order:
        pid = ids[parent] if parent else None
        u = existing.get(code)
        if u is None:
            created += 1
            if not dry_run:
                start = vf or today()
                session.add(OrgUnit(id=ids[code], agency_id=agency_id, code=code, name=name, kind=kind, parent_id=pid,
                                    valid_from=start, valid_to=None, siasn_unor_id=siasn, version=1))
                await session.flush()
                session.add(OrgUnitVersion(unit_id=ids[code], agency_id=agency_id, parent_id=pid, code=code, name=name,
                                           kind=kind, valid_from=start, valid_to=None, change="created"))
                unit_feed.append(("unit_restructured", ids[code], {
                    "unit_id": ids[code], "code": code, "name": name, "kind": kind, "parent_id": pid,
                    "change": "created", "effective_date": start}))
        elif (u.name, u.kind, u.parent_id, u.siasn_unor_id) == (name, kind, pid, siasn or u.siasn_unor_id):
            unchanged += 1
        else:
            updated += 1
            if not dry_run:
                u.name, u.kind, u.parent_id, u.siasn_unor_id = name, kind, pid, siasn or u.siasn_unor_id
                u.version += 1
                await session.execute(sa.update(OrgUnitVersion).where(
                    OrgUnitVersion.unit_id == u.id, OrgUnitVersion.valid_to.is_(None)).values(
                    name=name, kind=kind, parent_id=pid))
                unit_feed.append(("unit_restructured", u.id, {
                    "unit_id": u.id, "code": code, "name": name, "kind": kind, "parent_id": pid,
                    "change": "updated", "effective_date": None}))
    if not dry_run:
        await session.flush()
        await _publish_all(session, principal, agency_id, unit_feed)
        await record(session, audit_log, principal, action="import.org_units", entity="import", entity_id=agency_id,
                     before=None, after={"rows": len(rows), "created": created, "updated": updated},
                     agency_id=agency_id)
    return {"kind": "org-units", "rows": len(rows), "created": created, "updated": updated, "unchanged": unchanged,
            "dry_run": dry_run}


# --- positions -------------------------------------------------------------------------------

async def import_positions(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, rows: Rows,
                           dry_run: bool) -> dict[str, Any]:
    err = LineErrors()
    _dupes(err, rows, "code")
    policy = await load_policy(session, agency_id)
    units = {u.code: u for u in (await session.scalars(sa.select(OrgUnit).where(OrgUnit.agency_id == agency_id)))}
    jobs = {j.code: j for j in (await session.scalars(sa.select(Job).where(Job.agency_id == agency_id)))}
    existing = {p.code: p for p in (await session.scalars(sa.select(Position).where(Position.agency_id == agency_id)))}
    heads = {p.unit_id: p.code for p in existing.values() if p.is_head and p.abolished_on is None}
    new_jobs: dict[str, dict[str, Any]] = {}
    parsed = []
    for line, row in rows:
        code = _req(err, line, row, "code")
        unit = units.get(row.get("unit_code") or "")
        if unit is None:
            err.add(line, "unit_code", "unit_unknown", f"Unit '{row.get('unit_code')}' tidak ditemukan.",
                    f"Unit '{row.get('unit_code')}' was not found.")
        jcode = _req(err, line, row, "job_code")
        kind = jenjang = None
        job = jobs.get(jcode or "")
        if job is None and jcode:
            if jcode in new_jobs:
                kind, jenjang = new_jobs[jcode]["kind"], new_jobs[jcode]["jenjang"]
            elif not row.get("job_kind"):
                err.add(line, "job_code", "job_unknown", f"Jabatan '{jcode}' tidak ada; isi job_kind, job_name dan "
                        "kelas_jabatan untuk membuatnya.", f"Job '{jcode}' does not exist; fill job_kind, job_name "
                        "and kelas_jabatan to create it.")
            else:
                kind = _rule(err, line, "job_kind", parse_job_kind, row["job_kind"])
                jen = _rule(err, line, "jenjang", parse_jenjang, row["jenjang"]) if row.get("jenjang") else None
                if kind:
                    jen = _rule(err, line, "jenjang", validate_job_jenjang, kind, jen)
                kelas = row.get("kelas_jabatan")
                if not (kelas and str(kelas).isdigit() and 1 <= int(kelas) <= 17):
                    err.add(line, "kelas_jabatan", "kelas_jabatan_out_of_range", "Kelas jabatan 1-17.",
                            "Kelas jabatan must be 1-17.")
                elif kind:
                    mr = minimum_rank_for_job(kind, None, jen, policy)
                    new_jobs[jcode] = {"id": uuid.uuid4(), "agency_id": agency_id, "code": jcode,
                                       "name": row.get("job_name") or row.get("name") or jcode, "kind": kind.value,
                                       "jenjang": jen.value if jen else None, "kelas_jabatan": int(kelas),
                                       "min_rank": mr.label if mr else None, "min_rank_is_default": True,
                                       "bup": bup_for(kind, jen, policy), "bup_is_default": True,
                                       "competency_standard": {}, "version": 1}
                    jenjang = jen
        else:
            kind = parse_job_kind(job.kind) if job else None
        seats_raw = row.get("required_seats") or "1"
        seats = int(seats_raw) if str(seats_raw).isdigit() else None
        if seats is None:
            err.add(line, "required_seats", "count_invalid", "Kebutuhan harus bilangan bulat 0 atau lebih.",
                    "required_seats must be a whole number, 0 or more.")
        elif kind and is_managerial(kind) and seats != 1:
            err.add(line, "required_seats", "managerial_requires_one_seat", "Jabatan manajerial tepat 1 kebutuhan.",
                    "A managerial position has exactly 1 seat.")
        is_head = str(row.get("is_head") or "").lower() in ("1", "true", "ya", "yes", "y")
        if is_head and kind and not is_managerial(kind):
            err.add(line, "is_head", "head_requires_managerial_job", "Jabatan kepala unit harus jabatan manajerial "
                    "(JPT, Administrator, Pengawas).", "A unit's head position must be managerial (JPT, "
                    "Administrator, Pengawas).")
        if is_head and unit is not None:
            holder = heads.get(unit.id)
            if holder and holder != code:
                err.add(line, "is_head", "unit_has_head", f"Unit sudah memiliki jabatan kepala ({holder}).",
                        f"The unit already has a head position ({holder}).")
            heads[unit.id] = code
        old = existing.get(code)
        if old is not None and seats is not None and unit is not None and old.unit_id != unit.id:
            pass  # moving a position to another unit by import is allowed
        parsed.append((code, unit, jcode, row.get("name"), is_head, seats, kind, jenjang))
    err.raise_if_any(len(rows))
    created = updated = unchanged = 0
    pos_feed: list[tuple[str, uuid.UUID, dict[str, Any]]] = []
    if not dry_run and new_jobs:
        await session.execute(insert(Job), list(new_jobs.values()))
    job_ids = {c: j.id for c, j in jobs.items()} | {c: j["id"] for c, j in new_jobs.items()}
    job_names = {c: j.name for c, j in jobs.items()} | {c: j["name"] for c, j in new_jobs.items()}
    for code, unit, jcode, name, is_head, seats, kind, _ in parsed:
        assert unit is not None  # a row without a known unit was refused by raise_if_any above
        values = {"unit_id": unit.id, "job_id": job_ids[jcode], "name": name or job_names[jcode], "is_head": is_head,
                  "required_seats": seats, "is_managerial": is_managerial(kind)}
        old = existing.get(code)
        if old is None:
            created += 1
            if not dry_run:
                pos = Position(id=uuid.uuid4(), agency_id=agency_id, code=code, valid_from=unit.valid_from,
                               abolished_on=None, version=1, **values)
                session.add(pos)
                pos_feed.append(("position_created", pos.id, position_data(pos)))
        elif all(getattr(old, k) == v for k, v in values.items()):
            unchanged += 1
        else:
            updated += 1
            if not dry_run:
                for k, v in values.items():
                    setattr(old, k, v)
                old.version += 1
    if not dry_run:
        await session.flush()
        await _publish_all(session, principal, agency_id, pos_feed)
        await record(session, audit_log, principal, action="import.positions", entity="import", entity_id=agency_id,
                     before=None, after={"rows": len(rows), "created": created, "updated": updated},
                     agency_id=agency_id)
    return {"kind": "positions", "rows": len(rows), "created": created, "updated": updated, "unchanged": unchanged,
            "dry_run": dry_run}

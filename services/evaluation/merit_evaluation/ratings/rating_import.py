"""Importing past years' annual ratings at onboarding (rows: NIP, year, predikat).

A past year's final predikat, decided before the agency used Merit, is a fact of record, not something Merit
computes: it is stored as given with ``source = 'import'``. When the file also gives the two ratings, the predikat
is computed from them (PermenPANRB 6/2022 matrix) and must agree with the one given. The current year is never
imported (it comes from the SKP). The NIP is looked up in the caller's agency through positions; another
agency's NIP is an unknown one. All-or-nothing: any bad row answers 422 with every line's error; dry_run writes
nothing; a year already on record with the same predikat counts as unchanged.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.feed import rating_data
from merit_evaluation.common.models import audit_log, events
from merit_evaluation.directory import EmployeeFacts, PositionsDirectory
from merit_evaluation.followups import service as followups
from merit_evaluation.performance.models import AnnualRating
from merit_evaluation.ratings.service import ensure_unit_open
from merit_evaluation.rules import parse_predikat, parse_rating, predikat
from merit_shared import audit, clock
from merit_shared.auth import Principal
from merit_shared.error_codes import AGENCY_ID_REQUIRED, AGENCY_MISMATCH
from merit_shared.errors import DomainError, NotFound
from merit_shared.events import emit_rows, event_row
from merit_shared.tabular import Column, LineErrors, Rows

COLUMNS = (
    Column("nip", "NIP", "NIP", True), Column("year", "Tahun", "Year", True),
    Column("predikat", "Predikat", "Predikat", True),
    Column("rating_hasil_kerja", "Rating Hasil Kerja", "Work Result Rating"),
    Column("rating_perilaku", "Rating Perilaku Kerja", "Work Behaviour Rating"),
    Column("note", "Catatan", "Note"),
)
_NIP = re.compile(r"^\d{18}$")


def import_agency(principal: Principal, agency_id: uuid.UUID | None) -> uuid.UUID:
    """The agency the file is for: the caller's own; the service role names it."""
    if principal.is_service:
        if agency_id is None:
            raise AGENCY_ID_REQUIRED.error(field="query.agency_id")
        return agency_id
    own = uuid.UUID(principal.agency_id) if principal.agency_id else uuid.UUID(int=0)
    if agency_id is not None and agency_id != own:
        raise AGENCY_MISMATCH.error(field="query.agency_id")
    return own


async def _resolve(directory: PositionsDirectory, agency_id: uuid.UUID, nip: str,
                   cache: dict[str, EmployeeFacts | None]) -> EmployeeFacts | None:
    if nip not in cache:
        try:
            cache[nip] = await directory.employee_by_nip(agency_id, nip)
        except NotFound:
            cache[nip] = None
    return cache[nip]


async def import_ratings(session: AsyncSession, principal: Principal, directory: PositionsDirectory,
                         agency_id: uuid.UUID, rows: Rows, dry_run: bool) -> dict[str, Any]:
    err = LineErrors()
    this_year = clock.today(agency_id).year
    cache: dict[str, EmployeeFacts | None] = {}
    parsed: list[tuple[int, EmployeeFacts, int, dict[str, Any]]] = []
    seen: dict[tuple[str, int], int] = {}
    for line, row in rows:
        nip = str(row.get("nip") or "").replace(" ", "")
        emp = None
        if not _NIP.match(nip):
            err.add(line, "nip", "nip_invalid", "NIP harus 18 angka.", "The NIP must be 18 digits.")
        else:
            emp = await _resolve(directory, agency_id, nip, cache)
            if emp is None:
                err.add(line, "nip", "employee_unknown", f"Pegawai dengan NIP {nip} tidak ada di instansi ini.",
                        f"No employee with NIP {nip} in this agency.")
        raw_year = str(row.get("year") or "")
        year = int(raw_year) if raw_year.isdigit() else None
        if year is None or not 2000 <= year < this_year:
            year = None
            err.add(line, "year", "import_year_not_past", f"Tahun harus tahun yang sudah lewat (2000..{this_year - 1}).",
                    f"The year must be a past year (2000..{this_year - 1}).")
        values: dict[str, Any] = {"note": row.get("note")}
        try:
            given = parse_predikat(str(row.get("predikat") or "").strip().upper().replace(" ", "_"), "predikat")
            values["predikat"] = given.value
            hasil, perilaku = row.get("rating_hasil_kerja"), row.get("rating_perilaku")
            if hasil or perilaku:
                h = parse_rating(str(hasil or "").upper(), "rating_hasil_kerja")
                p = parse_rating(str(perilaku or "").upper(), "rating_perilaku")
                values |= {"rating_hasil_kerja": h.value, "rating_perilaku": p.value}
                if predikat(h, p) != given:
                    err.add(line, "predikat", "predikat_disagrees", f"Predikat dari kedua rating adalah "
                            f"{predikat(h, p).value}, bukan {given.value}.", "The two ratings give the predikat "
                            f"{predikat(h, p).value}, not {given.value}.")
        except DomainError as exc:
            err.add_error(line, (exc.field or "predikat").rsplit(".", 1)[-1], exc)
            continue
        if emp is not None and year is not None:
            key = (nip, year)
            if key in seen:
                err.add(line, "year", "duplicate", f"NIP {nip} tahun {year} sudah muncul di baris {seen[key]}.",
                        f"NIP {nip} year {year} already appears on line {seen[key]}.")
            seen[key] = line
            parsed.append((line, emp, year, values))
    existing = {(r.employee_id, r.year): r.predikat for r in (await session.execute(select(
        AnnualRating.employee_id, AnnualRating.year, AnnualRating.predikat).where(
        AnnualRating.employee_id.in_([e.id for _, e, _, _ in parsed])))).all()} if parsed else {}
    todo = []
    unchanged = 0
    for line, emp, year, values in parsed:
        known = existing.get((emp.id, year))
        if known == values["predikat"]:
            unchanged += 1
        elif known is not None:
            err.add(line, "predikat", "rating_exists", f"Rating tahun {year} sudah tercatat ({known}).",
                    f"A rating for {year} is already on record ({known}).")
        else:
            todo.append((line, emp, year, values))
    savepoint = await session.begin_nested()
    created = 0
    created_ids: list[uuid.UUID] = []
    feed: list[dict[str, Any]] = []
    for line, emp, year, values in todo:
        try:
            await ensure_unit_open(session, agency_id, emp.unit_id, year)
        except DomainError as exc:
            err.add_error(line, "year", exc)
            continue
        if err.items:
            continue
        row_values = dict(id=uuid.uuid4(), agency_id=agency_id, employee_id=emp.id, year=year, source="import",
                          unit_id=emp.unit_id, position_id=emp.position_id, created_by=principal.subject, **values)
        await session.execute(insert(AnnualRating).values(**row_values))
        created_ids.append(row_values["id"])
        feed.append(event_row(events, type="rating_finalized", agency_id=agency_id, actor=principal,
                              record=row_values["id"], data=rating_data(row_values)))
        created += 1
    if err.items or dry_run:
        await savepoint.rollback()
        err.raise_if_any(len(rows))
    else:
        await savepoint.commit()
        await followups.create_for_ratings(session, principal, created_ids)
        await emit_rows(session, events, feed)
        await audit.record(session, audit_log, principal, action="import.annual_ratings", entity="import",
                           entity_id=agency_id, agency_id=agency_id, before=None,
                           after={"rows": len(rows), "created": created})
    return {"kind": "annual-ratings", "rows": len(rows), "created": created, "updated": 0, "unchanged": unchanged,
            "dry_run": dry_run}

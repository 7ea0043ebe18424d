"""Queries of the public registry: managerial seats in force on a date and who holds them (one round trip)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.agencies.service import load_policy
from merit_positions.assignments.models import Assignment
from merit_positions.officials.models import PublicPlacement
from merit_positions.rules import MANAGERIAL_KINDS
from merit_positions.seats.models import Position
from merit_positions.seats.queries import ACTIVE_ON, DISPLAY_NAME
from merit_shared.errors import NotFound
from merit_shared.public import mask_digits

# Order of the directory: the agency head's line first (JPT above administrator above supervisor), heads of
# units before other seats, then by unit and name, so a citizen reads it top-down like the org chart.
_KIND_ORDER = "CASE j.kind WHEN 'JPT_UTAMA' THEN 0 WHEN 'JPT_MADYA' THEN 1 WHEN 'JPT_PRATAMA' THEN 2 " \
              "WHEN 'ADMINISTRATOR' THEN 3 ELSE 4 END"


async def agency_by_code(session: AsyncSession, code: str) -> tuple[uuid.UUID, str]:
    row = (await session.execute(sa.text("SELECT id, name FROM agencies WHERE lower(code) = lower(:c)"),
                                 {"c": code})).first()
    if row is None:
        raise NotFound("Instansi", code, field="path.agency_code", what_en="Agency")
    return row.id, row.name


async def officials(session: AsyncSession, agency_id: uuid.UUID, d: date) -> list[dict[str, Any]]:
    """Every managerial position in force on ``d`` (unit name as on ``d``) with its holders on ``d``."""
    kinds = [k.value for k in MANAGERIAL_KINDS]
    seats = (await session.execute(sa.text(f"""
        SELECT p.id AS position_id, p.name AS position, j.kind AS job_kind, j.kelas_jabatan, p.is_head,
               p.unit_id, coalesce(v.name, u.name) AS unit
        FROM positions p JOIN jobs j ON j.id = p.job_id JOIN org_units u ON u.id = p.unit_id
        LEFT JOIN org_unit_versions v ON v.unit_id = p.unit_id AND v.valid_from <= :d
             AND (v.valid_to IS NULL OR v.valid_to >= :d)
        WHERE p.agency_id = :a AND j.kind = ANY(:kinds)
          AND p.valid_from <= :d AND (p.abolished_on IS NULL OR p.abolished_on > :d)
        ORDER BY {_KIND_ORDER}, p.is_head DESC, unit, p.name, p.id"""),
        {"a": agency_id, "d": d, "kinds": kinds})).mappings().all()
    holders = (await session.execute(sa.text(f"""
        SELECT a.position_id, a.kind, e.nip, {DISPLAY_NAME} AS name, a.tmt_start AS since
        FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN positions p ON p.id = a.position_id
        JOIN jobs j ON j.id = p.job_id
        WHERE a.agency_id = :a AND j.kind = ANY(:kinds) AND {ACTIVE_ON}
        ORDER BY CASE a.kind WHEN 'definitive' THEN 0 ELSE 1 END, a.tmt_start"""),
        {"a": agency_id, "d": d, "kinds": kinds})).all()
    by_seat: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for h in holders:
        by_seat.setdefault(h.position_id, []).append(
            {"name": h.name, "nip_masked": mask_digits(h.nip), "kind": h.kind, "since": h.since})
    return [{**dict(s), "holders": by_seat.get(s["position_id"], [])} for s in seats]


def placement_hash(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the snapshot's canonical JSON (keys sorted, no whitespace, UTF-8), as for announcements:
    anyone can recompute it from the published snapshot."""
    return hashlib.sha256(orjson.dumps(snapshot, option=orjson.OPT_SORT_KEYS)).hexdigest()


async def publish_placement(session: AsyncSession, a: Assignment, pos: Position, job_kind: str) -> None:
    """Publish a definitive appointment into a managerial seat when the agency's policy publishes its kind of
    placement; in the appointment's transaction, so the public record exists exactly when the assignment does."""
    if a.kind != "definitive" or not pos.is_managerial:
        return
    policy = await load_policy(session, a.agency_id)
    if a.reason not in policy.public_placement_reasons:
        return
    row = (await session.execute(sa.text(f"""
        SELECT {DISPLAY_NAME} AS name, e.nip, u.name AS unit FROM employees e, org_units u
        WHERE e.id = :e AND u.id = :u"""), {"e": a.employee_id, "u": pos.unit_id})).one()
    snapshot = {"name": row.name, "nip_masked": mask_digits(row.nip), "position": pos.name, "unit": row.unit,
                "job_kind": job_kind, "placement": a.reason, "sk_number": a.sk_number,
                "sk_date": a.sk_date.isoformat(), "tmt": a.tmt_start.isoformat()}
    session.add(PublicPlacement(id=uuid.uuid4(), agency_id=a.agency_id, assignment_id=a.id, tmt=a.tmt_start,
                                snapshot=snapshot, content_hash=placement_hash(snapshot)))


async def placements(session: AsyncSession, agency_id: uuid.UUID, since: date | None, until: date | None
                     ) -> list[dict[str, Any]]:
    """The agency's published placements by TMT, newest first."""
    rows = (await session.execute(sa.text("""
        SELECT id, tmt, snapshot, content_hash, published_at FROM public_placements
        WHERE agency_id = :a AND (CAST(:s AS date) IS NULL OR tmt >= :s) AND (CAST(:u AS date) IS NULL OR tmt <= :u)
        ORDER BY tmt DESC, published_at DESC, id"""), {"a": agency_id, "s": since, "u": until})).mappings().all()
    return [{"id": r["id"], "published_at": r["published_at"], "content_hash": r["content_hash"],
             "snapshot": r["snapshot"]} for r in rows]


async def placement(session: AsyncSession, agency_id: uuid.UUID, placement_id: uuid.UUID) -> dict[str, Any]:
    row = (await session.execute(sa.text("""
        SELECT id, snapshot, content_hash, published_at FROM public_placements WHERE agency_id = :a AND id = :p"""),
        {"a": agency_id, "p": placement_id})).mappings().first()
    if row is None:
        raise NotFound("Penempatan", placement_id, field="path.placement_id", what_en="Placement")
    return dict(row)

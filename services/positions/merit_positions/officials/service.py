"""Queries of the public registry: managerial seats in force on a date and who holds them (one round trip)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.rules import MANAGERIAL_KINDS
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

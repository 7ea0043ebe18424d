"""Employee reads: the contract record in one round trip, the career, and the evaluator chain."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.rules import DEFAULT_POLICY, PositionsPolicy, retirement_date
from merit_positions.seats.queries import ACTIVE_ON, DISPLAY_NAME
from merit_shared.vocab import JobKind

EMPLOYEE_SQL = f"""
SELECT e.id, e.agency_id, e.nip, e.name, e.front_title, e.back_title, {DISPLAY_NAME} AS display_name,
       e.birth_date, e.gender, e.employment_type, e.status, e.tmt_cpns, e.siasn_pns_id, e.origin_employee_id, e.version,
       (SELECT json_build_object('golongan', r.golongan, 'tmt', r.tmt) FROM employee_ranks r
         WHERE r.employee_id = e.id AND r.tmt <= :d ORDER BY r.tmt DESC LIMIT 1) AS rank,
       (SELECT json_build_object('golongan', r.golongan, 'tmt', r.tmt) FROM employee_ranks r
         WHERE r.employee_id = e.id AND r.tmt > :d ORDER BY r.tmt LIMIT 1) AS pending_rank,
       (SELECT json_build_object('level', d.level, 'major', d.major, 'institution', d.institution,
                                 'graduated_on', d.graduated_on) FROM employee_educations d
         WHERE d.employee_id = e.id ORDER BY d.level_order DESC, d.graduated_on DESC NULLS LAST LIMIT 1) AS education,
       (SELECT json_build_object('id', a.id, 'position_id', p.id, 'position_name', p.name, 'job_kind', j.kind,
                                 'jenjang', j.jenjang, 'unit_id', u.id, 'unit_name', u.name, 'kind', a.kind,
                                 'tmt_start', a.tmt_start, 'bup', j.bup, 'is_head', p.is_head)
          FROM assignments a JOIN positions p ON p.id = a.position_id JOIN jobs j ON j.id = p.job_id
          JOIN org_units u ON u.id = p.unit_id
         WHERE a.employee_id = e.id AND a.kind = 'definitive' AND {ACTIVE_ON}
         LIMIT 1) AS current_assignment,
       (SELECT (ap.overrides -> 'bup_by_kind' ->> 'PELAKSANA')::int FROM agency_policies ap
         WHERE ap.agency_id = e.agency_id) AS agency_default_bup
FROM employees e
"""


def _j(v: Any) -> Any:
    return orjson.loads(v) if isinstance(v, str | bytes) else v


def default_bup(policy: PositionsPolicy = DEFAULT_POLICY) -> int:
    """BUP for someone holding no job: the administrative age (Pelaksana), the most common case."""
    return policy.bup_by_kind[JobKind.PELAKSANA]


def shape(row: Any, as_of: date) -> dict[str, Any]:
    out = dict(row)
    out["rank"] = _j(out["rank"])
    out["pending_rank"] = _j(out["pending_rank"])
    out["education"] = _j(out["education"])
    cur = _j(out["current_assignment"])
    out["current_assignment"] = cur
    own_default = out.pop("agency_default_bup", None)
    out["bup"] = int(cur["bup"]) if cur else (own_default or default_bup())
    out["retirement_date"] = retirement_date(out["birth_date"], out["bup"])
    out["retirement_overdue"] = out["status"] not in TERMINAL and out["retirement_date"] <= as_of
    return out


TERMINAL = ("retired", "dismissed", "deceased", "transferred_out")


async def employee_record(session: AsyncSession, *, employee_id: uuid.UUID | None = None, nip: str | None = None,
                          agency_id: uuid.UUID | None = None, as_of: date) -> list[dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {"d": as_of}
    if employee_id is not None:
        where.append("e.id = :id")
        params["id"] = employee_id
    if nip is not None:
        where.append("e.nip = :nip")
        params["nip"] = nip
    if agency_id is not None:
        where.append("e.agency_id = :a")
        params["a"] = agency_id
    rows = (await session.execute(sa.text(EMPLOYEE_SQL + " WHERE " + " AND ".join(where) + " LIMIT 2"),
                                  params)).mappings().all()
    return [shape(r, as_of) for r in rows]


CAREER_SQL = """
SELECT a.id AS assignment_id, p.id AS position_id, p.name AS position_name, j.kind AS job_kind, j.jenjang,
       u.id AS unit_id, u.name AS unit_name, a.kind, a.tmt_start, a.tmt_end, a.reason, a.end_reason,
       a.sk_number, a.sk_date
FROM assignments a JOIN positions p ON p.id = a.position_id JOIN jobs j ON j.id = p.job_id
JOIN org_units u ON u.id = p.unit_id
WHERE a.employee_id = :e ORDER BY a.tmt_start DESC, a.created_at DESC
"""


async def career(session: AsyncSession, employee_id: uuid.UUID) -> list[dict[str, Any]]:
    return [dict(r) for r in (await session.execute(sa.text(CAREER_SQL), {"e": employee_id})).mappings()]


async def definitive_on(session: AsyncSession, employee_id: uuid.UUID, d: date) -> dict[str, Any] | None:
    row = (await session.execute(sa.text(f"""
        SELECT a.id, a.position_id, a.tmt_start, p.unit_id, p.is_head FROM assignments a
        JOIN positions p ON p.id = a.position_id
        WHERE a.employee_id = :e AND a.kind = 'definitive' AND {ACTIVE_ON}"""), {"e": employee_id, "d": d})).mappings().first()
    return dict(row) if row else None


async def _parent_on(session: AsyncSession, unit_id: uuid.UUID, d: date) -> uuid.UUID | None:
    row = (await session.execute(sa.text("""
        SELECT parent_id FROM org_unit_versions WHERE unit_id = :u AND valid_from <= :d
          AND (valid_to IS NULL OR valid_to >= :d)"""), {"u": unit_id, "d": d})).first()
    if row is None:  # unit not yet/no longer in force on d: fall back to its current parent
        row = (await session.execute(sa.text("SELECT parent_id FROM org_units WHERE id = :u"), {"u": unit_id})).first()
    return row[0] if row else None


async def _head_holder(session: AsyncSession, unit_id: uuid.UUID, d: date) -> tuple[bool, dict[str, Any] | None]:
    """(unit has a head position, its holder: definitive first, else the Plt/Plh)."""
    rows = (await session.execute(sa.text(f"""
        SELECT p.id AS position_id, e.id AS employee_id, e.nip, {DISPLAY_NAME} AS display_name,
               a.kind <> 'definitive' AS acting
        FROM positions p
        LEFT JOIN assignments a ON a.position_id = p.id AND {ACTIVE_ON}
        LEFT JOIN employees e ON e.id = a.employee_id
        WHERE p.unit_id = :u AND p.is_head AND p.valid_from <= :d AND (p.abolished_on IS NULL OR p.abolished_on > :d)
        ORDER BY (a.kind = 'definitive') DESC NULLS LAST, a.tmt_start"""), {"u": unit_id, "d": d})).mappings().all()
    if not rows:
        return False, None
    first = rows[0]
    return True, (dict(first) if first["employee_id"] else None)


async def evaluator_for(session: AsyncSession, unit_id: uuid.UUID, is_head: bool, exclude: uuid.UUID | None,
                        d: date) -> dict[str, Any] | None:
    """Head of the own unit (or of the parent unit for a head); units without a head position are skipped."""
    unit: uuid.UUID | None = await _parent_on(session, unit_id, d) if is_head else unit_id
    for _ in range(50):
        if unit is None:
            return None
        has_head, holder = await _head_holder(session, unit, d)
        if has_head and holder is not None and holder["employee_id"] != exclude:
            return holder
        if has_head and holder is None:
            return None
        unit = await _parent_on(session, unit, d)
    return None


async def supervisors(session: AsyncSession, employee_id: uuid.UUID, d: date) -> dict[str, Any]:
    cur = await definitive_on(session, employee_id, d)
    if cur is None:
        return {"evaluator": None, "evaluator_superior": None}
    evaluator = await evaluator_for(session, cur["unit_id"], cur["is_head"], employee_id, d)
    superior = None
    if evaluator is not None:
        head_unit = (await session.execute(sa.text("SELECT unit_id FROM positions WHERE id = :p"),
                                           {"p": evaluator["position_id"]})).scalar_one()
        superior = await evaluator_for(session, head_unit, True, evaluator["employee_id"], d)
    return {"evaluator": evaluator, "evaluator_superior": superior}

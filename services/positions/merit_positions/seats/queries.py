"""Lean read queries for positions: one round trip for the cross-service position read."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

import asyncpg
import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.rules import vacancy
from merit_positions.seats.models import PositionAbk, PositionAbkVersion
from merit_shared.api import Sort
from merit_shared.vocab import JobKind

DISPLAY_NAME = ("concat_ws(' ', nullif(e.front_title, ''), e.name) || "
                "coalesce(', ' || nullif(e.back_title, ''), '')")
# An assignment ``a`` in force on ``:d`` (the one definition: every query of the service uses it).
ACTIVE_ON = "a.tmt_start <= :d AND (a.tmt_end IS NULL OR a.tmt_end >= :d)"


def vacant_sql(required: str, filled: str) -> str:
    """:func:`merit_positions.rules.vacancy` in SQL, for the queries that page and filter on it in the database.

    Kept equal to the rule by tests/integration/test_positions_vacancy_sql.py (a table of cases through both).
    """
    return f"greatest({required} - {filled}, 0)"


POSITION_SQL = f"""
SELECT p.id, p.agency_id, p.unit_id, u.name AS unit_name, p.code, p.name, p.is_head, p.required_seats,
       p.abolished_on, p.siasn_jabatan_id, p.version,
       json_build_object('id', j.id, 'name', j.name, 'kind', j.kind, 'jenjang', j.jenjang,
                         'kelas_jabatan', j.kelas_jabatan, 'min_education', j.min_education,
                         'min_rank', j.min_rank, 'bup', j.bup, 'competency_standard', j.competency_standard) AS job,
       coalesce((SELECT json_agg(json_build_object('employee_id', e.id, 'nip', e.nip,
                                                   'display_name', {DISPLAY_NAME}, 'tmt_start', a.tmt_start)
                                 ORDER BY a.tmt_start)
                 FROM assignments a JOIN employees e ON e.id = a.employee_id
                 WHERE a.position_id = p.id AND a.kind = 'definitive' AND {ACTIVE_ON}), '[]') AS holders,
       coalesce((SELECT json_agg(json_build_object('employee_id', e.id, 'kind', a.kind, 'tmt_start', a.tmt_start,
                                                   'nip', e.nip, 'display_name', {DISPLAY_NAME})
                                 ORDER BY a.tmt_start)
                 FROM assignments a JOIN employees e ON e.id = a.employee_id
                 WHERE a.position_id = p.id AND a.kind <> 'definitive' AND {ACTIVE_ON}), '[]') AS acting
FROM positions p JOIN org_units u ON u.id = p.unit_id JOIN jobs j ON j.id = p.job_id
WHERE p.id = :id
"""


# The same statement for the plain asyncpg pool ($1 position id, $2 the date), used by the hot read path.
POSITION_SQL_PG = POSITION_SQL.replace(":id", "$1").replace(":d", "$2")


def _j(v: Any) -> Any:
    return orjson.loads(v) if isinstance(v, str | bytes) else v


async def position_detail(session: AsyncSession, position_id: uuid.UUID, as_of: date) -> dict[str, Any] | None:
    row = (await session.execute(sa.text(POSITION_SQL), {"id": position_id, "d": as_of})).mappings().first()
    return None if row is None else _detail_of(dict(row))


async def position_detail_fast(pool: asyncpg.Pool, position_id: uuid.UUID, as_of: date) -> dict[str, Any] | None:
    """The same read without the ORM session (a plain pooled connection): the path other services hit most."""
    async with pool.acquire() as conn:
        row = await conn.fetchrow(POSITION_SQL_PG, position_id, as_of)
    return None if row is None else _detail_of(dict(row))


def _detail_of(out: dict[str, Any]) -> dict[str, Any]:
    out["job"] = _j(out["job"])
    out["holders"] = _j(out["holders"])
    out["acting"] = _j(out["acting"])
    filled = len(out["holders"])
    out["filled"] = filled
    out["vacant"] = vacancy(out["required_seats"], filled)
    return out


async def filled_counts(session: AsyncSession, position_ids: list[uuid.UUID], as_of: date) -> dict[uuid.UUID, int]:
    if not position_ids:
        return {}
    rows = await session.execute(sa.text(f"""
        SELECT a.position_id, count(*) FROM assignments a
        WHERE a.position_id = ANY(:ids) AND a.kind = 'definitive' AND {ACTIVE_ON} GROUP BY a.position_id"""),
        {"ids": position_ids, "d": as_of})
    return {r[0]: r[1] for r in rows}


# SQL of each sort field (``vacant`` is derived in the query: it is filled in there).
POSITION_SORT = {"unit_name": "u.name", "is_head": "p.is_head", "name": "p.name", "code": "p.code",
                 "kelas_jabatan": "j.kelas_jabatan", "required_seats": "p.required_seats", "filled": "coalesce(f.n, 0)",
                 "vacant": "vacant"}


async def search_positions(session: AsyncSession, agency_id: uuid.UUID, as_of: date, q: str | None,
                           unit_id: uuid.UUID | None, kind: JobKind | None, include_abolished: bool, vacant_only: bool,
                           limit: int, offset: int, *, sort: Sort) -> list[dict[str, Any]]:
    """One page of the agency's positions (name/unit/code search, filters), each row with ``total`` (all matches)
    and the seats filled by definitive assignments on ``as_of``."""
    where = ["p.agency_id = :a"]
    params: dict[str, Any] = {"a": agency_id, "d": as_of, "lim": limit, "off": offset}
    if q:
        where.append("(p.name ILIKE :q OR u.name ILIKE :q OR p.code ILIKE :q)")
        params["q"] = f"%{q}%"
    if unit_id:
        where.append("p.unit_id = :u")
        params["u"] = unit_id
    if kind:
        where.append("j.kind = :k")
        params["k"] = kind.value
    if not include_abolished:
        where.append("p.abolished_on IS NULL")
    vacant = vacant_sql("p.required_seats", "coalesce(f.n, 0)")
    sort = replace(sort, allowed={**sort.allowed, "vacant": vacant})
    if vacant_only:
        where.append(f"{vacant} > 0")
    sql = f"""
        SELECT p.id, p.unit_id, u.name AS unit_name, p.code, p.name, p.is_head, p.job_id, j.kind AS job_kind,
               j.jenjang, j.kelas_jabatan, p.required_seats, coalesce(f.n, 0) AS filled,
               {vacant} AS vacant, p.abolished_on,
               count(*) OVER () AS total
        FROM positions p JOIN org_units u ON u.id = p.unit_id JOIN jobs j ON j.id = p.job_id
        LEFT JOIN (SELECT a.position_id, count(*) AS n FROM assignments a
                   WHERE a.agency_id = :a AND a.kind = 'definitive' AND {ACTIVE_ON} GROUP BY a.position_id) f
               ON f.position_id = p.id
        WHERE {' AND '.join(where)}
        ORDER BY {sort.sql('p.id')} LIMIT :lim OFFSET :off"""
    return [dict(r) for r in (await session.execute(sa.text(sql), params)).mappings().all()]


async def holders_on(session: AsyncSession, position_id: uuid.UUID, as_of: date) -> list[dict[str, Any]]:
    """Definitive and acting assignments of the position in force on ``as_of``, with the people."""
    rows = (await session.execute(sa.text(f"""
        SELECT a.id AS assignment_id, e.id AS employee_id, e.nip, {DISPLAY_NAME} AS display_name, a.kind,
               a.tmt_start, a.tmt_end
        FROM assignments a JOIN employees e ON e.id = a.employee_id
        WHERE a.position_id = :p AND {ACTIVE_ON} ORDER BY a.kind, a.tmt_start"""),
        {"p": position_id, "d": as_of})).mappings().all()
    return [dict(r) for r in rows]


async def position_history(session: AsyncSession, position_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every assignment ever made to the position, newest first, with the people."""
    rows = (await session.execute(sa.text(f"""
        SELECT a.id AS assignment_id, e.id AS employee_id, e.nip, {DISPLAY_NAME} AS display_name, a.kind,
               a.tmt_start, a.tmt_end
        FROM assignments a JOIN employees e ON e.id = a.employee_id
        WHERE a.position_id = :p ORDER BY a.tmt_start DESC"""), {"p": position_id})).mappings().all()
    return [dict(r) for r in rows]


async def abk_years(session: AsyncSession, position_id: uuid.UUID) -> list[PositionAbk]:
    """The position's recorded ABK, newest year first."""
    return list((await session.scalars(sa.select(PositionAbk).where(PositionAbk.position_id == position_id)
                                       .order_by(PositionAbk.year.desc()))).all())


ABK_VERSION_SORT = {"version": PositionAbkVersion.version}


async def abk_history(session: AsyncSession, position_id: uuid.UUID, year: int, limit: int,
                      offset: int, *, sort: Sort) -> tuple[list[PositionAbkVersion], int]:
    """Every recorded version of the year's ABK, newest (current) first, and how many there are."""
    where = (PositionAbkVersion.position_id == position_id, PositionAbkVersion.year == year)
    total = await session.scalar(sa.select(sa.func.count()).select_from(PositionAbkVersion).where(*where))
    rows = await session.scalars(sa.select(PositionAbkVersion).where(*where)
                                 .order_by(*sort.order_by(PositionAbkVersion.version)).limit(limit).offset(offset))
    return list(rows.all()), int(total or 0)

"""Employee search: NIP prefix on the unique (agency, nip) index, names by trigram word similarity.

The GiST index is on (agency_id, lower(name)) so the nearest-neighbour ordering (<<->) stays inside one agency.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.seats.queries import DISPLAY_NAME
from merit_shared.api import Sort
from merit_shared.clock import today

_CURRENT = """
LEFT JOIN LATERAL (SELECT p.unit_id, u.name AS unit_name, p.name AS position_name FROM assignments a
                   JOIN positions p ON p.id = a.position_id JOIN org_units u ON u.id = p.unit_id
                   WHERE a.employee_id = e.id AND a.kind = 'definitive' AND a.tmt_start <= :today
                     AND (a.tmt_end IS NULL OR a.tmt_end >= :today) LIMIT 1) c ON true
"""


FUZZY_WINDOW = 200  # name searches report at most this many matches (total is capped)
MAX_DISTANCE = 0.6  # word distance (1 - word_similarity) still counted as a match


async def _attach_current(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cur = await session.execute(sa.text("""
        SELECT a.employee_id, p.unit_id, u.name AS unit_name, p.name AS position_name FROM assignments a
        JOIN positions p ON p.id = a.position_id JOIN org_units u ON u.id = p.unit_id
        WHERE a.employee_id = ANY(:ids) AND a.kind = 'definitive' AND a.tmt_start <= :today
          AND (a.tmt_end IS NULL OR a.tmt_end >= :today)"""), {"ids": [r["id"] for r in rows], "today": today()})
    by = {r.employee_id: r for r in cur}
    for r in rows:
        c = by.get(r["id"])
        r.update(unit_id=c.unit_id if c else None, unit_name=c.unit_name if c else None,
                 position_name=c.position_name if c else None)


# SQL of each sort field; the same names are keys of the rows, for the fuzzy window sorted in memory.
EMPLOYEE_SORT = {"name": "e.name", "nip": "e.nip", "status": "e.status"}


async def search_employees(session: AsyncSession, agency_id: uuid.UUID, q: str | None, units: set[uuid.UUID] | None,
                           status: str | None, limit: int, offset: int, *,
                           sort: Sort) -> tuple[list[dict[str, Any]], int]:
    # "Current" is the agency's calendar day (merit_shared.clock), not the database server's date.
    params: dict[str, Any] = {"a": agency_id, "lim": limit, "off": offset, "today": today(agency_id)}
    where = ["e.agency_id = :a"]
    order = sort.sql("e.nip", "e.id")
    score = "NULL::float"
    if status:
        where.append("e.status = :st")
        params["st"] = status
    if units is not None:
        where.append("c.unit_id = ANY(:units)")
        params["units"] = list(units)
    text = (q or "").strip()
    digits = "".join(text.split())
    if digits and digits.isdigit():
        where.append("e.nip >= :lo AND e.nip < :hi")
        params["lo"], params["hi"] = digits, digits + ":"  # ':' sorts right after '9'
        if not sort.explicit:  # a NIP prefix lists in NIP order
            order = "e.nip, e.id"
    elif text:
        # Nearest neighbours by word distance straight from the GiST index (no count over every fuzzy match):
        # fetch up to FUZZY_WINDOW candidates, keep those close enough, and report how many were kept.
        params["q"] = text.lower()
        params["win"] = FUZZY_WINDOW
        sql = f"""
            SELECT * FROM (
                SELECT e.id, e.nip, e.name, {DISPLAY_NAME} AS display_name, e.status, e.employment_type,
                       (:q <<-> lower(e.name)) AS score
                FROM employees e {_CURRENT if units is not None else ''} WHERE {' AND '.join(where)}
                ORDER BY :q <<-> lower(e.name) LIMIT :win) k
            WHERE k.score <= :maxd"""
        params["maxd"] = MAX_DISTANCE
        cands = [dict(r) for r in (await session.execute(sa.text(sql), params)).mappings()]
        if sort.explicit:  # nearest first unless the caller asked for an order
            cands = Sort(sort.keys, {k: k for k in sort.allowed}).sorted(cands)
        window = cands[offset:offset + limit]
        await _attach_current(session, window)
        return window, len(cands)
    sql = f"""
        SELECT e.id, e.nip, e.name, {DISPLAY_NAME} AS display_name, e.status, e.employment_type,
               c.unit_id, c.unit_name, c.position_name, {score} AS score
        FROM employees e {_CURRENT}
        WHERE {' AND '.join(where)} ORDER BY {order} LIMIT :lim OFFSET :off"""
    rows = [dict(r) for r in (await session.execute(sa.text(sql), params)).mappings()]
    if offset == 0 and len(rows) < limit:
        total = len(rows)
    else:
        count_sql = f"SELECT count(*) FROM employees e {_CURRENT if units is not None else ''} WHERE {' AND '.join(where)}"
        total = int((await session.execute(sa.text(count_sql), params)).scalar_one())
    return rows, total

"""The public portal's reads: lean queries on the raw asyncpg pool (the router renders their rows into bytes).

Only announced selections (``public_summary`` set) and published announcements are read.
"""

from __future__ import annotations

import uuid

import asyncpg

from merit_shared.api import Sort

PHASES = {
    "open": ("ANNOUNCED", "REGISTRATION"),
    "ongoing": ("SCREENING", "ASSESSMENT", "FINAL_RANKING", "PROPOSAL", "DECISION"),
    "finished": ("APPOINTED", "CLOSED", "CANCELLED"),
}
PHASES["current"] = PHASES["open"] + PHASES["ongoing"]
PHASES["all"] = PHASES["current"] + PHASES["finished"]


LIST_SQL = """
SELECT count(*) OVER () AS total, public_summary::text AS doc FROM selections
WHERE public_summary IS NOT NULL AND status = ANY($1::text[])
ORDER BY {order} LIMIT $2 OFFSET $3
"""
# SQL of each sort field of the public list (columns of selections).
PUBLIC_SORT = {"announced_at": "announced_at", "updated_at": "updated_at", "title": "title"}


DETAIL_SQL = """
SELECT s.public_summary, s.requirements, s.documents, s.stages, s.positions_snapshot, s.planned_inauguration_date,
       s.registration_extensions, s.policies -> 'publication' AS publication,
       coalesce((SELECT json_agg(json_build_object('id', a.id, 'number', a.number, 'kind', a.kind,
                 'stage_code', a.stage_code, 'title', a.title, 'content_hash', a.content_hash,
                 'corrects_id', a.corrects_id, 'published_at', a.published_at, 'appeal_deadline', a.appeal_deadline)
                 ORDER BY a.number) FROM announcements a WHERE a.selection_id = s.id), '[]'::json) AS announcements
FROM selections s WHERE s.id = $1 AND s.public_summary IS NOT NULL
"""


ANN_SQL = """
SELECT a.id, a.selection_id, a.number, a.kind, a.stage_code, a.title, a.content_hash, a.corrects_id, a.published_at,
       a.appeal_deadline, a.snapshot::text AS snapshot
FROM announcements a WHERE a.id = $1
"""


async def selection_rows(pool: asyncpg.Pool, phase: str, limit: int, offset: int, sort: Sort) -> list[asyncpg.Record]:
    """A page of announced selections in ``phase`` in ``sort`` order, each row with the total and the summary JSON."""
    async with pool.acquire() as conn:
        rows: list[asyncpg.Record] = await conn.fetch(LIST_SQL.format(order=sort.sql("id")), list(PHASES[phase]),
                                                      limit, offset)
    return rows


async def selection_row(pool: asyncpg.Pool, selection_id: uuid.UUID) -> asyncpg.Record | None:
    """The announced selection with its announcements, or None."""
    async with pool.acquire() as conn:
        row: asyncpg.Record | None = await conn.fetchrow(DETAIL_SQL, selection_id)
    return row


async def announcement_row(pool: asyncpg.Pool, announcement_id: uuid.UUID) -> asyncpg.Record | None:
    """The announcement with its snapshot as text, or None."""
    async with pool.acquire() as conn:
        row: asyncpg.Record | None = await conn.fetchrow(ANN_SQL, announcement_id)
    return row

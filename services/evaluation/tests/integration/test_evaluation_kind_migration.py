"""Migration eva_0008 maps the free-text kinds of stored development records onto the vocabulary (and back)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from alembic import command

from merit_shared import testing
from merit_shared.db import asyncpg_kwargs, bootstrap_schema, database_name, with_database
from merit_shared.migrations import alembic_config

PACKAGE, SCHEMA = "merit_evaluation", "evaluation"
#: (stored before eva_0008, kind after, kind_as_recorded after)
CASES = [("PELATIHAN", "TRAINING", "PELATIHAN"), ("Diklat", "TRAINING", "Diklat"), ("bimtek", "TRAINING", "bimtek"),
         ("Workshop", "SEMINAR", "Workshop"), ("e-learning", "E_LEARNING", "e-learning"),
         ("Pelatihan Jarak  Jauh", "E_LEARNING", "Pelatihan Jarak  Jauh"), ("magang", "JOB_ROTATION", "magang"),
         ("COACHING", "COACHING", None), ("Rapat koordinasi", "TRAINING", "Rapat koordinasi")]


async def _sql(url: str, sql: str, *args: object) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))  # type: ignore[arg-type]
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


@pytest.fixture
async def db_url() -> AsyncIterator[str]:
    url = testing.test_database_url(testing.test_database_name("_kinds"))
    name, admin = database_name(url), with_database(url, "postgres")
    await _sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await _sql(admin, f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        await _sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_stored_kinds_are_mapped_and_kept(db_url: str) -> None:
    role = await bootstrap_schema(db_url, SCHEMA)
    cfg = alembic_config(PACKAGE, db_url, SCHEMA, role)
    await asyncio.to_thread(command.upgrade, cfg, "eva_0006")
    ids = {}
    for old, _, _ in CASES:
        ids[old] = uuid.uuid4()
        await _sql(db_url, f"""INSERT INTO {SCHEMA}.development_record (id, agency_id, employee_id, title, kind,
                   started_on, ended_on, minutes, jp, created_by)
                   VALUES ($1, $2, $2, 't', $3, '2024-01-01', '2024-01-02', 90, 2, 'test')""",
                   ids[old], uuid.uuid4(), old)
    await asyncio.to_thread(command.upgrade, cfg, "head")
    rows = {r["id"]: r for r in await _sql(db_url, f"SELECT id, kind, kind_as_recorded FROM {SCHEMA}.development_record")}
    assert [(old, rows[ids[old]]["kind"], rows[ids[old]]["kind_as_recorded"]) for old, _, _ in CASES] == CASES
    with pytest.raises(asyncpg.CheckViolationError):
        await _sql(db_url, f"UPDATE {SCHEMA}.development_record SET kind = 'PELATIHAN'")
    await asyncio.to_thread(command.downgrade, cfg, "eva_0006")
    back = {r["id"]: r["kind"] for r in await _sql(db_url, f"SELECT id, kind FROM {SCHEMA}.development_record")}
    assert [back[ids[old]] for old, _, _ in CASES] == [old for old, _, _ in CASES]

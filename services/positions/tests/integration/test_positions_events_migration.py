"""pos_0015 keeps the feed's existing rows: each gets its record from the id its data carries, version 1, actor
system; and it goes back down cleanly."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
from alembic import command

from merit_shared import testing  # not its test_* functions by name: pytest would collect them here
from merit_shared.db import asyncpg_kwargs, bootstrap_schema, database_name, with_database
from merit_shared.migrations import alembic_config


async def _execute(url: str, sql: str) -> None:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def test_positions_feed_migration_keeps_and_completes_old_rows() -> None:
    url = testing.test_database_url(testing.test_database_name("_evmig"))
    name, admin = database_name(url), with_database(url, "postgres")
    await _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        role = await bootstrap_schema(url, "positions")
        cfg = alembic_config("merit_positions", url, "positions", role)
        await asyncio.to_thread(command.upgrade, cfg, "pos_0012")
        agency, pos, emp, tr = (str(uuid.uuid4()) for _ in range(4))
        conn = await asyncpg.connect(**asyncpg_kwargs(url), server_settings={"search_path": "positions"})
        try:
            await conn.executemany("INSERT INTO events (type, agency_id, data) VALUES ($1, $2, $3::jsonb)", [
                ("position_filled", agency, f'{{"position_id": "{pos}", "filled": 1}}'),
                ("rank_changed", agency, f'{{"employee_id": "{emp}", "golongan": "III/c"}}'),
                ("employee_transferred", agency, f'{{"transfer_id": "{tr}", "employee_id": "{emp}"}}')])
            await asyncio.to_thread(command.upgrade, cfg, "pos_0015")
            rows = await conn.fetch("SELECT type, version, actor_kind, actor_id, record_type, record_id, data "
                                    "FROM events ORDER BY id")
            assert [(r["type"], r["version"], r["actor_kind"], r["actor_id"], r["record_type"], r["record_id"])
                    for r in rows] == [("position_filled", 1, "system", None, "position", pos),
                                       ("rank_changed", 1, "system", None, "employee", emp),
                                       ("employee_transferred", 1, "system", None, "transfer", tr)]
            # every new row names its actor and record: no default fills them in
            try:
                await conn.execute("INSERT INTO events (type, agency_id, data) VALUES ('x', $1, '{}')", agency)
                raise AssertionError("an event without actor and record was accepted")
            except asyncpg.NotNullViolationError:
                pass
            await asyncio.to_thread(command.downgrade, cfg, "pos_0012")
            cols = {r[0] for r in await conn.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'positions' "
                "AND table_name = 'events'")}
            assert cols == {"id", "type", "occurred_at", "agency_id", "data"}
            assert await conn.fetchval("SELECT count(*) FROM events") == 3
        finally:
            await conn.close()
    finally:
        await _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""Alembic, run programmatically: each service has its own migrations package and version table in its schema."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import command, context
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncEngine

from merit_shared.db import make_engine


def alembic_config(package: str, url: str, schema: str, role: str | None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", f"{package}:migrations")
    cfg.attributes.update({"url": url, "schema": schema, "role": role})
    return cfg


def heads(package: str) -> set[str]:
    cfg = Config()
    cfg.set_main_option("script_location", f"{package}:migrations")
    return set(ScriptDirectory.from_config(cfg).get_heads())


async def upgrade_to_head(package: str, url: str, schema: str, role: str | None) -> None:
    cfg = alembic_config(package, url, schema, role)
    await asyncio.to_thread(command.upgrade, cfg, "head")


async def current_revisions(engine: AsyncEngine, schema: str) -> set[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text(f'SELECT version_num FROM "{schema}".alembic_version'))
        return {r[0] for r in rows}


def run_env(target_metadata: MetaData) -> None:
    """Body of every service's ``migrations/env.py`` (online mode only; the URL comes from the caller)."""
    cfg = context.config
    url: str = cfg.attributes["url"]
    schema: str = cfg.attributes["schema"]
    role: str | None = cfg.attributes.get("role")

    def do_run(connection: Any) -> None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            version_table_schema=schema,
            include_schemas=False,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = make_engine(url, schema, role, pool_size=1)
        try:
            async with engine.connect() as conn:
                await conn.run_sync(do_run)
                await conn.commit()
        finally:
            await engine.dispose()

    asyncio.run(run_async())

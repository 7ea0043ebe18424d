"""Repository-wide test set-up: every run starts from fresh test databases, migrated by the real migrations."""

from __future__ import annotations

import asyncio

import asyncpg

from merit_shared.db import asyncpg_kwargs, database_name, with_database
from merit_shared.testing import test_database_url

E2E_DATABASE = "merit_e2e"


async def _recreate(url: str) -> None:
    admin = await asyncpg.connect(**asyncpg_kwargs(with_database(url, "postgres")))  # type: ignore[arg-type]
    try:
        name = database_name(url)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def pytest_sessionstart(session) -> None:  # type: ignore[no-untyped-def]
    async def reset() -> None:
        await _recreate(test_database_url())
        await _recreate(test_database_url(E2E_DATABASE))

    asyncio.run(reset())

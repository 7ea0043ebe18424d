"""Repository-wide test set-up: every run starts from fresh test databases, migrated by the real migrations."""

from __future__ import annotations

import asyncio
import os

import asyncpg

from merit_shared.db import asyncpg_kwargs, database_name, with_database
from merit_shared.testing import test_database_name, test_database_url

E2E_SUFFIX = "_e2e"


async def _recreate(url: str, create: bool = True) -> None:
    admin = await asyncpg.connect(**asyncpg_kwargs(with_database(url, "postgres")))  # type: ignore[arg-type]
    try:
        name = database_name(url)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def _urls() -> list[str]:
    # the shared test database, the e2e stack's, and the replica test's (tests/test_e2e_replicas.py)
    return [test_database_url(), test_database_url(test_database_name(E2E_SUFFIX)),
            test_database_url(test_database_name("_replicas"))]


def pytest_sessionstart(session) -> None:  # type: ignore[no-untyped-def]
    os.environ.setdefault("MERIT_TEST_RUN", str(os.getpid()))

    async def reset() -> None:
        for url in _urls():
            await _recreate(url)

    asyncio.run(reset())


def pytest_sessionfinish(session, exitstatus) -> None:  # type: ignore[no-untyped-def]
    async def drop() -> None:
        for url in _urls():
            await _recreate(url, create=False)

    asyncio.run(drop())

"""Fixtures for the evaluation service's tests: the real app on the test database, migrated by Alembic.

The positions service is not running here: ``directory`` is a fake ``PositionsDirectory`` put on
``app.state.directory``; each test adds its own agency and people to it.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from merit_shared.testing import TokenFactory, running_app, use_test_database

sys.path.insert(0, str(Path(__file__).parent))
from evaluation_fakes import FakeDirectory  # noqa: E402


@pytest.fixture(scope="session")
def tokens() -> TokenFactory:
    return TokenFactory()


@pytest.fixture(scope="session")
def directory() -> FakeDirectory:
    return FakeDirectory()


@pytest.fixture(scope="session")
async def client(tokens: TokenFactory, directory: FakeDirectory) -> AsyncIterator[httpx.AsyncClient]:
    use_test_database()
    from merit_evaluation.main import create_app

    app = create_app()
    async with running_app(app, tokens) as c:
        app.state.directory = directory
        yield c

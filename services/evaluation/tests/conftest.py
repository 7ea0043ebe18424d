"""Fixtures for the evaluation service's tests: the real app on the test database, migrated by Alembic."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from merit_shared.testing import TokenFactory, running_app, use_test_database


@pytest.fixture(scope="session")
def tokens() -> TokenFactory:
    return TokenFactory()


@pytest.fixture(scope="session")
async def client(tokens: TokenFactory) -> AsyncIterator[httpx.AsyncClient]:
    use_test_database()
    from merit_evaluation.main import create_app

    async with running_app(create_app(), tokens) as c:
        yield c

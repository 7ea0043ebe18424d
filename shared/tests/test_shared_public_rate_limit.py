"""The public pages' rate limit holds across replicas: two limiters over one PostgreSQL table (or one Redis) give a
client the burst once, not once per replica, and answer the same Retry-After as the in-process bucket."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa

from merit_shared.db import Database, ensure_database
from merit_shared.public import DatabaseRateLimiter, RateLimiter, RedisRateLimiter, public_rate_table
from merit_shared.testing import use_test_database

SCHEMA = "shared_public_rate"
meta = sa.MetaData(schema=SCHEMA)
table = public_rate_table(meta)
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
async def replicas() -> AsyncIterator[tuple[Database, Database]]:
    url = use_test_database()
    await ensure_database(url)
    one, two = Database(url, SCHEMA, None, pool_size=2), Database(url, SCHEMA, None, pool_size=2)
    async with one.engine.begin() as conn:
        await conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        await conn.execute(sa.text(f'CREATE SCHEMA "{SCHEMA}"'))
        await conn.run_sync(meta.create_all)
    yield one, two
    await one.dispose()
    await two.dispose()


async def answers(limiters: list[Any], key: str, n: int) -> list[int | None]:
    """n requests of one client, alternating between the replicas."""
    return [await limiters[i % len(limiters)].check(key) for i in range(n)]


async def test_two_replicas_over_the_database_share_one_bucket(replicas: tuple[Database, Database]) -> None:
    a, b = (DatabaseRateLimiter(60, 5, db.engine, table) for db in replicas)
    got = await answers([a, b], "10.0.0.7", 8)
    assert got[:5] == [None] * 5  # the burst, once across both replicas
    assert all(w is not None and 1 <= w <= 2 for w in got[5:])  # then one request a second: Retry-After 1 s
    assert await a.check("10.0.0.8") is None  # another client has its own bucket
    # the same decisions as the in-process bucket of one replica
    single = RateLimiter(60, 5)
    assert [single.check_now("x") is None for _ in range(8)] == [w is None for w in got]


async def test_concurrent_requests_cannot_overdraw_the_bucket(replicas: tuple[Database, Database]) -> None:
    a, b = (DatabaseRateLimiter(60, 10, db.engine, table) for db in replicas)
    key = f"burst-{uuid.uuid4().hex[:6]}"
    got = await asyncio.gather(*(lim.check(key) for lim in [a, b] * 15))
    assert sum(1 for w in got if w is None) == 10


async def test_a_limit_of_zero_turns_it_off(replicas: tuple[Database, Database]) -> None:
    off = DatabaseRateLimiter(0, 5, replicas[0].engine, table)
    assert await answers([off], "10.0.0.9", 50) == [None] * 50


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379 (the database store needs none)")
async def test_two_replicas_over_redis_share_one_bucket() -> None:
    prefix = f"merit-test-{uuid.uuid4().hex[:8]}:"
    a, b = RedisRateLimiter(60, 5, REDIS_URL, prefix), RedisRateLimiter(60, 5, REDIS_URL, prefix)
    try:
        got = await answers([a, b], "10.0.0.7", 8)
        assert got[:5] == [None] * 5
        assert all(w is not None and 1 <= w <= 2 for w in got[5:])
        together = await asyncio.gather(*(lim.check("10.0.1.1") for lim in [a, b] * 10))
        assert sum(1 for w in together if w is None) == 5
    finally:
        await a.client.aclose()
        await b.client.aclose()

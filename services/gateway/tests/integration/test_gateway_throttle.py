"""Login throttling against the real gateway app and its PostgreSQL (in process, with a clock the test moves)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from merit_shared.testing import use_test_database

PASSWORD = "kata-sandi-uji-panjang"


class Clock:
    """The throttle's clock, moved by the test (``clock.now += timedelta(...)``)."""

    def __init__(self) -> None:
        from merit_shared import clock

        self.now = clock.utcnow()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
async def gateway() -> AsyncIterator[Any]:
    use_test_database()
    from merit_gateway.main import create_app
    from merit_shared.settings import Settings

    outer = create_app(Settings(login_max_failures=5, login_failure_window_seconds=900,
                                login_max_failures_per_address=8))
    app = outer.app.app  # RequestContextMiddleware(Dispatcher(FastAPI))
    async with app.router.lifespan_context(app):
        app.state.throttle.clock = Clock()
        app.state.outer = outer
        yield app


def client(app: Any, address: str = "192.0.2.10") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app.state.outer, client=(address, 40000)),
                             base_url="http://gw")


async def new_user(app: Any) -> str:
    from merit_gateway.accounts import hasher
    from merit_gateway.models import User

    username = f"t{uuid.uuid4().hex[:10]}"
    async with app.state.db.sessionmaker() as session, session.begin():
        session.add(User(username=username, password_hash=hasher.hash(PASSWORD), name=username, roles=["employee"]))
    return username


async def login(c: httpx.AsyncClient, username: str, password: str = PASSWORD) -> httpx.Response:
    return await c.post("/api/v1/auth/token", data={"grant_type": "password", "username": username,
                                                    "password": password}, headers={"Accept-Language": "en"})


async def test_five_failures_lock_the_username_for_the_rest_of_the_window(gateway: Any) -> None:
    clock: Clock = gateway.state.throttle.clock
    user = await new_user(gateway)
    async with client(gateway) as c:
        for _ in range(5):
            assert (await login(c, user, "salah-salah-salah")).status_code == 400
        clock.now += timedelta(seconds=60)
        r = await login(c, user)  # the right password, still refused
        assert r.status_code == 429, r.text
        assert r.json()["code"] == "too_many_attempts" and "try again in 14 minute" in r.json()["detail"]
        assert int(r.headers["retry-after"]) == 840 == r.json()["retry_after"]
        assert r.headers["content-type"].startswith("application/problem+json")
        r = await c.post("/api/v1/auth/token", data={"grant_type": "password", "username": user, "password": PASSWORD})
        assert r.status_code == 429 and "coba lagi dalam 14 menit" in r.json()["detail"]  # Indonesian by default
        # Another username from the same address is not locked.
        assert (await login(c, await new_user(gateway))).status_code == 200
        clock.now += timedelta(seconds=841)
        assert (await login(c, user)).status_code == 200


async def test_a_success_clears_the_count_and_an_old_window_is_forgotten(gateway: Any) -> None:
    clock: Clock = gateway.state.throttle.clock
    user = await new_user(gateway)
    async with client(gateway, "192.0.2.20") as c:
        for _ in range(4):
            assert (await login(c, user, "salah-salah-salah")).status_code == 400
        assert (await login(c, user)).status_code == 200
        for _ in range(4):
            assert (await login(c, user, "salah-salah-salah")).status_code == 400
        clock.now += timedelta(seconds=901)  # the window of those four has ended: the next failure opens a new one
        for _ in range(4):
            assert (await login(c, user, "salah-salah-salah")).status_code == 400
        assert (await login(c, user)).status_code == 200


async def test_unknown_usernames_are_throttled_like_real_ones(gateway: Any) -> None:
    async with client(gateway, "192.0.2.30") as c:
        ghost = f"ghost{uuid.uuid4().hex[:8]}"
        for _ in range(5):
            assert (await login(c, ghost, "salah-salah-salah")).status_code == 400
        assert (await login(c, ghost, "salah-salah-salah")).status_code == 429  # no oracle for which names exist


async def test_failures_from_one_address_lock_that_address(gateway: Any) -> None:
    clock: Clock = gateway.state.throttle.clock
    users = [await new_user(gateway) for _ in range(3)]
    async with client(gateway, "198.51.100.7") as spray, client(gateway, "198.51.100.8") as other:
        for i in range(8):  # a password spray: few tries per username, many from one address
            assert (await login(spray, users[i % 3], f"tebakan-ke-{i}-panjang")).status_code == 400
        r = await login(spray, users[0])
        assert r.status_code == 429 and "your address" in r.json()["detail"], r.text
        assert int(r.headers["retry-after"]) > 0
        assert (await login(other, users[0])).status_code == 200  # the usernames themselves are not locked
        clock.now += timedelta(seconds=901)
        assert (await login(spray, users[1])).status_code == 200


async def test_the_lock_is_in_the_database_shared_by_every_gateway_process(gateway: Any) -> None:
    from merit_gateway.throttle import Throttle, TooManyAttempts

    user = await new_user(gateway)
    async with client(gateway, "192.0.2.40") as c:
        for _ in range(5):
            assert (await login(c, user, "salah-salah-salah")).status_code == 400
    # Another gateway process (or this one after a restart) has only the database in common with this one.
    other = Throttle(5, 900, 8, clock=gateway.state.throttle.clock)
    with pytest.raises(TooManyAttempts):
        await other.check(gateway.state.db.sessionmaker, user.upper(), "203.0.113.1")

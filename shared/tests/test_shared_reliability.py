"""The cross-cutting mechanisms every service uses, tested once on a real PostgreSQL: idempotency keys, database
error mapping with one retry, request screening, optimistic concurrency, request ids on 500s, the clock."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import Depends, FastAPI
from pydantic import BaseModel

from merit_shared import clock, db_errors
from merit_shared.api import IfMatch, PageParams, etag_for, page_params
from merit_shared.app import Session
from merit_shared.auth import Principal, current_principal
from merit_shared.concurrency import bump_version, lock_versioned
from merit_shared.db import Database, ensure_database
from merit_shared.errors import NotFound
from merit_shared.idempotency import Idempotency
from merit_shared.observability import Metrics, RequestContextMiddleware
from merit_shared.outbox import outbox_tables
from merit_shared.problems import install_problem_handlers
from merit_shared.testing import TokenFactory, use_test_database

SCHEMA = "shared_reliability"
meta = sa.MetaData(schema=SCHEMA)
_, inbox = outbox_tables(meta)
things = sa.Table("things", meta, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                  sa.Column("name", sa.Text, nullable=False), sa.Column("n", sa.BigInteger, server_default="0"),
                  sa.Column("version", sa.Integer, nullable=False, server_default="1"),
                  sa.UniqueConstraint("name", name="uq_things_name"))
calls: dict[str, int] = {"create": 0, "flaky": 0, "stuck": 0}


class ThingIn(BaseModel):
    name: str
    n: int = 0


class Thing:  # mapped imperatively below, for lock_versioned
    id: int
    name: str
    n: int
    version: int


sa.orm.registry().map_imperatively(Thing, things)

NAME_TAKEN = db_errors.ConstraintRule("thing_name_taken", "Nama sudah dipakai.", "The name is already used.",
                                      field="body.name")


def build_app(db: Database, tokens: TokenFactory) -> FastAPI:
    app = FastAPI()
    app.state.db = db
    app.state.inbox = inbox
    app.state.verifier = tokens.verifier()
    install_problem_handlers(app)
    db_errors.install(app, {"uq_things_name": NAME_TAKEN})
    app.add_middleware(RequestContextMiddleware, metrics=Metrics("shared-test"), log_requests=False)

    @app.post("/things", status_code=201)
    async def create(body: ThingIn, session: Session, idem: Idempotency,
                     principal: Principal = Depends(current_principal)) -> Any:
        if (stored := await idem.replay(session)) is not None:
            return stored
        calls["create"] += 1
        new_id = await session.scalar(sa.insert(things).values(name=body.name, n=body.n).returning(things.c.id))
        await asyncio.sleep(0.05)  # widen the window for concurrent duplicates
        return await idem.respond(session, 201, {"id": new_id, "name": body.name}, {"Location": f"/things/{new_id}"})

    @app.get("/things")
    async def listing(session: Session, page: PageParams = Depends(page_params)) -> Any:
        rows = (await session.execute(sa.select(things.c.id).limit(page.limit).offset(page.offset))).all()
        return {"items": [r.id for r in rows]}

    @app.get("/things/search")
    async def search(session: Session, name: str = "", n: int = 0) -> Any:
        rows = (await session.execute(sa.select(things.c.id).where(things.c.name == name, things.c.n >= n))).all()
        return {"items": [r.id for r in rows]}

    @app.put("/things/{thing_id}")
    async def rename(thing_id: int, body: ThingIn, session: Session, if_match: IfMatch = None) -> Any:
        await session.get(Thing, thing_id)  # an unlocked copy in the identity map, which must not be trusted
        await asyncio.sleep(0.02)
        row = await lock_versioned(session, Thing, things.c.id == thing_id, if_match=if_match,
                                   etag_of=lambda t: etag_for(t.id, t.version),
                                   not_found=lambda: NotFound("Thing", thing_id))
        row.name = body.name
        bump_version(row)
        await session.flush()
        return {"version": row.version}

    @app.post("/flaky")
    async def flaky(session: Session) -> Any:
        calls["flaky"] += 1
        if calls["flaky"] % 2 == 1:  # the first run deadlocks; the retry succeeds
            await session.execute(sa.text("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$"))
        return {"runs": calls["flaky"]}

    @app.post("/stuck")
    async def stuck(session: Session) -> Any:
        calls["stuck"] += 1
        await session.execute(sa.text("DO $$ BEGIN RAISE EXCEPTION 'busy' USING ERRCODE = '40001'; END $$"))

    @app.get("/boom")
    async def boom() -> Any:
        raise RuntimeError("a bug")

    return app


@pytest.fixture(scope="module")
async def world() -> AsyncIterator[tuple[httpx.AsyncClient, TokenFactory, Database]]:
    url = use_test_database()
    await ensure_database(url)
    db = Database(url, SCHEMA, None, pool_size=25)
    async with db.engine.begin() as conn:
        await conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        await conn.execute(sa.text(f'CREATE SCHEMA "{SCHEMA}"'))
        await conn.run_sync(meta.create_all)
    tokens = TokenFactory()
    app = build_app(db, tokens)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                 base_url="http://test") as client:
        yield client, tokens, db
    await db.dispose()


def _caller(tokens: TokenFactory, agency: str, sub: str) -> dict[str, str]:
    return tokens.headers("agency_admin", agency_id=agency, sub=sub)


async def test_same_key_twenty_times_concurrently_one_effect_one_answer(world: Any) -> None:
    client, tokens, _ = world
    h = {**_caller(tokens, str(uuid.uuid4()), "admin-a"), "Idempotency-Key": "k-20"}
    before = calls["create"]
    answers = await asyncio.gather(*[client.post("/things", json={"name": "twenty"}, headers=h) for _ in range(20)])
    assert {r.status_code for r in answers} == {201}
    assert len({r.text for r in answers}) == 1
    assert calls["create"] - before == 1
    assert sum(r.headers.get("Idempotent-Replay") == "true" for r in answers) == 19
    assert all(r.headers["Location"] == answers[0].headers["Location"] for r in answers)


async def test_key_reused_with_another_body_is_refused_and_changes_nothing(world: Any) -> None:
    client, tokens, db = world
    h = {**_caller(tokens, str(uuid.uuid4()), "admin-b"), "Idempotency-Key": "k-body"}
    assert (await client.post("/things", json={"name": "first"}, headers=h)).status_code == 201
    r = await client.post("/things", json={"name": "second"}, headers={**h, "Accept-Language": "en"})
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"
    assert r.json()["errors"][0]["loc"] == ["header", "idempotency-key"]
    async with db.engine.connect() as conn:
        assert await conn.scalar(sa.select(sa.func.count()).select_from(things).where(things.c.name == "second")) == 0


async def test_keys_are_scoped_by_caller_and_agency(world: Any) -> None:
    client, tokens, _ = world
    agency = str(uuid.uuid4())
    one = await client.post("/things", json={"name": "scoped-1"},
                            headers={**_caller(tokens, agency, "admin-c"), "Idempotency-Key": "shared"})
    other_admin = await client.post("/things", json={"name": "scoped-2"},
                                    headers={**_caller(tokens, agency, "admin-d"), "Idempotency-Key": "shared"})
    other_agency = await client.post("/things", json={"name": "scoped-3"},
                                     headers={**_caller(tokens, str(uuid.uuid4()), "admin-c"),
                                              "Idempotency-Key": "shared"})
    assert [r.status_code for r in (one, other_admin, other_agency)] == [201, 201, 201]
    assert len({r.json()["id"] for r in (one, other_admin, other_agency)}) == 3
    assert "Idempotent-Replay" not in other_admin.headers


async def test_unique_violation_names_the_rule_and_field(world: Any) -> None:
    client, tokens, _ = world
    h = _caller(tokens, str(uuid.uuid4()), "admin-e")
    assert (await client.post("/things", json={"name": "dup"}, headers=h)).status_code == 201
    r = await client.post("/things", json={"name": "dup"}, headers={**h, "Accept-Language": "en"})
    assert r.status_code == 409
    assert r.json()["code"] == "thing_name_taken" and r.json()["detail"] == "The name is already used."
    assert r.headers["content-language"] == "en"
    assert r.json()["errors"][0]["loc"] == ["body", "name"]


async def test_deadlock_is_retried_once_transparently(world: Any) -> None:
    client, _, _ = world
    calls["flaky"] = 0
    r = await client.post("/flaky", json={})
    assert r.status_code == 200 and r.json() == {"runs": 2}


async def test_persistent_serialization_failure_answers_409_with_retry_after(world: Any) -> None:
    client, _, _ = world
    calls["stuck"] = 0
    r = await client.post("/stuck", json={"x": 1})
    assert r.status_code == 409 and r.json()["code"] == "concurrent_update"
    assert r.headers["Retry-After"] == "1"
    assert calls["stuck"] == 2  # ran, then retried once


@pytest.mark.parametrize(("path", "loc"), [
    ("/things?offset=100000000000000000000", ["query", "offset"]),
    ("/things/search?n=100000000000000000000", ["query", "n"]),
    ("/things/search?name=a%00b", ["query", "name"]),
])
async def test_huge_numbers_and_nul_in_the_query_answer_422_naming_it(world: Any, path: str, loc: list[str]) -> None:
    client, _, _ = world
    r = await client.get(path)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["loc"] == loc


@pytest.mark.parametrize(("body", "loc"), [
    ('{"name": "a\\u0000b"}', ["body", "name"]),
    ('{"name": "ok", "n": 100000000000000000000}', ["body", "n"]),
])
async def test_nul_and_huge_numbers_in_the_body_answer_422_and_store_nothing(world: Any, body: str,
                                                                           loc: list[str]) -> None:
    client, tokens, _ = world
    before = calls["create"]
    r = await client.post("/things", content=body, headers={**_caller(tokens, str(uuid.uuid4()), "admin-f"),
                                                            "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == loc
    assert calls["create"] == before


async def test_overlong_query_string_gets_a_problem_document(world: Any) -> None:
    client, _, _ = world
    r = await client.get("/things/search?name=" + "x" * 10_000)
    assert r.status_code == 414 and r.json()["code"] == "uri_too_long"


async def test_500_carries_the_request_id(world: Any) -> None:
    client, _, _ = world
    r = await client.get("/boom", headers={"X-Request-Id": "rid-42"})
    assert r.status_code == 500 and r.headers["content-language"] == "id"
    assert r.json()["request_id"] == "rid-42" and r.headers["x-request-id"] == "rid-42"


async def test_ten_writers_with_one_if_match_exactly_one_wins(world: Any) -> None:
    client, tokens, db = world
    created = await client.post("/things", json={"name": "contested"}, headers=_caller(tokens, str(uuid.uuid4()), "x"))
    tid = created.json()["id"]
    etag = etag_for(tid, 1)
    answers = await asyncio.gather(*[client.put(f"/things/{tid}", json={"name": f"w{i}"}, headers={"If-Match": etag})
                                     for i in range(10)])
    assert sorted(r.status_code for r in answers) == [200] + [412] * 9
    async with db.engine.connect() as conn:
        assert await conn.scalar(sa.select(things.c.version).where(things.c.id == tid)) == 2


async def test_a_terminated_connection_does_not_fail_the_next_request(world: Any) -> None:
    client, _, db = world
    assert (await client.get("/things")).status_code == 200
    async with db.engine.connect() as conn:  # kill every other connection of this schema's pool
        await conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> "
                                   "pg_backend_pid() AND datname = current_database() AND application_name = "
                                   f"'merit-{SCHEMA}'"))
    answers = await asyncio.gather(*[client.get("/things") for _ in range(5)])
    assert [r.status_code for r in answers] == [200] * 5


@pytest.mark.parametrize(("instant", "zone", "expected"), [
    (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), "WIB", date(2026, 12, 2)),  # 06:30 WIB: already tomorrow
    (datetime(2026, 12, 1, 16, 30, tzinfo=UTC), "WIB", date(2026, 12, 1)),  # 23:30 WIB
    (datetime(2026, 12, 1, 16, 30, tzinfo=UTC), "WITA", date(2026, 12, 2)),  # 00:30 WITA
    (datetime(2026, 12, 1, 14, 59, tzinfo=UTC), "WIT", date(2026, 12, 1)),  # 23:59 WIT
    (datetime(2026, 12, 1, 15, 0, tzinfo=UTC), "WIT", date(2026, 12, 2)),  # 00:00 WIT
])
def test_today_is_the_agencys_calendar_day(instant: datetime, zone: str, expected: date) -> None:
    agency = uuid.uuid4()
    clock.remember_zone(agency, zone)
    with clock.frozen(instant):
        assert clock.today(agency) == expected
        assert clock.utcnow() == instant


def test_an_unknown_agency_uses_the_default_zone() -> None:
    with clock.frozen(datetime(2026, 12, 1, 23, 30, tzinfo=UTC)):
        assert clock.today(uuid.uuid4()) == date(2026, 12, 2)  # Asia/Jakarta
        assert clock.today() == date(2026, 12, 2)

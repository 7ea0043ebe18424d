"""merit_shared.scheduler on a real PostgreSQL: each (job, agency, day) runs once whatever the number of replicas,
missed days are caught up in order, a failure is recorded and retried, and every run is audited."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared import clock
from merit_shared.audit import audit_columns
from merit_shared.db import Database, ensure_database
from merit_shared.scheduler import JobOutcome, Scheduler, job_runs_table, list_runs
from merit_shared.testing import use_test_database

SCHEMA = "shared_scheduler"
meta = sa.MetaData(schema=SCHEMA)
runs = job_runs_table(meta)
audit = sa.Table("audit_log", meta, *audit_columns())
effects = sa.Table("effects", meta, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                   sa.Column("agency_id", sa.Uuid, nullable=False), sa.Column("day", sa.Date, nullable=False))


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    url = use_test_database()
    await ensure_database(url)
    database = Database(url, SCHEMA, None, pool_size=10)
    async with database.engine.begin() as conn:
        await conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        await conn.execute(sa.text(f'CREATE SCHEMA "{SCHEMA}"'))
        await conn.run_sync(meta.create_all)
    yield database
    await database.dispose()


def counting_job(started: asyncio.Event | None = None, release: asyncio.Event | None = None) -> Any:
    """A job that writes one row per call (so a second run for a day would show) and can be held mid-run."""
    async def job(session: AsyncSession, agency_id: uuid.UUID, day: date) -> JobOutcome:
        await session.execute(sa.insert(effects).values(agency_id=agency_id, day=day))
        if started is not None and release is not None:
            started.set()
            await release.wait()
        return JobOutcome(counts={"done": 1})
    return job


async def _effects(db: Database) -> list[tuple[uuid.UUID, date]]:
    async with db.engine.connect() as conn:
        return [(r[0], r[1]) for r in (await conn.execute(sa.select(effects.c.agency_id, effects.c.day)
                                                           .order_by(effects.c.day))).all()]


def _agencies(ids: list[uuid.UUID]) -> Any:
    async def lister(session: AsyncSession) -> list[uuid.UUID]:
        return ids
    return lister


async def test_two_replicas_claiming_one_day_run_it_once(db: Database) -> None:
    agency = uuid.uuid4()
    started, release = asyncio.Event(), asyncio.Event()
    a = Scheduler(db, runs, audit, {"job": counting_job(started, release)}, _agencies([agency]))
    b = Scheduler(db, runs, audit, {"job": counting_job()}, _agencies([agency]))
    first = asyncio.create_task(a.run_job("job", agency, date(2026, 3, 1)))
    await started.wait()  # replica A holds its claim, uncommitted
    second = asyncio.create_task(b.run_job("job", agency, date(2026, 3, 1)))
    await asyncio.sleep(0.2)
    assert not second.done()  # B waits on A's claim instead of running the day too
    release.set()
    ra, rb = await first, await second
    assert (ra.status, rb.status) == ("succeeded", "already_run")
    assert rb.counts == {"done": 1} and rb.id == ra.id
    assert await _effects(db) == [(agency, date(2026, 3, 1))]


async def test_twenty_concurrent_claims_make_one_run(db: Database) -> None:
    agency = uuid.uuid4()
    s = Scheduler(db, runs, audit, {"job": counting_job()}, _agencies([agency]))
    results = await asyncio.gather(*[s.run_job("job", agency, date(2026, 3, 2)) for _ in range(20)])
    assert sorted(r.status for r in results) == ["already_run"] * 19 + ["succeeded"]
    assert len(await _effects(db)) == 1


async def test_catch_up_runs_every_missed_day_in_order_then_nothing(db: Database) -> None:
    one, two = uuid.uuid4(), uuid.uuid4()
    clock.remember_zone(one, "WIT")  # 2026-03-05 16:30 UTC is already 6 March in Jayapura, still 5 March in Jakarta
    clock.remember_zone(two, "WIB")
    s = Scheduler(db, runs, audit, {"job": counting_job()}, _agencies([one, two]))
    with clock.frozen(datetime(2026, 3, 1, 3, tzinfo=UTC)):
        await s.run_due()  # the first pass runs each agency's today only
    assert set(await _effects(db)) == {(one, date(2026, 3, 1)), (two, date(2026, 3, 1))}
    with clock.frozen(datetime(2026, 3, 5, 16, 30, tzinfo=UTC)):  # down for four days
        done = await s.run_due()
        assert [(r.agency_id, r.run_date) for r in done] == [
            (one, date(2026, 3, d)) for d in (2, 3, 4, 5, 6)] + [(two, date(2026, 3, d)) for d in (2, 3, 4, 5)]
        assert await s.run_due() == []  # caught up: nothing more
    got = await _effects(db)
    assert [d for a, d in got if a == one] == [date(2026, 3, d) for d in range(1, 7)]
    assert len(got) == len(set(got)) == 11
    async with db.sessionmaker() as session:
        total, rows = await list_runs(session, runs, one, None, 100, 0)
        assert total == 6 and rows[0]["run_date"] == date(2026, 3, 6) and rows[0]["trigger"] == "schedule"
        audited = await session.scalar(sa.select(sa.func.count()).select_from(audit).where(
            audit.c.agency_id == one, audit.c.action == "scheduler.run", audit.c.actor == "system:scheduler"))
    assert audited == 6


async def test_a_failed_day_is_recorded_audited_and_retried_before_later_days(db: Database) -> None:
    agency = uuid.uuid4()
    calls: list[date] = []
    broken = {"on": True}

    async def flaky(session: AsyncSession, agency_id: uuid.UUID, day: date) -> JobOutcome:
        calls.append(day)
        await session.execute(sa.insert(effects).values(agency_id=agency_id, day=day))
        if broken["on"] and day == date(2026, 4, 2):
            raise RuntimeError("database said no")
        return JobOutcome(counts={"done": 1})

    s = Scheduler(db, runs, audit, {"job": flaky}, _agencies([agency]))
    with clock.frozen(datetime(2026, 4, 1, 3, tzinfo=UTC)):
        await s.run_due()
    with clock.frozen(datetime(2026, 4, 4, 3, tzinfo=UTC)):
        res = await s.run_due()
        assert [(r.run_date.day, r.status) for r in res] == [(2, "failed")]  # 3 and 4 wait for 2
        assert "database said no" in (res[0].error or "")
        broken["on"] = False
        res = await s.run_due()
        assert [(r.run_date.day, r.status) for r in res] == [(2, "succeeded"), (3, "succeeded"), (4, "succeeded")]
    assert [d.day for _, d in await _effects(db)] == [1, 2, 3, 4]  # the failed attempt left no effect
    async with db.sessionmaker() as session:
        row = (await session.execute(sa.select(runs).where(runs.c.run_date == date(2026, 4, 2)))).one()
        assert (row.status, row.attempts, row.error) == ("succeeded", 2, None)
        failed = await session.scalar(sa.select(sa.func.count()).select_from(audit).where(
            audit.c.action == "scheduler.run_failed", audit.c.agency_id == agency))
    assert failed == 1


async def test_an_operator_run_of_a_day_that_ran_changes_nothing(db: Database) -> None:
    agency = uuid.uuid4()
    s = Scheduler(db, runs, audit, {"a": counting_job(), "b": counting_job()}, _agencies([agency]))
    first = await s.run_day(agency, date(2026, 5, 1), actor="admin")
    again = await s.run_day(agency, date(2026, 5, 1), ["b"], actor="admin")
    assert [r.status for r in first] == ["succeeded", "succeeded"] and [r.status for r in again] == ["already_run"]
    assert len(await _effects(db)) == 2

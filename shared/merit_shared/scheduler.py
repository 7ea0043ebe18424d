"""Daily jobs run on the agency's calendar day, once per (job, agency, day), by whichever replica gets there first.

Each service that has dated work (positions: retirement at BUP, personnel actions on their TMT, acting
assignments' ends; recruitment: registration extended the day after it ended short of applicants) keeps a
``job_runs`` table in its schema (see ``job_run_columns``) and starts a ``Scheduler`` in its lifespan. A run
*claims* its (job, agency, run_date) row with ``INSERT ... ON CONFLICT`` in the same transaction as the job's
changes, so:

- two replicas never apply one day twice: the second one's insert waits on the first one's uncommitted row and
  then finds it succeeded (nothing to do), or rolled back (it runs the day itself);
- a process that dies mid-run leaves nothing behind (its transaction, the claim with it, rolls back);
- a failed run is recorded (``status`` failed, ``error``) in a transaction of its own and retried on the next pass;
- after downtime every missed day is run in order, up to the agency's "today" (``merit_shared.clock``).

Every run, succeeded or failed, is written to the service's audit trail (``merit_shared.audit``).

Why not procrastinate (PostgreSQL job queue): its periodic deferrer drops ticks missed by more than ten minutes
(no catch-up of days of downtime), its cron runs on one time zone where Merit's days are per agency (WIB, WITA,
WIT), it needs a second database driver (psycopg 3) and pool next to asyncpg in every process, and Merit would
still need the per-(job, agency, day) ledger above for "exactly once" and the audit. The ledger alone is the
whole mechanism.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import Field
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared import clock
from merit_shared.api import OutModel, Sort
from merit_shared.audit import jsonable, record
from merit_shared.auth import Principal, Role
from merit_shared.db import Database
from merit_shared.error_codes import AS_OF_IN_FUTURE

log = logging.getLogger("merit.scheduler")

SYSTEM_ACTOR = "system:scheduler"
#: The principal the jobs act as (audit entries name it; it passes the service-role checks of the actions).
SYSTEM = Principal(subject=SYSTEM_ACTOR, roles=frozenset({Role.SERVICE.value}))
UNIQUE = "uq_job_runs_job_agency_day"
MAX_PROBLEMS = 50  # item-level problems kept per run (the rest are counted)


@dataclass
class JobOutcome:
    """What a job did on one day: counts by kind, and the items it could not handle (the run still succeeds)."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)

    def add(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def problem(self, **item: Any) -> None:
        self.add("problems")
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(jsonable(item))


# A job: (session in the run's transaction, agency, the agency-local day) -> what it did. It must be idempotent.
Job = Callable[[AsyncSession, uuid.UUID, date], Awaitable[JobOutcome]]
AgencyLister = Callable[[AsyncSession], Awaitable[Sequence[uuid.UUID]]]


def job_run_columns() -> list[sa.Column[Any]]:
    """Columns of a service's ``job_runs`` table (for its model and its migration)."""
    return [
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("job", sa.String(60), nullable=False),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("run_date", sa.Date, nullable=False),
        sa.Column("trigger", sa.String(12), nullable=False),  # schedule | operator
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),  # succeeded | failed (running is never committed)
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("counts", JSONB),
        sa.Column("problems", JSONB),
        sa.Column("error", sa.Text),
    ]


def _constraints() -> list[Any]:
    return [sa.UniqueConstraint("job", "agency_id", "run_date", name=UNIQUE),
            sa.CheckConstraint("status IN ('running', 'succeeded', 'failed')", name="ck_job_runs_status"),
            sa.Index("ix_job_runs_agency_started", "agency_id", "started_at")]


def job_runs_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table("job_runs", metadata, *job_run_columns(), *_constraints())


def create_job_runs_table(op: Any) -> None:
    """For the service's migration that introduces the scheduler."""
    op.create_table("job_runs", *job_run_columns(), *[c for c in _constraints() if not isinstance(c, sa.Index)])
    op.create_index("ix_job_runs_agency_started", "job_runs", ["agency_id", "started_at"])


@dataclass
class RunResult:
    id: uuid.UUID | None
    job: str
    agency_id: uuid.UUID
    run_date: date
    status: str  # succeeded | failed | already_run
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


class Scheduler:
    def __init__(self, db: Database, job_runs: sa.Table, audit: sa.Table, jobs: dict[str, Job],
                 agencies: AgencyLister, interval_seconds: float = 300.0, max_catch_up_days: int = 366) -> None:
        self.db = db
        self.runs = job_runs
        self.audit = audit
        self.jobs = jobs  # run in this order on each day
        self.agencies = agencies
        self.interval_seconds = interval_seconds
        self.max_catch_up_days = max_catch_up_days

    async def _claim(self, session: AsyncSession, job: str, agency_id: uuid.UUID, day: date, trigger: str,
                     actor: str) -> uuid.UUID | None:
        """Claim the day in this transaction: a new row, or a failed one taken over; None if it already ran."""
        c = self.runs.c
        stmt = insert(self.runs).values(id=uuid.uuid4(), job=job, agency_id=agency_id, run_date=day, trigger=trigger,
                                        actor=actor, status="running", attempts=1, started_at=clock.utcnow())
        stmt = stmt.on_conflict_do_update(
            constraint=UNIQUE, where=c.status == "failed",
            set_={"status": "running", "attempts": c.attempts + 1, "trigger": stmt.excluded.trigger,
                  "actor": stmt.excluded.actor, "started_at": stmt.excluded.started_at, "error": None,
                  "finished_at": None})
        return (await session.execute(stmt.returning(c.id))).scalar_one_or_none()

    async def run_job(self, job: str, agency_id: uuid.UUID, day: date, trigger: str = "schedule",
                      actor: str = SYSTEM_ACTOR) -> RunResult:
        """Run ``job`` for ``agency_id`` on ``day`` unless it already ran; never raises for the job's failure."""
        c = self.runs.c
        try:
            async with self.db.sessionmaker() as session, session.begin():
                run_id = await self._claim(session, job, agency_id, day, trigger, actor)
                if run_id is None:
                    row = (await session.execute(sa.select(self.runs).where(
                        c.job == job, c.agency_id == agency_id, c.run_date == day))).one()
                    return RunResult(row.id, job, agency_id, day, "already_run", row.counts or {}, row.problems or [])
                outcome = await self.jobs[job](session, agency_id, day)
                await session.execute(sa.update(self.runs).where(c.id == run_id).values(
                    status="succeeded", finished_at=clock.utcnow(), counts=outcome.counts,
                    problems=outcome.problems or None))
                await record(session, self.audit, actor, action="scheduler.run", entity="job_run", entity_id=run_id,
                             agency_id=agency_id, after={"job": job, "run_date": day, "trigger": trigger,
                                                         "status": "succeeded", "counts": outcome.counts})
            log.info("scheduler %s %s %s: %s", job, agency_id, day, outcome.counts)
            return RunResult(run_id, job, agency_id, day, "succeeded", outcome.counts, outcome.problems)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the run is recorded as failed; the loop goes on with other agencies
            log.exception("scheduler %s %s %s failed", job, agency_id, day)
            error = f"{type(exc).__name__}: {exc}"[:2000]
            return await self._record_failure(job, agency_id, day, trigger, actor, error)

    async def _record_failure(self, job: str, agency_id: uuid.UUID, day: date, trigger: str, actor: str,
                              error: str) -> RunResult:
        c = self.runs.c
        async with self.db.sessionmaker() as session, session.begin():
            stmt = insert(self.runs).values(id=uuid.uuid4(), job=job, agency_id=agency_id, run_date=day,
                                            trigger=trigger, actor=actor, status="failed", attempts=1,
                                            started_at=clock.utcnow(), finished_at=clock.utcnow(), error=error)
            stmt = stmt.on_conflict_do_update(constraint=UNIQUE, where=c.status != "succeeded", set_={
                "status": "failed", "error": error, "finished_at": stmt.excluded.finished_at})
            run_id = (await session.execute(stmt.returning(c.id))).scalar_one_or_none()
            if run_id is None:  # another replica succeeded meanwhile
                return RunResult(None, job, agency_id, day, "already_run")
            await record(session, self.audit, actor, action="scheduler.run_failed", entity="job_run",
                         entity_id=run_id, agency_id=agency_id,
                         after={"job": job, "run_date": day, "trigger": trigger, "status": "failed", "error": error})
        return RunResult(run_id, job, agency_id, day, "failed", error=error)

    async def run_day(self, agency_id: uuid.UUID, day: date, jobs: Sequence[str] | None = None,
                      trigger: str = "operator", actor: str = SYSTEM_ACTOR) -> list[RunResult]:
        """Every job (or the named ones), in order, for one agency and day (the operator's "run now")."""
        return [await self.run_job(j, agency_id, day, trigger, actor) for j in (jobs or list(self.jobs))]

    async def _last_succeeded(self) -> dict[tuple[str, uuid.UUID], date]:
        c = self.runs.c
        async with self.db.sessionmaker() as session:
            rows = (await session.execute(sa.select(c.job, c.agency_id, sa.func.max(c.run_date))
                                          .where(c.status == "succeeded").group_by(c.job, c.agency_id))).all()
        return {(r[0], r[1]): r[2] for r in rows}

    async def run_due(self) -> list[RunResult]:
        """Catch up: for every agency, every day after its last successful run of each job up to its today.

        An agency's first run is its today. Days are run in order; a job that fails on a day is not run on later
        days of this pass (it is retried from that day on the next pass).
        """
        async with self.db.sessionmaker() as session:
            agencies = list(await self.agencies(session))
        last = await self._last_succeeded()
        results: list[RunResult] = []
        for agency_id in agencies:
            today = clock.today(agency_id)
            floor = today - timedelta(days=self.max_catch_up_days)
            starts = {j: max(floor, last[(j, agency_id)] + timedelta(days=1)) if (j, agency_id) in last else today
                      for j in self.jobs}
            failed: set[str] = set()
            day = min(starts.values(), default=today)
            while day <= today:
                for j in self.jobs:
                    if j in failed or day < starts[j]:
                        continue
                    res = await self.run_job(j, agency_id, day)
                    results.append(res)
                    if res.status == "failed":
                        failed.add(j)
                day += timedelta(days=1)
        return results

    async def run_forever(self) -> None:
        while True:
            try:
                await self.run_due()
            except asyncio.CancelledError:
                raise
            except Exception:  # the loop must survive a database hiccup
                log.exception("scheduler pass failed")
            await asyncio.sleep(self.interval_seconds)


def operator_run_date(agency_id: uuid.UUID, as_of: date | None, *, production: bool) -> date:
    """The day an operator's run acts on: the agency's today by default; a later day only outside production
    (tests walk time forward with it)."""
    today = clock.today(agency_id)
    if as_of is None:
        return today
    if as_of > today and production:
        raise AS_OF_IN_FUTURE.error(field="body.as_of", as_of=as_of, today=today)
    return as_of


# Sort fields of the runs list (columns of every job_runs table).
RUN_SORT = {"run_date": "run_date", "started_at": "started_at", "job": "job", "status": "status"}


async def list_runs(session: AsyncSession, job_runs: sa.Table, agency_id: uuid.UUID | None, job: str | None,
                    limit: int, offset: int, *, sort: Sort | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page newest day first) of the runs of an agency (None: every agency)."""
    c = job_runs.c
    where: list[Any] = []
    if agency_id is not None:
        where.append(c.agency_id == agency_id)
    if job:
        where.append(c.job == job)
    total = await session.scalar(sa.select(sa.func.count()).select_from(job_runs).where(*where))
    rows = (await session.execute(sa.select(job_runs).where(*where)
                                  .order_by(*(sort.order_by(c.id) if sort is not None else
                                              [c.run_date.desc(), c.started_at.desc(), c.job]))
                                  .limit(limit).offset(offset))).mappings().all()
    return total or 0, [dict(r) for r in rows]


async def run_now(scheduler: Scheduler, agency_id: uuid.UUID, day: date, job: str | None, actor: str
                  ) -> list[dict[str, Any]]:
    """An operator's run of one job (None: every job, in order) for one agency and day, as ``RunOut`` items."""
    results = await scheduler.run_day(agency_id, day, [job] if job else None, trigger="operator", actor=actor)
    return [{"id": r.id, "job": r.job, "agency_id": r.agency_id, "run_date": r.run_date, "status": r.status,
             "counts": r.counts, "problems": r.problems, "error": r.error} for r in results]


# --- the payloads of every service's scheduler routes -------------------------------------------------------------

class RunOut(OutModel):
    id: uuid.UUID | None
    job: str = Field(examples=["retire_at_bup"])
    agency_id: uuid.UUID
    run_date: date
    status: str = Field(description="succeeded, failed, or already_run (this day had already run: its result).",
                        examples=["succeeded"])
    counts: dict[str, int] = Field(examples=[{"retired": 2}])
    problems: list[dict[str, Any]] = Field(description="Items the job could not handle (the run still succeeded).")
    error: str | None = None


class RunsOut(OutModel):
    runs: list[RunOut]


class JobRunOut(OutModel):
    id: uuid.UUID
    job: str = Field(examples=["retire_at_bup"])
    agency_id: uuid.UUID
    run_date: date
    trigger: str = Field(examples=["schedule", "operator"])
    actor: str
    status: str = Field(examples=["succeeded", "failed"])
    attempts: int
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, int] | None
    problems: list[dict[str, Any]] | None
    error: str | None

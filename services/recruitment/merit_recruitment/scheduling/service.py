"""Recruitment's daily job, run by ``merit_shared.scheduler`` once per agency and agency-local day.

``extend_registration``: on the day after a selection's ``registration_end`` (the agency's calendar), a selection
still in REGISTRATION with fewer applicants than ``process.extension_applicant_threshold`` (4) and extensions left
(``max_registration_extensions`` 2, of ``registration_extension_days`` 7) is extended, exactly as the admin's
close after the end would (PermenPANRB 15/2019 practice, MED: per-selection policy, ``auto_extend_registration``).

It does not close registration: closing starts screening, which is the BKPSDM's act (the close route records who
closed and when). Nothing is lost by waiting for it: applications are already refused after ``registration_end``
(``registration_ended``), so only the extension cannot wait, since it reopens registration to applicants.

The job is idempotent: an extended selection's ``registration_end`` lies ahead, so a second run of the day finds
nothing. After downtime the days are run in order; a day run late extends from the announced end (the rule), so
an extension caught up more than its 7 days late is already over, and the next missed day may extend again.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment.db_base import audit_log, job_runs
from merit_recruitment.selections import service as selections
from merit_recruitment.selections.models import Selection
from merit_shared.api import Sort
from merit_shared.auth import Principal
from merit_shared.error_codes import AGENCY_ID_REQUIRED, AGENCY_MISMATCH
from merit_shared.errors import DomainError
from merit_shared.scheduler import SYSTEM, JobOutcome, Scheduler, list_runs
from merit_shared.settings import Settings


async def extend_registration(session: AsyncSession, agency_id: uuid.UUID, day: date) -> JobOutcome:
    """Selections of the agency whose registration ended before ``day``: extended when short of applicants,
    else counted as waiting for the admin's close (``awaiting_close``)."""
    out = JobOutcome()
    ids = (await session.scalars(sa.select(Selection.id).where(
        Selection.agency_id == agency_id, Selection.status == "REGISTRATION",
        Selection.schedule["registration_end"].astext < day.isoformat())  # ISO dates order as text
        .order_by(Selection.id))).all()
    for sid in ids:
        savepoint = await session.begin_nested()
        try:
            sel = await session.scalar(sa.select(Selection).where(Selection.id == sid).with_for_update()
                                       .execution_options(populate_existing=True))
            if sel is None or sel.status != "REGISTRATION" or not sel.schedule \
                    or date.fromisoformat(sel.schedule["registration_end"]) >= day:
                await savepoint.rollback()
                continue  # closed, cancelled or extended meanwhile
            ext = await selections.extend_if_short(session, SYSTEM, sel)
            await savepoint.commit()
        except DomainError as exc:  # one selection that cannot be extended is reported; the run goes on
            await savepoint.rollback()
            out.problem(selection_id=sid, code=exc.code, message_id=exc.message_id, message_en=exc.message_en)
            continue
        out.add("extended" if ext is not None else "awaiting_close")
    return out


JOBS = {"extend_registration": extend_registration}


async def agency_ids(session: AsyncSession) -> list[uuid.UUID]:
    """The agencies recruitment knows: those with a selection (positions keeps the agency list)."""
    return list((await session.scalars(sa.select(Selection.agency_id).distinct().order_by(Selection.agency_id))).all())


def build_scheduler(app: FastAPI, settings: Settings) -> Scheduler:
    return Scheduler(app.state.db, job_runs, audit_log, JOBS, agency_ids, settings.scheduler_interval_seconds,
                     settings.scheduler_max_catch_up_days)


async def runs(session: AsyncSession, agency_id: uuid.UUID, job: str | None, limit: int, offset: int, *,
               sort: Sort | None = None) -> tuple[int, list[dict[str, Any]]]:
    return await list_runs(session, job_runs, agency_id, job, limit, offset, sort=sort)


def agency_of(p: Principal, agency_id: uuid.UUID | None) -> uuid.UUID:
    """The agency whose runs are asked for: the admin's own (another named: 422, as the audit trail answers);
    the service role names it."""
    if p.is_service:
        if agency_id is None:
            raise AGENCY_ID_REQUIRED.error(field="query.agency_id")
        return agency_id
    if p.agency_id is None or (agency_id is not None and str(agency_id) != p.agency_id):
        raise AGENCY_MISMATCH.error(field="query.agency_id")
    return uuid.UUID(p.agency_id)

"""Aggregate analytics of selections: applicants, pass rate and time per stage (never per person)."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment.analytics.schemas import SelectionStats, StageStats
from merit_recruitment.applications.models import Application
from merit_recruitment.assessment.models import StageOutcome
from merit_recruitment.selections.models import Selection, SelectionEvent
from merit_recruitment.selections.service import now
from merit_shared.api import Sort, apply_sort
from merit_shared.auth import Principal


def _rate(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _days(a: datetime, b: datetime) -> float:
    return round((b - a).total_seconds() / 86400, 4)


async def stats(session: AsyncSession, sel: Selection) -> SelectionStats:
    by_status = dict((await session.execute(sa.select(Application.status, sa.func.count()).where(
        Application.selection_id == sel.id).group_by(Application.status))).all())
    by_type = dict((await session.execute(sa.select(Application.applicant_type, sa.func.count()).where(
        Application.selection_id == sel.id, Application.status != "WITHDRAWN").group_by(Application.applicant_type)
    )).all())
    outcomes = {code: (int(n), int(ok or 0)) for code, n, ok in (await session.execute(sa.select(
        StageOutcome.stage_code, sa.func.count(), sa.func.sum(sa.cast(StageOutcome.passed, sa.Integer))).where(
        StageOutcome.selection_id == sel.id).group_by(StageOutcome.stage_code))).all()}
    events = (await session.execute(sa.select(SelectionEvent.to_status, SelectionEvent.stage_index, SelectionEvent.at)
                                    .where(SelectionEvent.selection_id == sel.id)
                                    .order_by(SelectionEvent.at, SelectionEvent.id))).all()
    in_status: dict[str, float] = {}
    stage_span: dict[int, list[datetime | None]] = {}
    end_now = now()
    for i, (status, stage_index, at) in enumerate(events):
        until = events[i + 1][2] if i + 1 < len(events) else (None if status in ("CLOSED", "CANCELLED") else end_now)
        if until is not None:
            in_status[status] = round(in_status.get(status, 0.0) + _days(at, until), 4)
        if status == "ASSESSMENT" and stage_index is not None:
            span = stage_span.setdefault(stage_index, [at, None])
            span[1] = until if i + 1 < len(events) else None
    stages = []
    for idx, st in enumerate(sel.stages):
        n, ok = outcomes.get(st["code"], (0, 0))
        start, end = stage_span.get(idx, [None, None])
        stages.append(StageStats(code=st["code"], name=st["name"], assessed=n, passed=ok, pass_rate=_rate(ok, n),
                                 started_at=start, ended_at=end,
                                 duration_days=_days(start, end) if start and end else None))
    screened = by_status.get("REJECTED", 0) + sum(by_status.get(s, 0) for s in ("QUALIFIED", "ELIMINATED"))
    qualified = sum(by_status.get(s, 0) for s in ("QUALIFIED", "ELIMINATED"))
    return SelectionStats(selection_id=sel.id, title=sel.title, status=sel.status,
                          applicants=sum(v for k, v in by_status.items() if k != "WITHDRAWN"),
                          withdrawn=by_status.get("WITHDRAWN", 0), by_status=by_status, by_type=by_type,
                          screening_pass_rate=_rate(qualified, screened), stages=stages, time_in_status_days=in_status)


STATS_SORT = {"created_at": Selection.created_at, "title": Selection.title, "status": Selection.status}


async def agency_selections(session: AsyncSession, p: Principal, limit: int, offset: int, *,
                            sort: Sort) -> tuple[int, list[Selection]]:
    """(total, one page) of the selections of the caller's agency (every agency for the service role)."""
    q = sa.select(Selection)
    if not p.is_service:
        q = q.where(Selection.agency_id == uuid.UUID(str(p.agency_id)))
    total = (await session.execute(sa.select(sa.func.count()).select_from(q.subquery()))).scalar_one()
    return total, list((await session.execute(apply_sort(q, sort, Selection.id).limit(limit).offset(offset))).scalars())

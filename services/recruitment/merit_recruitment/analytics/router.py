"""Aggregate analytics of selections: applicants, pass rate and time per stage (never per person)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic import BaseModel, Field

from merit_recruitment.applications.models import Application
from merit_recruitment.assessment.models import StageOutcome
from merit_recruitment.authz import load_selection
from merit_recruitment.selections.lifecycle import now
from merit_recruitment.selections.models import Selection, SelectionEvent
from merit_shared.app import Session
from merit_shared.auth import Principal, Role, require_roles
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/recruitment-analytics", tags=["recruitment-analytics"])
Staff = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.PPK, Role.SUPERVISOR)]


class StageStats(BaseModel):
    code: str
    name: str
    assessed: int
    passed: int
    pass_rate: float | None = Field(description="passed / assessed, 4 decimals; null when nobody was assessed.")
    started_at: datetime | None
    ended_at: datetime | None
    duration_days: float | None


class SelectionStats(BaseModel):
    selection_id: uuid.UUID
    title: str
    status: str
    applicants: int = Field(description="Applications not withdrawn.")
    withdrawn: int
    by_status: dict[str, int]
    by_type: dict[str, int]
    screening_pass_rate: float | None
    stages: list[StageStats]
    time_in_status_days: dict[str, float]


def _rate(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _days(a: datetime, b: datetime) -> float:
    return round((b - a).total_seconds() / 86400, 4)


async def stats(session: Any, sel: Selection) -> SelectionStats:
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


@router.get("/selections/{selection_id}", response_model=SelectionStats, responses=problem_responses(401, 403, 404, 422),
            summary="Applicants, screening pass rate, pass rate and time per stage of one selection")
async def selection_stats(selection_id: uuid.UUID, session: Session, p: Staff) -> SelectionStats:
    sel = await load_selection(session, selection_id, p)
    return await stats(session, sel)


@router.get("/selections", response_model=list[SelectionStats], responses=problem_responses(401, 403, 422),
            summary="The same figures for every selection of your agency (newest first, at most 100)")
async def agency_stats(session: Session, p: Staff) -> list[SelectionStats]:
    q = sa.select(Selection).order_by(Selection.created_at.desc()).limit(100)
    if not p.is_service:
        q = q.where(Selection.agency_id == uuid.UUID(str(p.agency_id)))
    return [await stats(session, s) for s in (await session.execute(q)).scalars()]



"""Eligibility facts for a move: gathered here, judged by rules/mutation.py.

Performance and competency come from the evaluation service; if it cannot answer, the facts are None and the
rules report the check as "unknown" (never "passed").
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.assignments.models import Assignment
from merit_positions.directory import EvaluationDirectory
from merit_positions.employees.service import current_rank
from merit_positions.jobs.models import Job
from merit_positions.rules import (
    ActionKind,
    ActionRequest,
    Jenjang,
    JobKind,
    PositionsPolicy,
    check_action,
    decide,
    parse_pppk_golongan,
    parse_rank,
)
from merit_positions.seats.models import Position
from merit_shared.audit import jsonable
from merit_shared.errors import Invalid


async def move_checks(session: AsyncSession, evaluation: EvaluationDirectory | None, policy: PositionsPolicy, kind: str,
                      employee_id: uuid.UUID, to_position_id: uuid.UUID, tmt: date, decision_date: date,
                      blackout_ref: str | None) -> tuple[list[dict[str, Any]], str]:
    pos = await session.get(Position, to_position_id)
    assert pos is not None
    job = await session.get(Job, pos.job_id)
    assert job is not None
    current = await session.scalar(sa.select(Assignment).where(
        Assignment.employee_id == employee_id, Assignment.kind == "definitive", Assignment.tmt_start <= tmt,
        sa.or_(Assignment.tmt_end.is_(None), Assignment.tmt_end >= tmt)).order_by(Assignment.tmt_start.desc()))
    r = await current_rank(session, employee_id, tmt)
    rank = None if r is None else (parse_pppk_golongan(r.golongan) if r.scheme == "PPPK" else parse_rank(r.golongan))
    summary = await evaluation.summary(employee_id, policy.performance_years, decision_date) if evaluation else None
    performance = None
    jpm = None
    if summary is not None:
        by_year = summary.get("predikat_by_year")
        if isinstance(by_year, list):
            performance = [(int(x["year"]), x["predikat"]) for x in by_year if x.get("predikat")]
        j = summary.get("jpm")
        if isinstance(j, dict) and j.get("percent") is not None:
            jpm = j["percent"]
    req = ActionRequest(action=ActionKind(kind), tmt=tmt, decision_date=decision_date,
                        current_position_start=current.tmt_start if current else None, rank=rank,
                        target_kind=JobKind(job.kind), target_min_rank=parse_rank(job.min_rank) if job.min_rank else None,
                        target_jenjang=Jenjang(job.jenjang) if job.jenjang else None, performance=performance,
                        jpm_percent=jpm, blackout_override_ref=blackout_ref)
    if current is not None and tmt < current.tmt_start:
        current_start = None
        req = ActionRequest(**{**req.__dict__, "current_position_start": current_start})
    try:
        checks = check_action(req, policy)
    except Invalid:  # malformed facts from upstream: treat them as unavailable, not as the caller's error
        req = ActionRequest(**{**req.__dict__, "performance": None, "jpm_percent": None})
        checks = check_action(req, policy)
    return [jsonable({**asdict(c), "status": c.status.value}) for c in checks], decide(checks).outcome.value

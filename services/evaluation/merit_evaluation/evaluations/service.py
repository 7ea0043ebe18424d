"""Periodic and annual evaluations of an SKP plan: realisation per indicator, feedback notes, the two ratings.

Only the evaluator recorded on the plan rates (never the employee); the predikat comes from the 6/2022 matrix.
For a head of unit the rating of hasil kerja is the unit's organisation predikat mapped by the agency policy.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.access import forbid_self, is_self
from merit_evaluation.common.feed import publish
from merit_evaluation.common.models import audit_log
from merit_evaluation.evaluations.errors import (
    EVALUATION_EXISTS,
    EVALUATION_RATED,
    FEEDBACK_DATE_OUTSIDE_PERIOD,
    FORBIDDEN_EVALUATION_OPENED_THE_EMPLOYEE,
    FORBIDDEN_FEEDBACK_NOTES_ARE_WRITTEN,
    FORBIDDEN_ONLY_THE_EVALUATOR_RECORDED,
    FORBIDDEN_REALISATION_ENTERED_THE_EMPLOYEE,
    HASIL_KERJA_DERIVED,
    INVALID_PERIOD_NUMBER,
    ORG_PERFORMANCE_MISSING,
    PLAN_NOT_IN_PROGRESS,
    RATING_REQUIRED,
)
from merit_evaluation.evaluations.schemas import FeedbackIn, RateIn, RealisationIn
from merit_evaluation.performance.models import (
    Evaluation,
    EvaluationPeriod,
    EvaluationRealisation,
    FeedbackNote,
    OrgPerformance,
    PerformancePlan,
    PlanResult,
)
from merit_evaluation.plans.service import notify_approver, role_on_plan
from merit_evaluation.policies.service import get_policy
from merit_evaluation.rules import OrgPredikat, Rating, SkpState, predikat
from merit_shared import audit, clock
from merit_shared.auth import Principal
from merit_shared.errors import NotFound
from merit_shared.notify import Kind


class EvaluationAction(StrEnum):
    """The transitions of an evaluation (OPEN -> RATED); realisation and feedback edit an OPEN one."""

    RATE = "RATE"


def may_act_on_evaluation(principal: Principal, ev: Evaluation, plan: PerformancePlan,
                          action: EvaluationAction) -> bool:
    """Whether THIS caller may perform ``action`` on the evaluation: the one check both the route guard
    (``require_evaluation_action``) and ``evaluation_allowed_actions`` use, so a listed action never answers 403.
    RATE: only the evaluator recorded on the plan, and never the rated employee themselves."""
    if action is EvaluationAction.RATE:
        return not is_self(principal, ev.employee_id) and "evaluator" in role_on_plan(principal, plan)
    raise AssertionError(action)  # pragma: no cover - every action is decided above


def require_evaluation_action(principal: Principal, ev: Evaluation, plan: PerformancePlan,
                              action: EvaluationAction) -> None:
    """403 unless ``may_act_on_evaluation``; the message says why (self-rating, or not the plan's evaluator)."""
    if may_act_on_evaluation(principal, ev, plan, action):
        return
    forbid_self(principal, ev.employee_id)
    raise FORBIDDEN_ONLY_THE_EVALUATOR_RECORDED.error()


def evaluation_allowed_actions(principal: Principal, ev: Evaluation, plan: PerformancePlan) -> list[str]:
    """The transitions THIS caller may perform now: none once rated, else those ``may_act_on_evaluation`` grants."""
    if ev.status != "OPEN":
        return []
    return [a.value for a in EvaluationAction if may_act_on_evaluation(principal, ev, plan, a)]


async def open_evaluation(session: AsyncSession, principal: Principal, plan: PerformancePlan,
                          period_number: int) -> Evaluation:
    if not role_on_plan(principal, plan) & {"owner", "evaluator"}:
        raise FORBIDDEN_EVALUATION_OPENED_THE_EMPLOYEE.error()
    if plan.state != SkpState.IN_PROGRESS.value or not plan.is_current:
        raise PLAN_NOT_IN_PROGRESS.error(state=plan.state, extra={"state": plan.state})
    period = await session.get(EvaluationPeriod, plan.period_id)
    assert period is not None
    if period_number == 0:
        label, start, end, kind = "TAHUNAN", period.starts_on, period.ends_on, "ANNUAL"
    else:
        match = [p for p in period.periods if p["number"] == period_number]
        if not match:
            raise INVALID_PERIOD_NUMBER.error(field="body.period_number", len_periods=len(period.periods), period_number=period_number)
        p = match[0]
        label, start, end, kind = p["label"], date.fromisoformat(p["start"]), date.fromisoformat(p["end"]), "PERIODIC"
    eid = uuid.uuid4()
    done = (await session.execute(insert(Evaluation).values(
        id=eid, agency_id=plan.agency_id, plan_id=plan.id, employee_id=plan.employee_id, year=plan.year, kind=kind,
        period_number=period_number, period_label=label, starts_on=start, ends_on=end, status="OPEN",
    ).on_conflict_do_nothing(index_elements=["plan_id", "period_number"]).returning(Evaluation.id))).scalar()
    if done is None:
        raise EVALUATION_EXISTS.error(label=label)
    row = await session.get(Evaluation, eid)
    assert row is not None
    return row


def _require_open(ev: Evaluation) -> None:
    if ev.status != "OPEN":
        raise EVALUATION_RATED.error(extra={"allowed_actions": []})


async def put_realisation(session: AsyncSession, principal: Principal, ev: Evaluation, plan: PerformancePlan,
                          indicator_id: uuid.UUID, body: RealisationIn) -> dict[str, Any]:
    if not role_on_plan(principal, plan) & {"owner", "evaluator"}:
        raise FORBIDDEN_REALISATION_ENTERED_THE_EMPLOYEE.error()
    _require_open(ev)
    results = (await session.execute(select(PlanResult.indicators).where(PlanResult.plan_id == plan.id))).scalars()
    if str(indicator_id) not in {i["id"] for inds in results for i in inds}:
        raise NotFound("Indikator", indicator_id)
    links = [str(u) for u in body.evidence_links]
    stmt = insert(EvaluationRealisation).values(
        id=uuid.uuid4(), evaluation_id=ev.id, indicator_id=indicator_id, realisation=body.realisation,
        evidence_links=links, updated_by=principal.subject)
    stmt = stmt.on_conflict_do_update(index_elements=["evaluation_id", "indicator_id"], set_={
        "realisation": body.realisation, "evidence_links": links, "updated_by": principal.subject,
        "updated_at": clock.utcnow()})
    await session.execute(stmt)
    return {"indicator_id": str(indicator_id), "realisation": body.realisation, "evidence_links": links}


async def add_feedback(session: AsyncSession, principal: Principal, ev: Evaluation, plan: PerformancePlan,
                       body: FeedbackIn) -> FeedbackNote:
    if not role_on_plan(principal, plan) & {"evaluator", "superior"}:
        raise FORBIDDEN_FEEDBACK_NOTES_ARE_WRITTEN.error()
    if not date(ev.year, 1, 1) <= body.noted_on <= ev.ends_on:
        raise FEEDBACK_DATE_OUTSIDE_PERIOD.error(field="body.noted_on", ends_on=ev.ends_on, year=ev.year)
    note = FeedbackNote(id=uuid.uuid4(), agency_id=ev.agency_id, evaluation_id=ev.id, noted_on=body.noted_on,
                        behaviour_code=body.behaviour_code.value if body.behaviour_code else None, note=body.note,
                        author=principal.subject,
                        author_employee_id=uuid.UUID(principal.employee_id) if principal.employee_id else None)
    session.add(note)
    await session.flush()
    return note


async def rate(session: AsyncSession, principal: Principal, ev: Evaluation, plan: PerformancePlan,
               body: RateIn) -> Evaluation:
    require_evaluation_action(principal, ev, plan, EvaluationAction.RATE)
    _require_open(ev)
    source = "EVALUATOR"
    org_id = None
    hasil = body.rating_hasil_kerja
    if plan.is_unit_head:
        if hasil is not None:
            raise HASIL_KERJA_DERIVED.error(field="body.rating_hasil_kerja")
        org = (await session.execute(select(OrgPerformance).where(
            OrgPerformance.agency_id == plan.agency_id, OrgPerformance.unit_id == plan.unit_id,
            OrgPerformance.year == plan.year))).scalar_one_or_none()
        if org is None:
            raise ORG_PERFORMANCE_MISSING.error(year=plan.year)
        policy = await get_policy(session, plan.agency_id)
        hasil = policy.head_rating[OrgPredikat(org.org_predikat)]
        source, org_id = "ORGANISATION", org.id
    elif hasil is None:
        raise RATING_REQUIRED.error(field="body.rating_hasil_kerja")
    assert isinstance(hasil, Rating)
    ev.rating_hasil_kerja = hasil.value
    ev.rating_perilaku = body.rating_perilaku.value
    ev.predikat = predikat(hasil, body.rating_perilaku).value
    ev.hasil_kerja_source = source
    ev.org_performance_id = org_id
    ev.rated_by_employee_id = uuid.UUID(principal.employee_id) if principal.employee_id else None
    ev.rated_by = principal.subject
    ev.rated_at = clock.utcnow()
    ev.status = "RATED"
    await session.flush()
    await audit.record(session, audit_log, principal, action="evaluation.rate", entity="evaluation", entity_id=ev.id,
                       agency_id=ev.agency_id, before={"status": "OPEN"},
                       after={"rating_hasil_kerja": ev.rating_hasil_kerja, "rating_perilaku": ev.rating_perilaku,
                 "predikat": ev.predikat, "hasil_kerja_source": source})
    if ev.kind == "ANNUAL":  # the year's evaluation: the superior's FINALIZE makes the rating final
        await publish(session, principal, "rating_awaiting_signoff", ev.agency_id, ev.id, {
            "evaluation_id": ev.id, "plan_id": plan.id, "employee_id": ev.employee_id, "year": ev.year,
            "kind": ev.kind, "rating_hasil_kerja": ev.rating_hasil_kerja, "rating_perilaku": ev.rating_perilaku,
            "predikat": ev.predikat, "evaluator_superior_employee_id": plan.evaluator_superior_employee_id})
    if ev.kind == "ANNUAL":  # the year's rating now awaits its closing (FINALIZE) by the superior
        await notify_approver(session, plan, Kind.RATING_TO_FINALIZE, {"predikat": ev.predikat}, str(ev.id))
    return ev


async def evaluation_detail(session: AsyncSession, principal: Principal, ev: Evaluation,
                            plan: PerformancePlan) -> dict[str, Any]:
    """The evaluation as ``principal`` sees it: ``allowed_actions`` are this caller's (``evaluation_allowed_actions``)."""
    reals = (await session.execute(select(EvaluationRealisation).where(
        EvaluationRealisation.evaluation_id == ev.id))).scalars().all()
    notes = (await session.execute(select(FeedbackNote).where(FeedbackNote.evaluation_id == ev.id)
                                   .order_by(FeedbackNote.noted_on, FeedbackNote.created_at))).scalars().all()
    out = {c: getattr(ev, c) for c in (
        "id", "plan_id", "employee_id", "year", "kind", "period_number", "period_label", "starts_on", "ends_on",
        "status", "rating_hasil_kerja", "rating_perilaku", "predikat", "hasil_kerja_source", "rated_by_employee_id",
        "rated_at")}
    out["realisations"] = [{"indicator_id": str(r.indicator_id), "realisation": r.realisation,
                            "evidence_links": r.evidence_links, "updated_at": r.updated_at.isoformat()}
                           for r in reals]
    out["feedback"] = [{"id": str(n.id), "noted_on": n.noted_on.isoformat(), "behaviour_code": n.behaviour_code,
                        "note": n.note, "author_employee_id": str(n.author_employee_id) if n.author_employee_id
                        else None} for n in notes]
    out["allowed_actions"] = evaluation_allowed_actions(principal, ev, plan)
    return out


async def of_plan(session: AsyncSession, plan_id: uuid.UUID) -> list[Evaluation]:
    """The plan's periodic evaluations in period order."""
    return list((await session.execute(select(Evaluation).where(Evaluation.plan_id == plan_id)
                                       .order_by(Evaluation.period_number))).scalars().all())

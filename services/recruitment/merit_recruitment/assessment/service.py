"""Scores, pass/fail results, closing a stage, the ranking (rules/scoring.py) of a selection, and the re-score an
accepted appeal against a scored stage opens.

A score counts when it is neither voided (a conflict declared later) nor superseded (replaced by a re-score);
both kinds of row stay for the record (``GET /applications/{id}/scores`` shows them)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment import rules
from merit_recruitment.applications.models import Application
from merit_recruitment.assessment.errors import (
    APPLICATION_NOT_IN_ASSESSMENT,
    CONFLICT_FLAGS_UNDECIDED,
    NO_RESCORE_OPEN,
    RESCORE_DONE,
    RESCORE_INCOMPLETE,
    STAGE_NOT_OPEN,
    STAGE_RESULTS_INCOMPLETE,
    WRONG_STAGE_KIND,
)
from merit_recruitment.assessment.models import Rescore, Score, StageOutcome, StageResult
from merit_recruitment.assessment.ranking import STAGE_TOTALS_SQL, rank_rows
from merit_recruitment.committee.models import CommitteeMember, ConflictDeclaration, ConflictFlag
from merit_recruitment.db_base import audit_log, outbox
from merit_recruitment.rules import Ranking, StageConfig, StageKind, safeguards
from merit_recruitment.rules.scoring import stage_units
from merit_recruitment.selections import policy as pol
from merit_recruitment.selections.lifecycle import apply, ensure_allowed_now, now
from merit_recruitment.selections.models import Selection
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.notify import Kind, notify

IN_ASSESSMENT = ("QUALIFIED", "ELIMINATED")


def counted() -> sa.ColumnElement[bool]:
    """The scores that count: not voided, not superseded."""
    return sa.and_(Score.voided_at.is_(None), Score.superseded_at.is_(None))


# --- ranking (assessment/ranking.py assembles the rules' input from per-assessor totals) -------------------

async def compute_ranking(session: AsyncSession, sel: Selection) -> tuple[Ranking, dict[str, Application]]:
    apps = list((await session.execute(sa.select(Application).where(
        Application.selection_id == sel.id, Application.status.in_(IN_ASSESSMENT)))).scalars())
    totals = (await session.execute(STAGE_TOTALS_SQL, {"selection_id": sel.id})).all()
    results = (await session.execute(sa.select(
        sa.cast(StageResult.application_id, sa.String), StageResult.stage_code, StageResult.passed).where(
        StageResult.selection_id == sel.id))).all()
    ranking = rank_rows(pol.stages(sel), pol.scoring_policy(sel), [(str(a.id), a.nip, a.registered_at) for a in apps],
                        totals, results)
    return ranking, {str(a.id): a for a in apps}


# --- scoring ----------------------------------------------------------------------------------------------------

def open_stage(sel: Selection, stage_code: str, kind: StageKind) -> StageConfig:
    st = pol.current_stage(sel)
    if st is None or st.code != stage_code:
        cur = st.code if st else None
        raise STAGE_NOT_OPEN.error(stage_code=stage_code, value_1=cur or '-', extra={"current_stage": cur, "status": sel.status})
    if st.kind is not kind:
        raise WRONG_STAGE_KIND.error(stage_code=stage_code, value=st.kind.value, extra={"stage_kind": st.kind.value})
    return st


def ensure_in_assessment(app: Application) -> None:
    if app.status != "QUALIFIED":
        raise APPLICATION_NOT_IN_ASSESSMENT.error(status=app.status, extra={"application_status": app.status})


async def declaration_of(session: AsyncSession, member_id: uuid.UUID,
                         application_id: uuid.UUID) -> safeguards.Declaration | None:
    row = (await session.execute(sa.select(ConflictDeclaration).where(
        ConflictDeclaration.member_id == member_id, ConflictDeclaration.application_id == application_id))
    ).scalar_one_or_none()
    return None if row is None else safeguards.Declaration(row.has_conflict, row.reason or "")


async def ensure_declared(session: AsyncSession, member: CommitteeMember, app: Application) -> None:
    """The member declared "no conflict" with this applicant and no conflict the registry raised awaits the chair
    (409 ``declaration_required`` / ``conflict_of_interest`` / ``conflict_flag_open`` otherwise)."""
    flag = (await session.execute(sa.select(ConflictFlag.status).where(
        ConflictFlag.member_id == member.id, ConflictFlag.application_id == app.id))).scalar_one_or_none()
    safeguards.ensure_may_score(str(member.id), str(app.id), await declaration_of(session, member.id, app.id), flag)


async def put_scores(session: AsyncSession, p: Principal, sel: Selection, app: Application, member: CommitteeMember,
                     stage_code: str, criteria: dict[str, Decimal]) -> list[Score]:
    open_stage(sel, stage_code, StageKind.SCORED)
    ensure_in_assessment(app)
    await ensure_declared(session, member, app)
    mine = sa.and_(Score.application_id == app.id, Score.stage_code == stage_code, Score.member_id == member.id,
                   Score.superseded_at.is_(None))
    old = (await session.execute(sa.select(Score).where(mine))).scalars().all()
    before = {s.criterion: s.score for s in old}
    await session.execute(sa.delete(Score).where(mine))
    rows = [Score(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id, application_id=app.id,
                  stage_code=stage_code, member_id=member.id, criterion=c, score=v, updated_at=now())
            for c, v in criteria.items()]
    session.add_all(rows)
    await session.flush()
    await record(session, audit_log, p, action="score", entity="application", entity_id=app.id, agency_id=sel.agency_id,
                 before=before or None, after={"stage_code": stage_code, "member_id": member.id, "scores": criteria})
    return rows


async def put_result(session: AsyncSession, p: Principal, sel: Selection, app: Application,
                     member: CommitteeMember | None, stage_code: str, passed: bool, note: str | None) -> StageResult:
    open_stage(sel, stage_code, StageKind.PASS_FAIL)
    ensure_in_assessment(app)
    if member is not None:
        await ensure_declared(session, member, app)
    row = (await session.execute(sa.select(StageResult).where(
        StageResult.application_id == app.id, StageResult.stage_code == stage_code).with_for_update())
    ).scalar_one_or_none()
    before = {"passed": row.passed} if row else None
    if row is None:
        row = StageResult(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id, application_id=app.id,
                          stage_code=stage_code, passed=passed, note=note, recorded_by=p.subject, recorded_at=now())
        session.add(row)
    else:
        row.passed, row.note, row.recorded_by, row.recorded_at = passed, note, p.subject, now()
    await session.flush()
    await record(session, audit_log, p, action="stage_result", entity="application", entity_id=app.id,
                 agency_id=sel.agency_id, before=before,
                 after={"stage_code": stage_code, "passed": passed, "note": note})
    return row


# --- closing a stage --------------------------------------------------------------------------------------------

async def advance_stage(session: AsyncSession, p: Principal, sel: Selection) -> dict[str, Any]:
    """Freeze the open stage's outcome for every application in it, eliminate who failed, move on."""
    await ensure_allowed_now(session, sel, "advance_stage")
    st = pol.current_stage(sel)
    assert st is not None
    apps = list((await session.execute(sa.select(Application).where(
        Application.selection_id == sel.id, Application.status == "QUALIFIED").with_for_update())).scalars())
    policy = pol.scoring_policy(sel)
    missing: list[str] = []
    outcomes: list[tuple[Application, bool, int | None, list[dict[str, Any]]]] = []
    if st.kind is StageKind.PASS_FAIL:
        res = dict((await session.execute(sa.select(StageResult.application_id, StageResult.passed).where(
            StageResult.selection_id == sel.id, StageResult.stage_code == st.code))).all())
        for a in apps:
            if a.id not in res:
                missing.append(str(a.id))
            else:
                ok = bool(res[a.id])
                outcomes.append((a, ok, None, [] if ok else [{"code": "FAILED_STAGE", "stage_code": st.code}]))
    else:
        await ensure_no_open_flags_on_scores(session, sel, st.code)
        sheets: dict[uuid.UUID, dict[str, dict[str, Any]]] = defaultdict(dict)
        for app_id, member, crit, score in (await session.execute(sa.select(
                Score.application_id, Score.member_id, Score.criterion, Score.score).where(
                Score.selection_id == sel.id, Score.stage_code == st.code, counted()))).all():
            sheets[app_id].setdefault(str(member), {})[crit] = score
        for a in apps:
            sheet = sheets.get(a.id)
            if not sheet or len(sheet) < policy.min_assessors:
                missing.append(str(a.id))
                continue
            units = stage_units(sheet)
            ok = st.pass_mark is None or units >= int(st.pass_mark.scaleb(4))
            outcomes.append((a, ok, units, [] if ok else [{"code": "BELOW_PASS_MARK", "stage_code": st.code,
                                                           "pass_mark": str(st.pass_mark)}]))
    if missing:
        raise STAGE_RESULTS_INCOMPLETE.error(
            code=st.code,
            len_missing=len(missing),
            min_assessors=policy.min_assessors,
            extra={"application_ids": missing, "stage_code": st.code},
        )
    eliminated = 0
    for a, ok, scored, reasons in outcomes:
        session.add(StageOutcome(application_id=a.id, stage_code=st.code, selection_id=sel.id,
                                 agency_id=sel.agency_id, passed=ok,
                                 score=None if scored is None else Decimal(scored).scaleb(-4), reasons=reasons,
                                 decided_at=now()))
        if not ok:
            a.status = "ELIMINATED"
            a.eliminated_stage = st.code
            a.version += 1
            eliminated += 1
    await session.flush()
    detail = {"stage_code": st.code, "assessed": len(outcomes), "eliminated": eliminated}
    await apply(session, sel, rules.SelectionAction.ADVANCE_STAGE, p.subject, detail)
    await notify_scorers(session, sel)
    return detail


async def notify_scorers(session: AsyncSession, sel: Selection) -> None:
    """A scored stage just opened: each committee member now has scores to enter (by their gateway account;
    a seat saved before accounts were named, by its employee id)."""
    st = pol.current_stage(sel)
    if st is None or st.kind is not StageKind.SCORED:
        return
    for m in (await session.execute(sa.select(CommitteeMember).where(CommitteeMember.selection_id == sel.id))).scalars():
        await notify(session, outbox, agency_id=sel.agency_id, kind=Kind.SCORES_NEEDED, key=f"{sel.id}:{st.code}:{m.id}",
                     params={"selection_id": sel.id, "selection_title": sel.title, "stage_name": st.name},
                     account_id=m.account_id, employee_id=None if m.account_id else m.employee_id)


async def ensure_no_open_flags_on_scores(session: AsyncSession, sel: Selection, stage_code: str) -> None:
    """A conflict the registry raised after a member scored (new facts at an advance-stage, a changed committee)
    holds back that member's scores until the chair decides it: the stage does not close on them (409
    ``conflict_flags_undecided`` naming the flags). Confirmed, the scores are voided; dismissed, they count."""
    scored = sa.exists().where(Score.application_id == ConflictFlag.application_id,
                               Score.member_id == ConflictFlag.member_id, Score.stage_code == stage_code,
                               Score.voided_at.is_(None))
    ids = list((await session.scalars(sa.select(ConflictFlag.id).where(
        ConflictFlag.selection_id == sel.id, ConflictFlag.status == "OPEN", scored)
        .order_by(ConflictFlag.detected_at, ConflictFlag.id))).all())
    if ids:
        raise CONFLICT_FLAGS_UNDECIDED.error(n=len(ids), code=stage_code,
                                             extra={"flag_ids": [str(i) for i in ids], "stage_code": stage_code})


async def void_scores(session: AsyncSession, p: Principal, sel: Selection, member: CommitteeMember,
                      app: Application, reason: str | None) -> int:
    """Void the member's scores for the applicant (a conflict declared after scoring): the rows stay, with
    ``voided_at``, and the stages already closed are recomputed from the scores that remain."""
    at = now()
    rows = list((await session.execute(sa.update(Score).where(
        Score.application_id == app.id, Score.member_id == member.id, counted()).values(
        voided_at=at).returning(Score.stage_code, Score.criterion, Score.score))).all())
    if not rows:
        return 0
    await record(session, audit_log, p, action="void_scores", entity="application", entity_id=app.id,
                 agency_id=sel.agency_id, before={"member_id": member.id, "scores": [
                     {"stage_code": r[0], "criterion": r[1], "score": r[2]} for r in rows]},
                 after={"voided_at": at, "reason": reason})
    await rescore_closed_stages(session, p, sel, app, {r[0] for r in rows})
    return len(rows)


async def rescore_closed_stages(session: AsyncSession, p: Principal, sel: Selection, app: Application,
                                stage_codes: set[str]) -> None:
    """Recompute the frozen outcome of each closed SCORED stage in ``stage_codes`` from the valid scores; an
    application whose outcome flips is eliminated at that stage, or reinstated when that stage had eliminated it."""
    outcomes = list((await session.execute(sa.select(StageOutcome).where(
        StageOutcome.application_id == app.id, StageOutcome.stage_code.in_(stage_codes)))).scalars())
    stages = {s.code: s for s in pol.stages(sel)}
    for out in outcomes:
        st = stages.get(out.stage_code)
        if st is None or st.kind is not StageKind.SCORED:
            continue
        sheet: dict[str, dict[str, Any]] = defaultdict(dict)
        for member, crit, score in (await session.execute(sa.select(Score.member_id, Score.criterion, Score.score)
                                                          .where(Score.application_id == app.id,
                                                                 Score.stage_code == st.code,
                                                                 counted()))).all():
            sheet[str(member)][crit] = score
        before = {"passed": out.passed, "score": out.score, "status": app.status}
        if not sheet:  # nobody's score is left: the stage must be scored again
            out.reasons = [*(out.reasons or []), {"code": "NO_VALID_SCORES", "stage_code": st.code}]
            out.score = None
        else:
            units = stage_units(dict(sheet))
            out.score = Decimal(units).scaleb(-4)
            out.passed = st.pass_mark is None or units >= int(st.pass_mark.scaleb(4))
            out.reasons = [] if out.passed else [{"code": "BELOW_PASS_MARK", "stage_code": st.code,
                                                  "pass_mark": str(st.pass_mark)}]
        if not out.passed and app.status == "QUALIFIED":
            app.status, app.eliminated_stage = "ELIMINATED", st.code
            app.version += 1
        elif out.passed and app.status == "ELIMINATED" and app.eliminated_stage == st.code:
            app.status, app.eliminated_stage = "QUALIFIED", None
            app.version += 1
        await record(session, audit_log, p, action="rescore_stage", entity="application", entity_id=app.id,
                     agency_id=sel.agency_id, before=before,
                     after={"stage_code": st.code, "passed": out.passed, "score": out.score, "status": app.status})
    await session.flush()


async def scores_of(session: AsyncSession, application_id: uuid.UUID, member_id: uuid.UUID | None) -> list[Score]:
    """An application's individual scores (one member's when ``member_id`` is given), by stage, member, criterion;
    voided ones included (``voided_at`` set)."""
    q = sa.select(Score).where(Score.application_id == application_id)
    if member_id is not None:
        q = q.where(Score.member_id == member_id)
    return list((await session.execute(q.order_by(Score.stage_code, Score.member_id, Score.criterion))).scalars())


# --- re-score after an accepted appeal --------------------------------------------------------------------------
# An appeal against a SCORED stage's result, once accepted, is settled by the committee scoring the applicant again
# for that stage (members with a "no conflict" declaration for them, as for any score); completing the re-score
# supersedes the old rows (kept, counted nowhere) and the stage's outcome and the ranking follow from the new ones.
# Until it is completed the next stage and the proposal wait (rules/safeguards.py, appeal gate).

async def open_rescore(session: AsyncSession, p: Principal, sel: Selection, app: Application, stage_code: str,
                       appeal_id: uuid.UUID) -> Rescore:
    row = Rescore(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id, application_id=app.id,
                  stage_code=stage_code, appeal_id=appeal_id, status="OPEN", sheets={}, opened_at=now())
    session.add(row)
    await session.flush()
    await record(session, audit_log, p, action="open_rescore", entity="application", entity_id=app.id,
                 agency_id=sel.agency_id, after={"rescore_id": row.id, "stage_code": stage_code,
                                                 "appeal_id": appeal_id})
    return row


async def open_rescore_of(session: AsyncSession, app: Application, stage_code: str) -> Rescore:
    row = (await session.execute(sa.select(Rescore).where(
        Rescore.application_id == app.id, Rescore.stage_code == stage_code, Rescore.status == "OPEN")
        .with_for_update())).scalar_one_or_none()
    if row is None:
        raise NO_RESCORE_OPEN.error(stage_code=stage_code, extra={"stage_code": stage_code})
    return row


async def put_rescore(session: AsyncSession, p: Principal, sel: Selection, app: Application, member: CommitteeMember,
                      stage_code: str, criteria: dict[str, Decimal]) -> Rescore:
    """A member's new sheet for the open re-score (sending again replaces it); 409 ``declaration_required`` /
    ``conflict_of_interest`` / ``conflict_flag_open`` as for any score."""
    row = await open_rescore_of(session, app, stage_code)
    await ensure_declared(session, member, app)
    before = (row.sheets or {}).get(str(member.id))
    row.sheets = {**(row.sheets or {}), str(member.id): {c: str(v) for c, v in criteria.items()}}
    await session.flush()
    await record(session, audit_log, p, action="rescore", entity="application", entity_id=app.id,
                 agency_id=sel.agency_id, before=before,
                 after={"rescore_id": row.id, "stage_code": stage_code, "member_id": member.id, "scores": criteria})
    return row


async def complete_rescore(session: AsyncSession, p: Principal, sel: Selection, row: Rescore) -> Application:
    """Supersede the stage's old scores with the re-score's sheets and recompute the stage's outcome (an applicant
    whose outcome flips is reinstated or eliminated at that stage). Sheets of members who have since declared a
    conflict with the applicant are left out."""
    if row.status != "OPEN":
        raise RESCORE_DONE.error(extra={"rescore_id": str(row.id)})
    app = (await session.execute(sa.select(Application).where(Application.id == row.application_id)
                                 .with_for_update())).scalar_one()
    members = {str(m.id): m for m in (await session.execute(sa.select(CommitteeMember).where(
        CommitteeMember.id.in_([uuid.UUID(k) for k in row.sheets or {}])))).scalars()}
    sheets: dict[str, dict[str, str]] = {}
    for member_id, sheet in (row.sheets or {}).items():
        decl = await declaration_of(session, uuid.UUID(member_id), app.id)
        if member_id in members and decl is not None and not decl.has_conflict:
            sheets[member_id] = sheet
    policy = pol.scoring_policy(sel)
    if len(sheets) < max(policy.min_assessors, 1):
        raise RESCORE_INCOMPLETE.error(n=len(sheets), min_assessors=max(policy.min_assessors, 1),
                                       extra={"sheets": len(sheets)})
    at = now()
    superseded = list((await session.execute(sa.update(Score).where(
        Score.application_id == app.id, Score.stage_code == row.stage_code, Score.superseded_at.is_(None)).values(
        superseded_at=at).returning(Score.member_id, Score.criterion, Score.score, Score.voided_at))).all())
    await session.flush()
    session.add_all([Score(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id, application_id=app.id,
                           stage_code=row.stage_code, member_id=uuid.UUID(m), criterion=c, score=Decimal(v),
                           rescore_id=row.id, updated_at=at)
                     for m, sheet in sheets.items() for c, v in sheet.items()])
    row.status, row.completed_at, row.completed_by = "DONE", at, p.subject
    await session.flush()
    await record(session, audit_log, p, action="complete_rescore", entity="application", entity_id=app.id,
                 agency_id=sel.agency_id,
                 before={"stage_code": row.stage_code, "scores": [
                     {"member_id": s[0], "criterion": s[1], "score": s[2], "voided": s[3] is not None}
                     for s in superseded]},
                 after={"rescore_id": row.id, "sheets": sheets, "superseded_at": at})
    await rescore_closed_stages(session, p, sel, app, {row.stage_code})
    return app


async def rescores(session: AsyncSession, selection_id: uuid.UUID) -> list[Rescore]:
    return list((await session.execute(sa.select(Rescore).where(Rescore.selection_id == selection_id)
                                       .order_by(Rescore.opened_at, Rescore.id))).scalars())

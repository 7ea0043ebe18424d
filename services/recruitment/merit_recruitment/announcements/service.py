"""Announcements (immutable snapshots, SHA-256 content hash, corrections) and appeals (sanggah)."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from fastapi.encoders import jsonable_encoder
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment.announcements.errors import (
    ALREADY_CORRECTED,
    APPEAL_DECIDED,
    APPEAL_EXISTS,
    APPEAL_WINDOW_CLOSED,
    CORRECTION_NEEDS_TARGET,
    NOT_APPEALABLE,
    OPENING_NOT_CORRECTABLE,
    STAGE_CODE_REQUIRED,
    STAGE_NOT_FINISHED,
    STAGES_UNFINISHED,
    TOO_EARLY,
    UNKNOWN_KIND,
    UNKNOWN_STAGE,
)
from merit_recruitment.announcements.models import Announcement, Appeal
from merit_recruitment.applications.models import Application
from merit_recruitment.assessment import service as assessment
from merit_recruitment.assessment.models import Rescore, Score, StageOutcome, StageResult
from merit_recruitment.assessment.service import compute_ranking
from merit_recruitment.authz import membership, owns
from merit_recruitment.committee.models import ConflictDeclaration
from merit_recruitment.common.errors import SCREENING_INCOMPLETE
from merit_recruitment.common.feed import publish as publish_event
from merit_recruitment.db_base import audit_log, outbox
from merit_recruitment.rules import StageKind, appeal_deadline, appeal_open, content_hash, public_applicant_row, safeguards
from merit_recruitment.selections import policy as pol
from merit_recruitment.selections.lifecycle import now, touch
from merit_recruitment.selections.models import Selection
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.errors import NotFound
from merit_shared.notify import Kind, notify

RESULT_KINDS = ("SCREENING", "STAGE", "FINAL")
_ORDER = {s: i for i, s in enumerate(("DRAFT", "ANNOUNCED", "REGISTRATION", "SCREENING", "ASSESSMENT",
                                      "FINAL_RANKING", "PROPOSAL", "DECISION", "APPOINTED", "CLOSED"))}


def _reached(sel: Selection, status: str) -> bool:
    return sel.status != "CANCELLED" and _ORDER.get(sel.status, -1) >= _ORDER[status]


def _row(app: Application, result: str, sel: Selection) -> dict[str, Any]:
    return public_applicant_row({"name": app.name, "nip": app.nip, "current_position": app.current_position,
                                 "agency": app.current_agency, "result": result},
                                pol.publication_policy(sel)).to_dict()


async def _apps(session: AsyncSession, sel: Selection) -> list[Application]:
    return list((await session.execute(sa.select(Application).where(
        Application.selection_id == sel.id, Application.status != "WITHDRAWN").order_by(
        Application.name, Application.nip))).scalars())


def _minimised(passing: list[dict[str, Any]], not_passed: int) -> dict[str, Any]:
    """Personal data minimised (UU 27/2022 Pasal 16): a result names those who pass and only counts the others;
    each applicant reads their own result on their application."""
    return {"entries": passing, "passed_count": len(passing), "not_passed_count": not_passed}


async def _entries(session: AsyncSession, sel: Selection, kind: str, stage_code: str | None) -> dict[str, Any]:
    """The public result of one announcement kind, built from the current records."""
    if kind == "SCREENING":
        if not _reached(sel, "SCREENING"):
            raise TOO_EARLY.error(extra={"status": sel.status})
        apps = await _apps(session, sel)
        pending = [str(a.id) for a in apps if a.status in ("SUBMITTED", "VERIFIED")]
        if pending:
            raise SCREENING_INCOMPLETE.error(len_pending=len(pending), extra={"application_ids": pending})
        return _minimised([_row(a, "MEMENUHI SYARAT", sel) for a in apps if a.status != "REJECTED"],
                          sum(1 for a in apps if a.status == "REJECTED"))
    if kind == "STAGE":
        codes = [s["code"] for s in sel.stages]
        if not stage_code:
            raise STAGE_CODE_REQUIRED.error(field="body.stage_code", join_codes=', '.join(codes))
        if stage_code not in codes:
            raise UNKNOWN_STAGE.error(field="body.stage_code", join_codes=', '.join(codes), stage_code=stage_code)
        rows = (await session.execute(sa.select(Application, StageOutcome.passed).join(
            StageOutcome, StageOutcome.application_id == Application.id).where(
            StageOutcome.selection_id == sel.id, StageOutcome.stage_code == stage_code).order_by(
            Application.name, Application.nip))).all()
        if not rows:
            raise STAGE_NOT_FINISHED.error(stage_code=stage_code, extra={"stage_code": stage_code})
        return _minimised([_row(a, "LULUS", sel) for a, passed in rows if passed],
                          sum(1 for _, passed in rows if not passed))
    if kind == "FINAL":
        if not _reached(sel, "FINAL_RANKING"):
            raise STAGES_UNFINISHED.error(extra={"status": sel.status})
        ranking, apps_by_id = await compute_ranking(session, sel)
        out = [{**_row(apps_by_id[r.application_id], f"PERINGKAT {r.position}", sel), "rank": r.position}
               for r in ranking.ranked]
        return _minimised(out, len(ranking.not_ranked))
    raise UNKNOWN_KIND.error(field="body.kind")


async def _next_number(session: AsyncSession, sel: Selection) -> int:
    n = (await session.execute(sa.select(sa.func.max(Announcement.number)).where(
        Announcement.selection_id == sel.id))).scalar_one()
    return int(n or 0) + 1


async def _store(session: AsyncSession, p: Principal | str, sel: Selection, kind: str, stage_code: str | None,
                 title: str, body: dict[str, Any], corrects: Announcement | None = None) -> Announcement:
    number = await _next_number(session, sel)
    published = now()
    snapshot = jsonable_encoder({
        "selection": {"id": sel.id, "title": sel.title, "kind": sel.kind, "agency_id": sel.agency_id},
        "announcement": {"number": number, "kind": kind, "stage_code": stage_code, "title": title,
                         "published_at": published},
        "corrects": {"id": corrects.id, "number": corrects.number, "content_hash": corrects.content_hash}
        if corrects else None,
        **body})
    deadline = None
    if kind not in ("OPENING", "APPOINTMENT"):
        deadline = appeal_deadline(published, policy=pol.publication_policy(sel))
    ann = Announcement(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id, number=number, kind=kind,
                       stage_code=stage_code, title=title, snapshot=snapshot, content_hash=content_hash(snapshot),
                       corrects_id=corrects.id if corrects else None, published_at=published,
                       published_by=p if isinstance(p, str) else p.subject,
                       appeal_deadline=deadline)
    session.add(ann)
    await session.flush()
    touch(sel)
    await record(session, audit_log, p, action="publish", entity="announcement", entity_id=ann.id,
                 agency_id=sel.agency_id, after={"kind": kind, "number": number, "content_hash": ann.content_hash})
    if kind not in ("OPENING", "APPOINTMENT"):  # a result: selection_announced / appointment_confirmed cover those
        await publish_event(session, p, "stage_result_published", sel.agency_id, ann.id, {
            "announcement_id": ann.id, "selection_id": sel.id, "number": number, "kind": kind,
            "stage_code": stage_code, "title": title, "content_hash": ann.content_hash,
            "appeal_deadline": deadline, "corrects_id": ann.corrects_id})
    return ann


async def publish_opening(session: AsyncSession, p: Principal, sel: Selection) -> Announcement:
    """The selection's announcement: positions, requirements, documents, schedule and stages, as applied."""
    body = {"positions": [{k: v for k, v in s.items() if k != "verified_at"} for s in sel.positions_snapshot or []],
            "requirements": sel.requirements, "documents": sel.documents, "schedule": sel.schedule,
            "stages": sel.stages, "planned_inauguration_date": sel.planned_inauguration_date,
            "appeal_window_days": sel.policies["publication"]["appeal_window_days"]}
    return await _store(session, p, sel, "OPENING", None, f"Pengumuman {sel.title}", body)


def _title(sel: Selection, kind: str, stage_code: str | None) -> str:
    if kind == "SCREENING":
        return f"Hasil seleksi administrasi - {sel.title}"
    if kind == "STAGE":
        name = next((s["name"] for s in sel.stages if s["code"] == stage_code), stage_code)
        return f"Hasil tahap {name} - {sel.title}"
    return f"Hasil akhir - {sel.title}"


async def publish(session: AsyncSession, p: Principal, sel: Selection, kind: str, stage_code: str | None,
                  corrects_id: uuid.UUID | None, reason: str | None) -> Announcement:
    if kind == "CORRECTION":
        if corrects_id is None or not reason:
            raise CORRECTION_NEEDS_TARGET.error(field="body.corrects_id")
        old = (await session.execute(sa.select(Announcement).where(
            Announcement.id == corrects_id, Announcement.selection_id == sel.id))).scalar_one_or_none()
        if old is None:
            raise NotFound("Pengumuman", corrects_id, field="body.corrects_id")
        if old.kind == "OPENING":
            raise OPENING_NOT_CORRECTABLE.error()
        taken = (await session.execute(sa.select(Announcement.id).where(
            Announcement.corrects_id == old.id))).scalar_one_or_none()
        if taken:
            raise ALREADY_CORRECTED.error(extra={"correction_id": str(taken)})
        base_kind = old.snapshot.get("base_kind") or old.kind
        result = await _entries(session, sel, base_kind, old.stage_code)
        title = f"Koreksi: {old.title}"
        ann = await _store(session, p, sel, "CORRECTION", old.stage_code, title,
                           {"base_kind": base_kind, **result, "correction_reason": reason}, corrects=old)
        await _notify_covered(session, sel, ann, base_kind, old.stage_code)
        return ann
    if kind not in RESULT_KINDS:
        raise UNKNOWN_KIND.error(field="body.kind")
    result = await _entries(session, sel, kind, stage_code if kind == "STAGE" else None)
    ann = await _store(session, p, sel, kind, stage_code if kind == "STAGE" else None, _title(sel, kind, stage_code),
                       result)
    await _notify_covered(session, sel, ann, kind, ann.stage_code)
    return ann


async def _notify_covered(session: AsyncSession, sel: Selection, ann: Announcement, kind: str,
                          stage_code: str | None) -> None:
    """A result is out: each internal applicant it covers reads their own outcome on their application (the
    announcement itself names only who passed). External applicants leave no e-mail address in Merit."""
    if kind == "STAGE":
        apps = list((await session.execute(sa.select(Application).join(
            StageOutcome, StageOutcome.application_id == Application.id).where(
            StageOutcome.selection_id == sel.id, StageOutcome.stage_code == stage_code))).scalars())
    else:
        apps = [a for a in await _apps(session, sel) if kind == "SCREENING" or a.status != "REJECTED"]
    for a in apps:
        await notify(session, outbox, agency_id=sel.agency_id, kind=Kind.STAGE_RESULT_PUBLISHED,
                     key=f"{ann.id}:{a.id}", employee_id=a.employee_id,
                     params={"application_id": a.id, "selection_title": sel.title, "announcement_title": ann.title,
                             "announcement_id": ann.id})


async def publish_appointment(session: AsyncSession, p: Principal | str, sel: Selection) -> Announcement:
    """The appointment, announced once positions has recorded it: the appointee's name, the position, the SK
    number and date, under the same hash stamp as every announcement. No appeal window: the PPK's decision is
    not a result the applicants appeal here."""
    d = sel.decision or {}
    app = (await session.execute(sa.select(Application).where(
        Application.id == uuid.UUID(d["chosen_application_id"])))).scalar_one()
    position = next((s for s in sel.positions_snapshot or [] if s.get("id") == d.get("position_id")), {})
    body = {"appointment": {"name": app.name, "position": {"id": d.get("position_id"), "name": position.get("name"),
                                                           "unit_name": position.get("unit_name")},
                            "sk_number": d.get("sk_number"), "sk_date": d.get("sk_date"),
                            "tmt_start": d.get("tmt_start")}}
    return await _store(session, p, sel, "APPOINTMENT", None, f"Pengumuman pelantikan - {sel.title}", body)


# --- appeals ----------------------------------------------------------------------------------------------------

async def submit_appeal(session: AsyncSession, p: Principal, sel: Selection, ann_id: uuid.UUID,
                        application_id: uuid.UUID, reason: str) -> Appeal:
    ann = (await session.execute(sa.select(Announcement).where(
        Announcement.id == ann_id, Announcement.selection_id == sel.id))).scalar_one_or_none()
    if ann is None:
        raise NotFound("Pengumuman", ann_id)
    # Locked: two simultaneous appeals of one applicant against one announcement are decided one after the other.
    app = (await session.execute(sa.select(Application).where(
        Application.id == application_id, Application.selection_id == sel.id).with_for_update())).scalar_one_or_none()
    if app is None or not owns(p, app):
        raise NotFound("Lamaran", application_id, field="body.application_id")
    if ann.appeal_deadline is None:
        raise NOT_APPEALABLE.error()
    at = now()
    days = pol.publication_policy(sel).appeal_window_days
    if not appeal_open(ann.published_at, at, days):
        raise APPEAL_WINDOW_CLOSED.error(
            appeal_deadline=ann.appeal_deadline.isoformat(),
            extra={"appeal_deadline": ann.appeal_deadline.isoformat()},
        )
    exists = (await session.execute(sa.select(Appeal.id).where(
        Appeal.announcement_id == ann.id, Appeal.application_id == app.id))).scalar_one_or_none()
    if exists:
        raise APPEAL_EXISTS.error(extra={"appeal_id": str(exists)})
    appeal = Appeal(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id, announcement_id=ann.id,
                    application_id=app.id, submitted_by=p.subject, reason=reason, submitted_at=at, status="SUBMITTED")
    session.add(appeal)
    await session.flush()
    await record(session, audit_log, p, action="submit", entity="appeal", entity_id=appeal.id, agency_id=sel.agency_id,
                 after={"announcement_id": ann.id, "application_id": app.id, "reason": reason})
    return appeal


async def _decider_block(session: AsyncSession, p: Principal, sel: Selection, app: Application) -> None:
    """Four eyes on appeals (rules/safeguards.py): not the applicant, not a member whose (valid) score is appealed,
    not someone who declared a conflict with the applicant."""
    seat = await membership(session, sel.id, p)
    scored = conflicted = False
    if seat is not None:
        scored = bool((await session.execute(sa.select(sa.func.count()).select_from(Score).where(
            Score.member_id == seat.id, Score.application_id == app.id, Score.voided_at.is_(None)))).scalar_one())
        conflicted = bool((await session.execute(sa.select(sa.func.count()).select_from(ConflictDeclaration).where(
            ConflictDeclaration.member_id == seat.id, ConflictDeclaration.application_id == app.id,
            ConflictDeclaration.has_conflict.is_(True)))).scalar_one())
    block = safeguards.appeal_decision_block(
        safeguards.Actor(p.subject, p.employee_id, p.nip),
        safeguards.Applicant(str(app.employee_id) if app.employee_id else None, app.nip),
        scored_applicant=scored, conflicted=conflicted)
    if block is not None:
        raise block


async def _reinstate(session: AsyncSession, p: Principal, sel: Selection, ann: Announcement,
                     app: Application, appeal: Appeal) -> Rescore | None:
    """What an accepted appeal changes in the records: the result appealed is reversed for the applicant (a
    rejected applicant is qualified again; one eliminated at a PASS_FAIL stage passes it and is assessed on). A
    SCORED stage is settled by a re-score instead (returned): the committee scores the applicant again, and the
    outcome, the ranking and the correction follow from the new scores once it is completed."""
    base_kind = ann.snapshot.get("base_kind") or ann.kind
    before = {"status": app.status, "eliminated_stage": app.eliminated_stage}
    stage = next((s for s in pol.stages(sel) if s.code == ann.stage_code), None)
    if base_kind == "STAGE" and stage is not None and stage.kind is StageKind.SCORED and (
            app.status == "QUALIFIED" or (app.status == "ELIMINATED" and app.eliminated_stage == ann.stage_code)):
        return await assessment.open_rescore(session, p, sel, app, stage.code, appeal.id)
    if base_kind == "SCREENING" and app.status == "REJECTED":
        app.status, app.status_reason = "QUALIFIED", None
    elif base_kind == "STAGE" and app.status == "ELIMINATED" and app.eliminated_stage == ann.stage_code:
        out = (await session.execute(sa.select(StageOutcome).where(
            StageOutcome.application_id == app.id, StageOutcome.stage_code == ann.stage_code))).scalar_one_or_none()
        if out is not None:
            out.passed, out.reasons = True, [{"code": "APPEAL_ACCEPTED", "stage_code": ann.stage_code}]
        # A pass/fail result is the ranking's input too: it is corrected with the outcome.
        await session.execute(sa.update(StageResult).where(
            StageResult.application_id == app.id, StageResult.stage_code == ann.stage_code).values(
            passed=True, note="Sanggahan diterima / appeal accepted", recorded_by=p.subject, recorded_at=now()))
        app.status, app.eliminated_stage = "QUALIFIED", None
    else:
        return None
    app.version += 1
    touch(sel)
    await record(session, audit_log, p, action="reinstate", entity="application", entity_id=app.id,
                 agency_id=sel.agency_id, before=before, after={"status": app.status, "appeal_of": ann.id})
    return None


async def _latest_version(session: AsyncSession, ann: Announcement) -> Announcement:
    """The announcement as last corrected (the end of its chain of corrections)."""
    while (nxt := (await session.execute(sa.select(Announcement).where(
            Announcement.corrects_id == ann.id))).scalar_one_or_none()) is not None:
        ann = nxt
    return ann


async def decide_appeal(session: AsyncSession, p: Principal, sel: Selection, appeal_id: uuid.UUID, decision: str,
                        reasons: str) -> Appeal:
    """Decide an appeal. An accepted one takes effect: the applicant is reinstated (``_reinstate``) and the system
    publishes the CORRECTION of the appealed announcement from the corrected records; against a scored stage the
    re-score opens and the correction waits for it (:func:`complete_rescore`)."""
    appeal = (await session.execute(sa.select(Appeal).where(
        Appeal.id == appeal_id, Appeal.selection_id == sel.id).with_for_update())).scalar_one_or_none()
    if appeal is None:
        raise NotFound("Sanggahan", appeal_id)
    if appeal.status != "SUBMITTED":
        raise APPEAL_DECIDED.error(status=appeal.status, extra={"status": appeal.status})
    app = (await session.execute(sa.select(Application).where(Application.id == appeal.application_id)
                                 .with_for_update())).scalar_one()
    await _decider_block(session, p, sel, app)
    appeal.status = decision
    appeal.decision_reasons = reasons
    appeal.decided_by = p.subject
    appeal.decided_at = now()
    await notify(session, outbox, agency_id=sel.agency_id, kind=Kind.APPEAL_DECIDED, key=str(appeal.id),
                 employee_id=app.employee_id, params={"application_id": app.id, "selection_title": sel.title,
                                                      "decision": decision, "reasons": reasons})
    await record(session, audit_log, p, action="decide", entity="appeal", entity_id=appeal.id, agency_id=sel.agency_id,
                 before={"status": "SUBMITTED"}, after={"status": decision, "reasons": reasons})
    await publish_event(session, p, "appeal_decided", sel.agency_id, appeal.id, {
        "appeal_id": appeal.id, "selection_id": sel.id, "application_id": appeal.application_id,
        "announcement_id": appeal.announcement_id, "decision": decision, "decided_at": appeal.decided_at})
    if decision == "ACCEPTED":
        ann = (await session.execute(sa.select(Announcement).where(Announcement.id == appeal.announcement_id))
               ).scalar_one()
        if await _reinstate(session, p, sel, ann, app, appeal) is None:
            await session.flush()
            target = await _latest_version(session, ann)
            correction = await publish(session, p, sel, "CORRECTION", None, target.id,
                                       f"Sanggahan diterima / appeal accepted: {reasons}")
            appeal.correction_id = correction.id
        touch(sel)
    await session.flush()
    return appeal


async def complete_rescore(session: AsyncSession, p: Principal, sel: Selection, rescore_id: uuid.UUID) -> Rescore:
    """Complete a re-score (``assessment.complete_rescore``), then publish the CORRECTION of the appealed
    announcement from the recomputed outcome."""
    row = (await session.execute(sa.select(Rescore).where(
        Rescore.id == rescore_id, Rescore.selection_id == sel.id).with_for_update())).scalar_one_or_none()
    if row is None:
        raise NotFound("Penilaian ulang", rescore_id, what_en="Re-score")
    await assessment.complete_rescore(session, p, sel, row)
    appeal = (await session.execute(sa.select(Appeal).where(Appeal.id == row.appeal_id).with_for_update())
              ).scalar_one()
    ann = (await session.execute(sa.select(Announcement).where(Announcement.id == appeal.announcement_id))
           ).scalar_one()
    target = await _latest_version(session, ann)
    correction = await publish(session, p, sel, "CORRECTION", None, target.id,
                               f"Penilaian ulang setelah sanggahan diterima / re-score after the accepted appeal: "
                               f"{appeal.decision_reasons}")
    appeal.correction_id = row.correction_id = correction.id
    touch(sel)
    await session.flush()
    return row


async def announcements(session: AsyncSession, selection_id: uuid.UUID) -> list[Announcement]:
    """The selection's announcements, oldest first."""
    return list((await session.execute(sa.select(Announcement).where(Announcement.selection_id == selection_id)
                                       .order_by(Announcement.number))).scalars())


async def appeals(session: AsyncSession, selection_id: uuid.UUID) -> list[Appeal]:
    """The selection's appeals, oldest first."""
    return list((await session.execute(sa.select(Appeal).where(Appeal.selection_id == selection_id)
                                       .order_by(Appeal.submitted_at))).scalars())

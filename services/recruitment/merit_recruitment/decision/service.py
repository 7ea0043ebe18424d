"""Proposal of the 3 best to the PPK, the PPK's choice, and the appointment sent to positions via the outbox.

The appointment is enqueued in the same transaction as the decision. The relay's result handler moves the
selection to APPOINTED and then CLOSED when positions confirms (2xx), or records positions' problem document
in ``appointment_error`` (4xx) so a person can retry with a new idempotency key or choose another proposed name.
Idempotency key: ``appointment:<selection_id>:<application_id>:<attempt>``.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment import rules
from merit_recruitment.announcements.service import publish_appointment
from merit_recruitment.applications.models import Application
from merit_recruitment.assessment.service import compute_ranking
from merit_recruitment.common.errors import UNKNOWN_POSITION
from merit_recruitment.common.feed import publish
from merit_recruitment.db_base import audit_log, outbox
from merit_recruitment.decision.errors import APPLICANT_NOT_IN_REGISTRY
from merit_recruitment.directory import Directory, UpstreamUnavailable, upstream_error
from merit_recruitment.selections import policy as pol
from merit_recruitment.selections.lifecycle import apply, ensure_allowed, ensure_allowed_now, now, record_event, touch
from merit_recruitment.selections.models import Selection
from merit_recruitment.selections.schemas import DecideIn
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.error_codes import TMT_BEFORE_SK
from merit_shared.errors import DomainError
from merit_shared.outbox import enqueue

log = logging.getLogger("merit.recruitment.decision")
SYSTEM = "system:outbox"


async def submit_proposal(session: AsyncSession, p: Principal, sel: Selection) -> list[dict[str, Any]]:
    await ensure_allowed_now(session, sel, "submit_proposal")
    ranking, apps = await compute_ranking(session, sel)
    ids = rules.propose(ranking, pol.proposal_policy(sel))
    by_id = {r.application_id: r for r in ranking.ranked}
    sel.proposal = [{"application_id": i, "rank": by_id[i].position, "final_score": str(by_id[i].final_score),
                     "name": apps[i].name, "nip": apps[i].nip} for i in ids]
    await apply(session, sel, rules.SelectionAction.SUBMIT_PROPOSAL, p.subject, {"proposed": list(ids)})
    return sel.proposal


async def decide(session: AsyncSession, p: Principal, sel: Selection, body: DecideIn, directory: Directory) -> None:
    ensure_allowed(sel, "decide", None)
    proposed = [x["application_id"] for x in sel.proposal or []]
    try:
        rules.validate_choice(str(body.chosen_application_id), proposed, pol.proposal_policy(sel))
    except DomainError as exc:
        if exc.field:
            exc.field = f"body.{exc.field}"
        raise
    if body.sk_date > body.tmt_start:
        raise TMT_BEFORE_SK.error(field="body.tmt_start")
    app = (await session.execute(sa.select(Application).where(
        Application.id == body.chosen_application_id))).scalar_one()
    position_id = body.position_id or app.position_id or uuid.UUID(sel.position_ids[0])
    if str(position_id) not in sel.position_ids:
        raise UNKNOWN_POSITION.error(field="body.position_id")
    employee_id = app.employee_id
    if employee_id is None:  # applicant from another agency: must be in the registry to be appointed
        try:
            # The selecting agency's record first (a transfer recorded there), else the one record elsewhere.
            emp = await directory.employee_by_nip(app.nip, str(sel.agency_id))
            if emp is None:
                emp = await directory.employee_by_nip(app.nip)
        except UpstreamUnavailable as exc:
            raise upstream_error("positions", exc, field="body.chosen_application_id") from None
        if emp is None:
            raise APPLICANT_NOT_IN_REGISTRY.error(nip=app.nip)
        employee_id = uuid.UUID(str(emp["id"]))
    before = {"decision": sel.decision, "appointment_status": sel.appointment_status}
    sel.chosen_application_id = app.id
    sel.decision = {"chosen_application_id": str(app.id), "employee_id": str(employee_id),
                    "position_id": str(position_id), "sk_number": body.sk_number, "sk_date": body.sk_date.isoformat(),
                    "tmt_start": body.tmt_start.isoformat(), "decided_by": p.subject, "decided_at": now().isoformat()}
    if sel.status == "PROPOSAL":
        await apply(session, sel, rules.SelectionAction.DECIDE, p.subject, {"chosen_application_id": str(app.id)})
    else:  # choosing another proposed name after positions refused the first
        touch(sel)
        await record_event(session, sel, "decide", p.subject, sel.status, {"chosen_application_id": str(app.id)})
    await record(session, audit_log, p, action="decide", entity="selection", entity_id=sel.id, agency_id=sel.agency_id,
                 before=before, after=sel.decision)
    await publish(session, p, "appointment_decided", sel.agency_id, sel.id, {
        "selection_id": sel.id, "application_id": app.id, "employee_id": employee_id, "position_id": position_id,
        "sk_number": body.sk_number, "sk_date": body.sk_date, "tmt_start": body.tmt_start})
    await _send(session, sel)


async def retry(session: AsyncSession, p: Principal, sel: Selection) -> None:
    ensure_allowed(sel, "retry_appointment", None)
    await record_event(session, sel, "retry_appointment", p.subject, sel.status, {"attempt": sel.appointment_attempt + 1})
    await record(session, audit_log, p, action="retry_appointment", entity="selection", entity_id=sel.id,
                 agency_id=sel.agency_id, before={"appointment_error": sel.appointment_error})
    await _send(session, sel)


async def _send(session: AsyncSession, sel: Selection) -> None:
    d = sel.decision or {}
    sel.appointment_attempt += 1
    sel.appointment_status = "PENDING"
    sel.appointment_error = None
    touch(sel)
    key = f"appointment:{sel.id}:{d['chosen_application_id']}:{sel.appointment_attempt}"
    await enqueue(session, outbox, kind="appointment", destination="positions", method="POST",
                  path="/api/v1/assignments", idempotency_key=key,
                  payload={"employee_id": d["employee_id"], "position_id": d["position_id"], "kind": "definitive",
                           "tmt_start": d["tmt_start"], "sk_number": d["sk_number"], "sk_date": d["sk_date"],
                           "reason": "selection_result", "end_current_definitive": True})
    await session.flush()


async def on_appointment_result(session: AsyncSession, row: Any, status: int, body: Any) -> None:
    """Outbox result handler (kind "appointment"), run in the relay's transaction."""
    try:
        _, sel_id, app_id, attempt = str(row.idempotency_key).split(":")
    except ValueError:
        log.error("unexpected appointment key %s", row.idempotency_key)
        return
    sel = (await session.execute(sa.select(Selection).where(Selection.id == uuid.UUID(sel_id)).with_for_update())
           ).scalar_one_or_none()
    if sel is None or sel.appointment_attempt != int(attempt) or sel.appointment_status != "PENDING":
        log.info("stale appointment answer %s (%s) ignored", row.idempotency_key, status)
        return
    if 200 <= status < 300:
        sel.appointment_status = "CONFIRMED"
        sel.decision = {**(sel.decision or {}), "assignment": body}
        await apply(session, sel, rules.SelectionAction.APPOINT, SYSTEM, {"assignment_id": (body or {}).get("id")})
        await apply(session, sel, rules.SelectionAction.CLOSE, SYSTEM)
        await publish_appointment(session, SYSTEM, sel)
        d = sel.decision
        await publish(session, SYSTEM, "appointment_confirmed", sel.agency_id, sel.id, {
            "selection_id": sel.id, "application_id": d.get("chosen_application_id"),
            "employee_id": d.get("employee_id"), "position_id": d.get("position_id"),
            "assignment_id": (body or {}).get("id"), "tmt_start": d.get("tmt_start")})
        return
    sel.appointment_status = "ERROR"
    sel.appointment_error = {"status": status, "problem": body, "at": now().isoformat(), "attempt": int(attempt),
                             "application_id": app_id}
    touch(sel)
    await record_event(session, sel, "appointment_refused", SYSTEM, sel.status, {"status": status,
                                                                                 "code": (body or {}).get("code")})
    await record(session, audit_log, SYSTEM, action="appointment_refused", entity="selection", entity_id=sel.id,
                 agency_id=sel.agency_id, after=sel.appointment_error)

"""The selection lifecycle as the services run it: the clock, allowed actions, transitions and their records.

Every area that moves a selection (announcements, assessment, decision, applications, committee) imports these
from here, never from ``selections.service``: that keeps the services free of import cycles (see the import-linter
contracts in pyproject.toml).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from fastapi.encoders import jsonable_encoder
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment import rules
from merit_recruitment.announcements.models import Announcement, Appeal
from merit_recruitment.applications.models import Application
from merit_recruitment.assessment.models import Rescore
from merit_recruitment.db_base import audit_log
from merit_recruitment.public.cache import PUBLIC_CACHE
from merit_recruitment.rules import SelectionAction, safeguards, transition
from merit_recruitment.selections import policy as pol
from merit_recruitment.selections.models import Selection, SelectionEvent
from merit_shared import clock
from merit_shared.audit import record
from merit_shared.error_codes import TRANSITION_NOT_ALLOWED_ACTION_NOT_ALLOWED_STATUS
from merit_shared.errors import DomainError

SYSTEM_ACTIONS = {SelectionAction.APPOINT, SelectionAction.CLOSE}  # done by the outbox handler, not by people


def now() -> datetime:
    return clock.utcnow()


def today(agency_id: object = None) -> date:
    """The calendar date schedules are compared with: the agency's day (``merit_shared.clock``)."""
    return clock.today(agency_id)


async def applicant_count(session: AsyncSession, selection_id: uuid.UUID) -> int:
    return int((await session.execute(sa.select(sa.func.count()).select_from(Application).where(
        Application.selection_id == selection_id, Application.status != "WITHDRAWN"))).scalar_one())


async def appeal_gate(session: AsyncSession, sel: Selection) -> safeguards.AppealGate:
    """The appeal windows of the selection's result announcements and its undecided appeals (the gate of
    rules/safeguards.py); deadlines on the agency's clock, as the messages name them."""
    zone = clock.zone_of(sel.agency_id)
    windows = (await session.execute(sa.select(Announcement.number, Announcement.appeal_deadline).where(
        Announcement.selection_id == sel.id, Announcement.appeal_deadline.is_not(None)))).all()
    pending = (await session.execute(sa.select(sa.func.count()).select_from(Appeal).where(
        Appeal.selection_id == sel.id, Appeal.status == "SUBMITTED"))).scalar_one()
    rescores = (await session.execute(sa.select(sa.func.count()).select_from(Rescore).where(
        Rescore.selection_id == sel.id, Rescore.status == "OPEN"))).scalar_one()
    return safeguards.AppealGate(tuple(safeguards.AppealWindow(n, d.astimezone(zone))
                                       for n, d in windows if d is not None), int(pending), int(rescores))


def _split(sel: Selection, count: int | None,
           gate: safeguards.AppealGate | None) -> tuple[list[str], dict[str, DomainError]]:
    base = rules.allowed_actions(pol.state(sel), policy=pol.process_policy(sel), applicant_count=count)
    ok, held = safeguards.gated([a for a in base if a not in SYSTEM_ACTIONS], gate, now())
    return [a.value.lower() for a in ok], {a.value.lower(): why for a, why in held.items()}


def blocked(sel: Selection, count: int | None, gate: safeguards.AppealGate | None) -> list[dict[str, Any]]:
    """The actions the state would allow but a safeguard holds back now, each with why (code and messages)."""
    return [{"action": a, "code": why.code, "message_id": why.message_id, "message_en": why.message_en,
             **jsonable_encoder(why.extra)} for a, why in _split(sel, count, gate)[1].items()]


def allowed(sel: Selection, count: int | None, gate: safeguards.AppealGate | None = None) -> list[str]:
    """Actions the selection's state allows now, whoever asks, as the action route names use them (snake_case);
    ``selections.service.to_out`` keeps those the caller may take (``caller_may``). With ``gate`` (``appeal_gate``)
    the transitions an open appeal window or a pending appeal holds back are left out (see ``blocked``)."""
    names = _split(sel, count, gate)[0]
    if sel.status == "DECISION":
        if sel.appointment_status == "PENDING":
            return []  # waiting for positions to confirm; nothing may interfere
        if sel.appointment_status == "ERROR":
            return ["retry_appointment", "decide", *names]
    return names


def public_summary(sel: Selection) -> dict[str, Any]:
    """What the portal lists (no personal data)."""
    st = pol.current_stage(sel)
    positions = [{"id": p["id"], "name": p.get("name"), "unit_name": p.get("unit_name")}
                 for p in sel.positions_snapshot or []]
    return jsonable_encoder({
        "id": sel.id, "agency_id": sel.agency_id, "title": sel.title, "kind": sel.kind, "status": sel.status,
        "current_stage": {"code": st.code, "name": st.name} if st else None, "positions": positions,
        "schedule": sel.schedule, "announced_at": sel.announced_at, "updated_at": sel.updated_at})


def touch(sel: Selection) -> None:
    sel.version += 1
    sel.updated_at = now()
    if sel.status != "DRAFT":
        sel.public_summary = public_summary(sel)
    PUBLIC_CACHE.bump()


async def record_event(session: AsyncSession, sel: Selection, action: str, actor: str, from_status: str,
                       detail: dict[str, Any] | None = None) -> None:
    session.add(SelectionEvent(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id, action=action,
                               from_status=from_status, to_status=sel.status, stage_index=sel.current_stage,
                               at=now(), actor=actor, detail=jsonable_encoder(detail) if detail else None))


def ensure_allowed(sel: Selection, action: str, count: int | None,
                   gate: safeguards.AppealGate | None = None) -> None:
    names = allowed(sel, count, gate)
    if action not in names:
        held = _split(sel, count, gate)[1].get(action)
        if held is not None:
            raise held
        listed = ", ".join(names) or "-"
        raise TRANSITION_NOT_ALLOWED_ACTION_NOT_ALLOWED_STATUS.error(
            name=action,
            status=sel.status,
            value_1=listed,
            extra={"allowed_actions": names, "status": sel.status, "action": action},
        )


async def ensure_allowed_now(session: AsyncSession, sel: Selection, action: str, count: int | None = None) -> None:
    """``ensure_allowed`` with the appeal gate read now (409 ``appeal_window_open`` / ``appeals_pending``)."""
    ensure_allowed(sel, action, count, await appeal_gate(session, sel))


async def apply(session: AsyncSession, sel: Selection, action: SelectionAction, actor: str,
                detail: dict[str, Any] | None = None, count: int | None = None) -> None:
    """Run one lifecycle transition and record it (the caller has checked who may do it). A gated transition
    is checked against the appeal gate here too, so no path around it moves the selection on."""
    if action in safeguards.GATED_ACTIONS:
        block = safeguards.appeal_gate_block(await appeal_gate(session, sel), now())
        if block is not None:
            raise block
    before = sel.status
    new = transition(pol.state(sel), action, policy=pol.process_policy(sel), applicant_count=count)
    sel.status = new.status.value
    sel.current_stage = new.current_stage
    sel.registration_extensions = new.registration_extensions
    touch(sel)
    await record_event(session, sel, action.value.lower(), actor, before, detail)
    await record(session, audit_log, actor, action=action.value.lower(), entity="selection", entity_id=sel.id,
                 agency_id=sel.agency_id, before={"status": before},
                 after={"status": sel.status, "current_stage": sel.current_stage, **(detail or {})})

"""Personnel action workflow: draft -> submitted -> reviewed -> approved/rejected -> applied (or cancelled).

Applying is atomic: every current definitive assignment of the people moved ends the day before the TMT, then
every new one starts on the TMT, in one transaction; any conflict rolls all of it back.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.actions.checks import move_checks
from merit_positions.actions.errors import (
    ACTION_NEEDS_MOVE,
    BLACKOUT_WINDOW,
    CANCEL_REASON_REQUIRED,
    CHECKS_NOT_PASSED,
    CURRENT_STARTS_ON_TMT,
    DUPLICATE_EMPLOYEE,
    EDIT_EMPTY,
    FORBIDDEN,
    MOVE_NOT_IN_ACTION,
    SK_REQUIRED,
)
from merit_positions.actions.models import PersonnelAction, PersonnelActionMove
from merit_positions.actions.schemas import ActionCreate, ActionEdit, CancelIn, DecideIn, ReviewIn
from merit_positions.agencies.service import load_policy
from merit_positions.assignments import service as assignments
from merit_positions.assignments.models import Assignment
from merit_positions.assignments.schemas import AssignmentCreate, AssignmentKind, Reason
from merit_positions.common.changes import snapshot
from merit_positions.common.models import audit_log
from merit_positions.directory import EvaluationDirectory
from merit_positions.rules import blackout_window_for
from merit_shared.api import Sort, apply_sort, parse_sort
from merit_shared.audit import record
from merit_shared.auth import Principal, Role
from merit_shared.clock import today, utcnow
from merit_shared.error_codes import TMT_BEFORE_SK, TRANSITION_NOT_ALLOWED_ACTION_NOT_ALLOWED_STATUS
from merit_shared.errors import DomainError, NotFound

DEFAULT_REASON = {"MUTATION": "transfer", "ROTATION": "rotation", "PROMOTION": "promotion", "DEMOTION": "demotion"}
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    # status -> action -> roles allowed
    "draft": {"submit": (Role.AGENCY_ADMIN,), "refresh-checks": (Role.AGENCY_ADMIN,), "cancel": (Role.AGENCY_ADMIN,)},
    # the review is the performance review team's (tim penilai kinerja, PP 30/2019), not a selection panel's
    "submitted": {"review": (Role.REVIEW_TEAM,), "refresh-checks": (Role.AGENCY_ADMIN, Role.REVIEW_TEAM),
                  "cancel": (Role.AGENCY_ADMIN,)},
    "reviewed": {"decide": (Role.PPK,), "refresh-checks": (Role.AGENCY_ADMIN, Role.REVIEW_TEAM, Role.PPK),
                 "cancel": (Role.AGENCY_ADMIN,)},
    # decided but not applied: applied on its TMT, or fixed (edit) / cancelled with a reason, so it never dead-ends
    "approved": {"apply": (Role.AGENCY_ADMIN,), "edit": (Role.AGENCY_ADMIN,), "cancel": (Role.AGENCY_ADMIN,)},
    # the scheduler could not apply it on its TMT (apply_error says why): fix and apply, or cancel
    "apply_failed": {"apply": (Role.AGENCY_ADMIN,), "edit": (Role.AGENCY_ADMIN,), "cancel": (Role.AGENCY_ADMIN,)},
    "rejected": {}, "applied": {}, "cancelled": {},
}


def allowed_actions(action: PersonnelAction, principal: Principal | None = None) -> list[str]:
    acts = TRANSITIONS[action.status]
    if principal is None:
        return list(acts)
    return [a for a, roles in acts.items() if principal.is_service or principal.has(*roles)]


def roles_for(name: str, status: str | None = None) -> tuple[str, ...]:
    """Who may take the action: in one status, or (status None) in any status it exists in."""
    statuses = [status] if status else list(TRANSITIONS)
    seen: dict[str, None] = {}
    for st in statuses:
        seen.update(dict.fromkeys(TRANSITIONS[st].get(name, ())))
    return tuple(seen)


def require_action_role(principal: Principal, name: str, status: str | None = None) -> None:
    """403 naming exactly the roles that may take `name` (in `status` when given)."""
    roles = roles_for(name, status)
    if principal.is_service or principal.has(*roles):
        return
    names = ", ".join(roles)
    at_id, at_en = (f" pada status {status}", f" in status {status}") if status else ("", "")
    raise FORBIDDEN.error(at_en=at_en, at_id=at_id, name=name, names=names)


def require_transition(action: PersonnelAction, principal: Principal, name: str) -> None:
    acts = TRANSITIONS[action.status]
    if name not in acts:
        allowed = list(acts)
        raise TRANSITION_NOT_ALLOWED_ACTION_NOT_ALLOWED_STATUS.error(
            name=name,
            status=action.status,
            value_1=', '.join(allowed) or '-',
            extra={"allowed_actions": allowed},
        )
    require_action_role(principal, name, action.status)


async def load_moves(session: AsyncSession, action_id: uuid.UUID) -> list[PersonnelActionMove]:
    return list((await session.scalars(sa.select(PersonnelActionMove).where(PersonnelActionMove.action_id == action_id)
                                       .order_by(PersonnelActionMove.seq, PersonnelActionMove.id))).all())


READERS_OF_ALL = (Role.AGENCY_ADMIN, Role.PPK, Role.REVIEW_TEAM)
PENDING_APPLY = ("approved", "apply_failed")  # decided, not applied: the list an admin works through


def reads_own_only(principal: Principal) -> bool:
    """An employee (and no wider reader role) reads only the actions that move them, and only their own move."""
    return not principal.is_service and not principal.has(*READERS_OF_ALL)


async def view(session: AsyncSession, action: PersonnelAction, principal: Principal) -> dict[str, Any]:
    moves = await load_moves(session, action.id)
    if reads_own_only(principal):
        moves = [m for m in moves if str(m.employee_id) == principal.employee_id]
    out = {c.key: getattr(action, c.key) for c in sa.inspect(PersonnelAction).columns}
    out["moves"] = [{c.key: getattr(m, c.key) for c in sa.inspect(PersonnelActionMove).columns} for m in moves]
    out["allowed_actions"] = allowed_actions(action, principal)
    return out


async def _refresh(session: AsyncSession, evaluation: EvaluationDirectory | None, action: PersonnelAction,
                   decision_date: Any = None, blackout_ref: str | None = None) -> list[PersonnelActionMove]:
    policy = await load_policy(session, action.agency_id)
    moves = await load_moves(session, action.id)
    for m in moves:
        m.checks, m.outcome = await move_checks(session, evaluation, policy, action.kind, m.employee_id, m.to_position_id,
                                                action.tmt, decision_date or today(), blackout_ref)
    await session.flush()
    return moves


async def create_action(session: AsyncSession, principal: Principal, evaluation: EvaluationDirectory | None,
                        agency_id: uuid.UUID, body: ActionCreate) -> PersonnelAction:
    seen: set[uuid.UUID] = set()
    for i, mv in enumerate(body.moves):
        if mv.employee_id in seen:
            raise DUPLICATE_EMPLOYEE.error(field=f"body.moves.{i}.employee_id")
        seen.add(mv.employee_id)
        # 404 for unknown or foreign ids, naming the move
        emp = await session.scalar(sa.text("SELECT id FROM employees WHERE id = :e AND agency_id = :a"),
                                   {"e": mv.employee_id, "a": agency_id})
        if emp is None:
            from merit_shared.errors import NotFound
            raise NotFound("Pegawai", mv.employee_id, field=f"body.moves.{i}.employee_id")
        pos = await session.scalar(sa.text("SELECT id FROM positions WHERE id = :p AND agency_id = :a "
                                           "AND abolished_on IS NULL"), {"p": mv.to_position_id, "a": agency_id})
        if pos is None:
            from merit_shared.errors import NotFound
            raise NotFound("Jabatan", mv.to_position_id, field=f"body.moves.{i}.to_position_id")
    action = PersonnelAction(id=uuid.uuid4(), agency_id=agency_id, kind=body.kind.value, title=body.title,
                             status="draft", tmt=body.tmt, created_by=principal.subject, version=1)
    session.add(action)
    await session.flush()
    for seq, mv in enumerate(body.moves):
        session.add(PersonnelActionMove(id=uuid.uuid4(), action_id=action.id, agency_id=agency_id, seq=seq,
                                        employee_id=mv.employee_id, to_position_id=mv.to_position_id,
                                        reason=(mv.reason.value if mv.reason else DEFAULT_REASON[action.kind]),
                                        checks=[]))
    await session.flush()
    await _refresh(session, evaluation, action)
    await record(session, audit_log, principal, action="personnel_action.create", entity="personnel_action",
                 entity_id=action.id, before=None, after=snapshot(action), agency_id=agency_id)
    return action


async def _transition(session: AsyncSession, principal: Principal, action: PersonnelAction, name: str,
                      new_status: str, **changes: Any) -> PersonnelAction:
    before = snapshot(action)
    for k, v in changes.items():
        setattr(action, k, v)
    action.status = new_status
    action.version += 1
    action.updated_at = utcnow()
    await session.flush()
    await record(session, audit_log, principal, action=f"personnel_action.{name}", entity="personnel_action",
                 entity_id=action.id, before=before, after=snapshot(action), agency_id=action.agency_id)
    return action


async def submit(session: AsyncSession, principal: Principal, evaluation: EvaluationDirectory | None,
                 action: PersonnelAction) -> PersonnelAction:
    require_transition(action, principal, "submit")
    await _refresh(session, evaluation, action)
    return await _transition(session, principal, action, "submit", "submitted")


async def refresh_checks(session: AsyncSession, principal: Principal, evaluation: EvaluationDirectory | None,
                         action: PersonnelAction) -> PersonnelAction:
    require_transition(action, principal, "refresh-checks")
    await _refresh(session, evaluation, action)
    return action


async def review(session: AsyncSession, principal: Principal, action: PersonnelAction, body: ReviewIn
                 ) -> PersonnelAction:
    require_transition(action, principal, "review")
    note = f"[{body.recommendation}] {body.note}"
    return await _transition(session, principal, action, "review", "reviewed", review_note=note,
                             reviewed_by=principal.subject)


async def decide(session: AsyncSession, principal: Principal, evaluation: EvaluationDirectory | None, action: PersonnelAction,
                 body: DecideIn) -> PersonnelAction:
    require_transition(action, principal, "decide")
    if body.decision == "reject":
        return await _transition(session, principal, action, "decide", "rejected", decision_date=body.decision_date,
                                 decision_note=body.note, decided_by=principal.subject)
    policy = await load_policy(session, action.agency_id)
    window = blackout_window_for(body.decision_date, policy)
    if window and not body.blackout_override_reason:
        raise BLACKOUT_WINDOW.error(
            decision_date=body.decision_date,
            value_1=window[0],
            value_2=window[1],
            extra={"window": [str(window[0]), str(window[1])]},
        )
    for name in ("sk_number", "sk_date"):
        if not getattr(body, name):
            raise SK_REQUIRED.error(field=f"body.{name}", name=name)
    if body.sk_date and body.sk_date > action.tmt:
        raise TMT_BEFORE_SK.error(field="body.sk_date")
    moves = await _refresh(session, evaluation, action, body.decision_date, body.blackout_override_reason)
    blocked = [str(m.employee_id) for m in moves if m.outcome != "eligible"]
    if blocked and not body.override_reason:
        raise CHECKS_NOT_PASSED.error(len_blocked=len(blocked), extra={"employees": blocked})
    note = body.note or ""
    if body.override_reason:
        note = f"{note}\n[override] {body.override_reason}".strip()
    return await _transition(session, principal, action, "decide", "approved", decision_date=body.decision_date,
                             sk_number=body.sk_number, sk_date=body.sk_date, decision_note=note,
                             blackout_override_reason=body.blackout_override_reason, decided_by=principal.subject)


async def cancel(session: AsyncSession, principal: Principal, action: PersonnelAction, body: CancelIn
                 ) -> PersonnelAction:
    """Before the decision any time; once decided (approved, apply_failed) only with a reason, kept on it."""
    require_transition(action, principal, "cancel")
    if action.status in PENDING_APPLY and not body.reason:
        raise CANCEL_REASON_REQUIRED.error(field="body.reason")
    return await _transition(session, principal, action, "cancel", "cancelled", cancel_reason=body.reason)


async def edit(session: AsyncSession, principal: Principal, evaluation: EvaluationDirectory | None,
               action: PersonnelAction, body: ActionEdit) -> PersonnelAction:
    """Fix a decided action that is not applied: take moves out or point one at another seat (its checks are
    recomputed and must pass, or the decision's override covers them). A failed one is approved again, so the
    scheduler or the admin applies it; the reason is audited."""
    require_transition(action, principal, "edit")
    if not body.remove and not body.retarget:
        raise EDIT_EMPTY.error(field="body")
    moves = {m.employee_id: m for m in await load_moves(session, action.id)}
    for name, ids in (("remove", body.remove), ("retarget", [r.employee_id for r in body.retarget])):
        for i, eid in enumerate(ids):
            if eid not in moves:
                suffix = ".employee_id" if name == "retarget" else ""
                raise MOVE_NOT_IN_ACTION.error(field=f"body.{name}.{i}{suffix}", employee_id=eid)
    removed = set(body.remove)
    if not set(moves) - removed:
        raise ACTION_NEEDS_MOVE.error(field="body.remove")
    before = {**snapshot(action), "moves": [snapshot(m, "employee_id", "to_position_id") for m in moves.values()]}
    for eid in removed:
        await session.delete(moves.pop(eid))
    policy = await load_policy(session, action.agency_id)
    override = bool(action.decision_note and "[override]" in action.decision_note)
    for i, r in enumerate(body.retarget):
        if r.employee_id in removed:
            continue
        pos = await session.scalar(sa.text("SELECT id FROM positions WHERE id = :p AND agency_id = :a "
                                           "AND abolished_on IS NULL"), {"p": r.to_position_id, "a": action.agency_id})
        if pos is None:
            raise NotFound("Jabatan", r.to_position_id, field=f"body.retarget.{i}.to_position_id")
        m = moves[r.employee_id]
        m.to_position_id = r.to_position_id
        m.checks, m.outcome = await move_checks(session, evaluation, policy, action.kind, m.employee_id,
                                                m.to_position_id, action.tmt, action.decision_date or today(),
                                                action.blackout_override_reason)
        if m.outcome != "eligible" and not override:
            raise CHECKS_NOT_PASSED.error(field=f"body.retarget.{i}", len_blocked=1,
                                          extra={"employees": [str(m.employee_id)]})
    await session.flush()
    action.status, action.apply_error = "approved", None
    action.version += 1
    action.updated_at = utcnow()
    await session.flush()
    await record(session, audit_log, principal, action="personnel_action.edit", entity="personnel_action",
                 entity_id=action.id, before=before, after={
                     **snapshot(action), "reason": body.reason, "removed": sorted(str(e) for e in removed),
                     "moves": [snapshot(m, "employee_id", "to_position_id") for m in moves.values()]},
                 agency_id=action.agency_id)
    return action


async def _current_definitive(session: AsyncSession, moves: list[PersonnelActionMove], tmt: Any
                              ) -> dict[uuid.UUID, Assignment]:
    out: dict[uuid.UUID, Assignment] = {}
    for m in moves:
        a = await session.scalar(sa.select(Assignment).where(
            Assignment.employee_id == m.employee_id, Assignment.kind == "definitive", Assignment.tmt_start <= tmt,
            sa.or_(Assignment.tmt_end.is_(None), Assignment.tmt_end >= tmt))
            .execution_options(populate_existing=True))
        if a is not None:
            out[m.employee_id] = a
    return out


async def _describe(session: AsyncSession, moves: list[PersonnelActionMove]) -> list[dict[str, Any]]:
    """Who moves where, read before any change (after a database refusal the transaction can run nothing more)."""
    rows = (await session.execute(sa.text("""
        SELECT e.id AS employee_id, e.nip, e.name, p.id AS position_id, p.name AS position_name
        FROM employees e, positions p WHERE e.id = ANY(:e) AND p.id = ANY(:p)"""),
        {"e": [m.employee_id for m in moves], "p": [m.to_position_id for m in moves]})).mappings().all()
    people = {r["employee_id"]: r for r in rows}
    seats = {r["position_id"]: r["position_name"] for r in rows}
    return [{"index": i, "employee_id": str(m.employee_id), "to_position_id": str(m.to_position_id),
             "nip": people[m.employee_id]["nip"] if m.employee_id in people else None,
             "name": people[m.employee_id]["name"] if m.employee_id in people else None,
             "to_position_name": seats.get(m.to_position_id)} for i, m in enumerate(moves)]


def _name_move(exc: DomainError, move: dict[str, Any]) -> None:
    """Say which move failed and why; the whole decision is rolled back with the request's transaction."""
    i = move["index"]
    who = f"{move['name']} (NIP {move['nip']})" if move["nip"] else move["employee_id"]
    where = move["to_position_name"] or move["to_position_id"]
    exc.message_id = (f"Perpindahan ke-{i + 1} ({who} ke {where}) gagal: {exc.message_id} Tidak ada perpindahan "
                      "yang diterapkan; perbaiki perpindahan itu atau keluarkan dari usulan lalu terapkan lagi.")
    exc.message_en = (f"Move {i + 1} ({who} to {where}) failed: {exc.message_en} No move was applied; fix that "
                      "move or remove it from the proposal and apply again.")
    exc.extra = {**exc.extra, "move": {**move, "code": exc.code}, "employee_id": move["employee_id"],
                 "to_position_id": move["to_position_id"]}
    if exc.field:
        exc.field = f"moves.{i}"
    exc.status = 409  # a decision that can no longer be applied as taken is a conflict with the current state


async def apply(session: AsyncSession, principal: Principal, action: PersonnelAction) -> PersonnelAction:
    """All moves start and end together, or nothing changes (the request's transaction rolls back on any 409).

    Concurrency: in the lock order of ``assignments.service`` (every position involved, targets and the seats
    being left, then every employee); the current assignments are read under those locks, so a concurrent
    appointment or another decision either finished before (and is seen) or waits. A move that no longer fits
    answers 409 naming it.
    """
    require_transition(action, principal, "apply")
    moves = await load_moves(session, action.id)
    described = await _describe(session, moves)
    day_before = action.tmt - timedelta(days=1)
    locked = await assignments.lock_for_moves(session, action.agency_id, {m.to_position_id for m in moves},
                                              {m.employee_id for m in moves}, action.tmt, action.tmt,
                                              position_field="moves", employee_field="moves")
    current = await _current_definitive(session, moves, action.tmt)  # under the locks
    override = None
    if action.decision_note and "[override]" in action.decision_note:
        override = action.decision_note.split("[override]", 1)[1].strip()
    for i, m in enumerate(moves):
        a = current.get(m.employee_id)
        if a is None:
            continue
        try:
            if a.tmt_start > day_before:
                raise CURRENT_STARTS_ON_TMT.error(tmt_start=a.tmt_start, extra={"assignment_id": str(a.id)})
            await assignments.end_assignment(session, principal, a, day_before, m.reason)
        except DomainError as exc:
            _name_move(exc, described[i])
            raise
    for i, m in enumerate(moves):
        body = AssignmentCreate(employee_id=m.employee_id, position_id=m.to_position_id,
                                kind=AssignmentKind.DEFINITIVE, tmt_start=action.tmt, sk_number=action.sk_number or "",
                                sk_date=action.sk_date or action.tmt, reason=Reason(m.reason),
                                rank_override_reason=override)
        try:
            # the seats the movers hold on the TMT, the targets and the movers are locked above (a move that would
            # touch another seat, one held after the TMT, is refused by appoint's own checks)
            created, _ = await assignments.appoint(session, principal, action.agency_id, body, action.id, locked)
        except DomainError as exc:
            _name_move(exc, described[i])
            raise
        m.assignment_id = created.id
    await session.flush()
    return await _transition(session, principal, action, "apply", "applied", applied_at=utcnow(), apply_error=None)


async def mark_apply_failed(session: AsyncSession, principal: Principal, action: PersonnelAction,
                            error: dict[str, Any]) -> PersonnelAction:
    """The scheduler could not apply an approved action on its TMT: it stays visible as ``apply_failed``."""
    return await _transition(session, principal, action, "apply_failed", "apply_failed", apply_error=error)


def moves_me(principal: Principal) -> Any:
    """The actions with a move of the caller's own employee record (none without one)."""
    me = uuid.UUID(principal.employee_id) if principal.employee_id else None
    return PersonnelAction.id.in_(sa.select(PersonnelActionMove.action_id).where(
        PersonnelActionMove.employee_id == me))


ACTION_SORT = {"created_at": PersonnelAction.created_at, "tmt": PersonnelAction.tmt,
               "status": PersonnelAction.status, "kind": PersonnelAction.kind}


async def list_actions(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, status: str | None,
                       limit: int, offset: int, *, sort: Sort) -> tuple[int | None, list[PersonnelAction]]:
    """(total, one page) of the agency's personnel actions, optionally of one status, newest first;
    ``pending_apply`` (approved or apply_failed) soonest TMT first. An employee gets those that move them."""
    q = sa.select(PersonnelAction).where(PersonnelAction.agency_id == agency_id)
    if reads_own_only(principal):
        q = q.where(moves_me(principal))
    if status == "pending_apply":
        q = q.where(PersonnelAction.status.in_(PENDING_APPLY))
        if not sort.explicit:  # what is due to apply: soonest TMT first
            sort = parse_sort("tmt,created_at", ACTION_SORT, "tmt")
    elif status:
        q = q.where(PersonnelAction.status == status)
    total = await session.scalar(sa.select(sa.func.count()).select_from(q.subquery()))
    rows = (await session.scalars(apply_sort(q, sort, PersonnelAction.id).limit(limit).offset(offset))).all()
    return total, list(rows)

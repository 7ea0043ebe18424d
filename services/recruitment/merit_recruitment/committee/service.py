"""Committee composition (45% internal rule etc., rules/committee.py) and conflict-of-interest declarations."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment import rules
from merit_recruitment.applications.models import Application
from merit_recruitment.assessment import service as assessment
from merit_recruitment.assessment.models import Score
from merit_recruitment.committee.errors import (
    ACCOUNT_DISABLED,
    ACCOUNT_NOT_PANEL_MEMBER,
    ACCOUNT_OTHER_AGENCY,
    ACCOUNT_REQUIRED,
    ACCOUNT_SUBJECT_MISMATCH,
    COMMITTEE_LOCKED,
    COMMITTEE_MEMBER_SCORED,
    CONFLICT_FLAG_DECIDED,
    FORBIDDEN_ONLY_THIS_SELECTION_COMMITTEE,
    OWN_CONFLICT_FLAG,
    UNKNOWN_ACCOUNT,
)
from merit_recruitment.committee.models import CommitteeMember, ConflictDeclaration, ConflictFlag
from merit_recruitment.committee.schemas import CommitteeIn, MemberIn
from merit_recruitment.db_base import audit_log
from merit_recruitment.directory import Directory, UpstreamUnavailable, upstream_error
from merit_recruitment.rules import safeguards
from merit_recruitment.selections import policy as pol
from merit_recruitment.selections.lifecycle import now
from merit_recruitment.selections.models import Selection
from merit_shared.audit import record
from merit_shared.auth import Principal, Role
from merit_shared.db import Database
from merit_shared.errors import DomainError, Invalid, NotFound

# The committee is set until the stages are over; during ASSESSMENT a member who scored stays (their scores are
# records) and the registry's conflicts are raised again for the committee as changed.
EDITABLE = ("DRAFT", "ANNOUNCED", "REGISTRATION", "SCREENING", "ASSESSMENT")


async def members(session: AsyncSession, selection_id: uuid.UUID) -> list[CommitteeMember]:
    return list((await session.execute(sa.select(CommitteeMember).where(
        CommitteeMember.selection_id == selection_id).order_by(CommitteeMember.role, CommitteeMember.name))).scalars())


def report(sel: Selection, rows: list[CommitteeMember]) -> rules.CommitteeReport:
    return rules.validate_committee(
        [rules.CommitteeMember(r.subject, rules.CommitteeRole(r.role), r.internal, r.name) for r in rows],
        pol.committee_policy(sel))


async def require_valid(session: AsyncSession, sel: Selection) -> None:
    """The selection's committee meets the composition rules (422 ``invalid_committee`` with the failures)."""
    rep = report(sel, await members(session, sel.id))
    if not rep.valid:
        raise Invalid("invalid_committee", "Susunan panitia belum memenuhi syarat: "
                      + " ".join(f.message_id for f in rep.failures),
                      "The committee is not valid: " + " ".join(f.message_en for f in rep.failures),
                      field="committee", failures=[f.to_dict() for f in rep.failures])


async def resolve_accounts(directory: Directory, sel: Selection, body: CommitteeIn) -> list[dict[str, Any]]:
    """The gateway account of every member, looked up now (once): by ``account_id``, or (deprecated) by the
    username in ``subject``. What is stored is the account id, so an account that takes the username later never
    takes the seat. 422 naming ``body.members.N.account_id`` (or ``.subject`` when only that was sent) for an
    account that does not exist, is disabled, is not a panel member, or (internal member) belongs to another agency
    than the selection; 503 when the gateway cannot be reached."""
    async def look_up(m: MemberIn) -> dict[str, Any] | None:
        if m.account_id is not None:
            return await directory.account(str(m.account_id))
        return await directory.account_by_username(m.subject or "")

    try:
        found = await asyncio.gather(*(look_up(m) for m in body.members))
    except UpstreamUnavailable as exc:
        raise upstream_error("gateway", exc) from None
    for i, (m, acc) in enumerate(zip(body.members, found, strict=True)):
        named = "account_id" if m.account_id is not None else "subject"
        who = str(m.account_id) if m.account_id is not None else repr(m.subject)
        if acc is None:
            raise UNKNOWN_ACCOUNT.error(field=f"body.members.{i}.{named}", i=i, who=who)
        if m.account_id is not None and m.subject is not None and m.subject != acc.get("username"):
            raise ACCOUNT_SUBJECT_MISMATCH.error(field=f'body.members.{i}.subject', i=i, who=who)
        if not acc.get("active", False):
            raise ACCOUNT_DISABLED.error(field=f"body.members.{i}.{named}", i=i, who=who)
        if Role.PANEL_MEMBER.value not in (acc.get("roles") or []):
            raise ACCOUNT_NOT_PANEL_MEMBER.error(field=f"body.members.{i}.{named}", i=i, who=who)
        if m.internal and str(acc.get("agency_id")) != str(sel.agency_id):
            raise ACCOUNT_OTHER_AGENCY.error(field=f"body.members.{i}.{named}", i=i, who=who)
    return [dict(acc) for acc in found if acc is not None]


def _composition(keys: list[str], body: CommitteeIn, sel: Selection) -> None:
    try:
        rules.ensure_valid_committee([rules.CommitteeMember(k, rules.CommitteeRole(m.role), m.internal, m.name)
                                      for k, m in zip(keys, body.members, strict=True)], pol.committee_policy(sel))
    except DomainError as exc:
        raise pol.with_prefix(exc, "body") from None


async def replace(session: AsyncSession, p: Principal, sel: Selection, body: CommitteeIn,
                  directory: Directory) -> list[CommitteeMember]:
    if sel.status not in EDITABLE:
        raise COMMITTEE_LOCKED.error(extra={"status": sel.status})
    for i, m in enumerate(body.members):
        if m.account_id is None and m.subject is None:
            raise ACCOUNT_REQUIRED.error(field=f'body.members.{i}.account_id', i=i)
    # The composition first, as sent (no look-up for a committee that cannot stand) ...
    _composition([str(m.account_id or m.subject) for m in body.members], body, sel)
    accounts = await resolve_accounts(directory, sel, body)
    # ... then again by account: two entries naming one account (by id and by username) are one person.
    _composition([str(a["id"]) for a in accounts], body, sel)
    current = await members(session, sel.id)
    before = [{"account_id": m.account_id, "subject": m.subject, "role": m.role, "internal": m.internal}
              for m in current]
    by_account = {m.account_id: m for m in current if m.account_id is not None}
    by_subject = {m.subject: m for m in current}
    rows: list[tuple[MemberIn, uuid.UUID, str, CommitteeMember | None]] = []
    for m, acc in zip(body.members, accounts, strict=True):
        account_id, username = uuid.UUID(str(acc["id"])), str(acc["username"])
        # A seat saved before accounts were named (account_id NULL) is the same seat when its login is the account's.
        row = by_account.get(account_id)
        if row is None:
            legacy = by_subject.get(username)
            row = legacy if legacy is not None and legacy.account_id is None else None
        rows.append((m, account_id, username, row))
    kept = {r.id for *_, r in rows if r is not None}
    gone = [m0 for m0 in current if m0.id not in kept]
    scored = set((await session.scalars(sa.select(Score.member_id).where(
        Score.member_id.in_([m0.id for m0 in gone])).distinct())).all()) if gone else set()
    if scored:
        name = next(m0.name for m0 in gone if m0.id in scored)
        raise COMMITTEE_MEMBER_SCORED.error(name=name, extra={"member_ids": sorted(str(x) for x in scored)})
    for m0 in current:
        if m0.id not in kept:
            await session.delete(m0)
    await session.flush()  # free the logins of removed seats before a new seat takes one
    for m, account_id, username, row in rows:
        if row is None:
            session.add(CommitteeMember(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id,
                                        account_id=account_id, subject=username, employee_id=m.employee_id,
                                        name=m.name, role=m.role, internal=m.internal, created_at=now()))
        else:
            row.account_id, row.subject = account_id, username
            row.employee_id, row.name, row.role, row.internal = m.employee_id, m.name, m.role, m.internal
    await session.flush()
    after = [{**m.model_dump(), "account_id": account_id, "subject": username}
             for m, account_id, username, _ in rows]
    await record(session, audit_log, p, action="replace_committee", entity="selection", entity_id=sel.id,
                 agency_id=sel.agency_id, before=before, after=after)
    if sel.status == "ASSESSMENT":  # a member who joined mid-way may supervise an applicant: flagged with the change
        await detect_conflicts(session, p, sel, directory)
    return await members(session, sel.id)


async def declare(session: AsyncSession, p: Principal, sel: Selection, member: CommitteeMember,
                  application_id: uuid.UUID, has_conflict: bool, reason: str | None) -> tuple[ConflictDeclaration, int]:
    """Store the member's declaration; a conflict declared after scoring voids the member's scores for the
    applicant (rules/safeguards.py). Returns the declaration and how many scores it voided."""
    app = (await session.execute(sa.select(Application).where(
        Application.id == application_id, Application.selection_id == sel.id).with_for_update())
    ).scalar_one_or_none()
    if app is None:
        raise NotFound("Lamaran", application_id)
    # One declaration per member and applicant: concurrent declarations of one member wait for each other.
    await session.execute(sa.select(CommitteeMember.id).where(CommitteeMember.id == member.id).with_for_update())
    row = (await session.execute(sa.select(ConflictDeclaration).where(
        ConflictDeclaration.member_id == member.id, ConflictDeclaration.application_id == application_id)
        .with_for_update())).scalar_one_or_none()
    before = {"has_conflict": row.has_conflict, "reason": row.reason} if row else None
    previous = safeguards.Declaration(row.has_conflict, row.reason or "") if row else None
    new = safeguards.Declaration(has_conflict, reason or "")
    safeguards.ensure_declaration_change(previous, new)
    if row is None:
        row = ConflictDeclaration(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id, member_id=member.id,
                                  application_id=application_id, has_conflict=has_conflict, reason=reason,
                                  declared_by=p.subject, declared_at=now())
        session.add(row)
    else:
        row.has_conflict, row.reason, row.declared_by, row.declared_at = has_conflict, reason, p.subject, now()
    await session.flush()
    await record(session, audit_log, p, action="declare_conflict", entity="committee_member", entity_id=member.id,
                 agency_id=sel.agency_id, before=before,
                 after={"application_id": application_id, "has_conflict": has_conflict, "reason": reason})
    voided = 0
    if safeguards.voids_scores(previous, new):
        voided = await assessment.void_scores(session, p, sel, member, app, reason)
    return row, voided


async def get_member(session: AsyncSession, selection_id: uuid.UUID, member_id: uuid.UUID) -> CommitteeMember:
    """A member of the selection's committee (404 otherwise)."""
    member = (await session.execute(sa.select(CommitteeMember).where(
        CommitteeMember.id == member_id, CommitteeMember.selection_id == selection_id))).scalar_one_or_none()
    if member is None:
        raise NotFound("Anggota panitia", member_id)
    return member


async def declarations(session: AsyncSession, selection_id: uuid.UUID) -> list[ConflictDeclaration]:
    """The selection's conflict-of-interest declarations, oldest first."""
    return list((await session.execute(sa.select(ConflictDeclaration).where(
        ConflictDeclaration.selection_id == selection_id).order_by(ConflictDeclaration.declared_at))).scalars())


# --- conflicts the registry raises ---------------------------------------------------------------------------

async def detect_conflicts(session: AsyncSession, p: Principal, sel: Selection, directory: Directory,
                           applications: set[uuid.UUID] | None = None) -> int:
    """Flag every internal member (known by employee record) and qualified internal applicant (those in
    ``applications`` only, when given) the registry links (rules/safeguards.py ``registry_conflict``), from the
    supervisors positions knows now; a pair flagged before keeps its flag and decision. Positions unreachable: 503,
    nothing flagged (an unknown link is never taken as "none"). Returns the new flags.

    Run when the assessment starts and whenever the facts may have changed while it runs: the committee is
    changed, an application enters the assessment (reinstated), each advance-stage (``refresh_flags_apart``)."""
    seats = [m for m in await members(session, sel.id) if m.internal and m.employee_id is not None]
    q = sa.select(Application).where(Application.selection_id == sel.id, Application.status == "QUALIFIED",
                                     Application.employee_id.is_not(None))
    if applications is not None:
        q = q.where(Application.id.in_(applications))
    apps = list((await session.execute(q)).scalars())
    if not seats or not apps:
        return 0
    people = sorted({str(m.employee_id) for m in seats} | {str(a.employee_id) for a in apps})
    try:
        found = await asyncio.gather(*(directory.supervisors(e) for e in people))
    except UpstreamUnavailable as exc:
        raise upstream_error("positions", exc) from None
    boss = {e: ((d or {}).get("evaluator") or {}).get("employee_id") for e, d in zip(people, found, strict=True)}

    def link(employee_id: uuid.UUID | None) -> safeguards.RegistryLink:
        e = str(employee_id)
        return safeguards.RegistryLink(e, str(boss[e]) if boss.get(e) else None)

    known = {(f.member_id, f.application_id) for f in await conflict_flags(session, sel.id)}
    added = 0
    for m in seats:
        for a in apps:
            basis = safeguards.registry_conflict(link(m.employee_id), link(a.employee_id))
            if basis is None or (m.id, a.id) in known:
                continue
            # A concurrent detection may have flagged the pair meanwhile: the first flag stands.
            flag_id = (await session.execute(insert(ConflictFlag).values(
                id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id, member_id=m.id, application_id=a.id,
                basis=basis, status="OPEN", detected_at=now()).on_conflict_do_nothing(
                constraint="uq_conflict_flags").returning(ConflictFlag.id))).scalar_one_or_none()
            if flag_id is None:
                continue
            added += 1
            await record(session, audit_log, p, action="flag_conflict", entity="committee_member", entity_id=m.id,
                         agency_id=sel.agency_id, after={"application_id": a.id, "basis": basis})
    await session.flush()
    return added


async def qualified_ids(session: AsyncSession, selection_id: uuid.UUID) -> set[uuid.UUID]:
    """The applications in the assessment now (QUALIFIED): taken before an action that may reinstate one."""
    return set((await session.scalars(sa.select(Application.id).where(
        Application.selection_id == selection_id, Application.status == "QUALIFIED"))).all())


async def flag_entered(session: AsyncSession, p: Principal, sel: Selection, directory: Directory,
                       before: set[uuid.UUID]) -> int:
    """Raise the registry's conflicts for the applications that entered the assessment since ``before`` (an
    accepted appeal, a stage recomputed after voided scores); nothing to ask positions when none did."""
    if sel.status != "ASSESSMENT":
        return 0
    entered = await qualified_ids(session, sel.id) - before
    return await detect_conflicts(session, p, sel, directory, entered) if entered else 0


async def refresh_flags_apart(db: Database, p: Principal, sel: Selection, directory: Directory) -> int:
    """``detect_conflicts`` in a transaction of its own, committed whatever becomes of the action that looked (an
    advance-stage the new flags then hold back): a flag is a fact of the registry, and the chair must see it."""
    async with db.sessionmaker() as session, session.begin():
        return await detect_conflicts(session, p, sel, directory)


async def conflict_flags(session: AsyncSession, selection_id: uuid.UUID) -> list[ConflictFlag]:
    """The selection's registry-raised conflicts, oldest first."""
    return list((await session.execute(sa.select(ConflictFlag).where(
        ConflictFlag.selection_id == selection_id).order_by(ConflictFlag.detected_at, ConflictFlag.id))).scalars())


async def decide_flag(session: AsyncSession, p: Principal, sel: Selection, seat: CommitteeMember | None,
                      flag_id: uuid.UUID, decision: str, reason: str) -> ConflictFlag:
    """The chair confirms (a declared conflict: the member's scores for the applicant are voided) or dismisses
    (with the reason; the member's own declaration then applies) a conflict the registry raised."""
    if not p.is_service and (seat is None or seat.role != "CHAIR"):
        raise FORBIDDEN_ONLY_THIS_SELECTION_COMMITTEE.error()
    flag = (await session.execute(sa.select(ConflictFlag).where(
        ConflictFlag.id == flag_id, ConflictFlag.selection_id == sel.id).with_for_update())).scalar_one_or_none()
    if flag is None:
        raise NotFound("Konflik kepentingan", flag_id)
    if seat is not None and seat.id == flag.member_id:
        raise OWN_CONFLICT_FLAG.error()
    if flag.status != "OPEN":
        raise CONFLICT_FLAG_DECIDED.error(status=flag.status, extra={"status": flag.status})
    flag.status = "CONFIRMED" if decision == "CONFIRM" else "DISMISSED"
    flag.decided_by, flag.decided_at, flag.reason = p.subject, now(), reason
    await record(session, audit_log, p, action="decide_conflict_flag", entity="committee_member",
                 entity_id=flag.member_id, agency_id=sel.agency_id, before={"status": "OPEN"},
                 after={"application_id": flag.application_id, "status": flag.status, "reason": reason})
    if flag.status == "CONFIRMED":
        member = await get_member(session, sel.id, flag.member_id)
        await declare(session, p, sel, member, flag.application_id, True, f"{flag.basis}: {reason}")
    await session.flush()
    return flag

"""Committee composition (45% internal rule etc., rules/committee.py) and conflict-of-interest declarations."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment import rules
from merit_recruitment.applications.models import Application
from merit_recruitment.committee.models import CommitteeMember, ConflictDeclaration
from merit_recruitment.committee.schemas import CommitteeIn
from merit_recruitment.db_base import audit_log
from merit_recruitment.selections import policy as pol
from merit_recruitment.selections.lifecycle import now
from merit_recruitment.selections.models import Selection
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.errors import Conflict, DomainError, Invalid, NotFound

EDITABLE = ("DRAFT", "ANNOUNCED", "REGISTRATION", "SCREENING")


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


async def replace(session: AsyncSession, p: Principal, sel: Selection, body: CommitteeIn) -> list[CommitteeMember]:
    if sel.status not in EDITABLE:
        raise Conflict("committee_locked", "Susunan panitia tidak dapat diubah setelah penilaian dimulai.",
                       "The committee cannot change once the assessment has started.", status=sel.status)
    try:
        rules.ensure_valid_committee([rules.CommitteeMember(m.subject, rules.CommitteeRole(m.role), m.internal, m.name)
                                      for m in body.members], pol.committee_policy(sel))
    except DomainError as exc:
        raise pol.with_prefix(exc, "body") from None
    existing = {m.subject: m for m in await members(session, sel.id)}
    before = [{"subject": m.subject, "role": m.role, "internal": m.internal} for m in existing.values()]
    wanted = {m.subject for m in body.members}
    for subject, m in existing.items():
        if subject not in wanted:
            await session.delete(m)
    for m in body.members:
        row = existing.get(m.subject)
        if row is None:
            session.add(CommitteeMember(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id,
                                        subject=m.subject, employee_id=m.employee_id, name=m.name, role=m.role,
                                        internal=m.internal, created_at=now()))
        else:
            row.employee_id, row.name, row.role, row.internal = m.employee_id, m.name, m.role, m.internal
    await session.flush()
    await record(session, audit_log, p, action="replace_committee", entity="selection", entity_id=sel.id,
                 agency_id=sel.agency_id, before=before, after=[m.model_dump() for m in body.members])
    return await members(session, sel.id)


async def declare(session: AsyncSession, p: Principal, sel: Selection, member: CommitteeMember,
                  application_id: uuid.UUID, has_conflict: bool, reason: str | None) -> ConflictDeclaration:
    app = (await session.execute(sa.select(Application.id).where(
        Application.id == application_id, Application.selection_id == sel.id))).scalar_one_or_none()
    if app is None:
        raise NotFound("Lamaran", application_id)
    # One declaration per member and applicant: concurrent declarations of one member wait for each other.
    await session.execute(sa.select(CommitteeMember.id).where(CommitteeMember.id == member.id).with_for_update())
    row = (await session.execute(sa.select(ConflictDeclaration).where(
        ConflictDeclaration.member_id == member.id, ConflictDeclaration.application_id == application_id)
        .with_for_update())).scalar_one_or_none()
    before = {"has_conflict": row.has_conflict, "reason": row.reason} if row else None
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
    return row


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

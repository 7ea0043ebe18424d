"""Who may see and do what (object level). Records of another agency answer 404 so ids do not leak;
a wrong role inside the agency answers 403. Committee members see only the selections they sit on (their seat
names their gateway account), whatever agency their token names (external members come from outside)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment.applications.models import Application
from merit_recruitment.committee.models import CommitteeMember
from merit_recruitment.common.errors import FORBIDDEN_THIS_SELECTION_COMMITTEE_RECORDS, FORBIDDEN_YOUR_ROLE_MAY_NOT
from merit_recruitment.selections.models import Selection
from merit_shared.auth import Principal, Role
from merit_shared.authz import scoped_loader
from merit_shared.errors import DomainError, NotFound

#: Who may read a selection itself (its settings, schedule, stages: no personal data) agency-wide.
# A machine client of the agency (scope recruitment:read, checked by merit_shared) reads them too.
STAFF_READ = (Role.AGENCY_ADMIN, Role.PPK, Role.SUPERVISOR, Role.UNIT_ADMIN, Role.MACHINE_CLIENT)
#: Who may read every application of their agency (personal facts, eligibility). Supervisors see only what the
#: second check needs (``SECOND_CHECK_STATUSES``); unit admins see no applications. Committee members see the
#: applications of the selections they sit on; applicants their own.
APPLICATION_READ = (Role.AGENCY_ADMIN, Role.PPK)
#: Who may read the committee's side of a selection agency-wide (its members and their logins, their conflict
#: declarations, the lifecycle events with actors' logins, the ranking); also the selection's own committee.
#: Unit admins and supervisors, who read the selection's settings, do not.
COMMITTEE_READ = (Role.AGENCY_ADMIN, Role.PPK)
#: Who may read a selection's appeals agency-wide (the supervisor: the applicants they supervise appeal); also the
#: selection's committee. Unit admins do not.
APPEAL_READ = (Role.AGENCY_ADMIN, Role.PPK, Role.SUPERVISOR)


def same_agency(p: Principal, agency_id: uuid.UUID) -> bool:
    return p.is_service or (p.agency_id is not None and p.agency_id == str(agency_id))


def is_admin(p: Principal, agency_id: uuid.UUID) -> bool:
    return p.is_service or (p.has(Role.AGENCY_ADMIN) and same_agency(p, agency_id))


def member_clause(p: Principal) -> sa.ColumnElement[bool]:
    """The committee seats the caller holds. A seat that names a gateway account is held only by a token of that
    account (claim ``account_id``), never by another account with the same login name; an internal one moreover
    only while the token names the selection's agency. Seats saved before accounts were named (account_id NULL)
    keep the older rule: an external member by login; an internal member by login or employee id, and only inside
    the selection's agency, so an account of another agency that carries the same employee id (or a look-alike
    username) never takes an internal member's seat."""
    agency, account = _uuid(p.agency_id), _uuid(p.account_id)
    legacy = CommitteeMember.account_id.is_(None)
    clauses = [sa.and_(legacy, CommitteeMember.internal.is_(False), CommitteeMember.subject == p.subject)]
    if account is not None:
        in_agency = (sa.or_(CommitteeMember.internal.is_(False), CommitteeMember.agency_id == agency)
                     if agency is not None else CommitteeMember.internal.is_(False))
        clauses.append(sa.and_(CommitteeMember.account_id == account, in_agency))
    if agency is not None:
        internal_ids = [CommitteeMember.subject == p.subject]
        employee = _uuid(p.employee_id)
        if employee is not None:
            internal_ids.append(CommitteeMember.employee_id == employee)
        clauses.append(sa.and_(legacy, CommitteeMember.internal.is_(True), CommitteeMember.agency_id == agency,
                               sa.or_(*internal_ids)))
    return sa.or_(*clauses)


async def membership(session: AsyncSession, selection_id: uuid.UUID, p: Principal) -> CommitteeMember | None:
    """The caller's committee seat in this selection (see ``member_clause``)."""
    if not p.has(Role.PANEL_MEMBER):
        return None
    return (await session.execute(sa.select(CommitteeMember).where(
        CommitteeMember.selection_id == selection_id, member_clause(p)).limit(1))).scalar_one_or_none()


def owner_clause(p: Principal) -> sa.ColumnElement[bool] | None:
    """SQL twin of ``owns``: the applications that are the caller's own."""
    conds: list[sa.ColumnElement[bool]] = []
    agency = _uuid(p.agency_id)
    employee = _uuid(p.employee_id)
    if agency is not None and employee is not None:
        conds.append(sa.and_(Application.agency_id == agency, Application.employee_id == employee))
    if p.nip:
        nip_ok = [Application.registered_by == p.subject]
        if agency is not None:
            nip_ok.append(Application.agency_id == agency)
        conds.append(sa.and_(Application.applicant_type == "EXTERNAL", Application.nip == p.nip, sa.or_(*nip_ok)))
    return sa.or_(*conds) if conds else None


def owns(p: Principal, app: Application) -> bool:
    """The applicant themself. An internal application belongs to the employee record of the selection's agency
    (employee id AND agency); an external one to the NIP, when the caller registered it or works in the
    selection's agency. A same NIP or employee id carried by another agency's account owns nothing: positions
    keeps one NIP per agency, so only the agency makes an identity link unique."""
    agency, employee = _uuid(p.agency_id), _uuid(p.employee_id)
    if employee is not None and app.employee_id == employee and app.agency_id == agency:
        return True
    return (app.applicant_type == "EXTERNAL" and p.nip is not None and p.nip == app.nip
            and (app.registered_by == p.subject or app.agency_id == agency))


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


async def reads_as(session: AsyncSession, sel: Selection, p: Principal, roles: tuple[str, ...]) -> bool:
    """The service, a holder of one of ``roles`` in the selection's agency, or a member of its committee."""
    return (p.is_service or (same_agency(p, sel.agency_id) and p.has(*roles))
            or await membership(session, sel.id, p) is not None)


async def require_committee_read(session: AsyncSession, sel: Selection, p: Principal) -> None:
    """403 unless the caller may read the committee's side of the selection (``COMMITTEE_READ``)."""
    if not await reads_as(session, sel, p, COMMITTEE_READ):
        raise FORBIDDEN_THIS_SELECTION_COMMITTEE_RECORDS.error()


def deny_role() -> DomainError:
    return FORBIDDEN_YOUR_ROLE_MAY_NOT.error()


async def load_selection(session: AsyncSession, selection_id: uuid.UUID, p: Principal, *, write: bool = False,
                         lock: bool = False) -> Selection:
    """Load a selection the caller may read (or, with ``write``, administer); 404 outside their scope."""
    q = sa.select(Selection).where(Selection.id == selection_id)
    if lock:
        q = q.with_for_update()
    sel = (await session.execute(q)).scalar_one_or_none()
    if sel is None:
        raise NotFound("Seleksi", selection_id)
    if is_admin(p, sel.agency_id):
        return sel
    if write:
        if same_agency(p, sel.agency_id):
            raise deny_role()
        raise NotFound("Seleksi", selection_id)
    if same_agency(p, sel.agency_id) and p.has(*STAFF_READ):
        return sel
    if await membership(session, sel.id, p) is not None:
        return sel
    if same_agency(p, sel.agency_id):
        raise deny_role()
    raise NotFound("Seleksi", selection_id)


async def _read(session: AsyncSession, selection_id: uuid.UUID, p: Principal) -> Selection:
    return await load_selection(session, selection_id, p)


async def _read_locked(session: AsyncSession, selection_id: uuid.UUID, p: Principal) -> Selection:
    return await load_selection(session, selection_id, p, lock=True)


async def _admin(session: AsyncSession, selection_id: uuid.UUID, p: Principal) -> Selection:
    return await load_selection(session, selection_id, p, write=True)


async def _admin_locked(session: AsyncSession, selection_id: uuid.UUID, p: Principal) -> Selection:
    return await load_selection(session, selection_id, p, write=True, lock=True)


# The selection of the path, loaded once per request by ``load_selection`` (merit_shared.authz, issue #8).
CurrentSelection = scoped_loader(Selection, "selection_id", "Seleksi", _read)
SelectionLocked = scoped_loader(Selection, "selection_id", "Seleksi", _read_locked)  # row locked: a transition
AdminSelection = scoped_loader(Selection, "selection_id", "Seleksi", _admin)  # administered by the caller
AdminSelectionLocked = scoped_loader(Selection, "selection_id", "Seleksi", _admin_locked)

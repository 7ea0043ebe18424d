"""Who may see and do what (object level). Records of another agency answer 404 so ids do not leak;
a wrong role inside the agency answers 403. Committee members see only the selections they sit on (their seat
names their gateway account), whatever agency their token names (external members come from outside)."""

from __future__ import annotations

import uuid
from typing import NamedTuple

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


async def _appealable(session: AsyncSession, selection_id: uuid.UUID, p: Principal) -> Selection | None:
    """The selection an applicant appeals in: any but a draft, whoever asks (``submit_appeal`` checks that the
    application is the caller's own)."""
    sel = (await session.execute(sa.select(Selection).where(Selection.id == selection_id))).scalar_one_or_none()
    return None if sel is None or sel.status == "DRAFT" else sel


# The selection of the path, loaded once per request by ``load_selection`` (merit_shared.authz, issue #8).
CurrentSelection = scoped_loader(Selection, "selection_id", "Seleksi", _read)
SelectionLocked = scoped_loader(Selection, "selection_id", "Seleksi", _read_locked)  # row locked: a transition
AdminSelection = scoped_loader(Selection, "selection_id", "Seleksi", _admin)  # administered by the caller
AdminSelectionLocked = scoped_loader(Selection, "selection_id", "Seleksi", _admin_locked)
AppealableSelection = scoped_loader(Selection, "selection_id", "Seleksi", _appealable)  # applicants appeal in it


# --- applications -----------------------------------------------------------------------------------------------

def in_second_check(app: Application) -> bool:
    """What the supervisor's second check needs: verified and awaiting it, or already second-checked."""
    return app.status == "VERIFIED" or app.second_check_at is not None


def second_check_scope() -> sa.ColumnElement[bool]:
    """SQL form of :func:`in_second_check`."""
    return sa.or_(Application.status == "VERIFIED", Application.second_check_at.is_not(None))


def reads_agency_wide(p: Principal, agency_id: uuid.UUID) -> bool:
    return p.is_service or (same_agency(p, agency_id) and p.has(*APPLICATION_READ))


def supervises(p: Principal, agency_id: uuid.UUID) -> bool:
    """A supervisor of the agency (the administrative second checker)."""
    return p.has(Role.SUPERVISOR) and same_agency(p, agency_id)


async def can_read(session: AsyncSession, p: Principal, sel: Selection, app: Application) -> bool:
    """Applications carry personal facts: agency admin and PPK, the selection's committee, the applicant; a
    supervisor only the applications of the second check; nobody else (unit admins included)."""
    return (reads_agency_wide(p, sel.agency_id) or owns(p, app)
            or (supervises(p, sel.agency_id) and in_second_check(app))
            or await membership(session, sel.id, p) is not None)


class ScopedApplication(NamedTuple):
    """An application with its selection, as the application loaders answer them (``app, sel = current``)."""

    app: Application
    sel: Selection


async def fetch_application(session: AsyncSession, app_id: uuid.UUID, *, lock: bool = False) -> ScopedApplication:
    """The application and its selection, with no authorization (the loaders below check it)."""
    q = sa.select(Application).where(Application.id == app_id)
    if lock:
        q = q.with_for_update()
    app = (await session.execute(q)).scalar_one_or_none()
    if app is None:
        raise NotFound("Lamaran", app_id)
    sel = (await session.execute(sa.select(Selection).where(Selection.id == app.selection_id))).scalar_one()
    return ScopedApplication(app, sel)


async def load_application(session: AsyncSession, app_id: uuid.UUID, p: Principal, *,
                           lock: bool = False) -> ScopedApplication:
    """An application the caller may read (:func:`can_read`). Inside the agency, staff roles outside that scope
    (unit admin; supervisor before verification) get 403; anyone else 404, so ids do not leak."""
    found = await fetch_application(session, app_id, lock=lock)
    if await can_read(session, p, found.sel, found.app):
        return found
    if same_agency(p, found.sel.agency_id) and p.has(Role.SUPERVISOR, Role.UNIT_ADMIN):
        raise deny_role()
    raise NotFound("Lamaran", app_id)


async def _application(session: AsyncSession, app_id: uuid.UUID, p: Principal) -> ScopedApplication:
    return await load_application(session, app_id, p)


async def _application_locked(session: AsyncSession, app_id: uuid.UUID, p: Principal) -> ScopedApplication:
    return await load_application(session, app_id, p, lock=True)


async def _to_second_check(session: AsyncSession, app_id: uuid.UUID, p: Principal) -> ScopedApplication:
    """A supervisor of the agency may attempt the second check on any of its applications (before verification
    the 409 names the allowed actions, and no personal data); anyone else: 404 outside their scope, else 403."""
    found = await fetch_application(session, app_id, lock=True)
    if p.is_service or supervises(p, found.sel.agency_id):
        return found
    await load_application(session, app_id, p)
    raise deny_role()


# The application of the path with its selection (``app, sel = current``), loaded once per request.
CurrentApplication = scoped_loader(ScopedApplication, "application_id", "Lamaran", _application)
ApplicationLocked = scoped_loader(ScopedApplication, "application_id", "Lamaran", _application_locked)  # a change
ApplicationToSecondCheck = scoped_loader(ScopedApplication, "application_id", "Lamaran", _to_second_check)

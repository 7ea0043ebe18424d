"""Who may see and do what (object level). Records of another agency answer 404 so ids do not leak;
a wrong role inside the agency answers 403. Committee members see only the selections they sit on,
whatever agency their token names (external members come from outside)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment.committee.models import CommitteeMember
from merit_recruitment.selections.models import Selection
from merit_shared.auth import Principal, Role
from merit_shared.errors import Forbidden, NotFound

#: Who may read a selection itself (its settings, schedule, stages: no personal data) agency-wide.
STAFF_READ = (Role.AGENCY_ADMIN, Role.PPK, Role.SUPERVISOR, Role.UNIT_ADMIN)
#: Who may read every application of their agency (personal facts, eligibility). Supervisors see only what the
#: second check needs (``SECOND_CHECK_STATUSES``); unit admins see no applications. Committee members see the
#: applications of the selections they sit on; applicants their own.
APPLICATION_READ = (Role.AGENCY_ADMIN, Role.PPK)


def same_agency(p: Principal, agency_id: uuid.UUID) -> bool:
    return p.is_service or (p.agency_id is not None and p.agency_id == str(agency_id))


def is_admin(p: Principal, agency_id: uuid.UUID) -> bool:
    return p.is_service or (p.has(Role.AGENCY_ADMIN) and same_agency(p, agency_id))


async def membership(session: AsyncSession, selection_id: uuid.UUID, p: Principal) -> CommitteeMember | None:
    """The caller's committee seat in this selection (matched by token subject or employee id)."""
    if not p.has(Role.PANEL_MEMBER):
        return None
    conds = [CommitteeMember.subject == p.subject]
    if p.employee_id:
        try:
            conds.append(CommitteeMember.employee_id == uuid.UUID(p.employee_id))
        except ValueError:
            pass
    return (await session.execute(sa.select(CommitteeMember).where(
        CommitteeMember.selection_id == selection_id, sa.or_(*conds)).limit(1))).scalar_one_or_none()


def deny_role() -> Forbidden:
    return Forbidden("Peran Anda tidak berhak melakukan tindakan ini pada seleksi ini.",
                     "Your role may not perform this action on this selection.")


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

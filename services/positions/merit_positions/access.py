"""The positions service's aggregates, each loaded once for the caller (merit_shared.authz, issue #8).

Another agency's record is the same 404 as an unknown id. A writer's loader locks the row and applies the unit
scope of ``common.scope`` (a unit admin acts only in their subtree: 403 inside the agency, as before).
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.actions.models import PersonnelAction
from merit_positions.actions.service import moves_me, reads_own_only
from merit_positions.assignments.models import Assignment
from merit_positions.common.errors import FORBIDDEN_THIS_EMPLOYEE_DOES_NOT
from merit_positions.common.scope import (
    REPORT_READERS,
    covers_person,
    reads_agency_wide,
    require,
    require_position_scope,
    require_unit_scope,
)
from merit_positions.employees.errors import EMPLOYEE_TRANSFERRED_OUT, FORBIDDEN_YOU_MAY_NOT_READ
from merit_positions.employees.models import Employee
from merit_positions.jobs.models import Job
from merit_positions.org.models import OrgUnit
from merit_positions.seats.models import Position
from merit_positions.transfers.models import Transfer
from merit_shared.auth import Principal
from merit_shared.authz import ActionReader, AgencyAdmin, StaffAdmin, in_agency, same_agency, scoped_loader


async def _job(session: AsyncSession, job_id: uuid.UUID, p: Principal) -> Job | None:
    return in_agency(p, await session.get(Job, job_id))


async def _job_locked(session: AsyncSession, job_id: uuid.UUID, p: Principal) -> Job | None:
    return in_agency(p, await session.get(Job, job_id, with_for_update=True))


async def _position(session: AsyncSession, position_id: uuid.UUID, p: Principal) -> Position | None:
    return in_agency(p, await session.get(Position, position_id))


async def _position_to_write(session: AsyncSession, position_id: uuid.UUID, p: Principal) -> Position | None:
    pos = in_agency(p, await session.get(Position, position_id, with_for_update=True))
    if pos is not None:
        await require_unit_scope(session, p, pos.unit_id)
    return pos


async def _assignment(session: AsyncSession, assignment_id: uuid.UUID, p: Principal) -> Assignment | None:
    """The holder reads their own; other readers need a report role, and a unit admin the position's subtree."""
    a = in_agency(p, await session.get(Assignment, assignment_id))
    if a is not None and not (p.employee_id and p.employee_id == str(a.employee_id)):
        require(p, *REPORT_READERS)
        if not reads_agency_wide(p):
            await require_position_scope(session, p, a.position_id, field="path.assignment_id")
    return a


async def _assignment_to_end(session: AsyncSession, assignment_id: uuid.UUID, p: Principal) -> Assignment | None:
    a = in_agency(p, await session.get(Assignment, assignment_id))
    if a is not None:
        await require_position_scope(session, p, a.position_id, field="path.assignment_id")
    return a


async def _person(session: AsyncSession, employee_id: uuid.UUID, p: Principal) -> Employee | None:
    """A person's file: whoever may read the employee (self, superior, their unit admin, agency-wide readers)."""
    emp = in_agency(p, await session.get(Employee, employee_id))
    if emp is not None and not await covers_person(session, p, emp.id):
        raise FORBIDDEN_YOU_MAY_NOT_READ.error()
    return emp


async def _person_to_write(session: AsyncSession, employee_id: uuid.UUID, p: Principal) -> Employee | None:
    """Locked for a registry write; a unit admin only for people whose seat is in their subtree."""
    emp = in_agency(p, await session.get(Employee, employee_id, with_for_update=True))
    if emp is not None and not reads_agency_wide(p) and not await covers_person(session, p, emp.id):
        raise FORBIDDEN_THIS_EMPLOYEE_DOES_NOT.error()
    return emp


CurrentJob = scoped_loader(Job, "job_id", "Jabatan (katalog)", _job)
JobToWrite = scoped_loader(Job, "job_id", "Jabatan (katalog)", _job_locked, principal=AgencyAdmin)
CurrentPosition = scoped_loader(Position, "position_id", "Jabatan", _position)
PositionToWrite = scoped_loader(Position, "position_id", "Jabatan", _position_to_write, principal=StaffAdmin)
CurrentAssignment = scoped_loader(Assignment, "assignment_id", "Penugasan", _assignment)
AssignmentToEnd = scoped_loader(Assignment, "assignment_id", "Penugasan", _assignment_to_end, principal=StaffAdmin)


def _party(p: Principal, t: Transfer | None) -> Transfer | None:
    """A transfer is seen by the two agencies it joins (their admins: the loader's role), nobody else."""
    if t is None or not (same_agency(p, t.origin_agency_id) or same_agency(p, t.destination_agency_id)):
        return None
    return t


async def _transfer(session: AsyncSession, transfer_id: uuid.UUID, p: Principal) -> Transfer | None:
    return _party(p, await session.get(Transfer, transfer_id))


async def _transfer_locked(session: AsyncSession, transfer_id: uuid.UUID, p: Principal) -> Transfer | None:
    return _party(p, await session.get(Transfer, transfer_id, with_for_update=True, populate_existing=True))


CurrentTransfer = scoped_loader(Transfer, "transfer_id", "Mutasi", _transfer, principal=AgencyAdmin)
TransferToDecide = scoped_loader(Transfer, "transfer_id", "Mutasi", _transfer_locked, principal=AgencyAdmin)
CurrentPerson = scoped_loader(Employee, "employee_id", "Pegawai", _person)
PersonToWrite = scoped_loader(Employee, "employee_id", "Pegawai", _person_to_write, principal=StaffAdmin)


async def _owned_employee(session: AsyncSession, employee_id: uuid.UUID, p: Principal, lock: bool = False
                          ) -> Employee | None:
    """The agency admin's registry writes (status, ranks, educations): an employee of the agency, freshly read
    when locked; the record of a person who moved to another agency is history (409)."""
    q = sa.select(Employee).where(Employee.id == employee_id)
    if lock:
        q = q.with_for_update().execution_options(populate_existing=True)
    emp = in_agency(p, await session.scalar(q))
    if emp is not None and emp.status == "transferred_out":
        raise EMPLOYEE_TRANSFERRED_OUT.error()
    return emp


async def _owned_employee_locked(session: AsyncSession, employee_id: uuid.UUID, p: Principal) -> Employee | None:
    return await _owned_employee(session, employee_id, p, lock=True)


async def relock_employee(session: AsyncSession, emp: Employee, p: Principal) -> Employee:
    """``emp`` (from ``AgencyEmployee``) locked and re-read, for a writer that must lock positions first (the
    module's lock order: positions, then the employee)."""
    locked = await _owned_employee(session, emp.id, p, lock=True)
    assert locked is not None  # employees are never deleted, nor change agency
    return locked


async def _unit(session: AsyncSession, unit_id: uuid.UUID, p: Principal) -> OrgUnit | None:
    return in_agency(p, await session.get(OrgUnit, unit_id))


async def _unit_locked(session: AsyncSession, unit_id: uuid.UUID, p: Principal) -> OrgUnit | None:
    """Locked and re-read from the database (never the identity-map copy); the route checks If-Match on it.
    Another agency's unit is never locked."""
    if await _unit(session, unit_id, p) is None:
        return None
    return await session.scalar(sa.select(OrgUnit).where(OrgUnit.id == unit_id).with_for_update()
                                .execution_options(populate_existing=True))


async def _action_locked(session: AsyncSession, action_id: uuid.UUID, p: Principal) -> PersonnelAction | None:
    """Locked for update; another agency's is not found, nor (for an employee) one that does not move them. The
    route checks the role of the transition it takes (403 naming the roles)."""
    q = sa.select(PersonnelAction).where(PersonnelAction.id == action_id)
    if reads_own_only(p):
        q = q.where(moves_me(p))
    return in_agency(p, await session.scalar(q.with_for_update()))


AgencyEmployee = scoped_loader(Employee, "employee_id", "Pegawai", _owned_employee, principal=AgencyAdmin)
AgencyEmployeeToWrite = scoped_loader(Employee, "employee_id", "Pegawai", _owned_employee_locked,
                                      principal=AgencyAdmin)
CurrentUnit = scoped_loader(OrgUnit, "unit_id", "Unit organisasi", _unit)
UnitToWrite = scoped_loader(OrgUnit, "unit_id", "Unit organisasi", _unit_locked, principal=AgencyAdmin)
CurrentAction = scoped_loader(PersonnelAction, "action_id", "Usulan mutasi", _action_locked, principal=ActionReader)
ActionToAct = scoped_loader(PersonnelAction, "action_id", "Usulan mutasi", _action_locked)

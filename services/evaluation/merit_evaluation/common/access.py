"""Object-level authorization shared by every area.

Rules (issue 4, point 11): records of another agency answer 404 (ids do not leak); a wrong role answers 403.
The ``service`` role may act on any agency. An employee reads their own records; their evaluator (resolved from
positions, never from the token) reads and rates them; a unit admin reads their unit; the agency admin reads
and administers the agency. Nobody rates themselves.
"""

from __future__ import annotations

import uuid
from datetime import date

from merit_evaluation.common.errors import FORBIDDEN_NOBODY_MAY_RATE_THEMSELVES, FORBIDDEN_ONLY_THE_AGENCY_ADMIN, FORBIDDEN_YOU_MAY_ONLY_SEE
from merit_evaluation.directory import EmployeeFacts, PositionsDirectory, Supervisors
from merit_shared.auth import Principal, Role
from merit_shared.authz import agency_of_path
from merit_shared.errors import NotFound


def same_agency(principal: Principal, agency_id: uuid.UUID | str | None) -> bool:
    return principal.is_service or (principal.agency_id is not None and str(agency_id) == principal.agency_id)


def require_same_agency(principal: Principal, agency_id: uuid.UUID | str | None, what: str, ident: object) -> None:
    """Another agency's record is reported as not found."""
    if not same_agency(principal, agency_id):
        raise NotFound(what, ident)


def is_self(principal: Principal, employee_id: uuid.UUID | str) -> bool:
    return principal.employee_id is not None and principal.employee_id == str(employee_id)


def is_agency_admin(principal: Principal) -> bool:
    return principal.is_service or principal.has(Role.AGENCY_ADMIN)


def require_agency_admin(principal: Principal) -> None:
    if not is_agency_admin(principal):
        raise FORBIDDEN_ONLY_THE_AGENCY_ADMIN.error()


def forbid_self(principal: Principal, employee_id: uuid.UUID | str) -> None:
    if is_self(principal, employee_id):
        raise FORBIDDEN_NOBODY_MAY_RATE_THEMSELVES.error()


class Access:
    """Authorization checks that need facts from positions (fetched fresh, per request)."""

    def __init__(self, principal: Principal, directory: PositionsDirectory) -> None:
        self.p = principal
        self.directory = directory
        self._sup: dict[uuid.UUID, Supervisors] = {}
        self._units: set[uuid.UUID] | None = None

    async def employee(self, employee_id: uuid.UUID, field: str | None = None) -> EmployeeFacts:
        """The employee, if they belong to the caller's agency (404 otherwise, naming ``field`` when given)."""
        try:
            emp = await self.directory.employee(employee_id)
            require_same_agency(self.p, emp.agency_id, "Pegawai", employee_id)
        except NotFound as exc:
            exc.field = field or exc.field
            raise
        return emp

    async def supervisors(self, employee_id: uuid.UUID, as_of: date | None = None) -> Supervisors:
        if employee_id not in self._sup:
            self._sup[employee_id] = await self.directory.supervisors(employee_id, as_of)
        return self._sup[employee_id]

    async def is_evaluator_of(self, employee_id: uuid.UUID, as_of: date | None = None) -> bool:
        if not self.p.employee_id:
            return False
        ev = (await self.supervisors(employee_id, as_of)).evaluator
        return ev is not None and str(ev.employee_id) == self.p.employee_id

    async def admin_units(self) -> set[uuid.UUID] | None:
        """Units the caller administers: None = the whole agency (service, agency admin); a unit admin's unit
        SUBTREE (resolved by positions, once per request); empty for everyone else."""
        if is_agency_admin(self.p):
            return None
        if not (self.p.has(Role.UNIT_ADMIN) and self.p.unit_id and self.p.agency_id):
            return set()
        if self._units is None:
            self._units = await self.directory.unit_subtree(uuid.UUID(self.p.agency_id), uuid.UUID(self.p.unit_id))
        return self._units

    async def reads_scope(self, emp_agency: uuid.UUID | None, emp_unit: uuid.UUID | None) -> bool:
        """Service, agency admin of the agency, or unit admin of a unit in their subtree."""
        if self.p.is_service:
            return True
        if not same_agency(self.p, emp_agency):
            return False
        units = await self.admin_units()
        return units is None or (emp_unit is not None and emp_unit in units)

    async def administers(self, emp: EmployeeFacts) -> bool:
        """The caller administers this employee's records: service, agency admin, unit admin of their subtree."""
        return await self.reads_scope(emp.agency_id, emp.unit_id)

    async def require_read(self, emp: EmployeeFacts, evaluator_ids: tuple[uuid.UUID | None, ...] = ()) -> None:
        """Reader of an employee's records: scope admins, the employee, their (recorded or current) evaluator."""
        if is_self(self.p, emp.id) or await self.reads_scope(emp.agency_id, emp.unit_id):
            return
        if self.p.employee_id and any(e is not None and str(e) == self.p.employee_id for e in evaluator_ids):
            return
        if await self.is_evaluator_of(emp.id):
            return
        raise FORBIDDEN_YOU_MAY_ONLY_SEE.error()

    async def read_employee(self, employee_id: uuid.UUID) -> EmployeeFacts:
        emp = await self.employee(employee_id)
        await self.require_read(emp)
        return emp


#: The agency of the path when it is the caller's (merit_shared.authz): another agency's is not found.
OwnAgency = agency_of_path(what="Kebijakan", what_en=None)

"""A fake positions directory for service tests (the real HTTP path is exercised end to end)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from merit_evaluation.directory import EmployeeFacts, Supervisor, Supervisors
from merit_shared.errors import NotFound


def _s(v: object) -> str | None:
    return None if v is None else str(v)


@dataclass
class FakeDirectory:
    employees: dict[uuid.UUID, EmployeeFacts] = field(default_factory=dict)
    supervisors_of: dict[uuid.UUID, Supervisors] = field(default_factory=dict)
    positions: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    parents: dict[uuid.UUID, uuid.UUID | None] = field(default_factory=dict)  # org unit -> parent unit
    jobs: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    down: bool = False
    calls: list[str] = field(default_factory=list)

    def add_unit(self, parent: uuid.UUID | None = None) -> uuid.UUID:
        uid = uuid.uuid4()
        self.parents[uid] = parent
        return uid

    def add(self, agency_id: uuid.UUID, unit_id: uuid.UUID | None = None, job_kind: str = "PELAKSANA",
            jenjang: str | None = None, evaluator: uuid.UUID | None = None, superior: uuid.UUID | None = None,
            position_id: uuid.UUID | None = None) -> uuid.UUID:
        eid = uuid.uuid4()
        self.employees[eid] = EmployeeFacts(id=eid, agency_id=agency_id, nip=str(eid.int)[:18], name=f"P {eid.hex[:4]}",
                                            unit_id=unit_id or uuid.uuid4(), position_id=position_id or uuid.uuid4(),
                                            job_kind=job_kind, jenjang=jenjang)
        self.supervisors_of[eid] = Supervisors(Supervisor(evaluator) if evaluator else None,
                                               Supervisor(superior) if superior else None)
        return eid

    def _check(self) -> None:
        if self.down:
            from merit_evaluation.directory import upstream_unavailable
            raise upstream_unavailable()

    async def employee(self, employee_id: uuid.UUID) -> EmployeeFacts:
        self._check()
        if employee_id not in self.employees:
            raise NotFound("Pegawai", employee_id)
        return self.employees[employee_id]

    async def employee_by_nip(self, agency_id: uuid.UUID, nip: str) -> EmployeeFacts:
        self._check()
        for e in self.employees.values():
            if e.agency_id == agency_id and e.nip == nip:
                return e
        raise NotFound("Pegawai", nip)

    async def supervisors(self, employee_id: uuid.UUID, as_of: date | None = None) -> Supervisors:
        self._check()
        if employee_id not in self.employees:
            raise NotFound("Pegawai", employee_id)
        return self.supervisors_of.get(employee_id, Supervisors())

    async def position(self, position_id: uuid.UUID) -> dict[str, Any]:
        self._check()
        if position_id not in self.positions:
            raise NotFound("Jabatan", position_id)
        return self.positions[position_id]

    async def unit_employees(self, agency_id: uuid.UUID, unit_id: uuid.UUID | None) -> list[EmployeeFacts]:
        """Like positions: ``unit_id`` covers the unit's subtree."""
        self._check()
        scope = None if unit_id is None else await self.unit_subtree(agency_id, unit_id)
        return [e for e in self.employees.values()
                if e.agency_id == agency_id and (scope is None or e.unit_id in scope)]

    async def unit(self, agency_id: uuid.UUID, unit_id: uuid.UUID) -> dict[str, Any]:
        """A unit is known when registered with ``add_unit`` or when someone of the agency works in it."""
        self._check()
        if unit_id not in self.parents and not any(e.unit_id == unit_id and e.agency_id == agency_id
                                                   for e in self.employees.values()):
            raise NotFound("Unit organisasi", unit_id)
        return {"id": str(unit_id), "agency_id": str(agency_id), "parent_id": _s(self.parents.get(unit_id))}

    async def job(self, agency_id: uuid.UUID, job_id: uuid.UUID) -> dict[str, Any]:
        """Like positions: a job of another agency is not found."""
        self._check()
        job = self.jobs.get(job_id)
        if job is None or job["agency_id"] != str(agency_id):
            raise NotFound("Jabatan (katalog)", job_id)
        return job

    def add_job(self, agency_id: uuid.UUID) -> uuid.UUID:
        jid = uuid.uuid4()
        self.jobs[jid] = {"id": str(jid), "agency_id": str(agency_id), "kind": "PELAKSANA"}
        return jid

    async def unit_subtree(self, agency_id: uuid.UUID, unit_id: uuid.UUID,
                           as_of: date | None = None) -> set[uuid.UUID]:
        self._check()
        self.calls.append(f"subtree:{unit_id}")
        out, frontier = {unit_id}, [unit_id]
        while frontier:
            cur = frontier.pop()
            kids = [u for u, p in self.parents.items() if p == cur and u not in out]
            out.update(kids)
            frontier.extend(kids)
        return out

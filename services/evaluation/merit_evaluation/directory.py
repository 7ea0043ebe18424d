"""What the evaluation service needs to know from the positions service, behind a small interface.

``PositionsDirectory`` is the seam: production uses ``HttpPositionsDirectory`` (the positions service over HTTP,
nothing cached because assignments change), tests put a fake on ``app.state.directory``. Upstream failures become
503 problems so a caller never mistakes "could not check" for "checked".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from fastapi import Request

from merit_shared.directory import PeerDirectory, directory_from, upstream_error
from merit_shared.errors import DomainError, NotFound
from merit_shared.http import ServiceClient, UpstreamUnavailable
from merit_shared.vocab import JobKind

MANAGERIAL_KINDS: frozenset[str] = frozenset(
    {JobKind.JPT_UTAMA, JobKind.JPT_MADYA, JobKind.JPT_PRATAMA, JobKind.ADMINISTRATOR, JobKind.PENGAWAS})


@dataclass(frozen=True)
class EmployeeFacts:
    id: uuid.UUID
    agency_id: uuid.UUID
    nip: str | None = None
    name: str | None = None
    status: str | None = None
    unit_id: uuid.UUID | None = None
    unit_name: str | None = None
    position_id: uuid.UUID | None = None
    position_name: str | None = None
    job_kind: str | None = None
    jenjang: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_managerial(self) -> bool:
        return (self.job_kind or "").upper() in MANAGERIAL_KINDS

    def snapshot(self) -> dict[str, Any]:
        """What a record remembers about the employee at the time it was made."""
        return {"employee_id": str(self.id), "nip": self.nip, "name": self.name,
                "unit_id": _s(self.unit_id), "unit_name": self.unit_name, "position_id": _s(self.position_id),
                "position_name": self.position_name, "job_kind": self.job_kind, "jenjang": self.jenjang}


@dataclass(frozen=True)
class Supervisor:
    employee_id: uuid.UUID
    nip: str | None = None
    display_name: str | None = None
    position_id: uuid.UUID | None = None
    acting: bool = False

    def snapshot(self) -> dict[str, Any]:
        return {"employee_id": str(self.employee_id), "nip": self.nip, "display_name": self.display_name,
                "position_id": _s(self.position_id), "acting": self.acting}


@dataclass(frozen=True)
class Supervisors:
    evaluator: Supervisor | None = None
    evaluator_superior: Supervisor | None = None


def _s(v: object) -> str | None:
    return None if v is None else str(v)


def _uuid(v: Any) -> uuid.UUID | None:
    return None if v in (None, "") else uuid.UUID(str(v))


class PositionsDirectory(Protocol):
    async def employee(self, employee_id: uuid.UUID) -> EmployeeFacts: ...
    async def employee_by_nip(self, agency_id: uuid.UUID, nip: str) -> EmployeeFacts: ...
    async def supervisors(self, employee_id: uuid.UUID, as_of: date | None = None) -> Supervisors: ...
    async def position(self, position_id: uuid.UUID) -> dict[str, Any]: ...
    async def unit_employees(self, agency_id: uuid.UUID, unit_id: uuid.UUID | None) -> list[EmployeeFacts]: ...
    async def unit_subtree(self, agency_id: uuid.UUID, unit_id: uuid.UUID,
                           as_of: date | None = None) -> set[uuid.UUID]: ...
    async def unit(self, agency_id: uuid.UUID, unit_id: uuid.UUID) -> dict[str, Any]: ...
    async def job(self, agency_id: uuid.UUID, job_id: uuid.UUID) -> dict[str, Any]: ...
    async def career_checks(self, body: dict[str, Any], what: str, ident: object) -> dict[str, Any]: ...
    async def population(self, agency_id: uuid.UUID, year: int) -> dict[str, Any]: ...


def upstream_unavailable(detail: str = "") -> DomainError:
    return upstream_error("positions", detail)


def employee_from_json(d: dict[str, Any]) -> EmployeeFacts:
    a = d.get("current_assignment") or {}
    return EmployeeFacts(
        id=uuid.UUID(str(d["id"])), agency_id=uuid.UUID(str(d["agency_id"])), nip=d.get("nip"),
        name=d.get("display_name") or d.get("name"), status=d.get("status"), unit_id=_uuid(a.get("unit_id")),
        unit_name=a.get("unit_name"), position_id=_uuid(a.get("position_id")), position_name=a.get("position_name"),
        job_kind=a.get("job_kind"), jenjang=a.get("jenjang"), raw=d)


def employee_from_list_item(d: dict[str, Any], agency_id: uuid.UUID) -> EmployeeFacts:
    """An ``EmployeeListItem`` of positions' ``GET /api/v1/employees``: no agency, position id or job kind.

    The agency is the one the list was asked for; position id and job kind stay unknown (None): callers that need
    them (AK, JPM, plans) read the full employee instead.
    """
    return EmployeeFacts(
        id=uuid.UUID(str(d["id"])), agency_id=agency_id, nip=d.get("nip"), name=d.get("display_name") or d.get("name"),
        status=d.get("status"), unit_id=_uuid(d.get("unit_id")), unit_name=d.get("unit_name"),
        position_name=d.get("position_name"), raw=d)


def flatten_tree(nodes: list[dict[str, Any]]) -> set[uuid.UUID]:
    """Every unit id in ``TreeNode`` documents ({id, children: [...]}), iteratively (deep trees are fine)."""
    out: set[uuid.UUID] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        out.add(uuid.UUID(str(node["id"])))
        stack.extend(node.get("children") or [])
    return out


def _supervisor(d: dict[str, Any] | None) -> Supervisor | None:
    if not d or not d.get("employee_id"):
        return None
    return Supervisor(employee_id=uuid.UUID(str(d["employee_id"])), nip=d.get("nip"),
                      display_name=d.get("display_name"), position_id=_uuid(d.get("position_id")),
                      acting=bool(d.get("acting")))


class HttpPositionsDirectory(PeerDirectory):
    """The positions service's API over HTTP (``merit_shared.directory``): an absent record answers 404 here,
    an unreachable or refusing positions 503 ``upstream_unavailable``."""

    def __init__(self, client: ServiceClient) -> None:
        super().__init__({"positions": client})

    async def _get(self, path: str, what: str, ident: object, params: dict[str, Any] | None = None) -> Any:
        try:
            found = await self.fetch("positions", path, params)
        except UpstreamUnavailable as exc:
            raise upstream_unavailable(str(exc)) from None
        if found is None:
            raise NotFound(what, ident)
        return found

    async def employee(self, employee_id: uuid.UUID) -> EmployeeFacts:
        return employee_from_json(await self._get(f"/api/v1/employees/{employee_id}", "Pegawai", employee_id))

    async def employee_by_nip(self, agency_id: uuid.UUID, nip: str) -> EmployeeFacts:
        """The agency's employee with this NIP; 404 when that agency has none (another agency's NIP included)."""
        return employee_from_json(await self._get(f"/api/v1/employees/by-nip/{nip}", "Pegawai", nip,
                                                  {"agency_id": str(agency_id)}))

    async def supervisors(self, employee_id: uuid.UUID, as_of: date | None = None) -> Supervisors:
        params = {"as_of": as_of.isoformat()} if as_of else None
        d = await self._get(f"/api/v1/employees/{employee_id}/supervisors", "Pegawai", employee_id, params)
        return Supervisors(_supervisor(d.get("evaluator")), _supervisor(d.get("evaluator_superior")))

    async def position(self, position_id: uuid.UUID) -> dict[str, Any]:
        return dict(await self._get(f"/api/v1/positions/{position_id}", "Jabatan", position_id))

    async def unit_employees(self, agency_id: uuid.UUID, unit_id: uuid.UUID | None) -> list[EmployeeFacts]:
        out: list[EmployeeFacts] = []
        offset = 0
        while True:
            # positions: ?unit_id= covers the unit's subtree; items are EmployeeListItem (no agency_id).
            params: dict[str, Any] = {"agency_id": str(agency_id), "limit": 200, "offset": offset,
                                      "status": "active"}
            if unit_id:
                params["unit_id"] = str(unit_id)
            page = await self._get("/api/v1/employees", "Unit", unit_id, params)
            items = page.get("items", [])
            out.extend(employee_from_list_item(i, agency_id) for i in items)
            offset += len(items)
            if not items or offset >= page.get("total", 0):
                return out

    async def unit(self, agency_id: uuid.UUID, unit_id: uuid.UUID) -> dict[str, Any]:
        """The org unit (``OrgUnitOut``); 404 when unknown or of another agency."""
        d = dict(await self._get(f"/api/v1/org-units/{unit_id}", "Unit organisasi", unit_id))
        if str(d.get("agency_id")) != str(agency_id):
            raise NotFound("Unit organisasi", unit_id)
        return d

    async def job(self, agency_id: uuid.UUID, job_id: uuid.UUID) -> dict[str, Any]:
        """The job of the catalogue (``JobOut``); 404 when unknown or of another agency."""
        d = dict(await self._get(f"/api/v1/jobs/{job_id}", "Jabatan (katalog)", job_id))
        if str(d.get("agency_id")) != str(agency_id):
            raise NotFound("Jabatan (katalog)", job_id)
        return d

    async def career_checks(self, body: dict[str, Any], what: str, ident: object) -> dict[str, Any]:
        """Positions' side of career planning (``POST /positions/career-checks``: facts and the requirement checks
        of each pair, one call); 404 ``what``/``ident`` when positions knows no such person or position there."""
        try:
            found = await self.compute("positions", "/api/v1/positions/career-checks", body)
        except UpstreamUnavailable as exc:
            raise upstream_error("positions", exc) from None
        if not isinstance(found, dict):
            raise NotFound(what, ident)
        return found

    async def population(self, agency_id: uuid.UUID, year: int) -> dict[str, Any]:
        """The employees and key positions of the agency's year (positions' ``PopulationOut``), for the indicators."""
        return dict(await self._get(f"/api/v1/position-indicators/{agency_id}/population", "Instansi", agency_id,
                                    {"year": year}))

    async def unit_subtree(self, agency_id: uuid.UUID, unit_id: uuid.UUID,
                           as_of: date | None = None) -> set[uuid.UUID]:
        params: dict[str, Any] = {"agency_id": str(agency_id), "root_id": str(unit_id)}
        if as_of:
            params["as_of"] = as_of.isoformat()
        tree = await self._get("/api/v1/org-units/tree", "Unit organisasi", unit_id, params)
        return flatten_tree(tree.get("roots") or []) | {unit_id}


def directory_of(request: Request) -> PositionsDirectory:
    """The directory to use: an injected one (tests) or the positions service over HTTP."""
    return directory_from(request, lambda peers: HttpPositionsDirectory(peers["positions"]))

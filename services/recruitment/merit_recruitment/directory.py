"""What recruitment needs to know from the other services, behind a small interface.

``HttpDirectory`` asks positions, evaluation and the gateway (accounts) over HTTP (the peers' documented routes); tests put a fake on
``app.state.directory``. Every method returns ``None`` for "does not exist" and raises ``UpstreamUnavailable``
when the other service cannot be reached, so callers can tell "no such employee" from "unknown".
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Protocol

from fastapi import Request

from merit_shared.directory import PeerDirectory, UpstreamRefused, UpstreamUnavailable, directory_from, upstream_error
from merit_shared.http import ServiceClient

__all__ = ["Directory", "HttpDirectory", "UpstreamRefused", "UpstreamUnavailable", "get_directory", "upstream_error"]


class Directory(Protocol):
    async def agency(self, agency_id: str) -> dict[str, Any] | None: ...
    async def position(self, position_id: str) -> dict[str, Any] | None: ...
    async def employee(self, employee_id: str) -> dict[str, Any] | None: ...
    async def employee_by_nip(self, nip: str, agency_id: str | None = None) -> dict[str, Any] | None: ...
    async def career(self, employee_id: str) -> list[dict[str, Any]] | None: ...
    async def ranks(self, employee_id: str) -> list[dict[str, Any]] | None: ...
    async def supervisors(self, employee_id: str) -> dict[str, Any] | None: ...
    async def unit_subtree(self, agency_id: str, unit_id: str) -> set[uuid.UUID]: ...
    async def summary(self, employee_id: str, as_of: date) -> dict[str, Any] | None: ...
    async def account(self, account_id: str) -> dict[str, Any] | None: ...
    async def account_by_username(self, username: str) -> dict[str, Any] | None: ...


class HttpDirectory(PeerDirectory):
    """positions, evaluation and the gateway over HTTP (``merit_shared.directory``: None when absent, else
    unavailable)."""

    def __init__(self, peers: dict[str, ServiceClient], gateway: ServiceClient | None = None) -> None:
        super().__init__(dict(peers))
        if gateway is not None:
            self.peers["gateway"] = gateway

    async def _get(self, peer: str, path: str, params: dict[str, Any] | None = None) -> Any:
        return await self.fetch(peer, path, params)

    async def agency(self, agency_id: str) -> dict[str, Any] | None:
        return await self._get("positions", f"/api/v1/agencies/{agency_id}")

    async def position(self, position_id: str) -> dict[str, Any] | None:
        return await self._get("positions", f"/api/v1/positions/{position_id}")

    async def employee(self, employee_id: str) -> dict[str, Any] | None:
        return await self._get("positions", f"/api/v1/employees/{employee_id}")

    async def employee_by_nip(self, nip: str, agency_id: str | None = None) -> dict[str, Any] | None:
        """``agency_id`` narrows to that agency's registry: a NIP can be on record in several agencies, and
        positions answers 409 ``nip_ambiguous`` to an unnarrowed ask."""
        return await self._get("positions", f"/api/v1/employees/by-nip/{nip}",
                               None if agency_id is None else {"agency_id": str(agency_id)})

    async def ranks(self, employee_id: str) -> list[dict[str, Any]] | None:
        """Rank history with TMTs (``RankHistoryOut``), newest first; pending ranks included."""
        # One page holds any career's ranks (a PNS climbs at most 17 golongan).
        body = await self._get("positions", f"/api/v1/employees/{employee_id}/ranks", {"limit": "200"})
        return None if body is None else list(body["items"])

    async def career(self, employee_id: str) -> list[dict[str, Any]] | None:
        body = await self._get("positions", f"/api/v1/employees/{employee_id}/career")
        return None if body is None else list(body.get("items", []))

    async def supervisors(self, employee_id: str) -> dict[str, Any] | None:
        """The employee's evaluator (direct supervisor) and the evaluator's superior, as positions finds them today."""
        return await self._get("positions", f"/api/v1/employees/{employee_id}/supervisors")

    async def unit_subtree(self, agency_id: str, unit_id: str) -> set[uuid.UUID]:
        """The unit and every unit below it (a unit admin's scope), as positions' org tree has it today."""
        tree = await self._get("positions", "/api/v1/org-units/tree", {"agency_id": agency_id, "root_id": unit_id})
        out: set[uuid.UUID] = {uuid.UUID(unit_id)}
        stack = list((tree or {}).get("roots") or [])
        while stack:
            node = stack.pop()
            out.add(uuid.UUID(str(node["id"])))
            stack.extend(node.get("children") or [])
        return out

    async def summary(self, employee_id: str, as_of: date) -> dict[str, Any] | None:
        # as_of = the selection's performance reference date (its registration_end), so evaluation counts the
        # same completed years (as_of.year-2 .. as_of.year-1) and discipline window as the rules.
        return await self._get("evaluation", f"/api/v1/employee-summaries/{employee_id}",
                               {"years": 2, "as_of": as_of.isoformat()})

    async def account(self, account_id: str) -> dict[str, Any] | None:
        """A gateway account (``AccountOut``: id, username, roles, agency_id, employee_id, active)."""
        return await self._get("gateway", f"/api/v1/users/{account_id}")

    async def account_by_username(self, username: str) -> dict[str, Any] | None:
        """The gateway account that has this username now (usernames are unique), or None."""
        body = await self._get("gateway", "/api/v1/users", {"username": username, "limit": 1})
        items = [] if body is None else [u for u in body.get("items", []) if u.get("username") == username]
        return items[0] if items else None


def get_directory(request: Request) -> Directory:
    return directory_from(request, lambda peers: HttpDirectory(peers, getattr(request.app.state, "gateway", None)))

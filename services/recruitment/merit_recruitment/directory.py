"""What recruitment needs to know from the other services, behind a small interface.

``HttpDirectory`` asks positions and evaluation over HTTP (the contracts in the report); tests put a fake on
``app.state.directory``. Every method returns ``None`` for "does not exist" and raises ``UpstreamUnavailable``
when the other service cannot be reached, so callers can tell "no such employee" from "unknown".
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from fastapi import Request

from merit_shared.directory import PeerDirectory, UpstreamUnavailable, directory_from, upstream_error

__all__ = ["Directory", "HttpDirectory", "UpstreamUnavailable", "get_directory", "upstream_error"]


class Directory(Protocol):
    async def agency(self, agency_id: str) -> dict[str, Any] | None: ...
    async def position(self, position_id: str) -> dict[str, Any] | None: ...
    async def employee(self, employee_id: str) -> dict[str, Any] | None: ...
    async def employee_by_nip(self, nip: str) -> dict[str, Any] | None: ...
    async def career(self, employee_id: str) -> list[dict[str, Any]] | None: ...
    async def summary(self, employee_id: str, as_of: date) -> dict[str, Any] | None: ...


class HttpDirectory(PeerDirectory):
    """positions and evaluation over HTTP (``merit_shared.directory``: None when absent, else unavailable)."""

    async def _get(self, peer: str, path: str, params: dict[str, Any] | None = None) -> Any:
        return await self.fetch(peer, path, params)

    async def agency(self, agency_id: str) -> dict[str, Any] | None:
        return await self._get("positions", f"/api/v1/agencies/{agency_id}")

    async def position(self, position_id: str) -> dict[str, Any] | None:
        return await self._get("positions", f"/api/v1/positions/{position_id}")

    async def employee(self, employee_id: str) -> dict[str, Any] | None:
        return await self._get("positions", f"/api/v1/employees/{employee_id}")

    async def employee_by_nip(self, nip: str) -> dict[str, Any] | None:
        return await self._get("positions", f"/api/v1/employees/by-nip/{nip}")

    async def career(self, employee_id: str) -> list[dict[str, Any]] | None:
        body = await self._get("positions", f"/api/v1/employees/{employee_id}/career")
        return None if body is None else list(body.get("items", []))

    async def summary(self, employee_id: str, as_of: date) -> dict[str, Any] | None:
        # as_of = the selection's performance reference date (its registration_end), so evaluation counts the
        # same completed years (as_of.year-2 .. as_of.year-1) and discipline window as the rules.
        return await self._get("evaluation", f"/api/v1/employee-summaries/{employee_id}",
                               {"years": 2, "as_of": as_of.isoformat()})


def get_directory(request: Request) -> Directory:
    return directory_from(request, HttpDirectory)

"""Calls between services, one pattern: a typed directory per peer on top of ``PeerDirectory``.

A service asks another through a small class of its own (recruitment's ``HttpDirectory``, evaluation's
``HttpPositionsDirectory``, positions' ``EvaluationDirectory``) whose methods return records, never raw HTTP
answers. They all fetch through ``PeerDirectory.fetch``, so faults are told apart the same way everywhere:

- the record does not exist (404): ``None``;
- the peer cannot be reached, or refuses in a way the caller cannot act on (401/403/5xx):
  ``UpstreamUnavailable``; callers turn it into "fact unknown" or a 503 ``upstream_unavailable``
  (``upstream_error``), each as its rule requires.

The test seam is the same too: a test puts its fake on ``app.state.directory`` and ``directory_from`` returns it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request

from merit_shared.errors import DomainError
from merit_shared.http import ServiceClient, UpstreamUnavailable

__all__ = ["PeerDirectory", "UpstreamUnavailable", "directory_from", "upstream_error"]

D = TypeVar("D")


class PeerDirectory:
    """GETs of one or more peers (by name in ``peers``, as ``app.state.peers`` holds them)."""

    def __init__(self, peers: dict[str, ServiceClient]) -> None:
        self.peers = peers

    async def fetch(self, peer: str, path: str, params: dict[str, Any] | None = None) -> Any:
        """The decoded JSON answer; None when the record does not exist; ``UpstreamUnavailable`` otherwise."""
        client = self.peers.get(peer)
        if client is None:
            raise UpstreamUnavailable(f"no client for {peer}")
        resp = await client.request("GET", path, params=params)
        if resp.status_code == 404:
            return None
        if resp.status_code >= 400:
            raise UpstreamUnavailable(f"{peer} GET {path} answered {resp.status_code}")
        try:
            return resp.json()
        except ValueError as exc:
            raise UpstreamUnavailable(f"{peer} GET {path} answered no JSON") from exc


def directory_from(request: Request, build: Callable[[dict[str, ServiceClient]], D]) -> D:
    """The directory of this app: the one a test injected on ``app.state.directory``, else ``build(peers)``."""
    injected = getattr(request.app.state, "directory", None)
    if injected is not None:
        return injected  # type: ignore[no-any-return]
    return build(getattr(request.app.state, "peers", {}))


def upstream_error(service: str, exc: Exception | str = "") -> DomainError:
    """503 for a step that cannot proceed without the other service (e.g. vacancy at announcement)."""
    detail = f" ({exc})" if str(exc) else ""
    return DomainError("upstream_unavailable", f"Layanan {service} tidak dapat dihubungi; coba lagi beberapa saat lagi.",
                       f"The {service} service cannot be reached; try again shortly.{detail}", status=503,
                       extra={"service": service})

"""Calls between services, one pattern: a typed directory per peer on top of ``PeerDirectory``.

A service asks another through a small class of its own (recruitment's ``HttpDirectory``, evaluation's
``HttpPositionsDirectory``, positions' ``EvaluationDirectory``) whose methods return records, never raw HTTP
answers. They all fetch through ``PeerDirectory.fetch``, so faults are told apart the same way everywhere:

- the record does not exist (404): ``None``;
- the peer cannot be reached, or refuses in a way the caller cannot act on (401/403/5xx):
  ``UpstreamUnavailable``; callers turn it into "fact unknown" or a 503 ``upstream_unavailable``
  (``upstream_error``), each as its rule requires;
- the peer answered another 4xx problem about the request itself (409 ``nip_ambiguous``, 422 ...):
  ``UpstreamRefused`` (a kind of ``UpstreamUnavailable``, so "fact unknown" callers stay as they are), with the
  peer's status and code; ``upstream_error`` renders it as a 409/422 ``upstream_refused`` naming them, never a
  503: the peer is up, and retrying the same request will not help.

The test seam is the same too: a test puts its fake on ``app.state.directory`` and ``directory_from`` returns it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from fastapi import Request

from merit_shared.error_codes import (
    UPSTREAM_REFUSED,
    UPSTREAM_REFUSED_422,
    UPSTREAM_UNAVAILABLE_THE_SERVICE_CANNOT_REACHED,
)
from merit_shared.errors import DomainError
from merit_shared.http import ServiceClient, UpstreamUnavailable

__all__ = ["PeerDirectory", "UpstreamRefused", "UpstreamUnavailable", "directory_from", "upstream_error"]

D = TypeVar("D")


class UpstreamRefused(UpstreamUnavailable):
    """The peer is up and refused this request with a problem (4xx other than 401/403/404)."""

    def __init__(self, peer: str, path: str, status: int, code: str | None) -> None:
        super().__init__(f"{peer} GET {path} answered {status} {code or ''}".rstrip())
        self.peer, self.status, self.code = peer, status, code


class PeerDirectory:
    """GETs of one or more peers (by name in ``peers``, as ``app.state.peers`` holds them)."""

    def __init__(self, peers: dict[str, ServiceClient]) -> None:
        self.peers = peers

    async def fetch(self, peer: str, path: str, params: dict[str, Any] | None = None) -> Any:
        """The decoded JSON answer; None when the record does not exist; ``UpstreamUnavailable`` otherwise."""
        client = self.peers.get(peer)
        if client is None:
            raise UpstreamUnavailable(f"no client for {peer}")
        return _answer(peer, "GET", path, await client.request("GET", path, params=params))

    async def compute(self, peer: str, path: str, body: Any) -> Any:
        """A read whose question is a body (a POST that writes nothing, e.g. positions' career checks), answered
        as ``fetch`` answers: None for 404, ``UpstreamRefused``/``UpstreamUnavailable`` otherwise. Not retried."""
        client = self.peers.get(peer)
        if client is None:
            raise UpstreamUnavailable(f"no client for {peer}")
        # a city's question and answer run to megabytes: orjson both ways (stdlib json costs tens of ms here)
        resp = await client.request("POST", path, content=orjson.dumps(body),
                                    headers={"Content-Type": "application/json"})
        if 200 <= resp.status_code < 300:
            try:
                return orjson.loads(resp.content)
            except orjson.JSONDecodeError as exc:
                raise UpstreamUnavailable(f"{peer} POST {path} answered no JSON") from exc
        return _answer(peer, "POST", path, resp)


def _answer(peer: str, method: str, path: str, resp: Any) -> Any:
    if resp.status_code == 404:
        return None
    if 400 <= resp.status_code < 500 and resp.status_code not in (401, 403):
        raise UpstreamRefused(peer, path, resp.status_code, _problem_code(resp))
    if resp.status_code >= 400:
        raise UpstreamUnavailable(f"{peer} {method} {path} answered {resp.status_code}")
    try:
        return resp.json()
    except ValueError as exc:
        raise UpstreamUnavailable(f"{peer} {method} {path} answered no JSON") from exc


def directory_from(request: Request, build: Callable[[dict[str, ServiceClient]], D]) -> D:
    """The directory of this app: the one a test injected on ``app.state.directory``, else ``build(peers)``."""
    injected = getattr(request.app.state, "directory", None)
    if injected is not None:
        return injected  # type: ignore[no-any-return]
    return build(getattr(request.app.state, "peers", {}))


def _problem_code(resp: Any) -> str | None:
    try:
        body = resp.json()
    except ValueError:
        return None
    code = body.get("code") if isinstance(body, dict) else None
    return str(code) if code else None


def upstream_error(service: str, exc: Exception | str = "", field: str | None = None) -> DomainError:
    """503 for a step that cannot proceed without the other service (e.g. vacancy at announcement); a refusal
    of the request itself (``UpstreamRefused``) is a 409 (422 for the peer's 422) naming the peer's code."""
    if isinstance(exc, UpstreamRefused):
        code = exc.code or "unknown"
        spec = UPSTREAM_REFUSED_422 if exc.status == 422 else UPSTREAM_REFUSED
        return spec.error(field=field, service=service, status=exc.status, code=code,
                          extra={"service": service, "upstream_status": exc.status, "upstream_code": code})
    detail = f" ({exc})" if str(exc) else ""
    return UPSTREAM_UNAVAILABLE_THE_SERVICE_CANNOT_REACHED.error(detail=detail, service=service, extra={"service": service})

"""How a peer's answer is told apart: absent (404), refused (another 4xx problem: a precise 409/422, never a
503) or unavailable (401/403/5xx: 503)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from merit_shared.directory import PeerDirectory, UpstreamRefused, UpstreamUnavailable, upstream_error


class _Peer:
    def __init__(self, status: int, body: Any = None) -> None:
        self.status, self.body = status, body

    async def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        return httpx.Response(self.status, json=self.body)


def _fetch(status: int, body: Any = None) -> Any:
    return asyncio.run(PeerDirectory({"positions": _Peer(status, body)}).fetch("positions", "/x"))  # type: ignore[dict-item]


def test_found_and_absent() -> None:
    assert _fetch(200, {"id": 1}) == {"id": 1}
    assert _fetch(404, {"code": "not_found"}) is None


@pytest.mark.parametrize("status, rendered", [(409, 409), (422, 422), (400, 409)])
def test_a_refusal_keeps_the_peer_code_and_is_not_a_503(status: int, rendered: int) -> None:
    with pytest.raises(UpstreamRefused) as info:
        _fetch(status, {"code": "nip_ambiguous"})
    assert isinstance(info.value, UpstreamUnavailable)  # "fact unknown" callers are unchanged
    err = upstream_error("positions", info.value, field="body.nip")
    assert (err.status, err.code, err.field) == (rendered, "upstream_refused", "body.nip")
    assert err.extra == {"service": "positions", "upstream_status": status, "upstream_code": "nip_ambiguous"}


@pytest.mark.parametrize("status", [401, 403, 500, 503])
def test_unavailable_stays_503(status: int) -> None:
    with pytest.raises(UpstreamUnavailable) as info:
        _fetch(status, {"code": "x"})
    assert not isinstance(info.value, UpstreamRefused)
    err = upstream_error("positions", info.value)
    assert (err.status, err.code) == (503, "upstream_unavailable")

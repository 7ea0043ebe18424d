"""Role x route matrix, generated from the gateway's merged OpenAPI: every operation is classified in
tests/authz/rules.py, and no operation but the public ones answers without a token."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from tests.authz.leaks import KNOWN_LEAKS
from tests.authz.rules import RULES

METHODS = {"get", "post", "put", "patch", "delete"}


def spec_operations(gw: httpx.Client) -> set[tuple[str, str]]:
    doc = gw.get("/openapi.json").json()
    assert "x-unavailable-services" not in doc["info"], doc["info"]
    return {(m.upper(), p) for p, item in doc["paths"].items() for m in item if m in METHODS}


def test_every_operation_is_classified(gw: httpx.Client) -> None:
    ops = spec_operations(gw)
    unclassified = sorted(ops - set(RULES))
    stale = sorted(set(RULES) - ops)
    assert not unclassified, f"classify these in tests/authz/rules.py: {unclassified}"
    assert not stale, f"rules for operations the spec no longer has: {stale}"
    for key in KNOWN_LEAKS:
        assert key[:2] in RULES, key


def concrete(path: str) -> str:
    """Path parameters replaced by well-formed values (an unknown id is enough without a token)."""
    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        return {"year": "2025", "nip": "198001012005011001", "stage_code": "WAWANCARA"}.get(name, str(uuid.uuid4()))
    return re.sub(r"\{(\w+)\}", value, path)


@pytest.mark.parametrize(("method", "path"), sorted(RULES), ids=[f"{m} {p}" for m, p in sorted(RULES)])
def test_without_a_token_only_public_operations_answer(gw: httpx.Client, method: str, path: str) -> None:
    rule = RULES[(method, path)]
    if method == "POST" and path == "/api/v1/auth/token":
        r = gw.post(path, data={"grant_type": "password", "username": "nobody", "password": "nope"})
        assert r.status_code == 400, r.text
        return
    r = gw.request(method, concrete(path), json={} if method != "GET" else None)
    if rule.public:
        assert r.status_code not in (401, 403), f"{method} {path} is public but answered {r.status_code}: {r.text}"
        assert r.status_code < 500, r.text
    else:
        assert r.status_code == 401, f"{method} {path} without a token answered {r.status_code}: {r.text}"
        assert r.headers["content-type"].startswith("application/problem+json")

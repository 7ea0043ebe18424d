"""Role x route matrix, generated from the gateway's merged OpenAPI: every operation is classified in
tests/authz/rules.py, no operation but the public ones answers without a token, another agency's records are
neither read by id nor listed, a role the rules do not name is refused (and its refused write changes nothing),
and a listed ``allowed_actions`` entry never answers 403.

Leaks found on the current code are listed in tests/authz/leaks.py; each turns its case into a strict xfail.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from tests.authz.leaks import KNOWN_LEAKS
from tests.authz.rules import ADMIN, PEOPLE, RULES, Rule
from tests.authz.world import MatrixAgency, params

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


# --- the two agencies -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def worlds(gw: httpx.Client, platform: dict[str, str]) -> tuple[MatrixAgency, MatrixAgency]:
    return MatrixAgency(gw, platform), MatrixAgency(gw, platform)


def case(op: tuple[str, str], actor: str, scope: str, *values: Any) -> Any:
    """A parametrized case, a strict xfail when KNOWN_LEAKS lists it."""
    leak = KNOWN_LEAKS.get((*op, actor, scope))
    marks = [pytest.mark.xfail(strict=True, reason=leak)] if leak else []
    return pytest.param(*op, *values, marks=marks, id=f"{op[0]} {op[1]} as {actor}")


def reader(rule: Rule) -> str:
    """The actor a cross-agency read is made as: the agency admin, or the first role the rule lets in."""
    return ADMIN if ADMIN in rule.roles else next(p for p in PEOPLE if p in rule.roles)


def leaked(r: httpx.Response, secrets: set[str]) -> list[str]:
    """The other agency's ids and NIPs in an answer, except those the request itself named (echoed in a 404)."""
    return sorted(s for s in secrets if s in r.text and s not in str(r.request.url))


# --- another agency's records by id ---------------------------------------------------------------------------

BY_ID = [op for op in sorted(RULES) if op[0] == "GET" and params(op[1]) and RULES[op].roles]


@pytest.mark.parametrize(("method", "path"), [case(op, reader(RULES[op]), "other_agency") for op in BY_ID])
def test_another_agencys_record_by_id_is_not_found(worlds: tuple[MatrixAgency, MatrixAgency], gw: httpx.Client,
                                                   method: str, path: str) -> None:
    a, b = worlds
    actor = a.actors[reader(RULES[(method, path)])]
    own, foreign = a.fill(path), b.fill(path)
    if own is None or foreign is None:
        pytest.skip(f"the matrix world has no record for {[p for p in params(path) if a.id_for(path, p) is None]}")
    control = gw.get(own, headers=actor)  # the same route answers for the caller's own record: the ids are real
    assert control.status_code == 200, f"own record: {control.status_code} {control.text[:300]}"
    r = gw.get(foreign, headers=actor)
    assert r.status_code in (403, 404), f"{foreign} -> {r.status_code}: {r.text[:500]}"
    assert not leaked(r, b.secrets - a.secrets)


# --- another agency's records in lists, also when a filter names them --------------------------------------------

LISTS = [op for op in sorted(RULES) if op[0] == "GET" and not params(op[1]) and RULES[op].roles]


@pytest.fixture(scope="module")
def query_params(gw: httpx.Client) -> dict[str, list[tuple[str, bool]]]:
    doc = gw.get("/openapi.json").json()
    return {p: [(q["name"], bool(q.get("required"))) for q in item["get"].get("parameters", []) if q["in"] == "query"]
            for p, item in doc["paths"].items() if "get" in item}


@pytest.mark.parametrize(("method", "path"), [case(op, reader(RULES[op]), "other_agency_list") for op in LISTS])
def test_lists_show_nothing_of_another_agency(worlds: tuple[MatrixAgency, MatrixAgency], gw: httpx.Client,
                                              query_params: dict[str, list[tuple[str, bool]]], method: str,
                                              path: str) -> None:
    a, b = worlds
    actor = a.actors[reader(RULES[(method, path)])]
    names = query_params[path]
    # required filters with the caller's own records; then every id filter naming the other agency's records
    own = {n: a.ids[n] for n, required in names if required and n in a.ids}
    foreign = {n: b.ids[n] for n, _ in names if n in b.ids}
    r = gw.get(path, params=own, headers=actor)
    assert r.status_code < 500, r.text
    if r.status_code == 200:
        assert not leaked(r, b.secrets - a.secrets), f"{path} lists the other agency's records"
    if foreign:
        r = gw.get(path, params={**own, **foreign}, headers=actor)
        assert r.status_code in (200, 403, 404, 422), f"{path}?{foreign} -> {r.status_code}: {r.text[:300]}"
        if r.status_code == 200:
            assert not leaked(r, b.secrets - a.secrets), f"{path} filtered by {sorted(foreign)} leaks"

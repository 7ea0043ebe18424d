"""The platform through the gateway: health, merged docs served offline, authentication and its refusals."""

from __future__ import annotations

import re
import uuid

import httpx

from merit_shared.stack import Stack
from merit_shared.testing import TokenFactory
from tests.conftest import create_user, login


def test_gateway_reports_every_service_healthy(gw: httpx.Client) -> None:
    body = gw.get("/healthz").json()
    assert body == {"status": "ok", "gateway": "ok",
                    "services": {"positions": "ok", "evaluation": "ok", "recruitment": "ok"}}


def test_merged_openapi_lists_all_domain_services(gw: httpx.Client) -> None:
    doc = gw.get("/openapi.json").json()
    paths = set(doc["paths"])
    for prefix in ("/api/v1/employees", "/api/v1/annual-ratings", "/api/v1/selections", "/api/v1/auth/token"):
        assert any(p.startswith(prefix) for p in paths), prefix
    assert "x-unavailable-services" not in doc["info"]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert op.get("summary"), f"{method.upper()} {path} has no summary"


def test_docs_pages_load_nothing_from_outside(gw: httpx.Client) -> None:
    for page in ("/docs", "/redoc"):
        html = gw.get(page).text
        urls = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert urls, page
        assert all(u.startswith("/") for u in urls), urls
        for u in urls:
            assert gw.get(u).status_code == 200, u
    assert "fonts.googleapis" not in gw.get("/redoc").text


def test_protected_route_without_token_is_401_problem(gw: httpx.Client) -> None:
    r = gw.get(f"/api/v1/employees/{uuid.uuid4()}", headers={"Accept-Language": "en"})
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "unauthenticated" and "Bearer" in r.json()["detail"]


def test_wrong_role_is_403(gw: httpx.Client, platform: dict[str, str]) -> None:
    agency = str(uuid.uuid4())
    employee_user = create_user(gw, platform, agency, ["employee"])
    r = gw.post("/api/v1/users", headers=login(gw, employee_user),
                json={"username": "someone.else", "password": "x" * 12, "name": "X", "roles": ["employee"]})
    assert r.status_code == 403, r.text
    assert r.json()["code"] == "forbidden"


def test_token_from_another_key_is_refused_by_the_service_itself(gw: httpx.Client, stack: Stack) -> None:
    forged = TokenFactory().headers("agency_admin", agency_id=uuid.uuid4())
    protected = {"positions": f"/api/v1/employees/{uuid.uuid4()}",
                 "evaluation": f"/api/v1/employee-summaries/{uuid.uuid4()}",
                 "recruitment": "/api/v1/selections"}
    for service, path in protected.items():
        base = stack.url(service)
        r = httpx.get(base + path, headers=forged)  # straight at the service, not through the gateway
        assert r.status_code in (401,), (base, r.status_code, r.text)
    r = gw.get(f"/api/v1/employees/{uuid.uuid4()}", headers=forged)
    assert r.status_code == 401 and r.json()["instance"].startswith("/api/v1/employees/")
    assert gw.get("/readyz").json()["status"] == "ready"


def test_bad_login_is_problem_and_oauth_error(gw: httpx.Client) -> None:
    r = gw.post("/api/v1/auth/token", data={"grant_type": "password", "username": "nobody", "password": "nope"})
    assert r.status_code == 400  # RFC 6749 section 5.2
    assert r.json()["error"] == "invalid_grant"
    r = gw.post("/api/v1/auth/token", data={"grant_type": "magic"})
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"

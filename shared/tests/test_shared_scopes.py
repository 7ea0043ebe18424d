"""Machine-client scopes: the table of what each scope allows, and its one enforcement point (current_principal)."""

from __future__ import annotations

import uuid

import httpx
import pytest
from fastapi import Depends, FastAPI

from merit_shared.auth import Principal, current_principal, principal_from_claims
from merit_shared.problems import install_problem_handlers
from merit_shared.scopes import SCOPE_DESCRIPTIONS, SCOPE_RULES, InsufficientScope, Scope, check_scope, rule_for
from merit_shared.testing import TokenFactory

ALL = frozenset(s.value for s in Scope)


@pytest.mark.parametrize(("service", "method", "path", "scope"), [
    ("positions", "GET", "/api/v1/org-units", Scope.REGISTRY_READ),
    ("positions", "GET", "/api/v1/employees/by-nip/198001012005011001", Scope.REGISTRY_READ),
    ("positions", "HEAD", "/api/v1/positions", Scope.REGISTRY_READ),
    ("evaluation", "GET", "/api/v1/evaluation-periods", Scope.PERFORMANCE_READ),
    ("evaluation", "GET", "/api/v1/annual-ratings/3fa85f64-5717-4562-b3fc-2c963f66afa6", Scope.PERFORMANCE_READ),
    ("evaluation", "POST", "/api/v1/annual-ratings", Scope.RATINGS_WRITE),
    ("evaluation", "post", "/api/v1/annual-ratings/", Scope.RATINGS_WRITE),
    ("recruitment", "GET", "/api/v1/selections", Scope.RECRUITMENT_READ),
    ("gateway", "POST", "/api/v1/webhook-subscriptions", Scope.WEBHOOKS_MANAGE),
    ("gateway", "PATCH", "/api/v1/webhook-subscriptions/3fa85f64-5717-4562-b3fc-2c963f66afa6", Scope.WEBHOOKS_MANAGE),
    ("gateway", "GET", "/api/v1/webhook-origins", Scope.WEBHOOKS_MANAGE),
])
def test_each_operation_needs_its_scope(service: str, method: str, path: str, scope: Scope) -> None:
    rule = rule_for(service, method, path)
    assert rule is not None and rule.scope is scope
    check_scope(service, method, path, frozenset({scope.value}))
    with pytest.raises(InsufficientScope) as exc:
        check_scope(service, method, path, ALL - {scope.value})
    assert exc.value.status == 403 and exc.value.code == "insufficient_scope"
    assert exc.value.extra["required_scope"] == scope.value and scope.value in exc.value.message_en


def test_the_promotion_report_needs_both_registry_and_performance_read() -> None:
    path = "/api/v1/position-reports/promotions-due"  # it shows each person's ratings next to the registry facts
    check_scope("positions", "GET", path, frozenset({Scope.REGISTRY_READ.value, Scope.PERFORMANCE_READ.value}))
    for granted, missing in ((Scope.REGISTRY_READ, Scope.PERFORMANCE_READ), (Scope.PERFORMANCE_READ, Scope.REGISTRY_READ)):
        with pytest.raises(InsufficientScope) as exc:
            check_scope("positions", "GET", path, frozenset({granted.value}))
        assert exc.value.extra["required_scope"] == missing.value
    check_scope("positions", "GET", "/api/v1/position-reports/vacancies", frozenset({Scope.REGISTRY_READ.value}))


@pytest.mark.parametrize(("service", "method", "path"), [
    ("positions", "POST", "/api/v1/org-units"),  # no scope writes the registry
    ("positions", "PATCH", "/api/v1/employees/3fa85f64-5717-4562-b3fc-2c963f66afa6"),
    ("evaluation", "POST", "/api/v1/annual-ratings/3fa85f64-5717-4562-b3fc-2c963f66afa6/x"),
    ("evaluation", "POST", "/api/v1/evaluation-periods"),
    ("evaluation", "DELETE", "/api/v1/annual-ratings"),
    ("recruitment", "POST", "/api/v1/selections"),
    ("gateway", "POST", "/api/v1/clients"),  # a machine client never manages clients or users
    ("gateway", "GET", "/api/v1/users"),
    ("gateway", "POST", "/api/v1/webhook-origins"),  # the allow-list is the agency admin's
    ("gateway", "DELETE", "/api/v1/webhook-origins/3fa85f64-5717-4562-b3fc-2c963f66afa6"),
    ("gateway", "GET", "/api/v1/auth/revocations"),
    ("", "GET", "/api/v1/org-units"),  # an app that does not say which service it is: refused (fail closed)
    ("positions", "GET", "/healthz"),
])
def test_anything_not_in_the_table_is_refused_whatever_the_scopes(service: str, method: str, path: str) -> None:
    assert rule_for(service, method, path) is None
    with pytest.raises(InsufficientScope) as exc:
        check_scope(service, method, path, ALL)
    assert exc.value.extra["required_scope"] is None


def test_the_vocabulary_is_documented_and_used() -> None:
    assert set(SCOPE_DESCRIPTIONS) == set(Scope)
    assert {r.scope for r in SCOPE_RULES} - {None} == set(Scope)  # every scope allows something
    assert check_scope("gateway", "GET", "/api/v1/auth/me", frozenset()) is None  # whoami needs no scope


def test_the_scope_claim_is_read_space_separated() -> None:
    p = principal_from_claims({"sub": "mc-1", "roles": ["machine_client"], "scope": "registry:read ratings:write"})
    assert p.is_machine_client and p.scopes == {"registry:read", "ratings:write"}
    assert principal_from_claims({"sub": "x", "roles": ["machine_client"], "scp": ["a", "b"]}).scopes == {"a", "b"}
    assert not principal_from_claims({"sub": "svc", "roles": ["service", "machine_client"]}).is_machine_client


def _app(service: str | None) -> tuple[FastAPI, TokenFactory]:
    tokens = TokenFactory()
    app = FastAPI()
    install_problem_handlers(app)
    app.state.verifier = tokens.verifier()
    if service is not None:
        app.state.service_name = service

    @app.get("/api/v1/org-units")
    async def units(p: Principal = Depends(current_principal)) -> dict[str, str]:
        return {"subject": p.subject}

    @app.post("/api/v1/org-units")
    async def create_unit(p: Principal = Depends(current_principal)) -> dict[str, str]:
        return {"subject": p.subject}

    return app, tokens


async def _call(app: FastAPI, method: str, headers: dict[str, str]) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        return await c.request(method, "/api/v1/org-units", headers=headers)


async def test_current_principal_enforces_the_scope_of_machine_clients_only() -> None:
    app, tokens = _app("positions")
    agency = uuid.uuid4()
    reader = tokens.headers("machine_client", agency_id=agency, scope="registry:read")
    other = tokens.headers("machine_client", agency_id=agency, scope="performance:read recruitment:read")
    assert (await _call(app, "GET", reader)).status_code == 200
    r = await _call(app, "GET", other)
    assert r.status_code == 403 and r.json()["code"] == "insufficient_scope", r.text
    assert r.json()["required_scope"] == "registry:read"
    assert r.headers["www-authenticate"] == 'Bearer error="insufficient_scope", scope="registry:read"'
    r = await _call(app, "POST", reader)
    assert r.status_code == 403 and r.json()["code"] == "insufficient_scope" and r.json()["required_scope"] is None
    # People and the platform's services are not subject to scopes (their roles decide).
    assert (await _call(app, "POST", tokens.headers("agency_admin", agency_id=agency))).status_code == 200
    assert (await _call(app, "POST", tokens.headers("service"))).status_code == 200


async def test_an_app_that_does_not_name_its_service_refuses_machine_clients() -> None:
    app, tokens = _app(None)
    r = await _call(app, "GET", tokens.headers("machine_client", scope=" ".join(ALL)))
    assert r.status_code == 403 and r.json()["code"] == "insufficient_scope"

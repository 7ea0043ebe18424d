"""An external OpenID Connect provider, Keycloak-style, trusted next to the gateway's own tokens.

The test plays the provider: a second RSA key set served over HTTP (as a provider's ``jwks_uri``) and tokens
signed with it, carrying Keycloak's claim shapes (``realm_access.roles``, an ``agency_id`` attribute mapped
into the token, ``aud`` from an audience mapper). A stack of its own runs with OIDC_ISSUER / OIDC_JWKS_URL set.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import asyncpg
import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from merit_shared import testing
from merit_shared.db import asyncpg_kwargs, with_database
from merit_shared.stack import Stack, free_port
from tests.conftest import client_token, create_user, login, ok, running_stack

REALM = "merit"


class Provider:
    """Keys and a JWKS endpoint of a pretend OpenID Connect provider; ``rotate()`` retires the current key."""

    def __init__(self) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}/realms/{REALM}"
        self.keys: list[tuple[str, Any]] = []
        self.rotate()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                body = json.dumps(provider.jwks()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/protocol/openid-connect/certs"

    def rotate(self) -> None:
        self.keys = [(uuid.uuid4().hex[:12], rsa.generate_private_key(public_exponent=65537, key_size=2048))]

    def jwks(self) -> dict[str, Any]:
        out = []
        for kid, key in self.keys:
            jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
            jwk.update({"kid": kid, "alg": "RS256", "use": "sig"})
            out.append(jwk)
        return {"keys": out}

    def token(self, agency_id: str, roles: list[str], *, typ: str | None = "at+jwt", kind: str = "Bearer",
              issuer: str | None = None, key: tuple[str, Any] | None = None, **extra: Any) -> str:
        kid, private = key or self.keys[0]
        now = int(time.time())
        claims = {"iss": issuer or self.issuer, "aud": ["merit", "account"], "sub": str(uuid.uuid4()), "iat": now,
                  "exp": now + 300, "typ": kind, "azp": "merit-frontend", "preferred_username": "keycloak.user",
                  "realm_access": {"roles": [*roles, "offline_access"]}, "agency_id": agency_id, **extra}
        headers = {"kid": kid, **({"typ": typ} if typ else {})}
        return jwt.encode(claims, private, algorithm="RS256", headers=headers)

    def stop(self) -> None:
        self.server.shutdown()


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    p = Provider()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def idp_stack(provider: Provider) -> Iterator[Stack]:
    url = testing.test_database_url(testing.test_database_name("_idp"))
    env = {"OIDC_ISSUER": provider.issuer, "OIDC_JWKS_URL": provider.jwks_url, "JWKS_REFRESH_SECONDS": "1",
           "OUTBOX_POLL_SECONDS": "0.2", "REVOCATION_REFRESH_SECONDS": "1"}
    try:
        with running_stack(url, env, prefix="merit-idp-") as s:
            yield s
    finally:
        asyncio.run(_drop(url))


async def _drop(url: str) -> None:
    conn = await asyncpg.connect(**asyncpg_kwargs(with_database(url, "postgres")))  # type: ignore[arg-type]
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{testing.test_database_name("_idp")}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="module")
def idp_gw(idp_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=idp_stack.url("gateway"), timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def agency(idp_gw: httpx.Client) -> str:
    platform = {"Authorization": f"Bearer {client_token(idp_gw)}"}
    tag = uuid.uuid4().hex[:8].upper()
    return str(ok(idp_gw.post("/api/v1/agencies", headers=platform, json={
        "code": f"IDP-{tag}", "name": f"Pemerintah Kota Kunci {tag}", "kind": "PEMDA_KOTA"}), 201)["id"])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}


def test_provider_access_token_works_through_the_gateway_and_directly(idp_gw: httpx.Client, idp_stack: Stack,
                                                                      provider: Provider, agency: str) -> None:
    h = _bearer(provider.token(agency, ["agency_admin"]))
    unit = ok(idp_gw.post("/api/v1/org-units", headers=h, json={"code": "DISKOMINFO", "name": "Dinas Kominfo",
                                                                  "kind": "DINAS", "valid_from": "2020-01-01"}), 201)
    assert ok(idp_gw.get(f"/api/v1/org-units/{unit['id']}", headers=h))["name"] == "Dinas Kominfo"
    direct = httpx.get(idp_stack.url("positions") + f"/api/v1/org-units/{unit['id']}", headers=h)
    assert direct.status_code == 200
    assert ok(idp_gw.get("/api/v1/evaluation-periods", headers=h)) is not None  # evaluation trusts it too
    # Untyped access tokens (Keycloak's header says "JWT") are accepted by default.
    assert idp_gw.get("/api/v1/org-units", headers=_bearer(provider.token(agency, ["agency_admin"], typ="JWT"))
                      ).status_code == 200


def test_gateway_tokens_keep_working_next_to_the_provider(idp_gw: httpx.Client, idp_stack: Stack,
                                                          agency: str) -> None:
    platform = {"Authorization": f"Bearer {client_token(idp_gw)}"}
    admin = login(idp_gw, create_user(idp_gw, platform, agency, ["agency_admin"]))
    assert idp_gw.get("/api/v1/org-units", headers=admin).status_code == 200
    assert httpx.get(idp_stack.url("recruitment") + "/api/v1/selections", headers=admin).status_code == 200


@pytest.mark.parametrize(("make", "why"), [
    (lambda p, a: p.token(a, ["agency_admin"], kind="ID", nonce="n-1", at_hash="x"), "ID token"),
    (lambda p, a: p.token(a, ["agency_admin"], typ="JWT", kind="ID"), "ID token, untyped header"),
    (lambda p, a: p.token(a, ["agency_admin"], typ="id+jwt"), "another token type"),
    (lambda p, a: p.token(a, ["agency_admin"], issuer="http://127.0.0.1:1/realms/other"), "untrusted issuer"),
    (lambda p, a: p.token(a, ["agency_admin"], key=(p.keys[0][0], rsa.generate_private_key(
        public_exponent=65537, key_size=2048))), "a look-alike key with the provider's key id"),
    (lambda p, a: p.token(a, ["agency_admin"], aud="account"), "wrong audience"),
    (lambda p, a: p.token(a, ["agency_admin"], exp=int(time.time()) - 60), "expired"),
])
def test_tokens_the_provider_did_not_issue_as_access_tokens_are_refused(idp_gw: httpx.Client, idp_stack: Stack,
                                                                         provider: Provider, agency: str,
                                                                         make: Any, why: str) -> None:
    h = _bearer(make(provider, agency))
    via_gateway = idp_gw.get("/api/v1/org-units", headers=h)
    direct = httpx.get(idp_stack.url("positions") + "/api/v1/org-units", headers=h)
    assert (via_gateway.status_code, direct.status_code) == (401, 401), why
    assert via_gateway.headers["content-type"].startswith("application/problem+json")


def test_a_retired_provider_key_stops_being_trusted(idp_gw: httpx.Client, idp_stack: Stack, provider: Provider,
                                                    agency: str) -> None:
    old = provider.token(agency, ["agency_admin"])
    assert idp_gw.get("/api/v1/org-units", headers=_bearer(old)).status_code == 200
    provider.rotate()  # the old key leaves the provider's JWKS
    new = provider.token(agency, ["agency_admin"])
    assert idp_gw.get("/api/v1/org-units", headers=_bearer(new)).status_code == 200  # unknown kid: refetched
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        gw_status = idp_gw.get("/api/v1/org-units", headers=_bearer(old)).status_code
        svc_status = httpx.get(idp_stack.url("positions") + "/api/v1/org-units", headers=_bearer(old)).status_code
        if (gw_status, svc_status) == (401, 401):
            break
        time.sleep(0.5)
    assert (gw_status, svc_status) == (401, 401)

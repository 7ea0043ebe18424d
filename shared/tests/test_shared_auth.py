"""Token verification: what a service accepts and what it refuses, whoever signed the token."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest

from merit_shared.auth import Role, TokenVerifier, Unauthenticated, principal_from_claims
from merit_shared.errors import Forbidden
from merit_shared.testing import TokenFactory

tokens = TokenFactory()


async def test_valid_token_gives_principal_with_scope() -> None:
    agency = uuid.uuid4()
    p = await tokens.verifier().verify(tokens.token("agency_admin", agency_id=agency, sub="admin"))
    assert p.subject == "admin" and p.has(Role.AGENCY_ADMIN) and p.agency_id == str(agency)
    p.require_agency(agency)
    with pytest.raises(Forbidden):
        p.require_agency(uuid.uuid4())


def _signed(factory: TokenFactory, **overrides: object) -> str:
    now = int(time.time())
    claims = {"iss": factory.issuer, "aud": factory.audience, "sub": "x", "iat": now, "exp": now + 60,
              "roles": ["employee"], **overrides}
    return jwt.encode(claims, factory.key, algorithm="RS256", headers={"kid": factory.kid})


@pytest.mark.parametrize(
    ("token_maker", "why"),
    [
        (lambda: TokenFactory().token("agency_admin"), "unknown key"),
        (lambda: _signed(tokens, exp=int(time.time()) - 10), "expired"),
        (lambda: _signed(tokens, aud="someone-else"), "audience"),
        (lambda: _signed(tokens, iss="evil-issuer"), "issuer"),
        (lambda: "not-a-jwt", "malformed"),
        (lambda: jwt.encode({"sub": "x"}, "secret", algorithm="HS256"), "symmetric algorithm"),
    ],
)
async def test_refused_tokens(token_maker, why: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Unauthenticated):
        await tokens.verifier().verify(token_maker())


def test_service_role_crosses_agencies_and_keycloak_roles_are_read() -> None:
    svc = principal_from_claims({"sub": "svc-recruitment", "roles": ["service"]})
    svc.require_agency(uuid.uuid4())  # a Merit service acts for any agency
    kc = principal_from_claims({"sub": "u", "realm_access": {"roles": ["agency_admin"]}})
    assert kc.has("agency_admin")


async def test_remembered_token_still_expires() -> None:
    import asyncio

    verifier = tokens.verifier()
    short = tokens.token("employee", ttl=1)
    assert (await verifier.verify(short)).has("employee")
    assert (await verifier.verify(short)).has("employee")  # served from the cache of verified tokens
    await asyncio.sleep(1.2)
    with pytest.raises(Unauthenticated):
        await verifier.verify(short)


async def test_a_revoked_accounts_token_answers_token_revoked() -> None:
    revoked_at = time.time()

    async def revocations() -> dict[str, float]:
        return {"acc-1": revoked_at}

    verifier = TokenVerifier(None, tokens.issuer, tokens.audience, static_jwks=tokens.jwks(),
                             revocations=revocations, revocation_refresh_seconds=60)
    old = tokens.token("employee", account_id="acc-1")  # iat: this second, not after the revocation
    with pytest.raises(Unauthenticated) as caught:
        await verifier.verify(old)
    assert caught.value.code == "token_revoked" and caught.value.status == 401
    assert "revoked" in caught.value.message("en") and "dicabut" in caught.value.message("id")
    assert (await verifier.verify(tokens.token("employee", account_id="acc-2"))).account_id == "acc-2"
    with pytest.raises(Unauthenticated) as bad:
        await verifier.verify(old[:-4] + "AAAA")  # a bad signature stays plain unauthenticated
    assert bad.value.code == "unauthenticated"

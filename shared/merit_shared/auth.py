"""Token verification and authorization, done by every service itself (nothing trusts the network).

Tokens are RS256 JWTs. The verifier fetches the issuer's JWKS (the gateway's by default, or an external
OpenID Connect provider's) and checks signature, issuer, audience and expiry.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import httpx
import jwt
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from jwt.algorithms import RSAAlgorithm

from merit_shared import clock
from merit_shared.errors import DomainError, Forbidden


class Role(StrEnum):
    AGENCY_ADMIN = "agency_admin"  # BKPSDM: everything in the agency
    UNIT_ADMIN = "unit_admin"  # their unit subtree
    SUPERVISOR = "supervisor"  # reads subordinates
    EMPLOYEE = "employee"  # their own records
    PANEL_MEMBER = "panel_member"  # selection committee
    PPK = "ppk"  # Pejabat Pembina Kepegawaian: decides
    MACHINE_CLIENT = "machine_client"  # another government system (client credentials)
    SERVICE = "service"  # a Merit service calling another


class Unauthenticated(DomainError):
    def __init__(self, why_id: str, why_en: str, code: str = "unauthenticated") -> None:
        super().__init__(code=code, message_id=why_id, message_en=why_en, status=401)


class TokenRevoked(Unauthenticated):
    """A well-formed, unexpired token of an account whose tokens were revoked (disabled, or its password reset)."""

    def __init__(self) -> None:
        super().__init__("Token ini telah dicabut (akun dinonaktifkan atau kata sandinya direset); masuk lagi untuk "
                         "mendapat token baru.",
                         "This token was revoked (the account was disabled or its password reset); log in again for "
                         "a new token.", code="token_revoked")


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[str]
    agency_id: str | None = None
    unit_id: str | None = None
    employee_id: str | None = None
    nip: str | None = None
    name: str | None = None
    # The gateway account (users.id or clients.id) behind the token: identity links (committee member,
    # reviewer) name accounts by this id, never by a username that another agency could register.
    account_id: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def has(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def is_service(self) -> bool:
        return Role.SERVICE in self.roles

    def require_agency(self, agency_id: object) -> None:
        """Object-level tenancy: a person only ever touches their own agency's records."""
        if self.is_service:
            return
        if self.agency_id is None or str(agency_id) != self.agency_id:
            raise Forbidden("Data ini milik instansi lain.", "This record belongs to another agency.")


class TokenVerifier:
    """Verifies RS256 tokens against a JWKS, refreshing keys when an unknown key id appears.

    A verified token is remembered until it expires: clients reuse a token for many requests, and an RSA
    verification (~130 microseconds) would otherwise be paid on every hop of every request. Only the exact
    token string that passed verification hits the cache, and its expiry is checked on every hit.
    """

    CACHE_SIZE = 10_000

    def __init__(self, jwks_url: str | None, issuer: str, audience: str,
                 static_jwks: dict[str, Any] | None = None,
                 revocations: Callable[[], Awaitable[dict[str, float]]] | None = None,
                 revocation_refresh_seconds: float = 30.0) -> None:
        self.jwks_url = jwks_url
        # Disabled accounts (account id -> disabled at, epoch seconds): their tokens issued before that moment are
        # refused, cached ones included, at most ``revocation_refresh_seconds`` after the account was disabled.
        self.revocations = revocations
        self.revocation_refresh_seconds = revocation_refresh_seconds
        self._revoked: dict[str, float] = {}
        self._revoked_at = -1e18
        self._revoked_lock = asyncio.Lock()
        self.issuer = issuer
        self.audience = audience
        self._keys: dict[str, Any] = {}
        self._verified: dict[str, tuple[Principal, float]] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()
        if static_jwks:
            self._load(static_jwks)

    def _load(self, jwks: dict[str, Any]) -> None:
        self._keys = {k["kid"]: RSAAlgorithm.from_jwk(k) for k in jwks.get("keys", []) if k.get("kty") == "RSA"}

    async def _refresh(self) -> None:
        if self.jwks_url is None:
            return
        async with self._lock:
            if time.monotonic() - self._fetched_at < 5:  # do not hammer the issuer on bad tokens
                return
            try:
                async with httpx.AsyncClient(timeout=5) as client:
                    resp = await client.get(self.jwks_url)
                    resp.raise_for_status()
                    self._load(resp.json())
            finally:
                self._fetched_at = time.monotonic()

    async def verify(self, token: str) -> Principal:
        hit = self._verified.get(token)
        if hit is not None and hit[1] <= time.time():
            del self._verified[token]
            hit = None
        if hit is not None:
            principal = hit[0]
        else:
            principal = await self._verify(token)
            if len(self._verified) >= self.CACHE_SIZE:
                self._verified.clear()
            self._verified[token] = (principal, float(principal.claims["exp"]))
        await self._refuse_revoked(principal)
        return principal

    async def _refuse_revoked(self, principal: Principal) -> None:
        if self.revocations is None:
            return
        if time.monotonic() - self._revoked_at >= self.revocation_refresh_seconds:
            async with self._revoked_lock:
                if time.monotonic() - self._revoked_at >= self.revocation_refresh_seconds:
                    try:
                        self._revoked = await self.revocations()
                    except Exception:  # noqa: BLE001 - the issuer unreachable: keep the list we have
                        pass
                    self._revoked_at = time.monotonic()
        if not self._revoked or principal.account_id is None:
            return
        disabled = self._revoked.get(principal.account_id)
        if disabled is not None and float(principal.claims.get("iat", 0)) <= disabled:
            raise TokenRevoked()

    async def _verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthenticated("Token tidak dapat dibaca.", "The token is malformed.") from None
        kid = str(header.get("kid"))
        if header.get("alg") != "RS256":
            raise Unauthenticated("Algoritma token tidak diterima.", "Token algorithm not accepted.")
        key = self._keys.get(kid)
        if key is None:
            try:
                await self._refresh()
            except httpx.HTTPError:
                pass
            key = self._keys.get(kid)
        if key is None:
            raise Unauthenticated("Token ditandatangani oleh kunci yang tidak dikenal.",
                                  "The token is signed by an unknown key.")
        try:
            claims = jwt.decode(token, key=key, algorithms=["RS256"], audience=self.audience, issuer=self.issuer,
                                options={"require": ["exp", "iat", "sub", "iss", "aud"]})
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("Token kedaluwarsa; minta token baru.", "The token has expired; get a new one.") \
                from None
        except jwt.PyJWTError as exc:
            raise Unauthenticated("Token tidak valid.", f"The token is invalid: {exc}.") from None
        return principal_from_claims(claims)


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    # Merit puts roles in `roles`; Keycloak-style providers put them in realm_access.roles.
    roles = claims.get("roles") or (claims.get("realm_access") or {}).get("roles") or []
    if isinstance(roles, str):
        roles = roles.split()
    return Principal(
        subject=str(claims["sub"]),
        roles=frozenset(str(r) for r in roles),
        agency_id=claims.get("agency_id"),
        unit_id=claims.get("unit_id"),
        employee_id=claims.get("employee_id"),
        nip=claims.get("nip"),
        name=claims.get("name"),
        account_id=str(claims["account_id"]) if claims.get("account_id") else None,
        claims=claims,
    )


oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False,
                                     description="Token from the gateway (password or client-credentials grant).")


async def current_principal(request: Request, token: str | None = Depends(oauth2_scheme)) -> Principal:
    if not token:
        raise Unauthenticated("Rute ini memerlukan login: kirim header Authorization: Bearer <token>.",
                              "This route requires login: send Authorization: Bearer <token>.")
    verifier: TokenVerifier = request.app.state.verifier
    principal = await verifier.verify(token)
    clock.use_agency(principal.agency_id)  # this request's "today" is the caller's agency's day
    return principal


def require_roles(*roles: str) -> Any:
    """Dependency: the caller must hold one of ``roles`` (the service role always passes)."""

    async def dep(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.has(*roles) or principal.is_service:
            return principal
        raise Forbidden(
            f"Peran Anda tidak cukup; diperlukan salah satu: {', '.join(roles)}.",
            f"Your role is not sufficient; one of these is required: {', '.join(roles)}.",
        )

    return Depends(dep)

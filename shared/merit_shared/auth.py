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
from merit_shared.error_codes import (
    FORBIDDEN_THIS_RECORD_BELONGS_ANOTHER,
    FORBIDDEN_YOUR_ROLE_NOT_SUFFICIENT,
    READ_ONLY_ROLE,
    UNAUTHENTICATED,
    UNAUTHENTICATED_ONLY_ACCESS_TOKENS_ARE,
    UNAUTHENTICATED_THE_TOKEN_HAS_EXPIRED,
    UNAUTHENTICATED_THE_TOKEN_INVALID,
    UNAUTHENTICATED_THE_TOKEN_ISSUER_NOT,
    UNAUTHENTICATED_THE_TOKEN_MALFORMED,
    UNAUTHENTICATED_THE_TOKEN_SIGNED_UNKNOWN,
    UNAUTHENTICATED_THIS_REFRESH_TOKEN_SEND,
    UNAUTHENTICATED_THIS_ROUTE_REQUIRES_LOGIN,
)
from merit_shared.errors import DomainError
from merit_shared.observability import SCOPE_CALLER
from merit_shared.scopes import check_scope, parse_scopes
from merit_shared.settings import Settings


class Role(StrEnum):
    AGENCY_ADMIN = "agency_admin"  # BKPSDM: everything in the agency
    UNIT_ADMIN = "unit_admin"  # their unit subtree
    SUPERVISOR = "supervisor"  # reads subordinates
    EMPLOYEE = "employee"  # their own records
    PANEL_MEMBER = "panel_member"  # selection committee
    PPK = "ppk"  # Pejabat Pembina Kepegawaian: decides
    REVIEW_TEAM = "review_team"  # tim penilai kinerja: reviews personnel actions before the PPK decides
    AUDITOR = "auditor"  # the agency's Inspektorat (APIP, PP 60/2008): reads the audit trails, never writes
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
    # OAuth2 scopes of a machine client's token (the ``scope`` claim): what it may call (merit_shared.scopes).
    scopes: frozenset[str] = frozenset()
    claims: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def has(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def is_service(self) -> bool:
        return Role.SERVICE in self.roles

    @property
    def is_machine_client(self) -> bool:
        """Another government system: every request is checked against its scopes (merit_shared.scopes)."""
        return Role.MACHINE_CLIENT in self.roles and not self.is_service

    @property
    def is_read_only(self) -> bool:
        """An auditor's token: it may read (GET/HEAD) and nothing else, whatever route it calls."""
        return Role.AUDITOR in self.roles and not self.is_service

    def require_agency(self, agency_id: object) -> None:
        """Object-level tenancy: a person only ever touches their own agency's records."""
        if self.is_service:
            return
        if self.agency_id is None or str(agency_id) != self.agency_id:
            raise FORBIDDEN_THIS_RECORD_BELONGS_ANOTHER.error()


@dataclass
class TrustedIssuer:
    """One issuer whose tokens are accepted: its ``iss``, the audience it must name and where its keys are."""

    issuer: str
    audience: str
    jwks_url: str | None = None
    static_jwks: dict[str, Any] | None = None
    keys: dict[str, Any] = field(default_factory=dict)
    fetched_at: float = -1e18
    missed_at: float = -1e18  # the last refetch caused by an unknown key id (at most every 5 s: bad tokens)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def load(self, jwks: dict[str, Any]) -> bool:
        """Replace the key set; True when it changed (a key was added or retired)."""
        keys = {k["kid"]: RSAAlgorithm.from_jwk(k) for k in jwks.get("keys", []) if k.get("kty") == "RSA"}
        changed = set(keys) != set(self.keys)
        self.keys = keys
        return changed


#: Token types accepted in the JWT header: RFC 9068 access tokens; "JWT" or none only when untyped tokens are
#: allowed (Keycloak's access tokens say "JWT" and carry the claim ``typ: Bearer``).
ACCESS_TOKEN_TYPES = ("at+jwt", "application/at+jwt")
UNTYPED = (None, "JWT", "jwt")


class TokenVerifier:
    """Verifies RS256 access tokens of the trusted issuers: the primary one (the gateway, by default) and any
    external OpenID Connect provider. The issuer is picked by the token's ``iss``, then its key by ``kid``.

    Keys are fetched from each issuer's JWKS, again on an unknown key id (at most every 5 s) and every
    ``jwks_refresh_seconds`` in any case, so a key the issuer retired stops being trusted; when a key set
    changes, every remembered verification is forgotten.

    A verified token is remembered until it expires: clients reuse a token for many requests, and an RSA
    verification (~130 microseconds) would otherwise be paid on every hop of every request. Only the exact
    token string that passed verification hits the cache, and its expiry is checked on every hit.
    """

    CACHE_SIZE = 10_000

    def __init__(self, jwks_url: str | None, issuer: str, audience: str,
                 static_jwks: dict[str, Any] | None = None,
                 revocations: Callable[[], Awaitable[dict[str, float]]] | None = None,
                 revocation_refresh_seconds: float = 30.0, *, extra_issuers: list[TrustedIssuer] | None = None,
                 jwks_refresh_seconds: float = 300.0, accept_untyped: bool = True) -> None:
        # Disabled accounts (account id -> disabled at, epoch seconds): their tokens issued before that moment are
        # refused, cached ones included, at most ``revocation_refresh_seconds`` after the account was disabled.
        self.revocations = revocations
        self.revocation_refresh_seconds = revocation_refresh_seconds
        self._revoked: dict[str, float] = {}
        self._revoked_at = -1e18
        self._revoked_lock = asyncio.Lock()
        self.issuer = issuer
        self.audience = audience
        self.jwks_refresh_seconds = jwks_refresh_seconds
        self.accept_untyped = accept_untyped
        self.issuers: dict[str, TrustedIssuer] = {}
        for trusted in [TrustedIssuer(issuer, audience, jwks_url, static_jwks), *(extra_issuers or [])]:
            if trusted.static_jwks:
                trusted.load(trusted.static_jwks)
            self.issuers.setdefault(trusted.issuer, trusted)
        self._verified: dict[str, tuple[Principal, float]] = {}

    async def _refresh(self, trusted: TrustedIssuer, min_interval: float) -> None:
        if trusted.jwks_url is None:
            return
        async with trusted.lock:
            if time.monotonic() - trusted.fetched_at < min_interval:  # someone just did, or do not hammer it
                return
            try:
                async with httpx.AsyncClient(timeout=5) as client:
                    resp = await client.get(trusted.jwks_url)
                    resp.raise_for_status()
                    if trusted.load(resp.json()):
                        self._verified.clear()
            finally:
                trusted.fetched_at = time.monotonic()

    async def verify(self, token: str) -> Principal:
        hit = self._verified.get(token)
        if hit is not None and hit[1] <= time.time():
            del self._verified[token]
            hit = None
        for trusted in self.issuers.values():  # the periodic refresh: a retired key stops being trusted
            if trusted.jwks_url and time.monotonic() - trusted.fetched_at >= self.jwks_refresh_seconds:
                try:
                    await self._refresh(trusted, self.jwks_refresh_seconds)
                except (httpx.HTTPError, ValueError, KeyError):
                    pass  # the issuer unreachable: keep the keys we have until the next try
                hit = self._verified.get(token)
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
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise UNAUTHENTICATED_THE_TOKEN_MALFORMED.error() from None
        if header.get("alg") != "RS256":
            raise UNAUTHENTICATED.error()
        typ = header.get("typ")
        if typ not in ACCESS_TOKEN_TYPES and not (self.accept_untyped and typ in UNTYPED):
            raise UNAUTHENTICATED_ONLY_ACCESS_TOKENS_ARE.error()
        if str(unverified.get("typ", "")).lower() in ("id", "refresh", "logout") or "nonce" in unverified:
            raise UNAUTHENTICATED_THIS_REFRESH_TOKEN_SEND.error()
        trusted = self.issuers.get(str(unverified.get("iss")))
        if trusted is None:
            raise UNAUTHENTICATED_THE_TOKEN_ISSUER_NOT.error()
        kid = str(header.get("kid"))
        key = trusted.keys.get(kid)
        if key is None and time.monotonic() - trusted.missed_at >= 5:
            trusted.missed_at = time.monotonic()
            try:
                await self._refresh(trusted, 0)
            except (httpx.HTTPError, ValueError, KeyError):
                pass
            key = trusted.keys.get(kid)
        if key is None:
            raise UNAUTHENTICATED_THE_TOKEN_SIGNED_UNKNOWN.error()
        try:
            claims = jwt.decode(token, key=key, algorithms=["RS256"], audience=trusted.audience,
                                issuer=trusted.issuer, options={"require": ["exp", "iat", "sub", "iss", "aud"]})
        except jwt.ExpiredSignatureError:
            raise UNAUTHENTICATED_THE_TOKEN_HAS_EXPIRED.error() \
                from None
        except jwt.PyJWTError as exc:
            raise UNAUTHENTICATED_THE_TOKEN_INVALID.error(exc=exc) from None
        return principal_from_claims(claims)


def external_issuers(settings: Settings) -> list[TrustedIssuer]:
    """The external OpenID Connect provider of ``settings`` (OIDC_ISSUER + OIDC_JWKS_URL), if one is set."""
    if not (settings.oidc_issuer and settings.oidc_jwks_url):
        return []
    return [TrustedIssuer(settings.oidc_issuer, settings.oidc_audience or settings.jwt_audience,
                          settings.oidc_jwks_url)]


def verifier_options(settings: Settings) -> dict[str, Any]:
    """The TokenVerifier keywords every process (gateway and services) builds from the same settings."""
    return {"extra_issuers": external_issuers(settings), "jwks_refresh_seconds": settings.jwks_refresh_seconds,
            "accept_untyped": settings.accept_untyped_tokens}


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
        scopes=parse_scopes(claims.get("scope", claims.get("scp"))),
        claims=claims,
    )


#: What a read-only token (the auditor's) may send.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False,
                                     description="Token from the gateway (password or client-credentials grant).")


async def current_principal(request: Request, token: str | None = Depends(oauth2_scheme)) -> Principal:
    if not token:
        raise UNAUTHENTICATED_THIS_ROUTE_REQUIRES_LOGIN.error()
    verifier: TokenVerifier = request.app.state.verifier
    principal = await verifier.verify(token)
    request.scope[SCOPE_CALLER] = principal.subject  # the access log names who called
    if principal.is_machine_client:  # the one place a machine client's scopes are enforced, for every route
        check_scope(getattr(request.app.state, "service_name", ""), request.method, request.url.path,
                    principal.scopes)
    if principal.is_read_only and request.method not in SAFE_METHODS:
        # The one place the auditor's read-only duty is enforced, for every route of every process: the
        # inspectorate examines the records and must never be able to change one (independence of the APIP).
        raise READ_ONLY_ROLE.error(method=request.method)
    clock.use_agency(principal.agency_id)  # this request's "today" is the caller's agency's day
    return principal


def require_roles(*roles: str) -> Any:
    """Dependency: the caller must hold one of ``roles`` (the service role always passes)."""

    async def dep(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.has(*roles) or principal.is_service:
            return principal
        raise FORBIDDEN_YOUR_ROLE_NOT_SUFFICIENT.error(join_roles=', '.join(roles))

    return Depends(dep)

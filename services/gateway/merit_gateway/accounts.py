"""Token issuance (OAuth2 password and client-credentials grants), JWKS, and account management."""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import APIRouter, Depends, Form, Header, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError

from merit_gateway.common.errors import (
    AUDITOR_ROLE_EXCLUSIVE,
    CANNOT_DISABLE_SELF,
    CANNOT_RESET_SELF,
    FORBIDDEN_YOU_CAN_ONLY_CREATE,
    LINK_NOT_IN_AGENCY,
    NIP_MISMATCH,
    NIP_WITHOUT_EMPLOYEE,
    PASSWORD_UNCHANGED,
    ROLE_NOT_FOR_PEOPLE,
    UPSTREAM_UNAVAILABLE,
    USERNAME_TAKEN,
)
from merit_gateway.models import Client, User
from merit_gateway.notifications.schemas import EMAIL_PATTERN, Language
from merit_gateway.passwords import check_password
from merit_gateway.throttle import Throttle
from merit_shared import clock
from merit_shared.api import Page, PageParams, Sort, StrictModel, apply_sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal, Role, current_principal, require_roles
from merit_shared.error_codes import FORBIDDEN_YOUR_TOKEN_NOT_BOUND
from merit_shared.errors import DomainError, NotFound
from merit_shared.http import UpstreamUnavailable
from merit_shared.problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE, problem_responses, title_for

router = APIRouter()
SYSTEM = Principal(subject="gateway", roles=frozenset({Role.SERVICE.value}))  # the gateway acting on its own
hasher = PasswordHasher()
# The services' own machine clients; svc-gateway is the gateway's (it loads the demo data in development).
SERVICE_CLIENTS = ("svc-gateway", "svc-positions", "svc-evaluation", "svc-recruitment")
_DUMMY_HASH = hasher.hash("timing-equaliser")


def problem_example(code: str, status: int, detail: str, instance: str, **extra: Any) -> dict[str, Any]:
    return {"type": PROBLEM_TYPE_BASE + code, "title": title_for(status, "id"), "status": status, "detail": detail,
            "code": code, "instance": instance, "request_id": "5f0c9a6e2b7d4c1e", **extra}


def problems_with_examples(examples: dict[int, dict[str, Any]], *statuses: int) -> dict[int | str, dict[str, Any]]:
    """problem_responses() for ``statuses`` and ``examples``' statuses, with an example problem for the latter."""
    out = problem_responses(*sorted({*statuses, *examples}))
    for status, example in examples.items():
        out[status]["content"] = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"},
                                                       "example": example}}
        if status == 429:
            out[status]["headers"] = {"Retry-After": {"description": "Seconds until the lock ends.",
                                                      "schema": {"type": "integer"}}}
    return out


TOO_MANY = problem_example(
    "too_many_attempts", 429, "Terlalu banyak percobaan masuk yang gagal dari akun ini; coba lagi dalam 12 menit (kata "
    "sandi yang benar pun ditolak sampai saat itu).", "/api/v1/auth/token", retry_after=712)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")
    scope: str = Field("", description="The roles granted, space separated.")


class InvalidGrant(DomainError):
    def __init__(self, code: str, msg_id: str, msg_en: str, status: int = 400) -> None:
        # `error` keeps OAuth2 clients (RFC 6749 section 5.2) working alongside the problem document.
        super().__init__(code=code, message_id=msg_id, message_en=msg_en, status=status,
                         extra={"error": code, "error_description": msg_en})


def verify_secret(hash_: str | None, secret: str) -> bool:
    try:
        return hasher.verify(hash_ or _DUMMY_HASH, secret) and hash_ is not None
    except (VerificationError, InvalidHashError):
        return False


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    if not authorization or not authorization.lower().startswith("basic "):
        return None
    try:
        raw = base64.b64decode(authorization[6:]).decode()
        cid, _, secret = raw.partition(":")
        return cid, secret
    except (ValueError, UnicodeDecodeError):
        return None


def _client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


async def authenticate(request: Request, session: Any, username: str, password: str) -> User:
    """The active user with this username and password, throttled: a locked username or address answers 429
    before the password is even looked at; a failure is counted, a success clears the username's count."""
    throttle: Throttle = request.app.state.throttle
    db = request.app.state.db.sessionmaker
    address = _client_address(request)
    await throttle.check(db, username, address)
    user = (await session.execute(sa.select(User).where(User.username == username))).scalar_one_or_none()
    ok = verify_secret(user.password_hash if user else None, password)
    if not user or not ok or not user.active:
        await throttle.failed(db, username, address)
        raise InvalidGrant("invalid_grant", "Nama pengguna atau kata sandi salah.",
                           "Wrong username or password.")  # 400, as RFC 6749 section 5.2 says
    await throttle.succeeded(db, username)
    return user


CHANGE_ROUTE = "/api/v1/auth/password"


class PasswordChangeRequired(DomainError):
    def __init__(self) -> None:
        super().__init__(
            code="password_change_required", status=403,
            message_id=f"Kata sandi akun ini telah direset oleh admin dan harus diganti sebelum masuk: kirim username, "
                       f"current_password (kata sandi sementara) dan new_password ke POST {CHANGE_ROUTE}.",
            message_en=f"This account's password was reset by an admin and must be changed before logging in: send "
                       f"username, current_password (the temporary password) and new_password to POST {CHANGE_ROUTE}.",
            extra={"error": "password_change_required", "change_password_route": f"POST {CHANGE_ROUTE}"})


CHANGE_REQUIRED = problem_example(
    "password_change_required", 403, "Kata sandi akun ini telah direset oleh admin dan harus diganti sebelum masuk: "
    f"kirim username, current_password (kata sandi sementara) dan new_password ke POST {CHANGE_ROUTE}.",
    "/api/v1/auth/token", error="password_change_required", change_password_route=f"POST {CHANGE_ROUTE}")


@router.post("/api/v1/auth/token", response_model=TokenResponse, tags=["auth"],
             summary="Get an access token (OAuth2 password or client-credentials grant)",
             description="People use `grant_type=password` with username and password; machine clients (other "
                         "government systems) use `grant_type=client_credentials` with client_id and "
                         "client_secret (in the form or HTTP Basic). Demo logins exist only in development.\n\n"
                         "An agency's machine client (registered at `POST /api/v1/clients`) gets role "
                         "`machine_client` and a `scope` claim with its scopes (or the subset asked for in `scope`; "
                         "a scope it does not hold answers 400 `invalid_scope`). A revoked client, or an old secret "
                         "after `rotate-secret`, answers 401 `invalid_client`.\n\n"
                         "Failed password logins are throttled: `LOGIN_MAX_FAILURES` (default 5) failures for one "
                         "username, or `LOGIN_MAX_FAILURES_PER_ADDRESS` (default 100) from one client address, "
                         "within `LOGIN_FAILURE_WINDOW_SECONDS` (default 900) lock it until that window ends: 429 "
                         "`too_many_attempts` with `Retry-After` (seconds), even for the right password. A successful "
                         "login clears the username's count.\n\n"
                         "An account whose password an agency admin reset answers 403 `password_change_required` "
                         f"(for the right temporary password) until its owner sets a new one with `POST {CHANGE_ROUTE}`.",
             responses=problems_with_examples({403: CHANGE_REQUIRED, 429: TOO_MANY}, 400, 401, 422))
async def token(
    request: Request,
    session: Session,
    grant_type: Annotated[str, Form(examples=["password"])],
    username: Annotated[str | None, Form(examples=["admin.bkpsdm"])] = None,
    password: Annotated[str | None, Form(examples=["merit-demo"])] = None,
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
    scope: Annotated[str | None, Form()] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> TokenResponse:
    settings = request.app.state.settings
    key = request.app.state.signing_key
    if grant_type == "password":
        if not username or not password:
            raise InvalidGrant("invalid_request", "username dan password wajib diisi.",
                               "username and password are required.")
        user = await authenticate(request, session, username, password)
        if user.must_change_password:
            raise PasswordChangeRequired()
        claims: dict[str, Any] = {"roles": user.roles, "name": user.name,
                                  "agency_id": str(user.agency_id) if user.agency_id else None,
                                  "unit_id": str(user.unit_id) if user.unit_id else None,
                                  "employee_id": str(user.employee_id) if user.employee_id else None,
                                  "nip": user.nip, "account_id": str(user.id)}
        tok, ttl = key.sign(settings, user.username, claims)
        return TokenResponse(access_token=tok, expires_in=ttl, scope=" ".join(user.roles))
    if grant_type == "client_credentials":
        basic = _basic_credentials(authorization)
        if basic:
            client_id, client_secret = basic
        if not client_id or not client_secret:
            raise InvalidGrant("invalid_request", "client_id dan client_secret wajib diisi.",
                               "client_id and client_secret are required.")
        client = (await session.execute(sa.select(Client).where(Client.client_id == client_id))).scalar_one_or_none()
        ok = verify_secret(client.secret_hash if client else None, client_secret)
        if not client or not ok or not client.active:
            raise InvalidGrant("invalid_client", "Kredensial klien salah.", "Wrong client credentials.", status=401)
        claims = {"roles": client.roles, "name": client.name, "client": True, "account_id": str(client.id),
                  "agency_id": str(client.agency_id) if client.agency_id else None}
        granted = " ".join(client.roles)
        if Role.MACHINE_CLIENT in client.roles and Role.SERVICE not in client.roles:
            granted = " ".join(granted_scopes(client, scope))
            claims["scope"] = granted  # RFC 9068 section 2.2.3: what the token allows (merit_shared.scopes)
        tok, ttl = key.sign(settings, client.client_id, claims)
        return TokenResponse(access_token=tok, expires_in=ttl, scope=granted)
    raise InvalidGrant("unsupported_grant_type", "grant_type harus password atau client_credentials.",
                       "grant_type must be password or client_credentials.")


def granted_scopes(client: Client, requested: str | None) -> list[str]:
    """A machine client's scopes, or the subset it asked for (``scope``, RFC 6749 section 3.3); asking for a scope
    the client was not given answers 400 ``invalid_scope``."""
    held = sorted(client.scopes or [])
    if not requested or not requested.split():
        return held
    asked = sorted(set(requested.split()))
    missing = [s for s in asked if s not in held]
    if missing:
        raise InvalidGrant("invalid_scope", f"Klien ini tidak memiliki scope {', '.join(missing)}.",
                           f"This client does not hold the scope {', '.join(missing)}.")
    return asked


@router.get("/.well-known/jwks.json", tags=["auth"], summary="Public keys that verify Merit tokens (JWKS)")
async def jwks(request: Request) -> dict[str, Any]:
    return request.app.state.signing_key.jwks()


@router.get("/.well-known/openid-configuration", tags=["auth"], summary="Issuer metadata")
async def openid_configuration(request: Request) -> dict[str, Any]:
    s = request.app.state.settings
    base = s.gateway_url.rstrip("/")
    return {"issuer": s.jwt_issuer, "jwks_uri": f"{base}/.well-known/jwks.json",
            "token_endpoint": f"{base}/api/v1/auth/token",
            "grant_types_supported": ["password", "client_credentials"],
            "id_token_signing_alg_values_supported": ["RS256"]}


class Me(BaseModel):
    subject: str
    name: str | None
    roles: list[str]
    agency_id: str | None
    unit_id: str | None
    employee_id: str | None
    nip: str | None


@router.get("/api/v1/auth/me", response_model=Me, tags=["auth"], summary="Who the token belongs to",
            responses=problem_responses(401))
async def me(principal: Principal = Depends(current_principal)) -> Me:
    return Me(subject=principal.subject, name=principal.name, roles=sorted(principal.roles),
              agency_id=principal.agency_id, unit_id=principal.unit_id, employee_id=principal.employee_id,
              nip=principal.nip)


class UserIn(StrictModel):
    username: str = Field(min_length=3, max_length=100, pattern=r"^[a-z0-9._-]+$", examples=["operator.dinkes"])
    password: str = Field(max_length=200, description="At least 12 characters, not a common password, not "
                                                      "containing the username (422 `weak_password`).")
    name: str = Field(min_length=1, max_length=200)
    roles: list[Role] = Field(min_length=1)
    unit_id: uuid.UUID | None = None
    employee_id: uuid.UUID | None = None
    nip: str | None = Field(None, pattern=r"^\d{18}$")
    agency_id: uuid.UUID | None = Field(None, description="Only for platform operators (service role); an agency "
                                                          "admin always creates users in their own agency.")
    email: str | None = Field(None, max_length=254, pattern=EMAIL_PATTERN, description="Where notifications go "
                              "(the person may change it at `/api/v1/notification-settings`).",
                              examples=["operator.dinkes@example.go.id"])
    language: Language = Field(Language.ID, description="The language of the person's e-mails.")


class UserPatch(StrictModel):
    name: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = Field(None, max_length=254, pattern=EMAIL_PATTERN, description="`null` removes it.")
    language: Language | None = None


class UserOut(BaseModel):
    id: uuid.UUID
    username: str
    name: str
    roles: list[str]
    agency_id: uuid.UUID | None
    unit_id: uuid.UUID | None
    employee_id: uuid.UUID | None
    email: str | None = None
    language: str = "id"


@router.post("/api/v1/users", response_model=UserOut, status_code=201, tags=["auth"],
             summary="Create a login for a person of the caller's agency (agency admin)",
             description="`employee_id` and `unit_id` must be records of the account's agency in positions, and "
                         "`nip` the NIP of that employee (422 naming the field otherwise; an unknown id and another "
                         "agency's id get the same answer). 503 while positions cannot be reached.",
             responses=problem_responses(401, 403, 409, 422, 503))
async def create_user(body: UserIn, request: Request, session: Session,
                      principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> UserOut:
    if Role.SERVICE in body.roles or Role.MACHINE_CLIENT in body.roles:
        raise ROLE_NOT_FOR_PEOPLE.error(field="body.roles")
    if Role.AUDITOR in body.roles and len(set(body.roles)) > 1:
        # The inspectorate examines what the other roles did (APIP independence, PP 60/2008): never both at once.
        raise AUDITOR_ROLE_EXCLUSIVE.error(field="body.roles")
    if principal.is_service:
        agency_id = body.agency_id
    else:
        agency_id = uuid.UUID(principal.agency_id) if principal.agency_id else None
        if body.agency_id is not None and body.agency_id != agency_id:
            raise FORBIDDEN_YOU_CAN_ONLY_CREATE.error()
    check_password(body.password, body.username)
    nip = await check_links(request, agency_id, body)
    user = User(username=body.username, password_hash=hasher.hash(body.password), name=body.name,
                roles=[r.value for r in body.roles], agency_id=agency_id, unit_id=body.unit_id,
                employee_id=body.employee_id, nip=nip, email=body.email, language=body.language.value)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        raise USERNAME_TAKEN.error(username=body.username) from None
    return UserOut(id=user.id, username=user.username, name=user.name, roles=user.roles, agency_id=user.agency_id,
                   unit_id=user.unit_id, employee_id=user.employee_id, email=user.email, language=user.language)


def _not_in_agency(field: str, what_id: str, what_en: str) -> DomainError:
    return LINK_NOT_IN_AGENCY.error(field=f"body.{field}", field_name=field, what_en=what_en, what_id=what_id)


async def _positions_get(request: Request, path: str) -> dict[str, Any] | None:
    """GET from positions as the gateway's own service identity (the shared ServiceClient); None for 404."""
    try:
        resp = await request.app.state.positions.request("GET", path)
    except UpstreamUnavailable:
        resp = None
    if resp is not None and resp.status_code in (404, 422):
        return None
    if resp is None or resp.status_code != 200:
        raise UPSTREAM_UNAVAILABLE.error()
    return dict(resp.json())


async def check_links(request: Request, agency_id: uuid.UUID | None, body: UserIn) -> str | None:
    """An account's identity links (employee, unit, NIP) name records of the account's own agency only: a link to
    another agency's record would let this login act as that person there (committee seats, own applications).
    Returns the linked employee's NIP (the account's NIP is the record's, never a value typed beside it)."""
    if body.nip is not None and body.employee_id is None:
        raise NIP_WITHOUT_EMPLOYEE.error(field="body.nip")
    if agency_id is None and (body.employee_id or body.unit_id):
        raise _not_in_agency("employee_id" if body.employee_id else "unit_id", "Data", "The record")
    if body.employee_id is not None:
        emp = await _positions_get(request, f"/api/v1/employees/{body.employee_id}")
        if emp is None or str(emp.get("agency_id")) != str(agency_id):
            raise _not_in_agency("employee_id", "Pegawai", "The employee")
        nip = emp.get("nip")
        if body.nip is not None and body.nip != nip:
            raise NIP_MISMATCH.error(field="body.nip")
    if body.unit_id is not None:
        unit = await _positions_get(request, f"/api/v1/org-units/{body.unit_id}")
        if unit is None or str(unit.get("agency_id")) != str(agency_id):
            raise _not_in_agency("unit_id", "Unit organisasi", "The organisation unit")
    return nip if body.employee_id is not None else None


class AccountOut(UserOut):
    active: bool
    revoked_at: datetime | None = Field(description="When the account's tokens were last revoked (disabled, or its "
                                                    "password reset); tokens issued before then are refused.")
    must_change_password: bool = Field(False, description="The password was reset by an admin: no token until its "
                                                          f"owner sets a new one (`POST {CHANGE_ROUTE}`).")


def _account_out(u: User) -> AccountOut:
    return AccountOut(id=u.id, username=u.username, name=u.name, roles=u.roles, agency_id=u.agency_id,
                      unit_id=u.unit_id, employee_id=u.employee_id, email=u.email, language=u.language,
                      active=u.active, revoked_at=u.revoked_at, must_change_password=u.must_change_password)


def _agency_scope(principal: Principal) -> uuid.UUID | None:
    """None for the platform (service role): every agency; else the admin's own agency."""
    if principal.is_service:
        return None
    if not principal.agency_id:
        raise FORBIDDEN_YOUR_TOKEN_NOT_BOUND.error()
    return uuid.UUID(principal.agency_id)


USER_SORT = {"username": User.username, "name": User.name, "active": User.active}


@router.get("/api/v1/users", response_model=Page[AccountOut], tags=["auth"],
            summary="Accounts of the caller's agency (agency admin; the platform sees all)",
            responses=problem_responses(401, 403, 422))
async def list_users(session: Session, page: Annotated[PageParams, Depends(page_params)],
                     sort: Annotated[Sort, Depends(sort_param(USER_SORT, default="username"))],
                     active: bool | None = None,
                     username: Annotated[str | None, Query(max_length=100, description="Exactly this username (the "
                                                           "account a login `sub` names).")] = None,
                     principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> Page[AccountOut]:
    q = sa.select(User)
    agency = _agency_scope(principal)
    if agency is not None:
        q = q.where(User.agency_id == agency)
    if username is not None:
        q = q.where(User.username == username)
    if active is not None:
        q = q.where(User.active.is_(active))
    total = (await session.execute(sa.select(sa.func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, User.id).limit(page.limit).offset(page.offset))).scalars()
    return Page(items=[_account_out(u) for u in rows], total=total, limit=page.limit, offset=page.offset)


async def load_in_agency(session: Any, principal: Principal, q: Any, ident: uuid.UUID, what: str, what_en: str,
                         lock: bool = False) -> Any:
    """The one account (user or client) ``q`` selects, in the caller's agency (the platform: any), optionally
    locked and freshly read; 404 otherwise, so another agency's ids are not revealed."""
    if lock:
        q = q.with_for_update().execution_options(populate_existing=True)
    row = (await session.execute(q)).scalar_one_or_none()
    agency = _agency_scope(principal)
    if row is None or (agency is not None and row.agency_id != agency):
        raise NotFound(what, ident, what_en=what_en)
    return row


async def _account(session: Any, principal: Principal, user_id: uuid.UUID, lock: bool = False) -> User:
    user: User = await load_in_agency(session, principal, sa.select(User).where(User.id == user_id), user_id, "Akun",
                                      "Account", lock)
    return user


@router.get("/api/v1/users/{user_id}", response_model=AccountOut, tags=["auth"],
            summary="One account of the caller's agency (agency admin; the platform: any)",
            responses=problem_responses(401, 403, 404, 422))
async def read_user(user_id: uuid.UUID, session: Session,
                    principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> AccountOut:
    return _account_out(await _account(session, principal, user_id))


@router.patch("/api/v1/users/{user_id}", response_model=AccountOut, tags=["auth"],
              summary="Change a person's name, notification e-mail or language (agency admin)",
              description="Only the fields sent change; `email: null` removes the address (the person's "
                          "notifications are then kept as `no_address`). Another agency's account answers 404.",
              responses=problem_responses(401, 403, 404, 422))
async def patch_user(user_id: uuid.UUID, body: UserPatch, session: Session,
                     principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> AccountOut:
    user = await _account(session, principal, user_id, lock=True)
    sent = body.model_fields_set
    if "name" in sent and body.name is not None:
        user.name = body.name
    if "email" in sent:
        user.email = body.email
    if "language" in sent and body.language is not None:
        user.language = body.language.value
    await session.flush()
    return _account_out(user)


@router.post("/api/v1/users/{user_id}/disable", response_model=AccountOut, tags=["auth"],
             summary="Disable an account: no new login, and its tokens are refused within the refresh interval",
             description="The gateway refuses the account's tokens at once; every service within "
                         "`REVOCATION_REFRESH_SECONDS` (default 30); they answer 401 `token_revoked`. Idempotent. "
                         "Another agency's account answers 404; your own account 409 `cannot_disable_self` (an agency "
                         "must not lock out its admin by mistake: another admin, or the platform, disables it).",
             responses=problems_with_examples({409: problem_example(
                 "cannot_disable_self", 409, "Anda tidak dapat menonaktifkan akun Anda sendiri; minta admin lain "
                 "atau operator platform.", "/api/v1/users/3fa85f64-5717-4562-b3fc-2c963f66afa6/disable")},
                 401, 403, 404, 422))
async def disable_user(user_id: uuid.UUID, session: Session,
                       principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> AccountOut:
    user = await _account(session, principal, user_id, lock=True)
    if principal.account_id == str(user.id):
        raise CANNOT_DISABLE_SELF.error()
    if user.active:
        user.active = False
        user.revoked_at = clock.utcnow()
        await session.flush()
    return _account_out(user)


@router.post("/api/v1/users/{user_id}/enable", response_model=AccountOut, tags=["auth"],
             summary="Enable a disabled account (tokens issued before it was disabled stay refused)",
             responses=problem_responses(401, 403, 404, 422))
async def enable_user(user_id: uuid.UUID, session: Session,
                      principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> AccountOut:
    user = await _account(session, principal, user_id, lock=True)
    user.active = True  # revoked_at stays: tokens from before the disabling must never come back to life
    await session.flush()
    return _account_out(user)


def _temporary_password(username: str) -> str:
    """16 random URL-safe characters (96 bits), within the password policy."""
    while True:
        candidate = secrets.token_urlsafe(12)
        try:
            check_password(candidate, username)
        except DomainError:
            continue
        return candidate


class PasswordResetOut(AccountOut):
    temporary_password: str = Field(description="Shown this once and never stored in clear: hand it to the person, "
                                                "who must replace it before their next login.",
                                    examples=["q3Xv-8mZk_T1pLwA"])


@router.post("/api/v1/users/{user_id}/reset-password", response_model=PasswordResetOut, tags=["auth"],
             summary="Reset a person's password to a one-time temporary password (agency admin)",
             description="Answers a random temporary password, **shown only in this answer**. The account is marked "
                         "`must_change_password`: logging in with the temporary password answers 403 "
                         f"`password_change_required` until the person sets their own with `POST {CHANGE_ROUTE}`. "
                         "The account's existing tokens are revoked as when it is disabled (the gateway refuses them "
                         "at once; every service within `REVOCATION_REFRESH_SECONDS`), and a login lock of the "
                         "username (429) is lifted. A disabled account stays disabled. Another agency's account answers "
                         "404; your own account 409 `cannot_reset_self` (change it with your current password at "
                         f"`POST {CHANGE_ROUTE}`).",
             responses=problems_with_examples({409: problem_example(
                 "cannot_reset_self", 409, f"Anda tidak dapat mereset kata sandi akun Anda sendiri; gantilah dengan "
                 f"kata sandi Anda saat ini melalui POST {CHANGE_ROUTE}.",
                 "/api/v1/users/3fa85f64-5717-4562-b3fc-2c963f66afa6/reset-password")}, 401, 403, 404, 422))
async def reset_password(user_id: uuid.UUID, request: Request, session: Session,
                         principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> PasswordResetOut:
    user = await _account(session, principal, user_id, lock=True)
    if principal.account_id == str(user.id):
        raise CANNOT_RESET_SELF.error(change_route=CHANGE_ROUTE)
    temporary = _temporary_password(user.username)
    user.password_hash = hasher.hash(temporary)
    user.must_change_password = True
    user.revoked_at = clock.utcnow()  # the same revocation as disabling: earlier tokens are refused
    await session.flush()
    await request.app.state.throttle.succeeded(request.app.state.db.sessionmaker, user.username)
    return PasswordResetOut(**_account_out(user).model_dump(), temporary_password=temporary)


class PasswordChangeIn(StrictModel):
    username: str = Field(max_length=100, examples=["operator.dinkes"])
    current_password: str = Field(max_length=200, description="The current password, or the temporary one an admin "
                                                              "reset it to.", examples=["q3Xv-8mZk_T1pLwA"])
    new_password: str = Field(max_length=200, description="At least 12 characters, not a common password, not "
                                                          "containing the username (422 `weak_password`), and not the "
                                                          "current one (422 `password_unchanged`).",
                              examples=["kopi tubruk pagi hujan"])


class PasswordChangedOut(BaseModel):
    username: str = Field(examples=["operator.dinkes"])
    must_change_password: bool = Field(False, examples=[False])
    password_changed_at: datetime
    token_endpoint: str = Field("/api/v1/auth/token", description="Log in again there with the new password.")


@router.post(CHANGE_ROUTE, response_model=PasswordChangedOut, tags=["auth"],
             summary="Change your own password (also: set one after an admin's reset); no token needed",
             description="Send the username, the current password (after an admin's reset: the temporary password) and "
                         "the new password. No token is needed, so that an account with `must_change_password` can "
                         "use it; a logged-in person changes their password here too. Wrong username or current "
                         "password answers 400 `invalid_grant` and counts as a failed login (the same throttling as "
                         "`POST /api/v1/auth/token`: 429 `too_many_attempts` with `Retry-After`). A new password that "
                         "breaks the policy answers 422 `weak_password` naming `body.new_password`. Clears "
                         "`must_change_password`; then log in with the new password. Existing tokens stay valid (an "
                         "admin's reset or disabling revokes them).",
             responses=problems_with_examples({429: {**TOO_MANY, "instance": CHANGE_ROUTE}, 422: problem_example(
                 "weak_password", 422, "Kata sandi terlalu umum dan mudah ditebak; pilih kata sandi lain (misalnya "
                 "beberapa kata acak).", CHANGE_ROUTE, errors=[{"loc": ["body", "new_password"], "msg": "Kata sandi "
                 "terlalu umum dan mudah ditebak; pilih kata sandi lain (misalnya beberapa kata acak).",
                 "type": "weak_password"}])}, 400))
async def change_password(body: PasswordChangeIn, request: Request, session: Session) -> PasswordChangedOut:
    user = await authenticate(request, session, body.username, body.current_password)
    check_password(body.new_password, user.username, field="body.new_password")
    if body.new_password == body.current_password:
        raise PASSWORD_UNCHANGED.error(field="body.new_password")
    user = await _account(session, SYSTEM, user.id, lock=True)
    user.password_hash = hasher.hash(body.new_password)
    user.must_change_password = False
    user.password_changed_at = clock.utcnow()
    await session.flush()
    return PasswordChangedOut(username=user.username, password_changed_at=user.password_changed_at)


class Revocations(BaseModel):
    revoked: list[dict[str, Any]] = Field(examples=[[{"account_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                                                       "revoked_at": 1796000000.0}]])


async def revoked_accounts(session: Any, token_minutes: int) -> dict[str, float]:
    """Accounts disabled within a token lifetime (older tokens have expired anyway): id -> epoch seconds."""
    since = clock.utcnow() - timedelta(minutes=token_minutes + 5)
    out: dict[str, float] = {}
    for model in (User, Client):
        rows = await session.execute(sa.select(model.id, model.revoked_at).where(model.revoked_at >= since))
        out.update({str(i): at.timestamp() for i, at in rows})
    return out


@router.get("/api/v1/auth/revocations", response_model=Revocations, tags=["auth"],
            summary="Accounts disabled within a token lifetime (Merit services only)",
            description="Services refresh this list and refuse tokens of these accounts issued before `revoked_at` "
                        "(epoch seconds).", responses=problem_responses(401, 403))
async def revocations(request: Request, session: Session,
                      principal: Principal = require_roles(Role.SERVICE)) -> Revocations:
    found = await revoked_accounts(session, request.app.state.settings.access_token_minutes)
    return Revocations(revoked=[{"account_id": k, "revoked_at": v} for k, v in found.items()])


async def ensure_service_clients(session: Any, secret: str) -> None:
    """The services' own machine credentials, kept in step with SERVICE_CLIENT_SECRET."""
    for cid in SERVICE_CLIENTS:
        existing = (await session.execute(sa.select(Client).where(Client.client_id == cid))).scalar_one_or_none()
        if existing is None:
            session.add(Client(client_id=cid, secret_hash=hasher.hash(secret), name=cid, roles=[Role.SERVICE.value]))
        elif not verify_secret(existing.secret_hash, secret):
            existing.secret_hash = hasher.hash(secret)

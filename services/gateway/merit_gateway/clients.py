"""An agency's machine clients: other government systems that call Merit over REST (client-credentials grant).

The agency admin registers a client with some scopes (``merit_shared.scopes.Scope``); the secret is shown once
and only its argon2 hash is kept, as for every account. Its tokens carry role ``machine_client``, the agency, the
account id and a ``scope`` claim; every process checks the scope of each request (``merit_shared.auth``).
The platform's own ``service`` clients (svc-positions ...) are never listed here nor made here.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from merit_gateway.accounts import _agency_scope, hasher, load_in_agency, problem_example, problems_with_examples
from merit_gateway.common.errors import CLIENT_REVOKED_2, FORBIDDEN_YOU_CAN_ONLY_REGISTER
from merit_gateway.models import Client
from merit_shared import clock
from merit_shared.api import Page, PageParams, Sort, StrictModel, apply_sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal, Role, require_roles
from merit_shared.error_codes import AGENCY_ID_REQUIRED
from merit_shared.problems import problem_responses
from merit_shared.scopes import SCOPE_DESCRIPTIONS, Scope

router = APIRouter(prefix="/api/v1/clients", tags=["auth"])
SCOPES_DOC = "; ".join(f"`{s.value}`: {d}" for s, d in SCOPE_DESCRIPTIONS.items())


class ClientIn(StrictModel):
    name: str = Field(min_length=1, max_length=200, examples=["e-Kinerja Kota Tangerang Selatan"])
    scopes: list[Scope] = Field(min_length=1, max_length=len(Scope), description=f"What the client may call. "
                                f"{SCOPES_DOC}", examples=[["registry:read"]])
    agency_id: uuid.UUID | None = Field(None, description="Only for platform operators (service role); an agency "
                                                          "admin always registers clients of their own agency.")


class ClientOut(BaseModel):
    id: uuid.UUID = Field(description="The account id (`account_id` in the client's tokens); use it in these routes.")
    client_id: str = Field(examples=["mc-3f9a2c41d7e08b65"])
    name: str
    agency_id: uuid.UUID
    scopes: list[str] = Field(examples=[["registry:read"]])
    active: bool = Field(description="False once revoked: no new token, and earlier tokens are refused.")
    revoked_at: datetime | None = Field(None, description="When its tokens were last revoked (revocation, or a "
                                                          "secret rotation); tokens issued before then are refused.")
    secret_rotated_at: datetime | None = None
    created_at: datetime


class ClientSecretOut(ClientOut):
    client_secret: str = Field(description="Shown in this answer only and never stored in clear; keep it in the "
                                           "other system's secret store.", examples=["Gq0x...43 characters"])
    token_endpoint: str = Field("/api/v1/auth/token", description="POST grant_type=client_credentials with "
                                                                  "client_id and client_secret there.")


def _out(c: Client) -> ClientOut:
    assert c.agency_id is not None
    return ClientOut(id=c.id, client_id=c.client_id, name=c.name, agency_id=c.agency_id, scopes=list(c.scopes or []),
                     active=c.active, revoked_at=c.revoked_at, secret_rotated_at=c.secret_rotated_at,
                     created_at=c.created_at)


def _machine_clients() -> Any:
    """Agencies' machine clients only: the platform's service clients are never shown nor changed here."""
    return sa.select(Client).where(Client.roles.contains([Role.MACHINE_CLIENT.value]),
                                   sa.not_(Client.roles.contains([Role.SERVICE.value])),
                                   Client.agency_id.is_not(None))


async def _client(session: Any, principal: Principal, client_id: uuid.UUID, lock: bool = False) -> Client:
    client: Client = await load_in_agency(session, principal, _machine_clients().where(Client.id == client_id),
                                          client_id, "Klien mesin", "Machine client", lock)
    return client


def _new_secret() -> tuple[str, str]:
    secret = secrets.token_urlsafe(32)  # 256 bits
    return secret, hasher.hash(secret)


@router.post("", response_model=ClientSecretOut, status_code=201,
             summary="Register a machine client of the caller's agency (agency admin); its secret is shown once",
             description="Another government system of the agency calls Merit with the client-credentials grant. "
                         "The answer carries `client_id` and `client_secret`: **the secret is shown only here** "
                         "(only a hash is stored); `POST /api/v1/clients/{id}/rotate-secret` issues a new one. "
                         "Its tokens have role `machine_client`, the agency and a `scope` claim; each request is "
                         "checked against the scope it needs (403 `insufficient_scope` otherwise). Scopes: "
                         f"{SCOPES_DOC}",
             responses=problem_responses(401, 403, 422))
async def create_client(body: ClientIn, session: Session,
                        principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> ClientSecretOut:
    if principal.is_service:
        if body.agency_id is None:
            raise AGENCY_ID_REQUIRED.error(field="body.agency_id")
        agency_id = body.agency_id
    else:
        own = _agency_scope(principal)
        assert own is not None
        agency_id = own
        if body.agency_id is not None and body.agency_id != agency_id:
            raise FORBIDDEN_YOU_CAN_ONLY_REGISTER.error()
    secret, hash_ = _new_secret()
    client = Client(client_id=f"mc-{secrets.token_hex(8)}", secret_hash=hash_, name=body.name,
                    roles=[Role.MACHINE_CLIENT.value], agency_id=agency_id,
                    scopes=sorted({s.value for s in body.scopes}),
                    created_by=uuid.UUID(principal.account_id) if principal.account_id else None)
    session.add(client)
    await session.flush()
    await session.refresh(client)
    return ClientSecretOut(**_out(client).model_dump(), client_secret=secret)


CLIENT_SORT = {"created_at": Client.created_at, "client_id": Client.client_id, "name": Client.name}


@router.get("", response_model=Page[ClientOut],
            summary="Machine clients of the caller's agency (agency admin; no secrets)",
            responses=problem_responses(401, 403, 422))
async def list_clients(session: Session, page: Annotated[PageParams, Depends(page_params)],
                       sort: Annotated[Sort, Depends(sort_param(CLIENT_SORT, default="created_at"))],
                       active: bool | None = None,
                       principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> Page[ClientOut]:
    q = _machine_clients()
    agency = _agency_scope(principal)
    if agency is not None:
        q = q.where(Client.agency_id == agency)
    if active is not None:
        q = q.where(Client.active.is_(active))
    total = (await session.execute(sa.select(sa.func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, Client.id).limit(page.limit).offset(page.offset))).scalars()
    return Page(items=[_out(c) for c in rows], total=total, limit=page.limit, offset=page.offset)


@router.get("/{client_id}", response_model=ClientOut,
            summary="One machine client of the caller's agency (agency admin; no secret)",
            description="Another agency's client, or a platform service client, answers 404.",
            responses=problem_responses(401, 403, 404, 422))
async def read_client(client_id: uuid.UUID, session: Session,
                      principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> ClientOut:
    return _out(await _client(session, principal, client_id))


CLIENT_REVOKED = problem_example("client_revoked", 409, "Klien mesin ini telah dicabut; daftarkan klien baru.",
                                 "/api/v1/clients/3fa85f64-5717-4562-b3fc-2c963f66afa6/rotate-secret")


@router.post("/{client_id}/rotate-secret", response_model=ClientSecretOut,
             summary="Issue a new secret (shown once); the old one stops working at once",
             description="The old secret answers 401 `invalid_client` at `POST /api/v1/auth/token` from now on, and "
                         "tokens issued before the second of the rotation are refused as after a revocation (the "
                         "gateway within a second, every service within `REVOCATION_REFRESH_SECONDS`): a leaked secret's "
                         "tokens die with it. Get a new token with the new secret. A revoked client answers 409 "
                         "`client_revoked`; another agency's client 404.",
             responses=problems_with_examples({409: CLIENT_REVOKED}, 401, 403, 404, 422))
async def rotate_secret(client_id: uuid.UUID, session: Session,
                        principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> ClientSecretOut:
    client = await _client(session, principal, client_id, lock=True)
    if not client.active:
        raise CLIENT_REVOKED_2.error()
    secret, client.secret_hash = _new_secret()
    now = clock.utcnow()
    client.secret_rotated_at = now
    # Tokens carry iat in whole seconds: refuse those of earlier seconds, so that a token fetched with the new
    # secret in this same second is not refused.
    client.revoked_at = now.replace(microsecond=0) - timedelta(microseconds=1)
    await session.flush()
    return ClientSecretOut(**_out(client).model_dump(), client_secret=secret)


@router.post("/{client_id}/revoke", response_model=ClientOut,
             summary="Revoke a machine client: no new token, and its tokens are refused within the refresh interval",
             description="Permanent (register a new client to integrate again). `POST /api/v1/auth/token` answers 401 "
                         "`invalid_client`; its tokens answer 401 `token_revoked` at the gateway within a second and at "
                         "every service within `REVOCATION_REFRESH_SECONDS` (default 30). Idempotent. Another "
                         "agency's client answers 404.",
             responses=problem_responses(401, 403, 404, 422))
async def revoke_client(client_id: uuid.UUID, session: Session,
                        principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> ClientOut:
    client = await _client(session, principal, client_id, lock=True)
    if client.active:
        client.active = False
        client.revoked_at = clock.utcnow()
        await session.flush()
    return _out(client)

"""``Idempotency-Key`` on every create a client may retry, the same in every service.

A route takes ``idem: Idempotency`` (a dependency that also documents the header in OpenAPI) and does::

    if (stored := await idem.replay(session)) is not None:
        return stored
    ...  # the change
    return await idem.respond(session, 201, out)

The first request with a key claims it in the service's ``inbox`` table inside the business transaction and stores
its answer there; a repeat with the same key and the same body gets that answer again with ``Idempotent-Replay:
true`` and has no second effect. A concurrent repeat waits on the claim's row lock, then replays the first one's
answer (or, when the first failed and rolled back, runs itself). The same key with another body is a client bug:
422 ``idempotency_key_reused``. Keys belong to a caller: they are scoped by the caller's agency and login and by
the route (method and path), so two callers, or one caller on two routes, never collide. A request that fails
stores nothing, so it may be retried with the same key. Without the header a request simply runs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
import sqlalchemy as sa
from fastapi import Depends, Header, Request
from pydantic import BaseModel, TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from merit_shared.audit import jsonable
from merit_shared.auth import Principal, current_principal
from merit_shared.error_codes import IDEMPOTENCY_KEY_REUSED
from merit_shared.outbox import inbox_claim, inbox_remember

REPLAY_HEADER = "Idempotent-Replay"
KEY_HEADER = "Idempotency-Key"
DESCRIPTION = ("Send an `Idempotency-Key` header (any unique string up to 200 characters, e.g. a UUID) to make "
               "retries safe: a repeat with the same key and body returns the first answer (with `Idempotent-Replay: "
               "true`) and creates nothing; the same key with a different body answers 422 `idempotency_key_reused`. "
               "Keys are per caller and route.")
REPLAYED_HEADERS = ("location", "etag")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(body: Any) -> str:
    """A canonical digest of a request body (a model, a decoded JSON value or raw bytes)."""
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json")
    elif isinstance(body, (bytes, bytearray)):
        try:
            body = json.loads(body) if body else None
        except ValueError:
            return _sha(bytes(body))
    return _sha(orjson.dumps(jsonable(body), option=orjson.OPT_SORT_KEYS))


@dataclass
class Idempotent:
    """One write's idempotency (``key`` None: no header, nothing to do)."""

    key: str | None
    inbox: sa.Table | None
    inbox_key: str = ""
    fingerprint: str = ""
    # The route's response model: what a returned ORM object is serialized as before it is stored.
    response_model: Any = None

    @classmethod
    def of(cls, key: str | None, route: str, principal: Principal, body: Any, inbox: sa.Table) -> Idempotent:
        """Scope ``key`` by the caller's agency and login and by ``route``; fingerprint ``body``."""
        key = key.strip() if key else None
        if not key:
            return cls(None, None)
        scope = "\x1f".join((route, principal.agency_id or "", principal.subject, key))
        return cls(key, inbox, "idem:" + _sha(scope.encode()), fingerprint(body))

    async def replay(self, session: AsyncSession) -> Response | None:
        """The stored answer of an earlier request with this key, or None after claiming the key for this one."""
        if not self.key or self.inbox is None:
            return None
        stored = await inbox_claim(session, self.inbox, self.inbox_key)
        if stored is None:
            return None
        status, doc = stored
        if not isinstance(doc, dict) or doc.get("fingerprint") != self.fingerprint:
            raise IDEMPOTENCY_KEY_REUSED.error(field="header.idempotency-key")
        headers = {**(doc.get("headers") or {}), REPLAY_HEADER: "true"}
        return Response(orjson.dumps(doc.get("response")), status_code=status, media_type="application/json",
                        headers=headers)

    def _serialize(self, payload: Any) -> Any:
        if isinstance(payload, BaseModel):
            return payload.model_dump(mode="json")
        if self.response_model is not None and not isinstance(payload, (dict, list)):
            adapter: TypeAdapter[Any] = TypeAdapter(self.response_model)
            return adapter.dump_python(adapter.validate_python(payload, from_attributes=True), mode="json")
        return payload

    async def respond(self, session: AsyncSession, status: int, payload: Any,
                      headers: Mapping[str, str] | None = None) -> Response:
        """The answer, remembered under the key in the same transaction as the change. ``headers`` (e.g. the
        route's ``response.headers``) go out with it; Location and ETag are replayed too."""
        body = jsonable(self._serialize(payload))
        headers = {k: v for k, v in (headers or {}).items() if k.lower() not in ("content-length", "content-type")}
        kept = {k: v for k, v in headers.items() if k.lower() in REPLAYED_HEADERS}
        if self.key and self.inbox is not None:
            await inbox_remember(session, self.inbox, self.inbox_key, status,
                                 {"fingerprint": self.fingerprint, "response": body, "headers": kept})
        return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)


async def _idempotency(request: Request,
                       key: Annotated[str | None, Header(alias=KEY_HEADER, max_length=200, description=DESCRIPTION)]
                       = None, principal: Principal = Depends(current_principal)) -> Idempotent:
    route = request.scope.get("route")
    model = getattr(route, "response_model", None)
    if not key or not key.strip():
        return Idempotent(None, None, response_model=model)
    inbox: sa.Table = request.app.state.inbox
    idem = Idempotent.of(key, f"{request.method} {request.url.path}", principal, await request.body(), inbox)
    idem.response_model = model
    return idem


#: The dependency a creating route takes: documents the header and builds the scoped key.
Idempotency = Annotated[Idempotent, Depends(_idempotency)]

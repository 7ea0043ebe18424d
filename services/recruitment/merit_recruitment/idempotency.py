"""Idempotency-Key on creating writes an integrator may retry (a selection, an application).

The first request with a key runs and its answer is stored in the ``inbox`` table in the same transaction
(``merit_shared.outbox.inbox_claim`` / ``inbox_remember``); a repeat with the same key and the same body gets
that answer again with ``Idempotent-Replay: true`` and has no second effect. A concurrent repeat waits on the
first one's row lock and then replays its answer. The same key with a different body is refused (422), since
the caller evidently meant another request. Keys are scoped by route and caller (token subject), so two
clients can never collide. A request that fails stores nothing (its transaction rolls back), so it may be
retried with the same key.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from merit_recruitment.db_base import inbox
from merit_shared.audit import jsonable
from merit_shared.auth import Principal
from merit_shared.errors import Invalid
from merit_shared.outbox import inbox_claim, inbox_remember

REPLAY_HEADER = "Idempotent-Replay"
DESCRIPTION = ("Send an `Idempotency-Key` header to make retries safe: a repeat with the same key and body returns "
               "the first answer (with `Idempotent-Replay: true`) and creates nothing; the same key with a different "
               "body answers 422 `idempotency_key_reused`.")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Idempotent:
    def __init__(self, key: str, scope: str, p: Principal, body: BaseModel) -> None:
        self.key = key
        self.inbox_key = "idem:" + _sha(f"{scope}\x1f{p.subject}\x1f{key}".encode())
        self.fingerprint = _sha(orjson.dumps(body.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS))

    @classmethod
    def of(cls, key: str | None, scope: str, p: Principal, body: BaseModel) -> Idempotent | None:
        return cls(key, scope, p, body) if key and key.strip() else None

    async def replay(self, session: AsyncSession) -> Response | None:
        """The stored answer of an earlier request with this key, or None after claiming the key for this one."""
        stored = await inbox_claim(session, inbox, self.inbox_key)
        if stored is None:
            return None
        status, doc = stored
        if not isinstance(doc, dict) or doc.get("fingerprint") != self.fingerprint:
            raise Invalid("idempotency_key_reused",
                          "Idempotency-Key ini sudah dipakai untuk permintaan dengan isi berbeda; gunakan kunci baru "
                          "untuk permintaan baru, atau kirim ulang isi yang sama.",
                          "This Idempotency-Key was already used for a request with a different body; use a new key "
                          "for a new request, or resend the same body.", field="header.idempotency-key")
        headers = {**(doc.get("headers") or {}), REPLAY_HEADER: "true"}
        return Response(orjson.dumps(doc["response"]), status_code=status, media_type="application/json",
                        headers=headers)

    async def remember(self, session: AsyncSession, status: int, out: BaseModel,
                       headers: dict[str, Any] | None = None) -> None:
        doc = {"fingerprint": self.fingerprint, "response": jsonable(out.model_dump(mode="json")),
               "headers": headers or {}}
        await inbox_remember(session, inbox, self.inbox_key, status, doc)

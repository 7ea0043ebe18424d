"""``Idempotency-Key`` on writes that other systems retry (engineering notes: reliability patterns).

The first request with a key claims it in the ``inbox`` table inside the business transaction and stores its answer
there; a retry with the same key gets the stored status and body (header ``Idempotent-Replay: true``) and changes
nothing. A concurrent request with the same key waits on the claim's row lock, then sees the first one's answer.
The same key with a different body is a client bug: 422 ``idempotency_key_reused``. A request that fails leaves no
claim (its transaction rolls back), so retrying it simply runs it again.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from merit_evaluation.db_base import inbox
from merit_shared.auth import Principal
from merit_shared.errors import Invalid
from merit_shared.outbox import inbox_claim, inbox_remember

REPLAY_HEADER = "Idempotent-Replay"


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


class Idempotency:
    """One write's idempotency: ``await replay()`` first, then ``await respond(status, payload)``."""

    def __init__(self, session: AsyncSession, principal: Principal, key: str | None, route: str,
                 body: BaseModel) -> None:
        self.session = session
        self.key = key.strip() if key else None
        # Keys are the caller's: scoped by route and caller so two clients never collide; hashed to fit the column.
        self.inbox_key = "eva:" + _digest(route, principal.agency_id, principal.subject, self.key)
        self.fingerprint = _digest(orjson.dumps(body.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS).decode())

    async def replay(self) -> JSONResponse | None:
        """The stored answer when this key was already processed (None: go ahead and process it)."""
        if not self.key:
            return None
        stored = await inbox_claim(self.session, inbox, self.inbox_key)
        if stored is None:
            return None
        status, doc = stored
        if not isinstance(doc, dict) or doc.get("fingerprint") != self.fingerprint:
            raise Invalid("idempotency_key_reused", "Idempotency-Key ini sudah dipakai untuk permintaan dengan isi "
                          "berbeda; gunakan kunci baru untuk permintaan baru.", "This Idempotency-Key was already used "
                          "for a request with a different body; use a new key for a new request.",
                          field="header.idempotency-key")
        return JSONResponse(doc.get("response"), status_code=status, headers={REPLAY_HEADER: "true"})

    async def respond(self, status: int, payload: Any) -> JSONResponse:
        """Answer, remembering the answer under the key (same transaction as the change)."""
        if self.key:
            await inbox_remember(self.session, inbox, self.inbox_key, status,
                                 {"fingerprint": self.fingerprint, "response": payload})
        return JSONResponse(payload, status_code=status)

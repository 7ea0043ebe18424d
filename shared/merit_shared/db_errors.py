"""Database refusals become problem documents, never 500s; transient ones are retried once.

Every service installs this through ``create_service_app(..., constraints=...)``. The domain rules answer
first with precise messages; this is the last line for what only the database can see:

- a named constraint (unique, exclusion, check, foreign key, or a trigger's message key) answers the
  service's ``ConstraintRule`` for it: one code and one message pair per constraint, naming the field;
  an unnamed one answers 409 ``constraint_violated`` (23xxx);
- a deadlock or serialization failure (40P01, 40001, 55P03) and a dropped connection are retried once, the
  whole request again in a new transaction (``RetryAndScreenMiddleware``); when the retry fails too the answer
  is 409 ``concurrent_update`` with ``Retry-After`` (a dropped connection: 503 ``database_unavailable``);
- a value PostgreSQL cannot store (22xxx: NUL, a number or date out of range) answers 422.

The same middleware screens requests before they reach a handler: a NUL character or an integer beyond 64 bits
in the query string or the JSON body answers 422 naming the field, and an over-long query string answers 414,
all as problem documents. A rejected request runs no handler, so it changes nothing.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import asyncpg
from fastapi import FastAPI, Request
from sqlalchemy.exc import DBAPIError
from starlette.requests import Request as StarletteRequest
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from merit_shared.errors import DomainError
from merit_shared.problems import lang_of, problem_response

log = logging.getLogger("merit.db")

MAX_QUERY_STRING = 8192
INT64_MAX = 2**63 - 1
RETRY_AFTER_SECONDS = "1"
_STATE_KEY = "merit.db_retry"
_BIG_DIGITS = re.compile(rb"\d{19,}")

RETRYABLE_STATES = ("40001", "40P01", "55P03")


@dataclass(frozen=True)
class ConstraintRule:
    """How one named constraint's refusal is answered: 409 (a conflict with existing data) by default, 422 when
    the constraint means the input itself is wrong."""

    code: str
    message_id: str
    message_en: str
    field: str | None = None
    status: int = 409


CONCURRENT = ConstraintRule(
    "concurrent_update", "Data yang sama sedang diubah oleh permintaan lain; tidak ada yang berubah. Muat ulang lalu "
    "ulangi.", "The same data is being changed by another request; nothing was changed. Reload and try again.")
UNNAMED = ConstraintRule(
    "constraint_violated", "Perubahan ini bertentangan dengan data yang ada (permintaan lain mungkin baru saja "
    "mengubahnya); tidak ada yang berubah. Muat ulang lalu periksa.", "This change conflicts with existing data "
    "(another request may just have changed it); nothing was changed. Reload and check.")
NOT_STORABLE = ConstraintRule(
    "value_not_storable", "Sebuah nilai tidak dapat disimpan (karakter NUL, angka atau tanggal di luar jangkauan). "
    "Periksa isian lalu kirim ulang.", "A value cannot be stored (NUL character, number or date out of range). "
    "Check the input and send it again.", status=422)
UNAVAILABLE = ConstraintRule(
    "database_unavailable", "Basis data sedang tidak terjangkau; tidak ada yang berubah. Ulangi sebentar lagi.",
    "The database is unreachable right now; nothing was changed. Try again shortly.", status=503)


def _parts(exc: BaseException) -> tuple[str, str | None, str]:
    """(sqlstate, constraint name, message) of a SQLAlchemy-wrapped or a raw asyncpg error."""
    orig: Any = getattr(exc, "orig", None) or exc
    cause: Any = getattr(orig, "__cause__", None) or orig
    state = getattr(cause, "sqlstate", None) or getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    constraint = getattr(cause, "constraint_name", None)
    return str(state or ""), constraint, str(orig)


def _connection_lost(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    cause: Any = getattr(getattr(exc, "orig", None), "__cause__", None) or getattr(exc, "orig", None) or exc
    if isinstance(cause, (asyncpg.ConnectionDoesNotExistError, asyncpg.InterfaceError, ConnectionError, OSError)):
        return True
    state = _parts(exc)[0]
    return state.startswith("08") or state in ("57P01", "57P02", "57P03")


def rule_for(exc: BaseException, constraints: dict[str, ConstraintRule]) -> tuple[ConstraintRule, bool]:
    """The answer for a database error and whether the request may be retried. None of ``constraints``' keys
    matched and nothing transient: (NOT_STORABLE / UNNAMED / ...) by SQLSTATE class."""
    if _connection_lost(exc):
        return UNAVAILABLE, True
    state, constraint, message = _parts(exc)
    if constraint and constraint in constraints:
        return constraints[constraint], False
    for key, rule in constraints.items():  # triggers raise their rule's key in the message
        if key in message:
            return rule, False
    if state in RETRYABLE_STATES:
        return CONCURRENT, True
    if state.startswith("23"):
        return UNNAMED, False
    if state.startswith("22") or "invalid input for query argument" in message:
        return NOT_STORABLE, False
    raise LookupError(state)


def as_domain_error(exc: BaseException, constraints: dict[str, ConstraintRule]) -> DomainError | None:
    """The domain error a named constraint's refusal stands for (None: not one of ``constraints``), for code that
    must handle the refusal itself inside the request (e.g. to say which item of a batch it concerns)."""
    _, constraint, message = _parts(exc)
    rule = constraints.get(constraint or "") or next((r for k, r in constraints.items() if k in message), None)
    if rule is None:
        return None
    return DomainError(rule.code, rule.message_id, rule.message_en, status=rule.status, field=rule.field)


def _answer(request: Request, rule: ConstraintRule, retryable: bool) -> Response:
    lang = lang_of(request)
    msg = rule.message_en if lang == "en" else rule.message_id
    errors = [{"loc": rule.field.split("."), "msg": msg, "type": rule.code}] if rule.field else None
    headers = {"Retry-After": RETRY_AFTER_SECONDS} if retryable else None
    return problem_response(request, rule.status, rule.code, msg, lang, errors, headers=headers)


def install(app: FastAPI, constraints: dict[str, ConstraintRule] | None = None) -> None:
    """Map database errors of ``app`` (SQLAlchemy's and asyncpg's) and screen its requests."""
    rules = dict(constraints or {})

    async def handler(request: Request, exc: Exception) -> Response:
        try:
            rule, retryable = rule_for(exc, rules)
        except LookupError:
            log.exception("database error", exc_info=exc)  # not a refusal we understand: a real server fault
            lang = lang_of(request)
            return problem_response(request, 500, "internal_error", "The server failed. Quote the request_id when "
                                    "reporting it." if lang == "en" else "Terjadi kesalahan pada server. Sebutkan "
                                    "request_id saat melapor.", lang)
        if retryable:
            marker = request.scope.get(_STATE_KEY)
            if isinstance(marker, dict):
                marker["retry"] = True
            log.warning("transient database error (%s); retrying once", type(exc).__name__)
        return _answer(request, rule, retryable)

    for kind in (DBAPIError, asyncpg.PostgresError, asyncpg.InterfaceError):
        app.add_exception_handler(kind, handler)
    app.add_middleware(RetryAndScreenMiddleware)


# --- screening the request ---------------------------------------------------------------------------------------

def _bad_values(value: Any, loc: list[str | int]) -> list[tuple[list[str | int], str]]:
    """Where a decoded JSON value holds a NUL character or an integer PostgreSQL cannot hold."""
    out: list[tuple[list[str | int], str]] = []
    if isinstance(value, str):
        if "\x00" in value:
            out.append((loc, "nul"))
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        if abs(value) > INT64_MAX:
            out.append((loc, "int"))
    elif isinstance(value, dict):
        for k, v in value.items():
            if "\x00" in k:
                out.append(([*loc, k.replace("\x00", "")], "nul"))
            out.extend(_bad_values(v, [*loc, k]))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_bad_values(v, [*loc, i]))
    return out


def _query_problems(query: bytes) -> list[tuple[list[str | int], str]]:
    out: list[tuple[list[str | int], str]] = []
    for k, v in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        name = k.replace("\x00", "")
        if "\x00" in k or "\x00" in v:
            out.append((["query", name], "nul"))
        elif (digits := v.strip().lstrip("+-")).isascii() and digits.isdigit() and abs(int(v)) > INT64_MAX:
            out.append((["query", name], "int"))
    return out


_MESSAGES = {
    "nul": ("Nilai tidak boleh berisi karakter NUL (\\u0000 atau %00); hapus karakter itu.",
            "The value must not contain the NUL character (\\u0000 or %00); remove it."),
    "int": ("Angka terlalu besar untuk disimpan (lebih dari 64 bit); periksa nilainya.",
            "The number is too large to be stored (beyond 64 bits); check the value."),
}


async def _refuse(scope: Scope, receive: Receive, send: Send, problems: list[tuple[list[str | int], str]]) -> None:
    request = StarletteRequest(scope)
    lang = lang_of(request)  # type: ignore[arg-type]
    pick = 1 if lang == "en" else 0
    errors = [{"loc": loc, "msg": _MESSAGES[kind][pick], "type": "value_error"} for loc, kind in problems]
    detail = ("Fix the fields listed in errors and send the request again." if lang == "en"
              else "Periksa kolom yang disebut di errors lalu kirim ulang.")
    await problem_response(request, 422, "validation_error", detail, lang, errors)(  # type: ignore[arg-type]
        scope, receive, send)


async def refuse_long_query(scope: Scope, receive: Receive, send: Send) -> bool:
    """Answer 414 (a problem document) for a query string longer than ``MAX_QUERY_STRING``; True when it did."""
    query: bytes = scope.get("query_string", b"")
    if len(query) <= MAX_QUERY_STRING:
        return False
    request = StarletteRequest(scope)
    lang = lang_of(request)  # type: ignore[arg-type]
    msg = (f"Query string too long ({len(query)} bytes, at most {MAX_QUERY_STRING}); send fewer parameters."
           if lang == "en" else f"Query string terlalu panjang ({len(query)} byte, paling banyak "
           f"{MAX_QUERY_STRING}); kirim lebih sedikit parameter.")
    await problem_response(request, 414, "uri_too_long", msg, lang)(scope, receive, send)  # type: ignore[arg-type]
    return True


class RetryAndScreenMiddleware:
    """Screens each request (see the module doc), then runs it, and once more when the first run ended in a
    transient database error (the handler marks it). The retry happens only before anything was sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query: bytes = scope.get("query_string", b"")
        if await refuse_long_query(scope, receive, send):
            return
        if b"%00" in query or _BIG_DIGITS.search(query):
            problems = _query_problems(query)
            if problems:
                await _refuse(scope, receive, send, problems)
                return
        body = await _read_body(receive)
        if body and (b"\\u0000" in body or _BIG_DIGITS.search(body)):
            try:
                problems = _bad_values(json.loads(body), ["body"])
            except ValueError:
                problems = []  # not JSON: the route's own parsing answers it
            if problems:
                await _refuse(scope, receive, send, problems)
                return
        if await self._run(scope, receive, send, body, last=False):
            await self._run(scope, receive, send, body, last=True)

    async def _run(self, scope: Scope, receive: Receive, send: Send, body: bytes, last: bool) -> bool:
        """Run the request once; True when it ended in a transient error that was not sent (retry it)."""
        marker: dict[str, bool] = {"retry": False}
        scope[_STATE_KEY] = marker
        held: list[Message] = []
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:  # after the body: whatever the client sends next (a disconnect)
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def hold(message: Message) -> None:
            # Hold the start of a response until we know whether it is the transient error we retry.
            if message["type"] == "http.response.start" and message["status"] in (409, 503):
                held.append(message)
                return
            if held and message["type"] == "http.response.body":
                if marker["retry"]:
                    return  # dropped: the request runs again
                await send(held.pop())
            await send(message)

        await self.app(scope, replay, send if last else hold)
        if marker["retry"] and not last:
            return True
        if held:
            await send(held.pop())
        return False


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)

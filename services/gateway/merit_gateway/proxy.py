"""The forwarding path: a plain ASGI proxy on aiohttp, streaming both bodies (httpx is too slow here)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import aiohttp
import orjson
from starlette.types import Receive, Scope, Send

from merit_shared.http import UpstreamPool
from merit_shared.i18n import negotiate
from merit_shared.observability import request_id_var
from merit_shared.problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE, title_for

log = logging.getLogger("merit.gateway.proxy")
SMALL_BODY = 256 * 1024  # answers up to this size are forwarded in one piece; larger ones are streamed
HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"proxy-authenticate", b"proxy-authorization", b"te",
                        b"trailers", b"transfer-encoding", b"upgrade", b"host", b"content-length"})
# The gateway's own middleware sets x-request-id on the way out.
# The gateway's own server adds date and server; its middleware sets x-request-id.
SKIP_RESPONSE = frozenset(h.decode() for h in HOP_BY_HOP) | {"x-request-id", "date", "server"}
REPLAYABLE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # safe to send again to another replica


class ImmutableCache:
    """Public answers the service marks `public, immutable` (published announcements: they can never change),
    kept in memory so the gateway serves them without a trip to the service. Bounded; oldest dropped first."""

    def __init__(self, max_entries: int = 2000) -> None:
        self.max_entries = max_entries
        self.entries: dict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = {}

    @staticmethod
    def key(scope: Scope) -> str | None:
        """Only anonymous GETs of the public portal are cacheable."""
        if scope["method"] != "GET" or not scope["path"].startswith("/api/v1/public/"):
            return None
        lang = b""
        for k, v in scope["headers"]:
            if k == b"authorization":
                return None
            if k == b"accept-language":
                lang = v[:2].lower()
        return f"{scope['path']}?{scope.get('query_string', b'').decode('latin-1')}#{lang.decode('latin-1')}"

    def get(self, key: str) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        return self.entries.get(key)

    def offer(self, key: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if status != 200:
            return
        cache_control = next((v for k, v in headers if k == b"cache-control"), b"")
        if b"immutable" not in cache_control or b"public" not in cache_control:
            return
        if len(self.entries) >= self.max_entries:
            self.entries.pop(next(iter(self.entries)))
        self.entries[key] = (status, headers, body)


async def send_cached(entry: tuple[int, list[tuple[bytes, bytes]], bytes], scope: Scope, send: Send) -> None:
    """The stored answer; a matching If-None-Match makes it a 304 (merit_shared.conventions, around the dispatch)."""
    status, headers, body = entry
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Upstreams:
    """The services behind the gateway; each setting may list several replicas (``POSITIONS_URL=http://a,http://b``):
    round robin, a replica that refused a connection skipped for a while (``merit_shared.http.UpstreamPool``)."""

    def __init__(self, urls: dict[str, str], timeout_seconds: float) -> None:
        self.pools = {k: UpstreamPool(v) for k, v in urls.items()}
        self.urls = {k: pool.first for k, pool in self.pools.items()}  # one replica each: docs, health
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds, connect=2.0)
        self.session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(limit=200, keepalive_timeout=3.0, ttl_dns_cache=300)
        self.session = aiohttp.ClientSession(connector=connector, auto_decompress=False, timeout=self.timeout,
                                             skip_auto_headers=("User-Agent", "Accept-Encoding", "Content-Type"))

    async def close(self) -> None:
        if self.session:
            await self.session.close()


_UPSTREAM_DETAILS = {
    "service_unavailable": ("Layanan {service} sedang tidak tersedia; coba lagi sebentar lagi.",
                            "The {service} service is unavailable; try again shortly."),
    "upstream_timeout": ("Layanan {service} tidak menjawab tepat waktu.", "The {service} service did not answer in "
                         "time."),
    "bad_gateway": ("Layanan {service} memberi jawaban yang tidak valid.",
                    "The {service} service gave an invalid answer."),
}
RETRY_AFTER_SECONDS = 5  # a restarting service is back within seconds


async def _problem(send: Send, status: int, code: str, service: str, rid: str, scope: Scope) -> None:
    """The gateway's own problem document, in the caller's language (RFC 9457; RFC 9110 section 10.2.3)."""
    lang = "id"
    for k, v in scope["headers"]:
        if k == b"accept-language":
            lang = negotiate(v.decode("latin-1"))
    detail = _UPSTREAM_DETAILS[code][1 if lang == "en" else 0].format(service=service)
    body = orjson.dumps({"type": PROBLEM_TYPE_BASE + code, "title": title_for(status, lang), "status": status,
                         "detail": detail, "code": code, "instance": scope["path"], "request_id": rid})
    headers = [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode()),
               (b"content-language", lang.encode())]
    if status == 503:
        headers.append((b"retry-after", str(RETRY_AFTER_SECONDS).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def forward(upstreams: Upstreams, service: str, scope: Scope, receive: Receive, send: Send,
                  cache: ImmutableCache | None = None, cache_key: str | None = None) -> None:
    assert upstreams.session is not None
    method = scope["method"]
    path = scope["path"]
    raw_qs = scope.get("query_string", b"")
    target = (scope.get("raw_path") or path.encode()).decode("latin-1")
    if raw_qs:
        target += "?" + raw_qs.decode("latin-1")
    headers: list[tuple[str, str]] = []
    rid = request_id_var.get()
    has_body = False
    for k, v in scope["headers"]:
        if k in HOP_BY_HOP:
            if k == b"content-length" and v != b"0":
                has_body = True
            if k == b"transfer-encoding":
                has_body = True
            continue
        if k == b"x-request-id":
            continue
        headers.append((k.decode("latin-1"), v.decode("latin-1")))
    rid = rid or uuid.uuid4().hex
    headers.append(("x-request-id", rid))
    client = scope.get("client")
    if client:
        headers.append(("x-forwarded-for", client[0]))

    async def body_stream():  # type: ignore[no-untyped-def]
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                break

    data = body_stream() if has_body else None
    pool = upstreams.pools[service]
    replicas = pool.order()
    # Another replica takes the request when this one refused the connection: nothing was sent, so even a write is
    # safe to send there. A read without a body whose connection broke before the answer (a replica killed
    # mid-request) goes once to another replica; a write that may have arrived never does.
    replayable = not has_body and method in REPLAYABLE_METHODS
    replayed = False
    for n, base in enumerate(replicas):
        last = n == len(replicas) - 1
        try:
            await _exchange(upstreams, base + target, method, headers, data, send, cache, cache_key, service)
            return
        except aiohttp.ClientConnectorError as exc:
            pool.failed(base)
            if last:
                log.warning("upstream %s unavailable: %s", service, exc)
                await _problem(send, 503, "service_unavailable", service, rid, scope)
                return
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
            pool.failed(base)
            if last or not replayable or replayed:
                log.warning("upstream %s unavailable: %s", service, exc)
                await _problem(send, 503, "service_unavailable", service, rid, scope)
                return
            replayed = True
        except TimeoutError:
            await _problem(send, 504, "upstream_timeout", service, rid, scope)
            return
        except aiohttp.ClientError as exc:
            log.warning("upstream %s failed: %s", service, exc)
            await _problem(send, 502, "bad_gateway", service, rid, scope)
            return


async def _exchange(upstreams: Upstreams, url: str, method: str, headers: list[tuple[str, str]], data: Any,
                    send: Send, cache: ImmutableCache | None, cache_key: str | None, service: str) -> None:
    """One request to one replica, its answer sent on; connection errors before the answer propagate."""
    assert upstreams.session is not None
    async with upstreams.session.request(method, url, headers=headers, data=data, allow_redirects=False,
                                         compress=None) as resp:
        out_headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in resp.headers.items()
                       if k.lower() not in SKIP_RESPONSE]
        if resp.content_length is not None:
            out_headers.append((b"content-length", str(resp.content_length).encode()))
        if resp.content_length is not None and resp.content_length <= SMALL_BODY:
            # Most API answers are small: one read, one write (streaming costs a write per chunk).
            body = await resp.read()
            if cache is not None and cache_key is not None:
                cache.offer(cache_key, resp.status, out_headers, body)
            await send({"type": "http.response.start", "status": resp.status, "headers": out_headers})
            await send({"type": "http.response.body", "body": body})
            return
        started = False
        try:
            await send({"type": "http.response.start", "status": resp.status, "headers": out_headers})
            started = True
            async for chunk in resp.content.iter_any():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        except (TimeoutError, aiohttp.ClientError):
            if not started:
                raise
            log.warning("upstream %s broke off mid-response", service)
            await send({"type": "http.response.body", "body": b""})

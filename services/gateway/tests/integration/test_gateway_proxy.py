"""The forwarding path against a real upstream on a real socket: bodies, headers, and the failure answers."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from merit_gateway.proxy import Upstreams, forward
from merit_shared.stack import free_port


async def start_upstream() -> tuple[web.AppRunner, int]:
    async def echo(request: web.Request) -> web.Response:
        body = await request.read()
        return web.json_response({"method": request.method, "path": request.path_qs, "body": body.decode(),
                                  "rid": request.headers.get("x-request-id"),
                                  "auth": request.headers.get("authorization")}, headers={"X-Upstream": "yes"})

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(text="late")

    async def big(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        for _ in range(64):
            await resp.write(b"x" * 16384)
        await resp.write_eof()
        return resp

    app = web.Application()
    app.router.add_route("*", "/api/v1/echo", echo)
    app.router.add_get("/api/v1/slow", slow)
    app.router.add_get("/api/v1/big", big)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, port


async def call(upstreams: Upstreams, method: str, path: str, body: bytes = b"",
               headers: list[tuple[bytes, bytes]] | None = None) -> tuple[int, dict[str, str], bytes]:
    path_only, _, qs = path.partition("?")
    hdrs = list(headers or [])
    if body:
        hdrs.append((b"content-length", str(len(body)).encode()))
    scope: dict[str, Any] = {"type": "http", "method": method, "path": path_only, "raw_path": path_only.encode(),
                             "query_string": qs.encode(), "headers": hdrs, "client": ("127.0.0.9", 5000)}
    sent = [False]

    async def receive() -> dict[str, Any]:
        if sent[0]:
            return {"type": "http.disconnect"}
        sent[0] = True
        return {"type": "http.request", "body": body, "more_body": False}

    messages: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    await forward(upstreams, "svc", scope, receive, send)
    start = messages[0]
    out = b"".join(m.get("body", b"") for m in messages[1:])
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, out


async def test_forwards_method_query_body_and_credentials() -> None:
    runner, port = await start_upstream()
    upstreams = Upstreams({"svc": f"http://127.0.0.1:{port}"}, timeout_seconds=1)
    await upstreams.start()
    try:
        status, headers, body = await call(upstreams, "POST", "/api/v1/echo?a=1&b=dua", b'{"x": 1}',
                                           [(b"authorization", b"Bearer t0k"), (b"x-request-id", b"rid-42")])
        doc = json.loads(body)
        assert status == 200 and headers["x-upstream"] == "yes"
        assert doc == {"method": "POST", "path": "/api/v1/echo?a=1&b=dua", "body": '{"x": 1}', "rid": doc["rid"],
                       "auth": "Bearer t0k"}
        status, _, body = await call(upstreams, "GET", "/api/v1/big")
        assert status == 200 and len(body) == 64 * 16384  # streamed, nothing lost
    finally:
        await upstreams.close()
        await runner.cleanup()


async def test_slow_upstream_is_504_and_absent_upstream_is_503() -> None:
    runner, port = await start_upstream()
    upstreams = Upstreams({"svc": f"http://127.0.0.1:{port}"}, timeout_seconds=0.5)
    await upstreams.start()
    try:
        status, headers, body = await call(upstreams, "GET", "/api/v1/slow")
        assert status == 504 and headers["content-type"] == "application/problem+json"
        assert json.loads(body)["code"] == "upstream_timeout"
    finally:
        await upstreams.close()
        await runner.cleanup()
    upstreams = Upstreams({"svc": f"http://127.0.0.1:{free_port()}"}, timeout_seconds=0.5)
    await upstreams.start()
    try:
        status, headers, body = await call(upstreams, "GET", "/api/v1/echo")
        assert status == 503 and json.loads(body)["code"] == "service_unavailable"
        # Indonesian by default, with when to try again (RFC 9110 section 10.2.3)
        assert json.loads(body)["title"] == "Layanan tidak tersedia" and headers["content-language"] == "id"
        assert int(headers["retry-after"]) > 0
        status, headers, body = await call(upstreams, "GET", "/api/v1/echo",
                                           headers=[(b"accept-language", b"en-US,en;q=0.9")])
        problem = json.loads(body)
        assert status == 503 and headers["content-language"] == "en" and int(headers["retry-after"]) > 0
        assert problem["title"] == "Service unavailable"
        assert problem["detail"] == "The svc service is unavailable; try again shortly."
    finally:
        await upstreams.close()


async def test_immutable_public_answers_are_served_from_the_gateway() -> None:
    from merit_gateway.proxy import ImmutableCache, send_cached
    from merit_shared.conventions import ConditionalGetMiddleware

    hits = {"n": 0}

    async def announcement(request: web.Request) -> web.Response:
        hits["n"] += 1
        return web.Response(body=b'{"hash":"abc"}', content_type="application/json",
                            headers={"Cache-Control": "public, max-age=31536000, immutable", "ETag": '"abc"'})

    async def listing(request: web.Request) -> web.Response:
        hits["n"] += 1
        return web.json_response({"items": []}, headers={"Cache-Control": "public, max-age=5"})

    app = web.Application()
    app.router.add_get("/api/v1/public/announcements/1", announcement)
    app.router.add_get("/api/v1/public/selections", listing)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    upstreams = Upstreams({"svc": f"http://127.0.0.1:{port}"}, timeout_seconds=1)
    await upstreams.start()
    cache = ImmutableCache()

    async def get(path: str, headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
        scope: dict[str, Any] = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
                                 "query_string": b"", "headers": headers}
        out: list[dict[str, Any]] = []

        async def send(m: dict[str, Any]) -> None:
            out.append(m)

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def dispatch(scope: Any, receive: Any, send: Any) -> None:
            key = ImmutableCache.key(scope)
            hit = cache.get(key) if key else None
            if hit:
                await send_cached(hit, scope, send)
            else:
                await forward(upstreams, "svc", scope, receive, send, cache, key)

        await ConditionalGetMiddleware(dispatch)(scope, receive, send)  # as the gateway's dispatcher wraps it
        return out[0]["status"], b"".join(m.get("body", b"") for m in out[1:])

    try:
        for _ in range(3):
            assert await get("/api/v1/public/announcements/1", []) == (200, b'{"hash":"abc"}')
        assert hits["n"] == 1  # immutable: the service answered once
        assert await get("/api/v1/public/announcements/1", [(b"if-none-match", b'W/"abc"')]) == (304, b"")
        assert hits["n"] == 1  # the 304 is answered from the gateway's copy
        await get("/api/v1/public/announcements/1", [(b"authorization", b"Bearer x")])
        assert hits["n"] == 2  # a logged-in request is never served from the shared cache
        for _ in range(2):
            await get("/api/v1/public/selections", [])
        assert hits["n"] == 4  # short-lived answers are not kept
    finally:
        await upstreams.close()
        await runner.cleanup()


async def start_named(name: str) -> tuple[web.AppRunner, int, list[str]]:
    """A replica that says who it is and remembers what it was sent; /api/v1/drop closes the connection unanswered."""
    seen: list[str] = []

    async def who(request: web.Request) -> web.Response:
        seen.append(f"{request.method} {request.path} {(await request.read()).decode()}")
        return web.json_response({"replica": name})

    async def drop(request: web.Request) -> web.Response:
        seen.append(f"{request.method} {request.path}")
        assert request.transport is not None
        request.transport.close()  # the connection breaks before any answer
        await asyncio.sleep(0.1)
        return web.Response()

    app = web.Application()
    app.router.add_route("*", "/api/v1/who", who)
    app.router.add_route("*", "/api/v1/drop", drop)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, port, seen


async def test_several_replicas_take_turns_and_a_dead_one_is_skipped() -> None:
    (ra, pa, seen_a), (rb, pb, seen_b) = await start_named("a"), await start_named("b")
    dead = free_port()
    upstreams = Upstreams({"svc": f"http://127.0.0.1:{pa}, http://127.0.0.1:{dead},http://127.0.0.1:{pb}/"},
                          timeout_seconds=1)
    await upstreams.start()
    try:
        answers = [json.loads((await call(upstreams, "GET", "/api/v1/who"))[2])["replica"] for _ in range(12)]
        assert answers.count("a") >= 4 and answers.count("b") >= 4  # round robin over the two that answer
        # a write whose first choice refuses the connection (nothing was sent) goes to another replica, once
        before = len(seen_a) + len(seen_b)
        for _ in range(3):
            status, _, body = await call(upstreams, "POST", "/api/v1/who", b'{"n": 1}')
            assert status == 200 and json.loads(body)["replica"] in ("a", "b")
        assert len(seen_a) + len(seen_b) == before + 3  # each write reached exactly one replica
    finally:
        await upstreams.close()
        await ra.cleanup()
        await rb.cleanup()


async def test_a_broken_connection_replays_a_read_on_another_replica_but_never_a_write() -> None:
    (ra, pa, seen_a), (rb, pb, seen_b) = await start_named("a"), await start_named("b")
    upstreams = Upstreams({"svc": f"http://127.0.0.1:{pa},http://127.0.0.1:{pb}"}, timeout_seconds=1)
    await upstreams.start()
    try:
        status, _, body = await call(upstreams, "GET", "/api/v1/drop")
        assert status == 503 and json.loads(body)["code"] == "service_unavailable"
        assert seen_a and seen_b and len(seen_a) + len(seen_b) <= 4  # both replicas tried (aiohttp may add one each)
        before = len(seen_a) + len(seen_b)
        status, _, _ = await call(upstreams, "POST", "/api/v1/drop", b'{"n": 2}')
        assert status == 503 and len(seen_a) + len(seen_b) == before + 1  # a write that may have arrived: once
    finally:
        await upstreams.close()
        await ra.cleanup()
        await rb.cleanup()

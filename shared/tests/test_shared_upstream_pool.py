"""Several replicas of a service behind one setting: calls between services take turns and skip a dead replica."""

from __future__ import annotations

from aiohttp import web

from merit_shared.http import ServiceClient, UpstreamPool
from merit_shared.stack import free_port


class NoTokens:
    async def token(self) -> str | None:
        return None


def test_the_pool_takes_turns_and_puts_a_failed_replica_last() -> None:
    pool = UpstreamPool("http://a/, http://b,http://c")
    assert pool.urls == ["http://a", "http://b", "http://c"] and pool.first == "http://a"
    assert [pool.order()[0] for _ in range(4)] == ["http://a", "http://b", "http://c", "http://a"]
    pool.failed("http://c")
    assert pool.order() == ["http://b", "http://a", "http://c"]
    assert UpstreamPool(["http://x"]).order() == ["http://x"]


async def test_a_service_client_skips_a_replica_that_refuses_even_for_a_write() -> None:
    seen: list[str] = []

    async def who(request: web.Request) -> web.Response:
        seen.append(request.method)
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_route("*", "/api/v1/who", who)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    client = ServiceClient(f"http://127.0.0.1:{free_port()},http://127.0.0.1:{port}", NoTokens(),  # type: ignore[arg-type]
                           timeout=1.0)
    try:
        for _ in range(4):
            assert (await client.request("POST", "/api/v1/who", json={})).status_code == 200
            assert (await client.request("GET", "/api/v1/who")).status_code == 200
        assert seen == ["POST", "GET"] * 4  # each call reached the live replica exactly once
    finally:
        await client.aclose()
        await runner.cleanup()

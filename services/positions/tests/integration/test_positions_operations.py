"""The operational routes every service has, and the problem documents it answers with."""

from __future__ import annotations

import httpx


async def test_positions_health_ready_metrics(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok", "service": "positions"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["migrations"]
    metrics = await client.get("/metrics")
    assert "merit_http_requests_total" in metrics.text


async def test_positions_unknown_route_is_problem_json(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en"})
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 404 and body["title"] == "Not found" and body["request_id"]
    r = await client.get("/api/v1/no-such-thing")
    assert r.json()["title"] == "Tidak ditemukan"

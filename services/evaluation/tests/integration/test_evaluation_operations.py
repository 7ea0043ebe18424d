"""The operational routes every service has, and the problem documents it answers with."""

from __future__ import annotations

import httpx


async def test_evaluation_health_ready_metrics(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok", "service": "evaluation"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["migrations"]
    metrics = await client.get("/metrics")
    assert "merit_http_requests_total" in metrics.text


async def test_evaluation_unknown_route_is_problem_json(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en"})
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 404 and body["title"] == "Not found" and body["request_id"]
    r = await client.get("/api/v1/no-such-thing")
    assert r.json()["title"] == "Tidak ditemukan"


async def test_evaluation_openapi_documents_every_route(client: httpx.AsyncClient) -> None:
    """Every route: a summary, typed success responses, documented problem responses, examples on bodies."""
    spec = (await client.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]

    def resolve(s: dict) -> dict:
        return schemas[s["$ref"].split("/")[-1]] if "$ref" in s else s

    def has_examples(s: dict) -> bool:
        s = resolve(s)
        return "examples" in s or any("examples" in resolve(p) or "example" in resolve(p)
                                      for p in s.get("properties", {}).values())

    problems = []
    for path, ops in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, op in ops.items():
            where = f"{method.upper()} {path}"
            if not op.get("summary"):
                problems.append(f"{where}: no summary")
            for code, resp in op["responses"].items():
                content = resp.get("content", {})
                # a JSON answer names its schema; a file (a template) names its media types' schemas
                schema = content.get("application/json", {}).get("schema") or next(
                    (c.get("schema") for t, c in content.items() if t != "application/json"), None)
                if code.startswith("2") and (not schema or ("additionalProperties" in schema
                                                            and "properties" not in schema)):
                    problems.append(f"{where}: untyped {code}")
            if not any(c.startswith("4") for c in op["responses"]):
                problems.append(f"{where}: no problem responses")
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body and not has_examples(body["schema"]):
                problems.append(f"{where}: no request example")
    assert problems == []
    assert "/api/v1/evaluation-audit" in spec["paths"]

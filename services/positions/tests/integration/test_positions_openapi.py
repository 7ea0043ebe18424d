"""Every API route documents itself: summary, typed success response, problem responses, request examples."""

from __future__ import annotations


async def test_positions_openapi_is_complete(client) -> None:
    spec = (await client.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]

    def resolve(s: dict) -> dict:
        while "$ref" in s:
            s = schemas[s["$ref"].split("/")[-1]]
        return s

    missing = []
    for path, ops in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, op in ops.items():
            where = f"{method.upper()} {path}"
            if not op.get("summary"):
                missing.append(f"{where}: summary")
            ok = [v for k, v in op["responses"].items() if k.startswith("2")]
            if not ok or not any(c.get("schema") for r in ok for c in r.get("content", {}).values()):
                missing.append(f"{where}: typed 2xx response")
            problems = [k for k in op["responses"] if k[0] == "4" and k != "422"]
            if not problems or any("application/problem+json" not in op["responses"][k].get("content", {})
                                   for k in problems):
                missing.append(f"{where}: problem responses")
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body and "examples" not in resolve(body["schema"]):
                missing.append(f"{where}: request example")
    assert missing == [], "\n".join(missing)
    assert "/api/v1/position-audit" in spec["paths"]

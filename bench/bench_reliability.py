"""Cost of the shared request screening and retry layer (``merit_shared.db_errors.RetryAndScreenMiddleware``).

The same FastAPI app is called in-process (plain ASGI calls, no sockets) with and without the layer, for a GET
with a query string and a POST with a 1 KB JSON body; a third case has a body with 19-digit numbers, which
makes the layer decode the body to look for values beyond 64 bits. Reports requests per second and the
ratio against the app without the layer, measured in the same run, interleaved to share the machine's noise.

    .venv/bin/python bench/bench_reliability.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

import orjson
from fastapi import FastAPI
from pydantic import BaseModel

from merit_shared import db_errors
from merit_shared.problems import install_problem_handlers


class Body(BaseModel):
    name: str
    items: list[dict[str, Any]]


def build(screened: bool) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    if screened:
        db_errors.install(app, {})

    @app.get("/things")
    async def listing(q: str = "", limit: int = 50, offset: int = 0) -> dict[str, Any]:
        return {"q": q, "limit": limit, "offset": offset}

    @app.post("/things", status_code=201)
    async def create(body: Body) -> dict[str, Any]:
        return {"name": body.name, "n": len(body.items)}

    return app


BODY = orjson.dumps({"name": "Dinas Kesehatan", "items": [{"code": f"X{i}", "seats": i, "note": "lorem ipsum dolor"}
                                                          for i in range(25)]})
BIG_NUMBERS = orjson.dumps({"name": "NIP list", "items": [{"nip": 1975010120000310001 + i} for i in range(25)]})


async def call(app: FastAPI, method: str, path: str, query: bytes, body: bytes) -> int:
    status = 0
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "path": path,
             "raw_path": path.encode(), "query_string": query, "root_path": "", "scheme": "http",
             "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 5000),
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
    await app(scope, receive, send)  # type: ignore[arg-type]
    return status


async def rate(app: FastAPI, case: tuple[str, bytes, bytes], seconds: float) -> float:
    method, query, body = case
    n = 0
    end = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < end:
        for _ in range(50):
            await call(app, method, "/things", query, body)
        n += 50
    return n / (time.perf_counter() - start)


async def main(seconds: float) -> None:
    plain, screened = build(False), build(True)
    cases = {"GET ?q=..&limit&offset": ("GET", b"q=dinas&limit=50&offset=100", b""),
             "POST 1 KB JSON": ("POST", b"", BODY),
             "POST JSON with 19-digit numbers": ("POST", b"", BIG_NUMBERS)}
    for app in (plain, screened):  # warm up
        for c in cases.values():
            assert await call(app, c[0], "/things", c[1], c[2]) in (200, 201)
    print(f"{'case':34} {'plain req/s':>12} {'screened req/s':>15} {'ratio':>7}")
    for name, c in cases.items():
        a1, b1 = await rate(plain, c, seconds / 2), await rate(screened, c, seconds / 2)
        b2, a2 = await rate(screened, c, seconds / 2), await rate(plain, c, seconds / 2)
        a, b = (a1 + a2) / 2, (b1 + b2) / 2
        print(f"{name:34} {a:12.0f} {b:15.0f} {b / a:7.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per case and app")
    asyncio.run(main(parser.parse_args().seconds))

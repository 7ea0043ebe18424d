"""The baseline: the same query as the service's route, served by Starlette + raw asyncpg + orjson,
with no framework, ORM or validation in between. Run by bench/run.py as a uvicorn process.

Query templates come from the QUERIES environment variable (JSON: name -> SQL with $1).
"""

from __future__ import annotations

import json
import os
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

QUERIES: dict[str, str] = json.loads(os.environ.get("QUERIES", "{}"))


@asynccontextmanager
async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
    app.state.pool = await asyncpg.create_pool(os.environ["RAW_DSN"], min_size=4, max_size=10, server_settings={
        "search_path": os.environ.get("RAW_SEARCH_PATH", "public"), "jit": "off"})
    yield
    await app.state.pool.close()


async def query(request: Request) -> Response:
    sql = QUERIES[request.path_params["name"]]
    arg: Any = request.query_params.get("id")
    async with request.app.state.pool.acquire() as conn:
        rows = await conn.fetch(sql, arg) if "$1" in sql else await conn.fetch(sql)
    if not rows:
        return Response(b'{"detail":"not found"}', status_code=404, media_type="application/json")
    body = [dict(r) for r in rows]
    return Response(orjson.dumps(body[0] if len(body) == 1 else body, default=str), media_type="application/json")


app = Starlette(routes=[Route("/raw/{name}", query)], lifespan=lifespan)

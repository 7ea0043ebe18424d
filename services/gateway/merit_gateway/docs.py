"""One OpenAPI document for the whole system, and Swagger UI / ReDoc served from local files (no CDN)."""

from __future__ import annotations

import asyncio
import copy
import json
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import aiohttp
import fastapi_offline
import orjson
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from merit_shared.conventions import problem_answer, rename_refs, tidy_schemas

STATIC_DIR = Path(fastapi_offline.__file__).parent / "static"
STATIC_PREFIX = "/docs-static"
# ReDoc's bundle shows its maker's logo from a CDN; an offline intranet gets the local favicon instead.
REDOC_REMOTE_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
UPSTREAM_ERRORS = (502, 503, 504)  # the gateway's own answers when the owning service fails (merit_gateway.proxy)
OPERATIONS = frozenset({"/healthz", "/readyz", "/metrics"})
router = APIRouter(include_in_schema=False)


def merge_openapi(base: dict[str, Any], docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Merge service documents into the gateway's: paths, schemas (renamed on a clash), tags, security."""
    merged = copy.deepcopy(base)
    paths = merged.setdefault("paths", {})
    schemas = merged.setdefault("components", {}).setdefault("schemas", {})
    schemes = merged["components"].setdefault("securitySchemes", {})
    tags = {t["name"]: t for t in merged.get("tags", [])}
    groups = [{"name": "Platform", "tags": list(tags)}]  # ReDoc shows tags grouped by service
    for service, doc in docs.items():
        their = doc.get("components", {}).get("schemas", {})
        renames = {name: f"{service.capitalize()}{name}" for name, schema in their.items()
                   if name in schemas and schemas[name] != schema}
        doc = rename_refs(doc, renames)
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            schemas[renames.get(name, name)] = schema
        schemes.update(doc.get("components", {}).get("securitySchemes", {}))
        taken = {op.get("operationId") for item in paths.values() for op in item.values() if isinstance(op, dict)}
        for p, item in doc.get("paths", {}).items():
            if p not in OPERATIONS:
                for op in item.values():
                    if not isinstance(op, dict):
                        continue
                    if "operationId" in op and op["operationId"] in taken:  # unique across the merged document
                        op["operationId"] = f"{service}_{op['operationId']}"
                    taken.add(op.get("operationId"))
                    for status in UPSTREAM_ERRORS:
                        op.setdefault("responses", {}).setdefault(str(status), problem_answer(status))
                paths[p] = item
        own = [t for t in doc.get("tags", []) if t["name"] != "operations"]
        used = [t for item in doc.get("paths", {}).values() for op in item.values() if isinstance(op, dict)
                for t in op.get("tags", [])]
        for t in own:
            tags.setdefault(t["name"], t)
        names = list(dict.fromkeys([t["name"] for t in own] + [t for t in used if t != "operations"]))
        groups.append({"name": service.capitalize(), "tags": names})
    merged["tags"] = list(tags.values())
    merged["x-tagGroups"] = groups
    merged.setdefault("info", {})["x-logo"] = {"url": f"{STATIC_PREFIX}/favicon.png", "altText": "Merit"}
    return tidy_schemas(merged)


@lru_cache(maxsize=1)
def redoc_bundle() -> bytes:
    return (STATIC_DIR / "redoc.standalone.js").read_bytes().replace(
        REDOC_REMOTE_LOGO, f"{STATIC_PREFIX}/favicon.png".encode())


class OpenApiCache:
    def __init__(self, ttl: float = 15.0) -> None:
        self.ttl = ttl
        self.doc: dict[str, Any] | None = None
        self.at = 0.0
        self.lock = asyncio.Lock()

    async def get(self, app: FastAPI) -> dict[str, Any]:
        async with self.lock:
            if self.doc is not None and time.monotonic() - self.at < self.ttl:
                return self.doc
            upstreams = app.state.upstreams
            docs: dict[str, dict[str, Any]] = {}
            missing: list[str] = []

            async def fetch(name: str, url: str) -> None:
                try:
                    async with upstreams.session.get(url + "/openapi.json",
                                                     timeout=aiohttp.ClientTimeout(total=5)) as resp:
                        docs[name] = json.loads(await resp.read())
                except (aiohttp.ClientError, TimeoutError, ValueError):
                    missing.append(name)

            await asyncio.gather(*(fetch(n, u) for n, u in upstreams.urls.items()))
            doc = merge_openapi(app.openapi(), {k: docs[k] for k in sorted(docs)})
            if missing:
                doc["info"]["x-unavailable-services"] = sorted(missing)
            self.doc, self.at = doc, (time.monotonic() if not missing else 0.0)
            return doc


@router.get("/openapi.json")
async def openapi_json(request: Request) -> Response:
    return Response(orjson.dumps(await request.app.state.openapi_cache.get(request.app)),
                    media_type="application/json")


@router.get(f"{STATIC_PREFIX}/redoc.standalone.js")
async def redoc_js() -> Response:
    return Response(redoc_bundle(), media_type="application/javascript",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/docs")
async def swagger() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/openapi.json", title="Merit API",
                               swagger_js_url=f"{STATIC_PREFIX}/swagger-ui-bundle.js",
                               swagger_css_url=f"{STATIC_PREFIX}/swagger-ui.css",
                               swagger_favicon_url=f"{STATIC_PREFIX}/favicon.png",
                               swagger_ui_parameters={"persistAuthorization": True, "validatorUrl": None})


@router.get("/redoc")
async def redoc() -> HTMLResponse:
    return get_redoc_html(openapi_url="/openapi.json", title="Merit API",
                          redoc_js_url=f"{STATIC_PREFIX}/redoc.standalone.js",
                          redoc_favicon_url=f"{STATIC_PREFIX}/favicon.png", with_google_fonts=False)

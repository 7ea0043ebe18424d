"""The docs pages of an offline intranet: Swagger UI and ReDoc load nothing from another host."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from merit_gateway import docs

REMOTE = re.compile(rb"(?:src|href)\s*=\s*[\"']?(?:https?:)?//|cdn\.redoc\.ly|fonts\.googleapis|unpkg\.com|"
                    rb"cdn\.jsdelivr")


def docs_app() -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(docs.router)
    app.mount(docs.STATIC_PREFIX, StaticFiles(directory=docs.STATIC_DIR), name="docs-static")
    return app


async def test_pages_and_their_assets_reference_no_outside_host() -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=docs_app()), base_url="http://gw") as c:
        for page in ("/docs", "/redoc"):
            html = (await c.get(page)).content
            refs = re.findall(rb'(?:src|href)="([^"]+)"', html)
            assert refs and all(r.startswith(b"/") for r in refs), (page, refs)
            assert not REMOTE.search(html), page
            for ref in refs:
                asset = await c.get(ref.decode())
                assert asset.status_code == 200, ref
                if ref.endswith(b".js") and b"redoc" in ref:
                    # the bundle's maker logo came from cdn.redoc.ly: the local favicon stands in
                    assert b"cdn.redoc.ly" not in asset.content
                    assert docs.STATIC_PREFIX.encode() + b"/favicon.png" in asset.content
    assert b"cdn.redoc.ly" in (docs.STATIC_DIR / "redoc.standalone.js").read_bytes()  # what the route replaces


def test_merged_document_logo_is_local() -> None:
    merged = docs.merge_openapi({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}, {})
    assert merged["info"]["x-logo"]["url"].startswith(docs.STATIC_PREFIX + "/")

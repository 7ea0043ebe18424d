"""Conditional GET (RFC 9110 section 13.1.2) and 415 for a JSON body in another media type, as every service built
by ``merit_shared.app.create_service_app`` answers them, and as its OpenAPI document states them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Form, Request, Response
from fastapi.responses import StreamingResponse

from merit_shared.api import IfMatch, StrictModel, check_if_match, etag_for
from merit_shared.app import ServiceSpec, create_service_app
from merit_shared.conventions import etag_matches, with_body_digest
from merit_shared.errors import DomainError
from merit_shared.settings import Settings

THING = uuid.UUID(int=7)
TAG = etag_for("thing", THING, 3)


class ThingIn(StrictModel):
    name: str


def build() -> FastAPI:
    router = APIRouter(prefix="/api/v1/things", tags=["things"])

    @router.get("", summary="List")
    async def list_things() -> dict[str, Any]:
        return {"items": [], "total": 0, "limit": 50, "offset": 0}

    @router.post("", status_code=201, summary="Create")
    async def create_thing(body: ThingIn) -> dict[str, Any]:
        return {"id": str(THING), "name": body.name}

    @router.get("/{thing_id}", summary="Read")
    async def read_thing(thing_id: uuid.UUID, response: Response) -> dict[str, Any]:
        response.headers["ETag"] = TAG
        return {"id": str(thing_id), "name": "x"}

    @router.patch("/{thing_id}", summary="Update")
    async def update_thing(thing_id: uuid.UUID, body: ThingIn, response: Response,
                           if_match: IfMatch = None) -> dict[str, Any]:
        response.headers["ETag"] = TAG
        return {"id": str(thing_id), "name": body.name}

    @router.get("/{thing_id}/cached", summary="Read, cacheable")
    async def read_cached(thing_id: uuid.UUID) -> Response:
        return Response(b'{"a":1}', media_type="application/json",
                        headers={"ETag": 'W/"c1"', "Cache-Control": "public, max-age=60"})

    @router.get("/{thing_id}/stream", summary="Read in chunks")
    async def read_stream(thing_id: uuid.UUID) -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            for part in (b"a", b"b", b"c"):
                yield part

        return StreamingResponse(chunks(), media_type="text/plain", headers={"ETag": '"s1"'})

    @router.post("/{thing_id}/form", summary="A form")
    async def form(thing_id: uuid.UUID, name: str = Form()) -> dict[str, str]:
        return {"name": name}

    @router.put("/{thing_id}/raw", summary="Reads its own body")
    async def raw(thing_id: uuid.UUID, request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    spec = ServiceSpec(name="positions", package="merit_positions", title="T", description="T", routers=[router])
    return create_service_app(spec, Settings())


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return build()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


@pytest.mark.parametrize(("if_none_match", "etag", "matches"), [
    ("*", '"a"', True),
    ('"a"', '"a"', True),
    ('W/"a"', '"a"', True),  # weak comparison: the W/ prefix is ignored on either side
    ('"a"', 'W/"a"', True),
    ('"b", "a"', '"a"', True),  # a list
    ('"b",W/"a"', '"a"', True),
    ('"a,b"', '"a,b"', True),  # a comma inside a quoted tag is part of it
    ('"a,b"', '"a"', False),
    ('"b"', '"a"', False),
    ('a', '"a"', False),  # unquoted: not an entity-tag
    ('"A"', '"a"', False),  # tags are case-sensitive
    ("", '"a"', False),
])
def test_if_none_match_compares_weakly(if_none_match: str, etag: str, matches: bool) -> None:
    assert etag_matches(if_none_match, etag) is matches


async def test_a_matching_if_none_match_is_304_without_body(client: httpx.AsyncClient) -> None:
    url = f"/api/v1/things/{THING}"
    r = await client.get(url)
    assert r.status_code == 200 and r.headers["etag"] == TAG
    for asked in (TAG, f'"other", {TAG}', f"W/{TAG}", "*"):
        r = await client.get(url, headers={"If-None-Match": asked})
        assert r.status_code == 304, asked
        assert r.content == b"" and r.headers["etag"] == TAG
        assert "content-type" not in r.headers and r.headers.get("content-length", "0") == "0"
        assert "accept-language" in r.headers["vary"].lower()
    r = await client.get(url, headers={"If-None-Match": '"stale"'})
    assert r.status_code == 200 and r.json()["id"] == str(THING)


async def test_304_keeps_the_routes_cache_headers(client: httpx.AsyncClient) -> None:
    url = f"/api/v1/things/{THING}/cached"
    r = await client.get(url, headers={"If-None-Match": '"c1"'})
    assert r.status_code == 304 and r.headers["etag"] == 'W/"c1"'
    assert r.headers["cache-control"] == "public, max-age=60"
    r = await client.get(url, headers={"If-None-Match": '"c1"', "Authorization": "Bearer x"})
    assert r.headers["cache-control"] == "public, max-age=60"  # the route chose
    assert "authorization" in ",".join(r.headers.get_list("vary")).lower()


async def test_read_with_a_token_is_private_and_revalidated(client: httpx.AsyncClient) -> None:
    url = f"/api/v1/things/{THING}"
    first = await client.get(url, headers={"Authorization": "Bearer x"})
    # the caller's ETag: the record's version joined to a digest of what they were shown
    assert first.headers["etag"] == with_body_digest(TAG.encode(), first.content).decode()
    assert first.headers["etag"].startswith(TAG[:-1] + ".")
    for inm, status in ((first.headers["etag"], 304), (TAG, 200)):  # the bare version no longer revalidates
        r = await client.get(url, headers={"Authorization": "Bearer x", "If-None-Match": inm})
        assert r.status_code == status
        assert r.headers["cache-control"] == "private, no-cache"
        assert "authorization" in ",".join(r.headers.get_list("vary")).lower()
    r = await client.get(url)
    assert "cache-control" not in r.headers and r.headers["etag"] == TAG  # public: the route's own tag


def test_if_match_checks_the_version_part_of_a_read_etag() -> None:
    check_if_match(TAG, TAG)
    check_if_match(TAG[:-1] + '.0123456789abcdef"', TAG)
    check_if_match("*", TAG)
    for stale in (etag_for("thing", THING, 2), etag_for("thing", THING, 2)[:-1] + '.0123"', "W/" + TAG):
        with pytest.raises(DomainError):
            check_if_match(stale, TAG)


async def test_a_streamed_answer_becomes_one_empty_304(client: httpx.AsyncClient) -> None:
    url = f"/api/v1/things/{THING}/stream"
    assert (await client.get(url)).content == b"abc"
    r = await client.get(url, headers={"If-None-Match": '"s1"'})
    assert r.status_code == 304 and r.content == b""


async def test_only_200_reads_with_an_etag_are_conditional(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/things", headers={"If-None-Match": "*"})
    assert r.status_code == 200  # no ETag: nothing to compare
    r = await client.get("/api/v1/things/not-a-uuid", headers={"If-None-Match": "*"})
    assert r.status_code == 422
    r = await client.patch(f"/api/v1/things/{THING}", json={"name": "y"}, headers={"If-None-Match": TAG})
    assert r.status_code == 200 and r.json()["name"] == "y"  # a write is never a 304


@pytest.mark.parametrize(("content_type", "body"), [
    ("text/plain", b'{"name": "x"}'),
    ("application/x-www-form-urlencoded", b"name=x"),
    ("multipart/form-data; boundary=b", b'--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--\r\n'),
    ("application/xml", b"<name>x</name>"),
    (None, b'{"name": "x"}'),
])
async def test_a_json_route_refuses_other_media_types_with_415(client: httpx.AsyncClient, content_type: str | None,
                                                             body: bytes) -> None:
    headers = {"Accept-Language": "en", **({"Content-Type": content_type} if content_type else {})}
    for method, url in (("POST", "/api/v1/things"), ("PATCH", f"/api/v1/things/{THING}")):
        r = await client.request(method, url, content=body, headers=headers)
        assert r.status_code == 415, (method, content_type, r.text)
        doc = r.json()
        assert r.headers["content-type"] == "application/problem+json"
        assert doc["code"] == "unsupported_media_type" and doc["accepted"] == ["application/json"]
        assert doc["errors"][0]["loc"] == ["header", "content-type"]
        assert "application/json" in doc["detail"] and (content_type or "(none)").split(";")[0] in doc["detail"]


async def test_json_media_types_and_other_bodies_pass(client: httpx.AsyncClient) -> None:
    for ct in ("application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
               "application/merge-patch+json"):
        r = await client.post("/api/v1/things", content=b'{"name": "x"}', headers={"Content-Type": ct})
        assert r.status_code == 201, (ct, r.text)
    r = await client.post("/api/v1/things", content=b"", headers={"Content-Type": "text/plain"})
    assert r.status_code == 422  # no body at all: the missing body is named, as before
    assert r.json()["errors"][0]["loc"] == ["body"]
    r = await client.post(f"/api/v1/things/{THING}/form", data={"name": "x"})
    assert r.status_code == 200 and r.json() == {"name": "x"}  # a form route takes its form
    r = await client.put(f"/api/v1/things/{THING}/raw", content=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    assert r.status_code == 200 and r.json() == {"size": 8}  # a route that reads its own body decides itself
    r = await client.post("/api/v1/things", content=b"{bad", headers={"Content-Type": "application/json"})
    assert r.status_code == 422  # JSON that does not parse stays a validation problem


def test_openapi_documents_304_and_415_where_they_apply(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    read = paths["/api/v1/things/{thing_id}"]["get"]
    assert "304" in read["responses"] and "ETag" in read["responses"]["304"]["headers"]
    assert {"ETag", "Cache-Control", "Vary"} <= set(read["responses"]["304"]["headers"])
    assert "ETag" in read["responses"]["200"]["headers"]
    assert [p["name"] for p in read["parameters"] if p["in"] == "header"] == ["If-None-Match"]
    for path in ("/api/v1/things", "/api/v1/things/{thing_id}/cached"):  # no If-Match write, no ETag declared
        assert "304" not in paths[path]["get"]["responses"], path
    assert "304" not in paths["/api/v1/things/{thing_id}"]["patch"]["responses"]
    for path, method in (("/api/v1/things", "post"), ("/api/v1/things/{thing_id}", "patch"),
                         ("/api/v1/things/{thing_id}/form", "post")):
        answer = paths[path][method]["responses"]["415"]
        assert answer["content"]["application/problem+json"]["example"]["code"] == "unsupported_media_type"
    assert "415" not in paths["/api/v1/things/{thing_id}"]["get"]["responses"]

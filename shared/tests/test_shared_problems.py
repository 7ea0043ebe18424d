"""Every error a service can produce is an RFC 9457 problem document, in Indonesian or English."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from pydantic import Field

from merit_shared.api import StrictModel
from merit_shared.errors import Conflict, DomainError
from merit_shared.problems import install_problem_handlers


class Thing(StrictModel):
    name: str = Field(min_length=2)
    count: int = Field(ge=1)


def make_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/things")
    async def create(thing: Thing) -> dict[str, str]:
        if thing.name == "dup":
            raise Conflict("duplicate_thing", "Sudah ada.", "Already exists.", existing_id="1")
        return {"ok": "yes"}

    @app.get("/busy")
    async def busy() -> None:
        raise DomainError(code="too_many_attempts", status=429, message_id="Tunggu.", message_en="Wait.",
                          extra={"retry_after": 42})

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    return app


async def _client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=make_app(), raise_app_exceptions=False),
                             base_url="http://t")


async def test_validation_error_names_fields_in_both_languages() -> None:
    async with await _client() as c:
        r = await c.post("/things", json={"name": "x", "count": "many", "colour": "red"})
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
        errs = {tuple(e["loc"]): e for e in r.json()["errors"]}
        assert set(errs) == {("body", "name"), ("body", "count"), ("body", "colour")}
        assert errs[("body", "count")]["msg"] == "Harus berupa bilangan bulat."
        r = await c.post("/things", json={"name": "x", "count": 1}, headers={"Accept-Language": "en"})
        assert r.json()["title"] == "Unprocessable content"
        assert "at least 2" in r.json()["errors"][0]["msg"]


async def test_malformed_json_and_wrong_method() -> None:
    async with await _client() as c:
        r = await c.post("/things", content=b"{not json", headers={"Content-Type": "application/json"})
        assert r.status_code == 422 and r.json()["errors"][0]["type"] == "json_invalid"
        r = await c.get("/things")
        assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"


async def test_conflict_carries_code_and_extra() -> None:
    async with await _client() as c:
        r = await c.post("/things", json={"name": "dup", "count": 1})
        assert r.status_code == 409
        assert r.json()["code"] == "duplicate_thing" and r.json()["existing_id"] == "1"


async def test_500_hides_internals() -> None:
    async with await _client() as c:
        r = await c.get("/boom")
        assert r.status_code == 500
        assert "hunter2" not in r.text and r.json()["code"] == "internal_error"


async def test_429_with_retry_after_sends_the_header() -> None:
    async with await _client() as c:
        r = await c.get("/busy")
        assert r.status_code == 429 and r.headers["retry-after"] == "42"
        assert r.json()["code"] == "too_many_attempts" and r.json()["retry_after"] == 42

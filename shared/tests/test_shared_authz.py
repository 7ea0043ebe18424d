"""merit_shared.authz: declared role aliases and the tenancy-scoped loader, on a bare app with a fake loader."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from merit_shared.app import db_session
from merit_shared.auth import Principal, current_principal
from merit_shared.authz import AgencyAdmin, Caller, in_agency, scoped_loader
from merit_shared.problems import install_problem_handlers

A, B = str(uuid.uuid4()), str(uuid.uuid4())


@dataclass
class Thing:
    id: uuid.UUID
    agency_id: str
    unit: str


THINGS = {t.id: t for t in (Thing(uuid.uuid4(), A, "u1"), Thing(uuid.uuid4(), A, "u2"), Thing(uuid.uuid4(), B, "u1"))}
SESSION = object()
calls: list[Any] = []


async def load_thing(session: Any, ident: uuid.UUID, p: Principal) -> Thing | None:
    calls.append(session)
    thing = in_agency(p, THINGS.get(ident))
    # a scope inside the agency: the caller's "unit" claim, when it has one
    return thing if thing is None or p.unit_id in (None, thing.unit) else None


CurrentThing = scoped_loader(Thing, "thing_id", "Barang", load_thing)
AdminThing = scoped_loader(Thing, "thing_id", "Barang", load_thing, principal=AgencyAdmin)


def app() -> FastAPI:
    api = FastAPI()
    install_problem_handlers(api)

    async def fake_session() -> Any:
        return SESSION

    async def fake_principal(request: Request) -> Principal:
        role, agency, unit = request.headers["x-who"].split(":")
        return Principal(subject="s", roles=frozenset({role}), agency_id=agency or None, unit_id=unit or None)

    api.dependency_overrides[db_session] = fake_session
    api.dependency_overrides[current_principal] = fake_principal

    @api.get("/things/{thing_id}")
    async def read(thing_id: uuid.UUID, thing: CurrentThing, p: Caller) -> dict[str, str]:
        assert thing.id == thing_id
        return {"id": str(thing.id), "who": p.subject}

    @api.post("/things/{thing_id}/stamp")
    async def stamp(thing_id: uuid.UUID, p: AgencyAdmin, thing: AdminThing) -> dict[str, str]:
        return {"id": str(thing.id)}

    return api


async def call(method: str, path: str, who: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app()), base_url="http://t") as c:
        return await c.request(method, path, headers={"x-who": who})


def ids(agency: str, unit: str | None = None) -> list[uuid.UUID]:
    return [t.id for t in THINGS.values() if t.agency_id == agency and unit in (None, t.unit)]


async def test_own_agency_record_is_loaded_with_the_request_session() -> None:
    calls.clear()
    tid = ids(A)[0]
    r = await call("GET", f"/things/{tid}", f"employee:{A}:")
    assert r.status_code == 200 and r.json()["id"] == str(tid)
    assert calls == [SESSION]


@pytest.mark.parametrize("who", [f"employee:{A}:", f"agency_admin:{A}:", f"employee:{A}:u1"])
async def test_another_agency_or_out_of_scope_is_the_same_404_as_a_missing_id(who: str) -> None:
    missing = await call("GET", f"/things/{uuid.uuid4()}", who)
    foreign = await call("GET", f"/things/{ids(B)[0]}", who)
    assert missing.status_code == foreign.status_code == 404
    assert missing.json()["code"] == foreign.json()["code"] == "not_found"
    assert set(missing.json()) == set(foreign.json())
    if who.endswith("u1"):  # the caller's scope is unit u1: a record of u2 of their own agency is not found either
        out = await call("GET", f"/things/{ids(A, 'u2')[0]}", who)
        assert out.status_code == 404 and out.json()["code"] == "not_found"
        assert (await call("GET", f"/things/{ids(A, 'u1')[0]}", who)).status_code == 200


async def test_the_role_alias_answers_403_before_anything_is_loaded() -> None:
    calls.clear()
    r = await call("POST", f"/things/{ids(B)[0]}/stamp", f"employee:{A}:")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert calls == []  # no record was read, so the answer says nothing about the id
    assert (await call("POST", f"/things/{ids(B)[0]}/stamp", f"agency_admin:{A}:")).status_code == 404
    assert (await call("POST", f"/things/{ids(A)[0]}/stamp", f"agency_admin:{A}:")).status_code == 200
    assert (await call("POST", f"/things/{ids(B)[0]}/stamp", "service::")).status_code == 200


async def test_the_path_parameter_is_declared_once_in_the_openapi() -> None:
    spec = app().openapi()
    params = spec["paths"]["/things/{thing_id}"]["get"]["parameters"]
    assert [p["name"] for p in params] == ["thing_id"]

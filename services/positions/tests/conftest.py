"""Fixtures for the positions service's tests: the real app on the test database, migrated by Alembic."""

from __future__ import annotations

import itertools
import os
import random
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from merit_shared import clock
from merit_shared.testing import TokenFactory, running_app, use_test_database


@pytest.fixture(scope="session")
def tokens() -> TokenFactory:
    return TokenFactory()


@pytest.fixture(scope="session")
async def client(tokens: TokenFactory) -> AsyncIterator[httpx.AsyncClient]:
    use_test_database()
    os.environ["SCHEDULER_ENABLED"] = "false"  # the daily jobs run when a test calls them
    from merit_positions.main import create_app

    async with running_app(create_app(), tokens) as c:
        yield c


_seq = itertools.count(1)
_issued: set[str] = set()


def make_nip(birth: str = "19800101", cpns: str = "200503", gender: str = "1") -> str:
    """A NIP never handed out before in this test process: a NIP is active in one agency only, nationally. The
    sequence stays in 101..999, clear of the fixed NIPs tests spell out (sequence 001..100)."""
    for _ in range(2000):
        nip = f"{birth}{cpns}{gender}{next(_seq) % 899 + 101:03d}"
        if nip not in _issued:
            _issued.add(nip)
            return nip
    raise AssertionError(f"no NIP left for birth {birth}, cpns {cpns}")


class World:
    """Builds an agency with units, jobs, positions and employees through the public API."""

    def __init__(self, client: httpx.AsyncClient, tokens: TokenFactory) -> None:
        self.c = client
        self.tokens = tokens
        self.agency_id = uuid.uuid4()
        self.admin = tokens.headers("agency_admin", agency_id=self.agency_id, sub="admin")
        self.service = tokens.headers("service", sub="svc-test")

    def h(self, *roles: str, **kw: Any) -> dict[str, str]:
        return self.tokens.headers(*roles, agency_id=self.agency_id, **kw)

    async def ok(self, method: str, url: str, status: int = 201, headers: dict | None = None, **kw: Any) -> Any:
        r = await self.c.request(method, url, headers=headers or self.admin, **kw)
        assert r.status_code == status, r.text
        return r.json()

    async def setup(self) -> World:
        await self.ok("POST", "/api/v1/agencies", headers=self.service,
                      json={"id": str(self.agency_id), "code": f"AG-{self.agency_id.hex[:10]}",
                            "name": "Pemerintah Kota Uji", "kind": "PEMDA_KOTA"})
        return self

    async def unit(self, name: str = "Dinas", parent: str | None = None, kind: str = "DINAS", **kw: Any) -> dict:
        body = {"code": f"U-{uuid.uuid4().hex[:8]}", "name": name, "kind": kind, "parent_id": parent,
                "valid_from": "2015-01-01", **kw}
        return await self.ok("POST", "/api/v1/org-units", json=body)

    async def job(self, kind: str = "PELAKSANA", **kw: Any) -> dict:
        body = {"name": f"Jabatan {kind}", "kind": kind, "kelas_jabatan": 7, **kw}
        return await self.ok("POST", "/api/v1/jobs", json=body)

    async def position(self, unit: dict, job: dict, **kw: Any) -> dict:
        return await self.ok("POST", "/api/v1/positions", json={"unit_id": unit["id"], "job_id": job["id"], **kw})

    async def employee(self, golongan: str | None = "III/d", birth: str = "19800101", cpns: str = "200503",
                       **kw: Any) -> dict:
        body: dict[str, Any] = {"nip": make_nip(birth, cpns), "name": f"Pegawai {random.randint(1, 99999)}",
                                "employment_type": "PNS", **kw}
        if golongan:
            body["rank"] = {"golongan": golongan, "tmt": "2015-04-01"}
        return await self.ok("POST", "/api/v1/employees", json=body)

    async def long_acting(self) -> None:
        """Acting assignments may last ten years in this agency (policy acting_months): the fixtures keep a Plt in
        force from a fixed past date to today."""
        await self.ok("PUT", f"/api/v1/agencies/{self.agency_id}/policy", status=200,
                      json={"overrides": {"acting_months": 120}})

    async def assign(self, emp: dict, pos: dict, kind: str = "definitive", tmt: str = "2020-01-02",
                     status: int = 201, headers: dict | None = None, **kw: Any) -> Any:
        body = {"employee_id": emp["id"], "position_id": pos["id"], "kind": kind, "tmt_start": tmt,
                "sk_number": "SK-1", "sk_date": tmt, "reason": "initial", **kw}
        return await self.ok("POST", "/api/v1/assignments", status=status, json=body, headers=headers)


@pytest.fixture
async def world(client: httpx.AsyncClient, tokens: TokenFactory) -> World:
    return await World(client, tokens).setup()


GOOD_EVALUATION = {"predikat_by_year": [{"year": y, "predikat": "BAIK"} for y in range(2018, clock.today().year + 1)],
                   "all_at_least_baik": True, "jpm": {"percent": 85, "category": "CUKUP_OPTIMAL"}}


class GoodEvaluation:
    """Stands in for the evaluation service: everyone has good ratings and JPM (the checks pass)."""

    async def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        return httpx.Response(200, json=GOOD_EVALUATION)


@pytest.fixture
def good_evaluation(world: World) -> Iterator[None]:
    app = world.c._transport.app  # type: ignore[attr-defined]
    old = app.state.peers.get("evaluation")
    app.state.peers["evaluation"] = GoodEvaluation()
    yield
    app.state.peers["evaluation"] = old

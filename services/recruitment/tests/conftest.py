"""Fixtures for the recruitment service's tests: the real app on the test database, migrated by Alembic.

The other services do not run here: ``directory`` swaps in a fake with the facts a test declares, and
``world`` builds an agency with a vacant position, employees and a ready-to-announce selection.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from merit_shared import clock
from merit_shared.directory import UpstreamRefused
from merit_shared.http import UpstreamUnavailable
from merit_shared.testing import TokenFactory, running_app, use_test_database


@pytest.fixture(scope="session")
def tokens() -> TokenFactory:
    return TokenFactory()


@pytest.fixture(scope="session")
async def app_client(tokens: TokenFactory) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    use_test_database()
    os.environ["SCHEDULER_ENABLED"] = "false"  # the daily job runs when a test calls it
    from merit_recruitment.main import create_app

    app = create_app()
    async with running_app(app, tokens) as c:
        yield app, c


@pytest.fixture(scope="session")
def client(app_client: tuple[Any, httpx.AsyncClient]) -> httpx.AsyncClient:
    return app_client[1]


@pytest.fixture(scope="session")
def app(app_client: tuple[Any, httpx.AsyncClient]) -> Any:
    return app_client[0]


class FakeDirectory:
    """In-memory stand-in for positions, evaluation and the gateway's accounts; ``down`` names services that
    'cannot be reached'."""

    def __init__(self) -> None:
        self.positions: dict[str, dict[str, Any]] = {}
        self.employees: dict[str, dict[str, Any]] = {}
        self.careers: dict[str, list[dict[str, Any]]] = {}
        self.rank_history: dict[str, list[dict[str, Any]]] = {}
        self.summaries: dict[str, dict[str, Any]] = {}
        self.agencies: dict[str, dict[str, Any]] = {}
        self.summary_as_of: dict[str, date] = {}  # the as_of each summary was last asked for
        self.accounts: dict[str, dict[str, Any]] = {}  # gateway accounts (AccountOut) by id
        self.supervisor_of: dict[str, str] = {}  # employee id -> their evaluator's employee id
        self.down: set[str] = set()

    def _up(self, service: str) -> None:
        if service in self.down:
            raise UpstreamUnavailable(f"{service} down (test)")

    async def agency(self, agency_id: str) -> dict[str, Any] | None:
        self._up("positions")
        return self.agencies.get(str(agency_id))

    async def position(self, position_id: str) -> dict[str, Any] | None:
        self._up("positions")
        return self.positions.get(str(position_id))

    async def employee(self, employee_id: str) -> dict[str, Any] | None:
        self._up("positions")
        return self.employees.get(str(employee_id))

    async def employee_by_nip(self, nip: str, agency_id: str | None = None) -> dict[str, Any] | None:
        """Like positions: narrowed to ``agency_id`` when given; 409 nip_ambiguous for a NIP in several agencies."""
        self._up("positions")
        found = [e for e in self.employees.values()
                 if e["nip"] == nip and (agency_id is None or str(e["agency_id"]) == str(agency_id))]
        if len({str(e["agency_id"]) for e in found}) > 1:
            raise UpstreamRefused("positions", f"/api/v1/employees/by-nip/{nip}", 409, "nip_ambiguous")
        return found[0] if found else None

    async def ranks(self, employee_id: str) -> list[dict[str, Any]] | None:
        """The rank history (``rank_history`` by employee id), else the employee's latest rank; newest first."""
        self._up("positions")
        if str(employee_id) in self.rank_history:
            return self.rank_history[str(employee_id)]
        emp = self.employees.get(str(employee_id))
        return None if emp is None else [emp["rank"]] if emp.get("rank") else []

    async def supervisors(self, employee_id: str) -> dict[str, Any] | None:
        self._up("positions")
        boss = self.supervisor_of.get(employee_id)
        return {"evaluator": {"employee_id": boss} if boss else None, "evaluator_superior": None}

    async def career(self, employee_id: str) -> list[dict[str, Any]] | None:
        self._up("positions")
        return self.careers.get(str(employee_id))

    def add_account(self, username: str, *, agency_id: object = None, roles: tuple[str, ...] = ("panel_member",),
                    active: bool = True, employee_id: object = None) -> dict[str, Any]:
        acc = {"id": str(uuid.uuid4()), "username": username, "name": username, "roles": list(roles),
               "agency_id": str(agency_id) if agency_id else None, "unit_id": None,
               "employee_id": str(employee_id) if employee_id else None, "active": active, "revoked_at": None,
               "must_change_password": False}
        self.accounts[acc["id"]] = acc
        return acc

    async def account(self, account_id: str) -> dict[str, Any] | None:
        self._up("gateway")
        return self.accounts.get(str(account_id))

    async def account_by_username(self, username: str) -> dict[str, Any] | None:
        self._up("gateway")
        return next((a for a in self.accounts.values() if a["username"] == username), None)

    async def summary(self, employee_id: str, as_of: date) -> dict[str, Any] | None:
        """Like evaluation: only the ratings of the 2 completed years before as_of's year."""
        self._up("evaluation")
        self.summary_as_of[str(employee_id)] = as_of
        doc = self.summaries.get(str(employee_id))
        if doc is None:
            return None
        window = range(as_of.year - 2, as_of.year)
        return {**doc, "as_of": as_of.isoformat(),
                "predikat_by_year": [p for p in doc.get("predikat_by_year") or [] if p["year"] in window]}


@pytest.fixture
def directory(app: Any) -> Iterator[FakeDirectory]:
    fake = FakeDirectory()
    old = getattr(app.state, "directory", None)
    app.state.directory = fake
    yield fake
    app.state.directory = old


def new_nip() -> str:
    return "19750101" + "".join(random.choice("0123456789") for _ in range(10))


INAUGURATION = clock.today() + timedelta(days=90)


class World:
    """One agency: admin, a vacant JPT Pratama position, employees with good records."""

    def __init__(self, client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> None:
        self.c, self.tokens, self.dir = client, tokens, directory
        self.agency = uuid.uuid4()
        self.admin = tokens.headers("agency_admin", agency_id=self.agency, sub=f"admin-{uuid.uuid4().hex[:6]}")
        self.agency_name = "Pemerintah Kabupaten Sukamaju"
        directory.agencies[str(self.agency)] = {"id": str(self.agency), "code": "KAB-SKM", "name": self.agency_name}
        self.position_id = str(uuid.uuid4())
        directory.positions[self.position_id] = {
            "id": self.position_id, "agency_id": str(self.agency), "unit_id": str(uuid.uuid4()),
            "unit_name": "Dinas Kesehatan", "name": "Kepala Dinas Kesehatan", "is_head": True,
            "job": {"id": str(uuid.uuid4()), "name": "Kepala Dinas", "kind": "JPT_PRATAMA", "jenjang": "PRATAMA",
                    "kelas_jabatan": 14, "min_education": "S1", "min_rank": "IV/b", "bup": 60,
                    "competency_standard": {"managerial": 4}},
            "required_seats": 1, "filled": 0, "vacant": 1, "holders": [], "acting": []}

    def employee(self, *, name: str = "Budi Santoso", birth: str = "1975-01-01", education: str = "S2",
                 rank: str = "IV/b", admin_years: int = 4, predikat: str = "BAIK", agency: uuid.UUID | None = None,
                 discipline: bool = False) -> dict[str, Any]:
        eid, nip = str(uuid.uuid4()), new_nip()
        self.dir.employees[eid] = {
            "id": eid, "agency_id": str(agency or self.agency), "nip": nip, "name": name, "display_name": name,
            "birth_date": birth, "gender": "M", "employment_type": "PNS", "status": "active",
            "rank": {"golongan": rank, "tmt": "2018-04-01"},
            "education": {"level": education, "major": "Kesehatan Masyarakat", "institution": "UI",
                          "graduated_on": "2005-01-01"},
            "current_assignment": {"id": str(uuid.uuid4()), "position_id": str(uuid.uuid4()),
                                   "position_name": "Sekretaris Dinas", "job_kind": "ADMINISTRATOR",
                                   "jenjang": None, "unit_id": str(uuid.uuid4()), "unit_name": "Dinas Kesehatan",
                                   "kind": "definitive", "tmt_start": "2019-01-01"},
            "retirement_date": "2035-01-01"}
        start = clock.today() - timedelta(days=int(365.25 * admin_years) + 2)
        self.dir.careers[eid] = [
            {"assignment_id": str(uuid.uuid4()), "position_id": str(uuid.uuid4()), "position_name": "Kepala Seksi",
             "job_kind": "PENGAWAS", "jenjang": None, "unit_id": None, "unit_name": "Dinkes", "kind": "definitive",
             "tmt_start": "2008-01-01", "tmt_end": start.isoformat(), "reason": None, "end_reason": None,
             "sk_number": "x", "sk_date": "2008-01-01"},
            {"assignment_id": str(uuid.uuid4()), "position_id": str(uuid.uuid4()), "position_name": "Sekretaris",
             "job_kind": "ADMINISTRATOR", "jenjang": None, "unit_id": None, "unit_name": "Dinkes",
             "kind": "definitive", "tmt_start": start.isoformat(), "tmt_end": None, "reason": None,
             "end_reason": None, "sk_number": "y", "sk_date": start.isoformat()}]
        y = clock.today().year  # ratings up to this year; the fake returns the 2 years before as_of's year
        self.dir.summaries[eid] = {
            "employee_id": eid, "predikat_by_year": [{"year": y - n, "predikat": predikat} for n in (3, 2, 1, 0)],
            "all_at_least_baik": predikat in ("BAIK", "SANGAT_BAIK"), "jpm": {"percent": 82.5, "category": "Optimal"},
            "moderate_or_heavy_discipline_within_2_years": discipline,
            "discipline": [{"level": "MODERATE", "decided_on": (clock.today() - timedelta(days=100)).isoformat()}]
            if discipline else []}
        return {"id": eid, "nip": nip, "name": name,
                "headers": self.tokens.headers("employee", agency_id=agency or self.agency, employee_id=eid, nip=nip,
                                               sub=f"emp-{nip}")}

    def schedule(self, stages: int = 5) -> dict[str, Any]:
        t = clock.today()
        return {"announcement_start": t.isoformat(), "announcement_end": (t + timedelta(days=14)).isoformat(),
                "registration_start": (t + timedelta(days=1)).isoformat(),
                "registration_end": (t + timedelta(days=20)).isoformat(),
                "stage_dates": [(t + timedelta(days=25 + 3 * i)).isoformat() for i in range(stages)]}

    #: Policy override: result announcements open no appeal window, so a test may move on at once.
    NO_APPEAL_WINDOW: dict[str, Any] = {"policies": {"publication": {"appeal_window_days": 0}}}

    async def selection(self, **over: Any) -> dict[str, Any]:
        body = {"title": "Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan", "kind": "JPT_PRATAMA",
                "position_ids": [self.position_id], "schedule": self.schedule(),
                "planned_inauguration_date": INAUGURATION.isoformat(), **over}
        r = await self.c.post("/api/v1/selections", json=body, headers=self.admin)
        assert r.status_code == 201, r.text
        return r.json()

    async def act(self, sid: str, action: str, body: Any = None, headers: Any = None, status: int = 200) -> Any:
        r = await self.c.post(f"/api/v1/selections/{sid}/{action}", json=body, headers=headers or self.admin)
        assert r.status_code == status, r.text
        return r.json()

    async def open_selection(self, **over: Any) -> dict[str, Any]:
        sel = await self.selection(**over)
        await self.act(sel["id"], "announce")
        return await self.act(sel["id"], "open-registration")

    def panel_account(self, internal: bool, **kw: Any) -> tuple[dict[str, Any], dict[str, str]]:
        """A panel member's gateway account (in the fake directory) and a token of it."""
        sub = f"panel-{uuid.uuid4().hex[:8]}"
        agency = self.agency if internal else uuid.uuid4()
        acc = self.dir.add_account(sub, agency_id=agency, **kw)
        return acc, self.tokens.headers("panel_member", sub=sub, agency_id=agency, account_id=acc["id"],
                                        employee_id=kw.get("employee_id"))

    def committee_body(self, internal: int = 2, size: int = 5) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        """Members named by account id (and, for the tests that look members up, their username as subject)."""
        members, headers = [], []
        for i in range(size):
            acc, h = self.panel_account(i < internal)
            members.append({"account_id": acc["id"], "subject": acc["username"], "name": f"Anggota {i}",
                            "role": "CHAIR" if i == 0 else "MEMBER", "internal": i < internal})
            headers.append(h)
        return members, headers

    async def declare(self, sid: str, members: list[dict[str, Any]], heads: list[dict[str, str]],
                      app_ids: list[str], has_conflict: bool = False) -> None:
        """Each member (``members[i]`` holding ``heads[i]``) declares (no) conflict with each application."""
        com = (await self.c.get(f"/api/v1/selections/{sid}/committee", headers=self.admin)).json()
        seat = {**{m["subject"]: m["id"] for m in com["members"]}, **{m["account_id"]: m["id"] for m in com["members"]}}
        for m, h in zip(members, heads, strict=False):
            member_id = seat[m.get("account_id") or m["subject"]]
            for app_id in app_ids:
                r = await self.c.put(f"/api/v1/selections/{sid}/committee/{member_id}/declarations/"
                                     f"{app_id}", json={"has_conflict": has_conflict}, headers=h)
                assert r.status_code == 200, r.text

    async def complete_documents(self, app_id: str) -> None:
        """Every document the checklist still misses, uploaded on the applicant's behalf (a small PDF each)."""
        app = (await self.c.get(f"/api/v1/applications/{app_id}", headers=self.admin)).json()
        svc = self.tokens.headers("service")
        for code in app["missing_documents"]:
            r = await self.c.put(f"/api/v1/applications/{app_id}/documents/{code}", content=b"%PDF-1.4 " + code.encode(),
                                 headers={**svc, "Content-Type": "application/pdf"})
            assert r.status_code == 200, r.text

    async def qualify(self, app_id: str) -> None:
        await self.complete_documents(app_id)
        r = await self.c.post(f"/api/v1/applications/{app_id}/verify", json={"decision": "ACCEPT"},
                              headers=self.admin)
        assert r.status_code == 200, r.text
        sup = self.tokens.headers("supervisor", agency_id=self.agency, sub=f"sup-{uuid.uuid4().hex[:6]}")
        r = await self.c.post(f"/api/v1/applications/{app_id}/second-check", json={"decision": "ACCEPT"}, headers=sup)
        assert r.status_code == 200, r.text


@pytest.fixture
def world(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> World:
    return World(client, tokens, directory)

"""Identity links are checked against the agency when an account is made (through the gateway, real services)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import DEMO_PASSWORD, login
from tests.test_e2e_performance import Agency


def _user(gw: httpx.Client, admin: dict[str, str], **links: Any) -> httpx.Response:
    return gw.post("/api/v1/users", headers=admin, json={
        "username": f"u{uuid.uuid4().hex[:10]}", "password": DEMO_PASSWORD, "name": "Operator", "roles": ["employee"],
        **links})


def test_accounts_link_only_records_of_their_agency(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = Agency(gw, platform), Agency(gw, platform)
    cases = {"employee_id": {"employee_id": b.staff["id"]}, "unit_id": {"unit_id": b.bidang},
             "nip": {"employee_id": a.staff["id"], "nip": b.staff["nip"]}}
    for field, links in cases.items():
        r = _user(gw, a.admin, **links)
        assert r.status_code == 422, (field, r.text)
        assert r.json()["errors"][0]["loc"] == ["body", field], r.text
    unknown = _user(gw, a.admin, employee_id=str(uuid.uuid4()))
    foreign = _user(gw, a.admin, employee_id=b.staff["id"])
    assert unknown.json()["code"] == foreign.json()["code"] == "link_not_in_agency"  # no existence oracle
    assert _user(gw, a.admin, nip=a.staff["nip"]).json()["code"] == "nip_without_employee"
    # The agency's own records link, and the NIP is taken from the employee record.
    r = _user(gw, a.admin, employee_id=a.staff["id"], unit_id=a.bidang)
    assert r.status_code == 201, r.text
    me = gw.get("/api/v1/auth/me", headers=login(gw, r.json()["username"])).json()
    assert me["employee_id"] == a.staff["id"] and me["nip"] == a.staff["nip"] and me["agency_id"] == a.agency_id

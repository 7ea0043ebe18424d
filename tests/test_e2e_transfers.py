"""One person, one active record nationally, and the transfer between agencies (mutasi antar instansi), through
the gateway with every service a real process: A releases, B accepts with its SK, the person's history is visible
at B through the transfer only, A's record is history, and nobody else sees anything. Three agencies."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from tests.conftest import create_user, login, ok
from tests.test_e2e_performance import Agency
from tests.world import TODAY


def _release(a: Agency, employee_id: str, destination: str, tmt: str, headers: dict[str, str] | None = None,
             ) -> httpx.Response:
    return a.gw.post("/api/v1/transfers", headers=headers or a.admin, json={
        "employee_id": employee_id, "destination_agency_id": destination, "sk_number": "800/12/BKPSDM/2026",
        "sk_date": TODAY.isoformat(), "tmt": tmt})


def _ids(page: dict[str, Any]) -> set[str]:
    return {t["id"] for t in page["items"]}


def test_a_transfer_moves_the_person_with_their_history_and_nobody_else_sees_it(
        gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b, c = Agency(gw, platform), Agency(gw, platform), Agency(gw, platform)
    person = a.staff  # III/b, S1, holding a seat in A's Bidang since 2018, with an account
    a_unit_admin = login(gw, create_user(gw, platform, a.agency_id, ["unit_admin"], unit_id=a.bidang))
    b_unit_admin = login(gw, create_user(gw, platform, b.agency_id, ["unit_admin"], unit_id=b.bidang))

    # One active record nationally: B cannot register A's serving employee, and is not told which agency has them.
    r = gw.post("/api/v1/employees", headers={**b.admin, "Accept-Language": "en"}, json={
        "nip": person["nip"], "name": person["name"], "employment_type": "PNS"})
    assert r.status_code == 409 and r.json()["code"] == "nip_active_elsewhere", r.text
    assert "another agency" in r.json()["detail"]
    assert a.agency_id not in r.text and person["id"] not in r.text and "Kinerja" not in r.json()["detail"]

    # Release: only A's agency admin, only A's employee, never to A itself.
    tmt = (TODAY + timedelta(days=7)).isoformat()
    assert _release(a, person["id"], b.agency_id, tmt, headers=a_unit_admin).status_code == 403
    assert _release(a, person["id"], b.agency_id, tmt, headers=person["headers"]).status_code == 403
    assert _release(a, person["id"], b.agency_id, tmt, headers=a.ppk).status_code == 403
    r = _release(b, person["id"], c.agency_id, tmt)  # B cannot release A's employee
    assert r.status_code == 404 and person["name"] not in r.text, r.text
    assert _release(a, person["id"], a.agency_id, tmt).json()["code"] == "transfer_same_agency"
    assert _release(a, person["id"], str(uuid.uuid4()), tmt).status_code == 404
    r = a.gw.post("/api/v1/transfers", headers=a.admin, json={
        "employee_id": person["id"], "destination_agency_id": b.agency_id, "sk_number": "800/1",
        "sk_date": TODAY.isoformat(), "tmt": (TODAY - timedelta(days=1)).isoformat()})
    assert r.status_code == 422 and r.json()["code"] == "transfer_tmt_before_sk", r.text
    t = ok(_release(a, person["id"], b.agency_id, tmt), 201)
    assert t["status"] == "RELEASED" and t["nip"] == person["nip"] and t["destination_employee_id"] is None
    r = _release(a, person["id"], c.agency_id, tmt)
    assert r.status_code == 409 and r.json()["code"] == "transfer_pending", r.text
    # Nothing moved yet: the person is still A's, and still refused at B.
    assert ok(gw.get(f"/api/v1/employees/{person['id']}", headers=a.admin))["status"] == "active"

    # Both agencies' admins see the transfer; nobody else does.
    assert t["id"] in _ids(ok(gw.get("/api/v1/transfers", params={"direction": "outgoing"}, headers=a.admin)))
    assert t["id"] not in _ids(ok(gw.get("/api/v1/transfers", params={"direction": "incoming"}, headers=a.admin)))
    incoming = ok(gw.get("/api/v1/transfers", params={"direction": "incoming"}, headers=b.admin))
    assert t["id"] in _ids(incoming)
    assert ok(gw.get(f"/api/v1/transfers/{t['id']}", headers=b.admin))["employee_name"] == person["name"]
    third = gw.get("/api/v1/transfers", headers=c.admin)
    assert third.status_code == 200 and t["id"] not in third.text and person["nip"] not in third.text
    assert gw.get(f"/api/v1/transfers/{t['id']}", headers=c.admin).status_code == 404
    for who in (a_unit_admin, person["headers"], a.ppk, b_unit_admin, b.staff["headers"], b.kabid["headers"]):
        assert gw.get(f"/api/v1/transfers/{t['id']}", headers=who).status_code == 403
        assert gw.get("/api/v1/transfers", headers=who).status_code == 403

    # Accept: only B's agency admin; A (the origin) and a third agency cannot.
    sk = {"sk_number": "821/45/BKPSDM-B/2026", "sk_date": TODAY.isoformat()}
    r = gw.post(f"/api/v1/transfers/{t['id']}/accept", headers=a.admin, json=sk)
    assert r.status_code == 403 and r.json()["code"] == "transfer_not_destination", r.text
    assert gw.post(f"/api/v1/transfers/{t['id']}/accept", headers=c.admin, json=sk).status_code == 404
    assert gw.post(f"/api/v1/transfers/{t['id']}/decline", headers=c.admin, json={"reason": "x"}).status_code == 404
    for who in (b_unit_admin, b.staff["headers"], b.ppk, person["headers"]):
        assert gw.post(f"/api/v1/transfers/{t['id']}/accept", headers=who, json=sk).status_code == 403
    assert ok(gw.get(f"/api/v1/transfers/{t['id']}", headers=a.admin))["status"] == "RELEASED"  # nothing changed
    done = ok(gw.post(f"/api/v1/transfers/{t['id']}/accept", headers=b.admin, json=sk))
    assert done["status"] == "ACCEPTED" and done["accept_sk_number"] == sk["sk_number"], done
    new_id = done["destination_employee_id"]
    assert new_id and new_id != person["id"]
    r = gw.post(f"/api/v1/transfers/{t['id']}/accept", headers=b.admin, json=sk)
    assert r.status_code == 409 and r.json()["code"] == "transfer_not_open", r.text

    # A's record is history: transferred_out, its seat ended the day before the TMT with reason transfer.
    old = ok(gw.get(f"/api/v1/employees/{person['id']}", headers=a.admin))
    assert old["status"] == "transferred_out", old  # the seat is still held until the day before the TMT
    [seat] = ok(gw.get(f"/api/v1/employees/{person['id']}/career", headers=a.admin))["items"]
    assert seat["end_reason"] == "transfer" and seat["tmt_end"] == (TODAY + timedelta(days=6)).isoformat(), seat
    r = gw.patch(f"/api/v1/employees/{person['id']}", headers=a.admin, json={"status": "active"})
    assert r.status_code in (409, 422), r.text
    r = gw.patch(f"/api/v1/employees/{person['id']}", headers=a.admin, json={"name": "Nama Baru"})
    assert r.status_code == 409 and r.json()["code"] == "employee_transferred_out", r.text
    assert ok(gw.get(f"/api/v1/employees/{person['id']}", headers=a.admin))["name"] == person["name"]
    r = gw.get("/api/v1/employees", params={"status": "active", "q": person["nip"]}, headers=a.admin)
    assert person["id"] not in r.text

    # B has the person: same NIP and person data, the rank and education carried over, linked to the origin.
    mine = ok(gw.get(f"/api/v1/employees/by-nip/{person['nip']}", headers=b.admin))
    assert mine["id"] == new_id and mine["agency_id"] == b.agency_id and mine["status"] == "active"
    assert mine["name"] == person["name"] and mine["origin_employee_id"] == person["id"]
    assert mine["rank"]["golongan"] == "III/b" and mine["education"]["level"] == "S1"
    # ... and reads A's lines as read-only history, through the accepted transfer only.
    history = ok(gw.get(f"/api/v1/employees/{new_id}/origin-history", headers=b.admin))
    assert history["read_only"] is True
    [origin] = history["items"]
    assert origin["agency_id"] == a.agency_id and origin["employee_id"] == person["id"]
    assert origin["transfer_id"] == t["id"] and origin["status"] == "transferred_out"
    assert [r["golongan"] for r in origin["ranks"]] == ["III/b"]
    assert [e["level"] for e in origin["educations"]] == ["S1"]
    [line] = origin["assignments"]
    assert line["end_reason"] == "transfer" and line["tmt_start"] == "2018-01-02"
    assert gw.get(f"/api/v1/employees/{person['id']}", headers=b.admin).status_code == 404  # no direct way in
    assert gw.get(f"/api/v1/employees/{person['id']}/career", headers=b.admin).status_code == 404
    for who in (a.admin, c.admin):
        assert gw.get(f"/api/v1/employees/{new_id}/origin-history", headers=who).status_code == 404
    for who in (b.staff["headers"], b_unit_admin):  # inside B: not their record / not in their subtree
        assert gw.get(f"/api/v1/employees/{new_id}/origin-history", headers=who).status_code == 403
    assert ok(gw.get(f"/api/v1/employees/{person['id']}/origin-history", headers=a.admin))["items"] == []

    # Still one active record: neither A nor a third agency can register the NIP again.
    r = gw.post("/api/v1/employees", headers=c.admin, json={
        "nip": person["nip"], "name": person["name"], "employment_type": "PNS"})
    assert r.status_code == 409 and r.json()["code"] == "nip_active_elsewhere", r.text
    r = gw.post("/api/v1/employees", headers=a.admin, json={
        "nip": person["nip"], "name": person["name"], "employment_type": "PNS"})
    assert r.status_code == 409 and r.json()["code"] in ("nip_taken", "nip_active_elsewhere"), r.text
    # The transfer shows the same to both agencies' admins.
    assert ok(gw.get(f"/api/v1/transfers/{t['id']}", headers=a.admin)) == done
    assert t["id"] in _ids(ok(gw.get("/api/v1/transfers", params={"status": "ACCEPTED"}, headers=b.admin)))


def test_a_declined_or_cancelled_transfer_moves_nobody(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b, c = Agency(gw, platform), Agency(gw, platform), Agency(gw, platform)
    person = a.kabid
    tmt = (TODAY + timedelta(days=14)).isoformat()
    t = ok(_release(a, person["id"], b.agency_id, tmt), 201)
    assert gw.post(f"/api/v1/transfers/{t['id']}/decline", headers=a.admin,
                   json={"reason": "Salah kirim"}).json()["code"] == "transfer_not_destination"
    assert gw.post(f"/api/v1/transfers/{t['id']}/cancel", headers=b.admin).json()["code"] == "transfer_not_origin"
    assert gw.post(f"/api/v1/transfers/{t['id']}/cancel", headers=c.admin).status_code == 404
    declined = ok(gw.post(f"/api/v1/transfers/{t['id']}/decline", headers=b.admin,
                          json={"reason": "Formasi jabatan tidak tersedia"}))
    assert declined["status"] == "DECLINED" and declined["decline_reason"] == "Formasi jabatan tidak tersedia"
    r = gw.post(f"/api/v1/transfers/{t['id']}/accept", headers=b.admin,
                json={"sk_number": "821/1", "sk_date": TODAY.isoformat()})
    assert r.status_code == 409 and r.json()["code"] == "transfer_not_open", r.text
    kept = ok(gw.get(f"/api/v1/employees/{person['id']}", headers=a.admin))
    assert kept["status"] == "active" and kept["current_assignment"] is not None
    assert gw.get(f"/api/v1/employees/by-nip/{person['nip']}", headers=b.admin).status_code == 404

    # A new release after the decline; the origin withdraws it before B decides.
    t2 = ok(_release(a, person["id"], c.agency_id, tmt), 201)
    assert t2["id"] not in gw.get("/api/v1/transfers", headers=b.admin).text  # B is not a party of this one
    cancelled = ok(gw.post(f"/api/v1/transfers/{t2['id']}/cancel", headers=a.admin))
    assert cancelled["status"] == "CANCELLED"
    assert gw.post(f"/api/v1/transfers/{t2['id']}/accept", headers=c.admin,
                   json={"sk_number": "821/2", "sk_date": TODAY.isoformat()}).json()["code"] == "transfer_not_open"
    assert ok(gw.get(f"/api/v1/employees/{person['id']}", headers=a.admin))["status"] == "active"

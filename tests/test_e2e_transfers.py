"""One person, one active record nationally, and the transfer between agencies (mutasi antar instansi), through
the gateway with every service a real process: A releases, B accepts with its SK, the person's history is visible
at B through the transfer only, A's record is history, and nobody else sees anything. Three agencies.
Accepted with a TMT to come, nothing changes until the scheduler reaches the TMT on B's calendar; then the person's
ratings and development hours at A follow them to B, read-only."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any

import httpx

from tests.conftest import create_user, login, ok
from tests.test_e2e_performance import Agency
from tests.world import TODAY

RUNS = "/api/v1/scheduler/runs"


def _release(a: Agency, employee_id: str, destination: str, tmt: str, headers: dict[str, str] | None = None,
             ) -> httpx.Response:
    return a.gw.post("/api/v1/transfers", headers=headers or a.admin, json={
        "employee_id": employee_id, "destination_agency_id": destination, "sk_number": "800/12/BKPSDM/2026",
        "sk_date": TODAY.isoformat(), "tmt": tmt})


def _wait_for(what: str, fn: Any, timeout: float = 60.0) -> Any:
    """The outbox delivers in the background: poll until ``fn`` answers something."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := fn():
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


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

    # A's records of the person: two years' ratings and a training (they will follow the person).
    rated = [ok(gw.post("/api/v1/annual-ratings", headers=a.admin, json={
        "employee_id": person["id"], "year": TODAY.year - k, "rating_hasil_kerja": h,
        "rating_perilaku": "DI_ATAS_EKSPEKTASI" if h == "DI_ATAS_EKSPEKTASI" else "SESUAI_EKSPEKTASI"}), 201)["id"]
             for k, h in ((2, "SESUAI_EKSPEKTASI"), (1, "DI_ATAS_EKSPEKTASI"))]
    ok(gw.post("/api/v1/development-records", headers=a.admin, json={
        "employee_id": person["id"], "title": "Pelatihan Pelayanan Publik", "kind": "PELATIHAN",
        "started_on": f"{TODAY.year - 1}-05-06", "ended_on": f"{TODAY.year - 1}-05-08", "minutes": 900}), 201)

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
    scheduled = ok(gw.post(f"/api/v1/transfers/{t['id']}/accept", headers=b.admin, json=sk))
    assert scheduled["status"] == "SCHEDULED" and scheduled["accept_sk_number"] == sk["sk_number"], scheduled
    assert scheduled["destination_employee_id"] is None and scheduled["applied_at"] is None
    r = gw.post(f"/api/v1/transfers/{t['id']}/accept", headers=b.admin, json=sk)
    assert r.status_code == 409 and r.json()["code"] == "transfer_not_open", r.text

    # Until the TMT nothing changes in either registry: the person serves at A, B sees them coming.
    assert ok(gw.get(f"/api/v1/employees/{person['id']}", headers=a.admin))["status"] == "active"
    [seat] = ok(gw.get(f"/api/v1/employees/{person['id']}/career", headers=a.admin))["items"]
    assert seat["tmt_end"] is None and seat["end_reason"] is None, seat
    assert gw.get(f"/api/v1/employees/by-nip/{person['nip']}", headers=b.admin).status_code == 404
    coming = ok(gw.get("/api/v1/transfers", params={"direction": "incoming", "status": "SCHEDULED"},
                       headers=b.admin))
    assert [(x["id"], x["employee_name"], x["tmt"]) for x in coming["items"]] == [(t["id"], person["name"], tmt)]
    r = gw.post("/api/v1/employees", headers=b.admin, json={
        "nip": person["nip"], "name": person["name"], "employment_type": "PNS"})
    assert r.status_code == 409 and r.json()["code"] == "nip_active_elsewhere", r.text
    r = gw.post(f"/api/v1/transfers/{t['id']}/cancel", headers=a.admin)  # only by agreement (B revokes first)
    assert r.status_code == 409 and r.json()["code"] == "transfer_scheduled", r.text
    assert gw.post(f"/api/v1/transfers/{t['id']}/revoke", headers=c.admin).status_code == 404

    # The scheduler, on B's calendar: the day before the TMT nothing; on the TMT the transfer, once.
    tmt_day = TODAY + timedelta(days=7)
    eve = ok(gw.post(RUNS, json={"job": "apply_transfers", "as_of": (tmt_day - timedelta(days=1)).isoformat()},
                     headers=b.admin))["runs"]
    assert [(x["status"], x["counts"]) for x in eve] == [("succeeded", {})], eve
    assert ok(gw.get(f"/api/v1/employees/{person['id']}", headers=a.admin))["status"] == "active"
    on = ok(gw.post(RUNS, json={"as_of": tmt_day.isoformat()}, headers=b.admin))["runs"]
    assert {x["job"]: x["counts"] for x in on}["apply_transfers"] == {"transferred": 1}, on
    again = ok(gw.post(RUNS, json={"job": "apply_transfers", "as_of": tmt_day.isoformat()}, headers=b.admin))["runs"]
    assert [x["status"] for x in again] == ["already_run"]
    after = ok(gw.post(RUNS, json={"job": "apply_transfers", "as_of": (tmt_day + timedelta(days=1)).isoformat()},
                       headers=b.admin))["runs"]
    assert after[0]["counts"] == {}
    done = ok(gw.get(f"/api/v1/transfers/{t['id']}", headers=b.admin))
    assert done["status"] == "ACCEPTED" and done["applied_at"], done
    new_id = done["destination_employee_id"]
    assert new_id and new_id != person["id"]
    for side in (a, b):  # one event in each agency's feed
        feed = ok(gw.get("/api/v1/position-events", params={"type": "employee_transferred", "limit": 100},
                         headers=side.admin))["items"]
        assert [(e["data"]["origin_employee_id"], e["data"]["employee_id"]) for e in feed] == [(person["id"], new_id)]
    r = gw.post(f"/api/v1/transfers/{t['id']}/revoke", headers=b.admin)
    assert r.status_code == 409 and r.json()["code"] == "transfer_not_scheduled", r.text

    # A's record is history: transferred_out, its seat ended the day before the TMT with reason transfer.
    old = ok(gw.get(f"/api/v1/employees/{person['id']}", headers=a.admin))
    assert old["status"] == "transferred_out", old
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

    # The person's ratings and development hours at A follow them to B (positions' outbox tells evaluation):
    # read-only, marked with A; counted by the summary that eligibility and the reports read.
    def linked() -> list[dict[str, Any]]:
        page = ok(gw.get("/api/v1/annual-ratings", params={"employee_id": new_id}, headers=b.admin))
        return [x for x in page["items"] if x["read_only"]]

    followed = _wait_for("the ratings to follow the person", linked)
    assert sorted((x["year"], x["predikat"], x["origin_agency_id"], x["employee_id"]) for x in followed) == [
        (TODAY.year - 2, "BAIK", a.agency_id, new_id), (TODAY.year - 1, "SANGAT_BAIK", a.agency_id, new_id)]
    assert {x["id"] for x in followed} == set(rated)
    summary = ok(gw.get(f"/api/v1/employee-summaries/{new_id}", params={"years": 2}, headers=b.admin))
    assert [y["year"] for y in summary["predikat_by_year"]] == [TODAY.year - 2, TODAY.year - 1]
    assert summary["all_at_least_baik"] is True and summary["development_jp"] == {str(TODAY.year - 1): 20.0}
    dev = ok(gw.get("/api/v1/development-records", params={"employee_id": new_id}, headers=b.admin))
    assert [(x["read_only"], x["origin_agency_id"]) for x in dev["items"]] == [(True, a.agency_id)]
    # B's promotion report (kenaikan pangkat) counts A's two years for the person
    due = ok(gw.get("/api/v1/position-reports/promotions-due", params={"period": f"{TODAY.year}-10-01"},
                    headers=b.admin))
    [item] = [i for i in due["items"] if i["employee_id"] == new_id]
    assert item["ratings"] == {str(TODAY.year - 2): "BAIK", str(TODAY.year - 1): "SANGAT_BAIK"}, item
    assert item["status"] != "unknown", item
    # never B's to change: A's rows are not found from B by id, nor A's record to rate
    assert gw.get(f"/api/v1/annual-ratings/{rated[0]}", headers=b.admin).status_code == 404
    r = gw.post("/api/v1/annual-ratings", headers=b.admin, json={
        "employee_id": person["id"], "year": TODAY.year - 3, "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
        "rating_perilaku": "SESUAI_EKSPEKTASI"})
    assert r.status_code == 404, r.text
    # A keeps its own and reads nothing of B's; a third agency reads nothing.
    b_rating = ok(gw.post("/api/v1/annual-ratings", headers=b.admin, json={
        "employee_id": new_id, "year": TODAY.year, "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
        "rating_perilaku": "SESUAI_EKSPEKTASI"}), 201)
    theirs = ok(gw.get("/api/v1/annual-ratings", params={"employee_id": person["id"]}, headers=a.admin))["items"]
    assert {x["id"] for x in theirs} == set(rated) and not any(x["read_only"] for x in theirs)
    assert b_rating["id"] not in gw.get("/api/v1/annual-ratings", headers=a.admin).text
    for who in (a.admin, c.admin):
        assert gw.get(f"/api/v1/annual-ratings/{b_rating['id']}", headers=who).status_code == 404
        assert gw.get(f"/api/v1/employee-summaries/{new_id}", headers=who).status_code in (403, 404)
        assert gw.get("/api/v1/development-records", params={"employee_id": new_id},
                      headers=who).status_code == 404
        listed = ok(gw.get("/api/v1/annual-ratings", params={"employee_id": new_id}, headers=who))
        assert listed["total"] == 0, listed
    assert ok(gw.get("/api/v1/annual-ratings", headers=c.admin))["total"] == 0


def test_a_transfer_with_a_tmt_of_today_takes_effect_at_acceptance(gw: httpx.Client,
                                                                    platform: dict[str, str]) -> None:
    a, b = Agency(gw, platform), Agency(gw, platform)
    person = a.staff
    t = ok(_release(a, person["id"], b.agency_id, TODAY.isoformat()), 201)
    done = ok(gw.post(f"/api/v1/transfers/{t['id']}/accept", headers=b.admin,
                      json={"sk_number": "821/9/2026", "sk_date": TODAY.isoformat()}))
    assert done["status"] == "ACCEPTED" and done["destination_employee_id"] and done["applied_at"], done
    assert ok(gw.get(f"/api/v1/employees/{person['id']}", headers=a.admin))["status"] == "transferred_out"
    assert ok(gw.get(f"/api/v1/employees/by-nip/{person['nip']}", headers=b.admin))["status"] == "active"
    on = ok(gw.post(RUNS, json={"job": "apply_transfers", "as_of": TODAY.isoformat()}, headers=b.admin))["runs"]
    assert on[0]["counts"] == {}  # nothing left for the scheduler


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

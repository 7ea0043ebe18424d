"""An open selection that cannot be gamed, through the gateway with every service a real process: four eyes on
the second check, the appeal window holding the next stage, an accepted appeal reinstating the applicant, a
declaration before any score, and a conflict declared after scoring voiding the member's score in the ranking."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from tests.conftest import create_user, login, ok
from tests.world import World, nip_for

CHECK_OK = {"decision": "ACCEPT"}
EARLY = {"reason": "Semua pelamar telah diperiksa (uji ujung ke ujung)"}


@pytest.fixture
def world(gw: httpx.Client, platform: dict[str, str]) -> World:
    return World(gw, platform)


def _apply(world: World, sid: str, person: dict[str, Any]) -> dict[str, Any]:
    app = dict(ok(world.gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"]), 201))
    world.upload_documents(app, person["headers"])
    return app


def test_four_eyes_and_the_appeal_window_and_an_accepted_appeal(world: World, gw: httpx.Client,
                                                                platform: dict[str, str]) -> None:
    siti, agus = world.candidate("Siti Rahmawati"), world.candidate("Agus Setiawan")
    # Siti is also a supervisor of the agency (a second account of the same person).
    siti_sup = login(gw, create_user(gw, platform, world.agency_id, ["employee", "supervisor"],
                                     employee_id=siti["id"], nip=siti["nip"]))
    # An admin who is also a supervisor verifies: they cannot make the second check as well.
    verifier = login(gw, create_user(gw, platform, world.agency_id, ["agency_admin", "supervisor"]))
    sid = world.open_selection()["id"]  # the default policy: 3 days of appeal
    a, b = _apply(world, sid, siti), _apply(world, sid, agus)
    ok(gw.post(f"/api/v1/applications/{a['id']}/verify", json=CHECK_OK, headers=verifier))
    got = ok(gw.get(f"/api/v1/applications/{a['id']}", headers=siti_sup))
    assert "second_check" not in got["allowed_actions"]
    r = gw.post(f"/api/v1/applications/{a['id']}/second-check", json=CHECK_OK, headers=siti_sup)
    assert r.status_code == 409 and r.json()["code"] == "own_application", r.text
    r = gw.post(f"/api/v1/applications/{a['id']}/second-check", json=CHECK_OK, headers=verifier)
    assert r.status_code == 409 and r.json()["code"] == "same_person", r.text
    assert ok(gw.get(f"/api/v1/applications/{a['id']}", headers=world.admin))["status"] == "VERIFIED"
    ok(gw.post(f"/api/v1/applications/{a['id']}/second-check", json=CHECK_OK, headers=world.supervisor))
    # Agus is rejected at the second check.
    ok(gw.post(f"/api/v1/applications/{b['id']}/verify", json=CHECK_OK, headers=world.admin))
    rejected = ok(gw.post(f"/api/v1/applications/{b['id']}/second-check",
                          json={"decision": "REJECT", "note": "Ijazah tidak ditemukan"}, headers=world.supervisor))
    assert rejected["status"] == "REJECTED" and rejected["allowed_actions"] == []
    world.act(sid, "close-registration", EARLY)
    ann = world.post(f"/api/v1/selections/{sid}/announcements", {"kind": "SCREENING"})
    # The public result names only those who pass and counts the others; Agus reads his own result.
    screening = world.public(f"/announcements/{ann['id']}")
    assert "Siti Rahmawati" in screening.text and "Agus Setiawan" not in screening.text
    assert screening.json()["snapshot"]["not_passed_count"] == 1
    assert "Agus Setiawan" not in world.public(f"/selections/{sid}").text
    assert ok(gw.get(f"/api/v1/applications/{b['id']}", headers=agus["headers"]))["status"] == "REJECTED"
    assert gw.get(f"/api/v1/applications/{b['id']}", headers=siti["headers"]).status_code == 404
    members, _panel = world.panel()
    ok(gw.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin))
    # The appeal window is open: the assessment does not start, and the selection says until when.
    sel = ok(gw.get(f"/api/v1/selections/{sid}", headers=world.admin))
    assert "start_assessment" not in sel["allowed_actions"]
    held = next(x for x in sel["blocked_actions"] if x["action"] == "start_assessment")
    assert held["code"] == "appeal_window_open" and held["until"]
    r = gw.post(f"/api/v1/selections/{sid}/start-assessment", headers={**world.admin, "Accept-Language": "en"})
    assert r.status_code == 409 and r.json()["code"] == "appeal_window_open", r.text
    assert f"open until {held['until']}" in r.json()["detail"]
    assert ok(gw.get(f"/api/v1/selections/{sid}", headers=world.admin))["status"] == "SCREENING"
    # Agus appeals; the appeal is accepted: he is qualified again and the correction is published by the system.
    appeal = world.post(f"/api/v1/selections/{sid}/announcements/{ann['id']}/appeals",
                        {"application_id": b["id"], "reason": "Ijazah S2 saya sudah dilampirkan pada berkas."},
                        headers=agus["headers"])
    decided = ok(gw.post(f"/api/v1/selections/{sid}/appeals/{appeal['id']}/decide",
                         json={"decision": "ACCEPTED", "reasons": "Ijazah ditemukan pada berkas pelamar."},
                         headers=world.admin))
    assert decided["status"] == "ACCEPTED" and decided["correction_id"]
    mine = ok(gw.get(f"/api/v1/applications/{b['id']}", headers=agus["headers"]))
    assert mine["status"] == "QUALIFIED" and mine["allowed_actions"] == ["withdraw"]
    public = world.public(f"/announcements/{decided['correction_id']}")
    assert public.status_code == 200, public.text
    doc = public.json()
    assert doc["kind"] == "CORRECTION" and doc["snapshot"]["corrects"]["content_hash"] == ann["content_hash"]
    assert {e["result"] for e in doc["snapshot"]["entries"]} == {"MEMENUHI SYARAT"}


def test_declaration_before_score_and_a_later_conflict_voids_it_in_the_ranking(world: World,
                                                                               gw: httpx.Client) -> None:
    people = [world.candidate("Rina Kartika"), world.candidate("Dedi Kurniawan")]
    sid = world.open_selection(appeal_window_days=0)["id"]
    apps = [_apply(world, sid, p) for p in people]
    for app in apps:
        ok(gw.post(f"/api/v1/applications/{app['id']}/verify", json=CHECK_OK, headers=world.admin))
        ok(gw.post(f"/api/v1/applications/{app['id']}/second-check", json=CHECK_OK, headers=world.supervisor))
    world.act(sid, "close-registration", EARLY)
    members, panel = world.panel()
    # An internal member known by their employee record: start-assessment asks positions for the supervisors of
    # the member and the applicants (no link between them here, so nothing is flagged).
    official = world.post("/api/v1/employees", {
        "nip": nip_for(date(1972, 5, 17), date(1998, 3, 1)), "name": "Bambang Pratama", "employment_type": "PNS",
        "rank": {"golongan": "IV/c", "tmt": "2016-04-01", "sk_number": "823/009/2016", "sk_date": "2016-03-20"}})
    members[1]["employee_id"] = official["id"]
    ok(gw.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin))
    code = world.act(sid, "start-assessment")["current_stage_code"]
    assert ok(gw.get(f"/api/v1/selections/{sid}/committee/conflict-flags", headers=world.admin))["items"] == []
    rina, dedi = apps[0]["id"], apps[1]["id"]

    def score(app_id: str, value: int, h: dict[str, str]) -> httpx.Response:
        return gw.put(f"/api/v1/applications/{app_id}/stages/{code}/scores", json={"criteria": {"substansi": value}},
                      headers=h)

    r = score(rina, 95, panel[0])
    assert r.status_code == 409 and r.json()["code"] == "declaration_required", r.text
    world.declare(sid, members[:2], panel[:2], [rina, dedi])
    for h, vr, vd in ((panel[0], 95, 60), (panel[1], 55, 70)):
        ok(score(rina, vr, h))
        ok(score(dedi, vd, h))

    before = ok(gw.get(f"/api/v1/selections/{sid}/ranking", headers=world.admin))
    assert {x["application_id"]: x["stage_scores"][code] for x in before["ranked"] + before["not_ranked"]} == {
        rina: "75.0000", dedi: "65.0000"}
    # Member 1 declares a conflict with Rina after scoring her: that score is void and the ranking recomputed.
    voided = world.declare(sid, members[:1], panel[:1], [rina], has_conflict=True)
    assert voided[0]["voided_scores"] == 1
    after = ok(gw.get(f"/api/v1/selections/{sid}/ranking", headers=world.admin))
    assert {x["application_id"]: x["stage_scores"][code] for x in after["ranked"] + after["not_ranked"]} == {
        rina: "55.0000", dedi: "65.0000"}
    kept = ok(gw.get(f"/api/v1/applications/{rina}/scores", headers=world.admin))["items"]
    assert sorted((s["score"], s["voided"]) for s in kept) == [("55.00", False), ("95.00", True)]
    r = score(rina, 99, panel[0])
    assert r.status_code == 409 and r.json()["code"] == "conflict_of_interest", r.text

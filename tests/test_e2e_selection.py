"""The slice across all services, through the gateway, with every service a real process:

positions (units, jobs, seats, people, assignments) -> evaluation (annual ratings, predikat computed) ->
recruitment (selection, eligibility fetched over HTTP, committee, scores, ranking, announcements, decision)
-> outbox -> positions (the appointee holds the seat; it is no longer vacant). A public client follows along.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest

from merit_shared.stack import Stack
from tests.conftest import ok
from tests.world import TODAY, World


@pytest.fixture
def world(gw: httpx.Client, platform: dict[str, str]) -> World:
    return World(gw, platform)


def run_to_proposal(world: World, people: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    gw = world.gw
    sel = world.open_selection(appeal_window_days=0)  # no appeal window: the journey moves on at once
    sid = sel["id"]
    public = world.public(f"/selections/{sid}")
    assert public.status_code == 200 and public.json()["status"] == "REGISTRATION", public.text
    assert "Kepala Dinas Kesehatan" in public.text
    apps = []
    for person in people:
        app = ok(gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"]), 201)
        # Eligibility was checked against the real records of positions and evaluation.
        assert app["eligibility_status"] == "ELIGIBLE", app["eligibility"]
        rules = app["eligibility"]["results"]
        assert {r["status"] for r in rules} == {"PASSED"}
        assert all(r["source"] for r in rules), rules
        world.upload_documents(app, person["headers"])
        apps.append(app)
    for app in apps:
        ok(gw.post(f"/api/v1/applications/{app['id']}/verify", json={"decision": "ACCEPT"}, headers=world.admin))
        ok(gw.post(f"/api/v1/applications/{app['id']}/second-check", json={"decision": "ACCEPT"},
                   headers=world.supervisor))
    world.act(sid, "close-registration", {"reason": "Semua pelamar telah diverifikasi (uji ujung ke ujung)"})
    world.post(f"/api/v1/selections/{sid}/announcements", {"kind": "SCREENING"})
    members, panel = world.panel()
    ok(gw.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin))
    world.declare(sid, members[:3], panel[:3], [a["id"] for a in apps])  # before any score
    sel = world.act(sid, "start-assessment")
    for _ in range(len(sel["stages"])):
        code = sel["current_stage_code"]
        stage = next(s for s in sel["stages"] if s["code"] == code)
        for i, app in enumerate(apps):
            if stage["kind"] == "PASS_FAIL":
                ok(gw.put(f"/api/v1/applications/{app['id']}/stages/{code}/result", json={"passed": True},
                          headers=world.admin))
                continue
            for assessor in panel[:3]:
                ok(gw.put(f"/api/v1/applications/{app['id']}/stages/{code}/scores",
                          json={"criteria": {"substansi": 88 - 6 * i, "penyajian": "79.50"}}, headers=assessor))
        sel = world.act(sid, "advance-stage")
        assert world.public(f"/selections/{sid}").json()["status"] == sel["status"]
    assert sel["status"] == "FINAL_RANKING"
    sel = world.act(sid, "submit-proposal")
    assert sel["status"] == "PROPOSAL"
    return sid, apps


def decide(world: World, sid: str, application_id: str) -> dict[str, Any]:
    today = TODAY.isoformat()  # effective today, so the seat is filled as of now
    return dict(world.act(sid, "decide", {"chosen_application_id": application_id, "sk_number": "821.2/07/2026",
                                          "sk_date": today, "tmt_start": today}, headers=world.ppk))


def test_selection_from_draft_to_appointment_visible_in_positions(world: World) -> None:
    gw = world.gw
    people = [world.candidate(n) for n in ("Siti Rahmawati", "Agus Setiawan")]
    position = ok(gw.get(f"/api/v1/positions/{world.head_position}", headers=world.admin))
    assert position["vacant"] == 1 and position["holders"] == []
    sid, apps = run_to_proposal(world, people)
    ann = world.post(f"/api/v1/selections/{sid}/announcements", {"kind": "FINAL"})
    public = world.public(f"/announcements/{ann['id']}")
    assert public.status_code == 200 and public.json()["content_hash"] == ann["content_hash"]
    for person in people:
        assert person["nip"] not in public.text  # NIP masked on the portal
    winner = apps[0]
    sel = decide(world, sid, winner["id"])
    assert sel["status"] == "DECISION"
    closed = world.wait_for("the appointment to reach positions", lambda: (
        s := ok(gw.get(f"/api/v1/selections/{sid}", headers=world.admin)))["status"] == "CLOSED" and s)
    assert closed["appointment_status"] == "CONFIRMED"
    position = ok(gw.get(f"/api/v1/positions/{world.head_position}", headers=world.admin))
    assert position["vacant"] == 0 and [h["employee_id"] for h in position["holders"]] == [winner["employee_id"]]
    career = ok(gw.get(f"/api/v1/employees/{winner['employee_id']}/career", headers=world.admin))["items"]
    assert career[0]["position_id"] == world.head_position and career[0]["reason"] == "selection_result"
    assert career[1]["tmt_end"] is not None  # the previous definitive seat was ended by the same decision
    assert world.public(f"/selections/{sid}").json()["status"] == "CLOSED"
    # The appointment is announced on the portal, under the same hash stamp as every announcement.
    anns = world.public(f"/selections/{sid}").json()["announcements"]
    appointment = next(a for a in anns if a["kind"] == "APPOINTMENT")
    doc = world.public(f"/announcements/{appointment['id']}").json()
    canonical = json.dumps(doc["snapshot"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert hashlib.sha256(canonical).hexdigest() == doc["content_hash"] == appointment["content_hash"]
    assert doc["appeal_deadline"] is None
    assert doc["snapshot"]["appointment"] == {
        "name": "Siti Rahmawati", "position": {"id": world.head_position, "name": "Kepala Dinas Kesehatan",
                                               "unit_name": "Dinas Kesehatan"},
        "sk_number": closed["decision"]["sk_number"], "sk_date": closed["decision"]["sk_date"],
        "tmt_start": closed["decision"]["tmt_start"]}
    assert people[0]["nip"] not in json.dumps(doc) and people[1]["name"] not in json.dumps(doc)


def test_appointment_made_while_positions_is_down_is_delivered_once(world: World, stack: Stack) -> None:
    gw = world.gw
    people = [world.candidate("Rina Kartika")]
    sid, apps = run_to_proposal(world, people)
    stack.stop("positions")
    try:
        r = gw.get(f"/api/v1/positions/{world.head_position}", headers=world.admin)
        assert r.status_code in (502, 503) and r.headers["content-type"] == "application/problem+json"
        assert r.json()["code"] == "service_unavailable"
        sel = decide(world, sid, apps[0]["id"])
        assert sel["status"] == "DECISION" and sel["appointment_status"] == "PENDING"
    finally:
        stack.start("positions")
        stack.wait_ready("positions")
    world.wait_for("the appointment after positions came back", lambda: ok(
        gw.get(f"/api/v1/selections/{sid}", headers=world.admin))["status"] == "CLOSED", timeout=60)
    holders = ok(gw.get(f"/api/v1/positions/{world.head_position}/assignments", headers=world.admin))["items"]
    assert len(holders) == 1 and holders[0]["employee_id"] == people[0]["id"]

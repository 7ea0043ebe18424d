"""A real re-score after an accepted appeal on a scored stage (issue #12), through the gateway with every service a
real process: the committee scores the applicant again, the new scores supersede the old ones (kept for the
record), the stage's outcome and the ranking are recomputed from them, the correction is published from the
recomputed result, and until then the next stage waits. A member whose score was appealed cannot decide the appeal;
a conflicted member cannot re-score."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import create_user, login, ok
from tests.world import INAUGURATION, TODAY, World

CHECK_OK = {"decision": "ACCEPT"}
EARLY = {"reason": "Semua pelamar telah diperiksa (uji ujung ke ujung)"}
STAGES = [{"code": "ASESMEN", "name": "Asesmen kompetensi", "kind": "SCORED", "weight": 60, "pass_mark": 70},
          {"code": "WAWANCARA", "name": "Wawancara", "kind": "SCORED", "weight": 40}]


@pytest.fixture
def world(gw: httpx.Client, platform: dict[str, str]) -> World:
    return World(gw, platform)


def open_selection(world: World) -> str:
    """A selection with a pass mark of 70 on its first scored stage and the default 3-day appeal window."""
    t = TODAY
    sel = world.post("/api/v1/selections", {
        "title": "Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan (sanggah nilai)", "kind": "JPT_PRATAMA",
        "position_ids": [world.head_position], "planned_inauguration_date": INAUGURATION.isoformat(),
        "stages": STAGES,
        "schedule": {"announcement_start": t.isoformat(), "announcement_end": (t + timedelta(days=14)).isoformat(),
                     "registration_start": (t + timedelta(days=1)).isoformat(),
                     "registration_end": (t + timedelta(days=20)).isoformat(),
                     "stage_dates": [(t + timedelta(days=25 + 3 * i)).isoformat() for i in range(len(STAGES))]}})
    world.act(sel["id"], "announce")
    return str(world.act(sel["id"], "open-registration")["id"])


def stage_scores(ranking: dict[str, Any], code: str) -> dict[str, str]:
    return {x["application_id"]: x["stage_scores"][code] for x in ranking["ranked"] + ranking["not_ranked"]}


def test_an_accepted_appeal_on_a_scored_stage_is_settled_by_a_real_rescore(world: World, gw: httpx.Client,
                                                                           platform: dict[str, str]) -> None:
    rina_p, dedi_p = world.candidate("Rina Kartika"), world.candidate("Dedi Kurniawan")
    sid = open_selection(world)
    apps = []
    for person in (rina_p, dedi_p):
        app = ok(gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"]), 201)
        world.upload_documents(app, person["headers"])
        ok(gw.post(f"/api/v1/applications/{app['id']}/verify", json=CHECK_OK, headers=world.admin))
        ok(gw.post(f"/api/v1/applications/{app['id']}/second-check", json=CHECK_OK, headers=world.supervisor))
        apps.append(app)
    rina, dedi = apps[0]["id"], apps[1]["id"]
    world.act(sid, "close-registration", EARLY)
    members, panel = world.panel()
    # The fifth seat is held by an agency admin who also sits on the committee: they score Rina, so they may not
    # decide her appeal.
    admin_member = create_user(gw, platform, world.agency_id, ["agency_admin", "panel_member"])
    account = ok(gw.get("/api/v1/users", params={"username": admin_member}, headers=platform))["items"][0]
    members[4] = {"account_id": account["id"], "name": "Anggota Pansel Admin", "role": "MEMBER", "internal": False}
    panel[4] = login(gw, admin_member)
    ok(gw.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin))
    assert world.act(sid, "start-assessment")["current_stage_code"] == "ASESMEN"
    scorers = [0, 1, 4]
    world.declare(sid, [members[i] for i in scorers], [panel[i] for i in scorers], [rina, dedi])
    world.declare(sid, members[3:4], panel[3:4], [rina], has_conflict=True)  # member 4 is conflicted with Rina

    def put(app_id: str, what: str, value: int, h: dict[str, str]) -> httpx.Response:
        return gw.put(f"/api/v1/applications/{app_id}/stages/ASESMEN/{what}", json={"criteria": {"substansi": value}},
                      headers=h)

    for i, vr in zip(scorers, (60, 64, 65), strict=True):
        ok(put(rina, "scores", vr, panel[i]))
        ok(put(dedi, "scores", 80, panel[i]))
    world.act(sid, "advance-stage")  # Rina's 63 is below the pass mark of 70: eliminated
    assert ok(gw.get(f"/api/v1/applications/{rina}", headers=world.admin))["status"] == "ELIMINATED"
    before = ok(gw.get(f"/api/v1/selections/{sid}/ranking", headers=world.admin))
    assert stage_scores(before, "ASESMEN") == {rina: "63.0000", dedi: "80.0000"}
    assert rina in {x["application_id"] for x in before["not_ranked"]}
    ann = world.post(f"/api/v1/selections/{sid}/announcements", {"kind": "STAGE", "stage_code": "ASESMEN"})
    assert "Rina Kartika" not in world.public(f"/announcements/{ann['id']}").text

    appeal = world.post(f"/api/v1/selections/{sid}/announcements/{ann['id']}/appeals",
                        {"application_id": rina, "reason": "Nilai asesmen saya tidak sesuai dengan laporan asesor."},
                        headers=rina_p["headers"])
    accept = {"decision": "ACCEPTED", "reasons": "Laporan asesor tidak dibaca lengkap; tahap dinilai ulang."}
    r = gw.post(f"/api/v1/selections/{sid}/appeals/{appeal['id']}/decide", json=accept, headers=panel[4])
    assert r.status_code == 409 and r.json()["code"] == "appeal_decider_scored", r.text
    decided = ok(gw.post(f"/api/v1/selections/{sid}/appeals/{appeal['id']}/decide", json=accept,
                         headers=world.admin))
    # Accepted, but nothing is corrected yet: the committee scores her again first.
    assert decided["status"] == "ACCEPTED" and decided["correction_id"] is None
    assert ok(gw.get(f"/api/v1/applications/{rina}", headers=world.admin))["status"] == "ELIMINATED"
    (rescore,) = ok(gw.get(f"/api/v1/selections/{sid}/rescores", headers=world.admin))["items"]
    assert (rescore["status"], rescore["stage_code"], rescore["application_id"], rescore["appeal_id"]) == (
        "OPEN", "ASESMEN", rina, appeal["id"])
    sel = ok(gw.get(f"/api/v1/selections/{sid}", headers=world.admin))
    assert "advance_stage" not in sel["allowed_actions"]
    held = next(x for x in sel["blocked_actions"] if x["action"] == "advance_stage")
    assert held["code"] == "rescore_pending" and held["pending_rescores"] == 1
    r = gw.post(f"/api/v1/selections/{sid}/advance-stage", headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "rescore_pending", r.text

    complete = f"/api/v1/selections/{sid}/rescores/{rescore['id']}/complete"
    r = gw.post(complete, headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "rescore_incomplete", r.text
    r = put(rina, "rescore", 99, panel[3])
    assert r.status_code == 409 and r.json()["code"] == "conflict_of_interest", r.text
    r = put(dedi, "rescore", 99, panel[0])
    assert r.status_code == 409 and r.json()["code"] == "no_rescore_open", r.text
    r = put(rina, "rescore", 99, rina_p["headers"])
    assert r.status_code == 403, r.text  # the applicant holds no seat
    ok(put(rina, "rescore", 70, panel[0]))
    assert ok(put(rina, "rescore", 75, panel[0])) == {"substansi": "75"}  # sending again replaces the sheet
    ok(put(rina, "rescore", 79, panel[1]))
    # nothing counts before completion
    assert stage_scores(ok(gw.get(f"/api/v1/selections/{sid}/ranking", headers=world.admin)), "ASESMEN")[
        rina] == "63.0000"
    r = gw.post(complete, headers=panel[0])
    assert r.status_code == 403, r.text
    done = ok(gw.post(complete, headers=world.admin))
    assert done["status"] == "DONE" and done["sheets"] == 2 and done["correction_id"]
    r = gw.post(complete, headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "rescore_done", r.text

    # The recomputed result: 77 is above the pass mark; she is assessed on, and ranked by her new score.
    mine = ok(gw.get(f"/api/v1/applications/{rina}", headers=rina_p["headers"]))
    assert mine["status"] == "QUALIFIED"
    assert {(x["stage_code"], x["passed"], x["score"]) for x in mine["results"]} == {("ASESMEN", True, "77.0000")}
    after = ok(gw.get(f"/api/v1/selections/{sid}/ranking", headers=world.admin))
    assert stage_scores(after, "ASESMEN") == {rina: "77.0000", dedi: "80.0000"}
    reasons = {x["application_id"]: x.get("reasons") for x in after["not_ranked"]}
    assert "BELOW_PASS_MARK" not in str(reasons.get(rina))
    kept = ok(gw.get(f"/api/v1/applications/{rina}/scores", headers=world.admin))["items"]
    assert sorted((s["score"], s["superseded"], s["voided"]) for s in kept) == [
        ("60.00", True, False), ("64.00", True, False), ("65.00", True, False),
        ("75.00", False, False), ("79.00", False, False)]
    # The correction is published from the recomputed result: Rina now passes the stage.
    assert ok(gw.get(f"/api/v1/selections/{sid}/appeals", headers=world.admin))["items"][0]["correction_id"] == done[
        "correction_id"]
    public = world.public(f"/announcements/{done['correction_id']}")
    assert public.status_code == 200, public.text
    doc = public.json()
    assert doc["kind"] == "CORRECTION" and doc["snapshot"]["corrects"]["content_hash"] == ann["content_hash"]
    assert {e["name"] for e in doc["snapshot"]["entries"]} == {"Rina Kartika", "Dedi Kurniawan"}
    assert doc["snapshot"]["not_passed_count"] == 0
    # The re-score no longer holds the next stage (the correction's own appeal window does, for its 3 days).
    sel = ok(gw.get(f"/api/v1/selections/{sid}", headers=world.admin))
    assert {x["code"] for x in sel["blocked_actions"] if x["action"] == "advance_stage"} == {"appeal_window_open"}

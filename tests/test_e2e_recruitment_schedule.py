"""Recruitment's dated work and its conflict flags through the gateway, every service a real process.

- The daily job, with the clock advanced (``as_of``): the day after registration ends with one applicant, the
  registration is extended (7 days), once however often the day is run; each agency sees its own runs, on a path
  of its own (``/api/v1/scheduler`` is the registry's).
- A committee changed during the assessment: the new internal member is the direct supervisor (evaluator, as
  positions finds it) of an applicant; the flag is raised with the change, holds the member's score until the chair
  decides it, and is not raised again once decided.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import create_user, login, ok
from tests.world import World, nip_for

RUNS = "/api/v1/recruitment-scheduler/runs"
CHECK_OK = {"decision": "ACCEPT"}
EARLY = {"reason": "Semua pelamar telah diperiksa (uji ujung ke ujung)"}


@pytest.fixture
def world(gw: httpx.Client, platform: dict[str, str]) -> World:
    return World(gw, platform)


def _day(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


def _apply(world: World, sid: str, person: dict[str, Any]) -> dict[str, Any]:
    app = dict(ok(world.gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"]), 201))
    world.upload_documents(app, person["headers"])
    return app


def test_registration_short_of_applicants_is_extended_the_day_after_its_end(world: World, gw: httpx.Client,
                                                                             platform: dict[str, str]) -> None:
    sel = world.open_selection()
    sid, end = sel["id"], sel["schedule"]["registration_end"]
    _apply(world, sid, world.candidate("Rina Kartika"))
    on_end = ok(gw.post(RUNS, json={"as_of": end}, headers=world.admin))["runs"]
    assert [(r["job"], r["status"], r["counts"]) for r in on_end] == [("extend_registration", "succeeded", {})]
    after = ok(gw.post(RUNS, json={"as_of": _day(end, 1)}, headers=world.admin))["runs"]
    assert [(r["status"], r["counts"]) for r in after] == [("succeeded", {"extended": 1})]
    again = ok(gw.post(RUNS, json={"as_of": _day(end, 1)}, headers=world.admin))["runs"]
    assert [r["status"] for r in again] == ["already_run"]
    got = ok(gw.get(f"/api/v1/selections/{sid}", headers=world.admin))
    assert got["status"] == "REGISTRATION" and got["registration_extensions"] == 1
    assert got["schedule"]["registration_end"] == _day(end, 7)
    assert world.public(f"/selections/{sid}").json()["schedule"]["registration_end"] == _day(end, 7)
    exts = ok(gw.get(f"/api/v1/selections/{sid}/extensions", headers=world.admin))["items"]
    assert [(x["number"], x["applicant_count"], x["created_by"]) for x in exts] == [(1, 1, "system:scheduler")]

    listed = ok(gw.get(RUNS, headers=world.admin))
    assert listed["total"] == 2 and [r["run_date"] for r in listed["items"]] == [_day(end, 1), end]
    audit = ok(gw.get("/api/v1/selections/audit-log", params={"action": "scheduler.run"}, headers=world.admin))
    assert audit["total"] == 2
    # the registry's ledger is its own; another agency sees none of it; only the agency admin runs or reads it
    assert ok(gw.get("/api/v1/scheduler/runs", headers=world.admin))["total"] == 0
    other = World(gw, platform)
    assert ok(gw.get(RUNS, headers=other.admin))["total"] == 0
    r = gw.get(RUNS, params={"agency_id": world.agency_id}, headers=other.admin)
    assert r.status_code == 422 and r.json()["code"] == "agency_mismatch", r.text
    assert gw.post(RUNS, json={}, headers=world.ppk).status_code == 403
    assert gw.get(RUNS, headers=world.supervisor).status_code == 403


def test_a_committee_changed_during_the_assessment_raises_the_registry_conflict(world: World,
                                                                                gw: httpx.Client,
                                                                                platform: dict[str, str]) -> None:
    # A bidang of the dinas whose head (Bambang) is, for positions, the evaluator of everyone seated in it.
    bidang = world.post("/api/v1/org-units", {"code": f"BID-{world.agency_id[:8].upper()}", "name": "Bidang P2P",
                                              "kind": "BIDANG", "parent_id": world.dinas, "valid_from": "2010-01-01"})
    head_seat = world.post("/api/v1/positions", {"unit_id": bidang["id"], "job_id": world.adm_job, "is_head": True,
                                                 "required_seats": 1, "name": "Kepala Bidang P2P"})["id"]
    bambang = world.post("/api/v1/employees", {
        "nip": nip_for(date(1972, 5, 17), date(1998, 3, 1)), "name": "Bambang Pratama", "employment_type": "PNS",
        "rank": {"golongan": "IV/a", "tmt": "2016-04-01", "sk_number": "823/009/2016", "sk_date": "2016-03-20"},
        "educations": [{"level": "S2", "major": "Administrasi Publik", "institution": "Universitas Gadjah Mada",
                        "graduated_on": "2004-08-30"}]})
    world.post("/api/v1/assignments", {"employee_id": bambang["id"], "position_id": head_seat, "kind": "definitive",
                                       "tmt_start": "2017-01-02", "sk_number": "821/KABID/2016",
                                       "sk_date": "2016-12-20", "reason": "initial"})
    rina, dedi = world.candidate("Rina Kartika", unit=bidang["id"]), world.candidate("Dedi Kurniawan")
    boss = ok(gw.get(f"/api/v1/employees/{rina['id']}/supervisors", headers=world.admin))
    assert boss["evaluator"]["employee_id"] == bambang["id"]

    sid = world.open_selection(appeal_window_days=0)["id"]
    apps = [_apply(world, sid, p)["id"] for p in (rina, dedi)]
    for app_id in apps:
        ok(gw.post(f"/api/v1/applications/{app_id}/verify", json=CHECK_OK, headers=world.admin))
        ok(gw.post(f"/api/v1/applications/{app_id}/second-check", json=CHECK_OK, headers=world.supervisor))
    world.act(sid, "close-registration", EARLY)
    members, panel = world.panel()
    ok(gw.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin))
    code = world.act(sid, "start-assessment")["current_stage_code"]
    flags_url = f"/api/v1/selections/{sid}/committee/conflict-flags"
    assert ok(gw.get(flags_url, headers=world.admin))["items"] == []

    def score(app_id: str, h: dict[str, str]) -> httpx.Response:
        return gw.put(f"/api/v1/applications/{app_id}/stages/{code}/scores", json={"criteria": {"substansi": 80}},
                      headers=h)

    world.declare(sid, [members[0], members[2]], [panel[0], panel[2]], apps)
    for h in (panel[0], panel[2]):
        ok(score(apps[0], h))
    # The second internal member (no scores yet) is replaced by Bambang, who sits on the committee as himself.
    username = create_user(gw, platform, world.agency_id, ["panel_member"], employee_id=bambang["id"])
    account = ok(gw.get("/api/v1/users", params={"username": username}, headers=platform))["items"][0]
    kabid = {"account_id": account["id"], "name": "Bambang Pratama", "role": "MEMBER", "internal": True,
             "employee_id": bambang["id"]}
    kabid_h = login(gw, username)
    outsider = world.panel(size=1, internal=0)[0][0] | {"role": "MEMBER"}
    r = gw.put(f"/api/v1/selections/{sid}/committee", headers=world.admin,
               json={"members": [*members[:2], outsider, *members[3:]]})  # the third member scored: stays
    assert r.status_code == 409 and r.json()["code"] == "committee_member_scored", r.text
    changed = [members[0], kabid, *members[2:]]
    ok(gw.put(f"/api/v1/selections/{sid}/committee", json={"members": changed}, headers=world.admin))
    flags = ok(gw.get(flags_url, headers=world.admin))["items"]
    assert [(f["application_id"], f["basis"], f["status"]) for f in flags] == [(apps[0], "DIRECT_SUPERVISOR",
                                                                                 "OPEN")]
    world.declare(sid, [kabid], [kabid_h], apps)
    r = score(apps[0], kabid_h)
    assert r.status_code == 409 and r.json()["code"] == "conflict_flag_open", r.text
    ok(score(apps[1], kabid_h))
    # The chair dismisses it (with the reason); the committee saved again does not raise it anew.
    decided = ok(gw.post(f"{flags_url}/{flags[0]['id']}/decide", headers=panel[0],
                         json={"decision": "DISMISS", "reason": "Penilaian oleh pejabat lain sejak mutasi."}))
    assert decided["status"] == "DISMISSED"
    ok(gw.put(f"/api/v1/selections/{sid}/committee", json={"members": changed}, headers=world.admin))
    assert [f["status"] for f in ok(gw.get(flags_url, headers=world.admin))["items"]] == ["DISMISSED"]
    ok(score(apps[0], kabid_h))
    ok(score(apps[1], panel[0]))
    assert world.act(sid, "advance-stage")["current_stage_code"] != code  # positions asked again: nothing new

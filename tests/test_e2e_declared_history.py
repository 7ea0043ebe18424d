"""History declared by the applicant with SK evidence, counted once verified (issue #12), through the gateway with
every service a real process: an applicant NOT_ELIGIBLE on the registry's history alone becomes ELIGIBLE once the
agency admin verifies their declared post, not before and not on a rejected one; the overlap with the registry is
counted once and every counted period names its source; four eyes on the decision; another agency's admin and
another applicant see nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import create_user, login, ok
from tests.world import PDF, TODAY, World, nip_for

EARLY = {"reason": "Semua pelamar telah diperiksa (uji ujung ke ujung)"}


@pytest.fixture
def world(gw: httpx.Client, platform: dict[str, str]) -> World:
    return World(gw, platform)


def newcomer(world: World, name: str, since: date) -> dict[str, Any]:
    """Like ``World.candidate`` (IV/b, S2, Baik every year) but an Administrator in the registry only since
    ``since``: too short for JPT Pratama (2 years in a prior post, 5 years overall) on the registry alone."""
    birth = date(1976, random.randint(1, 12), random.randint(1, 28))
    nip = nip_for(birth, date(2001, 3, 1))
    emp = world.post("/api/v1/employees", {
        "nip": nip, "name": name, "employment_type": "PNS",
        "rank": {"golongan": "IV/b", "tmt": "2014-04-01", "sk_number": "823/002/2014", "sk_date": "2014-03-20"},
        "educations": [{"level": "S2", "major": "Administrasi Publik", "institution": "Universitas Gadjah Mada",
                        "graduated_on": "2006-08-30"}]})
    seat = world.post("/api/v1/positions", {"unit_id": world.dinas, "job_id": world.adm_job, "required_seats": 1,
                                            "name": f"Sekretaris {name}"})["id"]
    world.post("/api/v1/assignments", {"employee_id": emp["id"], "position_id": seat, "kind": "definitive",
                                       "tmt_start": since.isoformat(), "sk_number": f"821/{name}/baru",
                                       "sk_date": (since - timedelta(days=10)).isoformat(), "reason": "initial"})
    for year in (TODAY.year - 2, TODAY.year - 1, TODAY.year):
        world.post("/api/v1/annual-ratings", {"employee_id": emp["id"], "year": year,
                                              "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
                                              "rating_perilaku": "DI_ATAS_EKSPEKTASI"})
    username = create_user(world.gw, world.platform, world.agency_id, ["employee"], employee_id=emp["id"], nip=nip)
    return {"id": emp["id"], "nip": nip, "name": name, "headers": login(world.gw, username)}


def rule(app: dict[str, Any], code: str) -> dict[str, Any]:
    return next(r for r in app["eligibility"]["results"] if r["code"] == code)


def test_declared_history_counts_once_verified(world: World, gw: httpx.Client, platform: dict[str, str]) -> None:
    since = TODAY - timedelta(days=400)
    dewi = newcomer(world, "Dewi Anggraini", since)
    other = world.candidate("Budi Santoso")
    sid = world.open_selection()["id"]
    app = ok(gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=dewi["headers"]), 201)
    world.upload_documents(app, dewi["headers"])
    other_app = ok(gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=other["headers"]), 201)
    aid = app["id"]
    base = f"/api/v1/applications/{aid}/history"
    assert app["eligibility_status"] == "NOT_ELIGIBLE"
    assert rule(app, "PRIOR_POSITION")["status"] == "FAILED"
    assert {p["source"] for p in rule(app, "PRIOR_POSITION")["periods"]} == {"positions:career"}

    # Validation: the fields of the type, no future date.
    r = gw.post(base, json={"entry_type": "POSITION", "title": "Kepala Bagian", "kind": "ADMINISTRATOR",
                            "start_date": "2015-01-05", "sk_number": "1", "sk_date": "2015-01-01"},
                headers=dewi["headers"])
    assert r.status_code == 422 and r.json()["code"] == "history_fields_for_type", r.text
    r = gw.post(base, json={"entry_type": "RANK", "golongan": "IV/c", "tmt": (TODAY + timedelta(days=1)).isoformat(),
                            "sk_number": "1", "sk_date": TODAY.isoformat()}, headers=dewi["headers"])
    assert r.status_code == 422 and r.json()["code"] == "history_date_in_future", r.text

    # Dewi declares two past posts another agency's registry holds; staff cannot declare for her.
    overlap_end = since + timedelta(days=29)  # the last 30 days overlap the registry's post
    post = {"entry_type": "POSITION", "title": "Kepala Bagian Umum", "kind": "ADMINISTRATOR",
            "unit": "Sekretariat Daerah Kabupaten Sleman", "start_date": "2015-01-05",
            "end_date": overlap_end.isoformat(), "sk_number": "821.2/014/2015", "sk_date": "2014-12-28"}
    r = gw.post(base, json=post, headers=world.admin)
    assert r.status_code == 403 and r.json()["code"] == "forbidden", r.text
    kept = ok(gw.post(base, json=post, headers=dewi["headers"]), 201)
    assert kept["status"] == "DECLARED" and kept["allowed_actions"] == ["upload_sk", "delete"]
    doubtful = ok(gw.post(base, json={
        "entry_type": "POSITION", "title": "Widyaiswara Ahli Madya", "kind": "JF_AHLI_MADYA",
        "unit": "BPSDM Provinsi", "start_date": "2009-01-05", "end_date": "2014-12-31",
        "sk_number": "800/099/2009", "sk_date": "2008-12-20"}, headers=dewi["headers"]), 201)
    for entry in (doubtful, kept):
        got = ok(gw.put(f"{base}/{entry['id']}/sk", content=PDF + entry["id"].encode(),
                        headers={**dewi["headers"], "Content-Type": "application/pdf"}))
        assert got["sk_document"]["sha256"] and got["sk_document"]["media_type"] == "application/pdf"
    r = gw.put(f"{base}/{kept['id']}/sk", content=b"MZ\x90\x00", headers={**dewi["headers"],
                                                                         "Content-Type": "application/pdf"})
    assert r.status_code == 415 and r.json()["code"] == "document_type_not_allowed", r.text

    # Declared but not verified: not counted, even on a re-check.
    assert ok(gw.post(f"/api/v1/applications/{aid}/recheck-eligibility", headers=world.admin))[
        "eligibility_status"] == "NOT_ELIGIBLE"
    listed = ok(gw.get(base, headers=world.admin))
    assert listed["total"] == 2 and {e["status"] for e in listed["items"]} == {"DECLARED"}
    assert all(e["allowed_actions"] == ["verify", "reject"] for e in listed["items"])

    # Four eyes: the applicant herself, holding an admin account too, cannot decide her own declaration.
    dewi_admin = login(gw, create_user(gw, platform, world.agency_id, ["employee", "agency_admin"],
                                       employee_id=dewi["id"], nip=dewi["nip"]))
    assert ok(gw.get(f"{base}/{kept['id']}", headers=dewi_admin))["allowed_actions"] == ["upload_sk", "delete"]
    r = gw.post(f"{base}/{kept['id']}/decide", json={"decision": "VERIFIED"}, headers=dewi_admin)
    assert r.status_code == 409 and r.json()["code"] == "own_application", r.text
    r = gw.post(f"{base}/{kept['id']}/decide", json={"decision": "VERIFIED"}, headers=dewi["headers"])
    assert r.status_code == 403, r.text
    r = gw.post(f"{base}/{kept['id']}/decide", json={"decision": "VERIFIED"}, headers=world.supervisor)
    assert r.status_code == 403, r.text  # a supervisor reads the application only at the second check

    # Another agency's admin and another applicant: 404 for every read and write.
    elsewhere = World(gw, platform)
    for h in (elsewhere.admin, other["headers"]):
        assert gw.get(base, headers=h).status_code == 404
        assert gw.get(f"{base}/{kept['id']}", headers=h).status_code == 404
        assert gw.get(f"{base}/{kept['id']}/sk", headers=h).status_code == 404
        assert gw.post(base, json=post, headers=h).status_code == 404
        assert gw.put(f"{base}/{kept['id']}/sk", content=PDF, headers={**h, "Content-Type": "application/pdf"}
                      ).status_code == 404
        assert gw.delete(f"{base}/{kept['id']}", headers=h).status_code == 404
        r = gw.post(f"{base}/{kept['id']}/decide", json={"decision": "VERIFIED"}, headers=h)
        assert r.status_code == 404, r.text
    # ... nor reach Dewi's entry through their own application
    r = gw.get(f"/api/v1/applications/{other_app['id']}/history/{kept['id']}", headers=other["headers"])
    assert r.status_code == 404, r.text

    # The doubtful post is rejected, with a reason: still NOT_ELIGIBLE.
    r = gw.post(f"{base}/{doubtful['id']}/decide", json={"decision": "REJECTED"}, headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "rejection_reason_required", r.text
    rejected = ok(gw.post(f"{base}/{doubtful['id']}/decide", json={
        "decision": "REJECTED", "reason": "SK tidak dapat dicocokkan dengan instansi penerbit."}, headers=world.admin))
    assert rejected["status"] == "REJECTED" and rejected["allowed_actions"] == []
    mine = ok(gw.get(f"/api/v1/applications/{aid}", headers=dewi["headers"]))
    assert mine["eligibility_status"] == "NOT_ELIGIBLE"
    assert {p["source"] for p in rule(mine, "PRIOR_POSITION")["periods"]} == {"positions:career"}
    r = gw.delete(f"{base}/{doubtful['id']}", headers=dewi["headers"])
    assert r.status_code == 409 and r.json()["code"] == "history_locked", r.text

    # The kept post is verified: ELIGIBLE, the overlap counted once, each period with its source.
    decided = ok(gw.post(f"{base}/{kept['id']}/decide", json={"decision": "VERIFIED"}, headers=world.admin))
    assert decided["status"] == "VERIFIED" and decided["decided_by"]
    mine = ok(gw.get(f"/api/v1/applications/{aid}", headers=dewi["headers"]))
    assert mine["eligibility_status"] == "ELIGIBLE", mine["eligibility"]
    prior = rule(mine, "PRIOR_POSITION")
    assert prior["status"] == "PASSED"
    assert [(p["source"], p["ref"], p["start"], p["end"]) for p in prior["periods"]] == [
        ("declared:verified", kept["id"], "2015-01-05", (since - timedelta(days=1)).isoformat()),
        ("positions:career", None, since.isoformat(), mine["eligibility"]["age_reference_date"])]
    assert rule(mine, "EXPERIENCE")["status"] == "PASSED"
    assert any(p.get("source") == "declared:verified" for p in mine["facts"]["career_periods"]["value"])
    sk = gw.get(f"{base}/{kept['id']}/sk", headers=world.admin)
    assert sk.status_code == 200 and sk.content == PDF + kept["id"].encode()
    r = gw.put(f"{base}/{kept['id']}/sk", content=PDF, headers={**dewi["headers"], "Content-Type": "application/pdf"})
    assert r.status_code == 409 and r.json()["code"] == "history_locked", r.text
    # The verifier can now accept her; the verified history stays counted.
    ok(gw.post(f"/api/v1/applications/{aid}/verify", json={"decision": "ACCEPT"}, headers=world.admin))

    # Once registration has closed nothing more is declared.
    world.act(sid, "close-registration", EARLY)
    r = gw.post(base, json=post, headers=dewi["headers"])
    assert r.status_code == 409 and r.json()["code"] == "history_locked", r.text


def test_sk_is_required_before_verifying(world: World, gw: httpx.Client) -> None:
    dewi = newcomer(world, "Sri Wahyuni", TODAY - timedelta(days=100))
    sid = world.open_selection()["id"]
    app = ok(gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=dewi["headers"]), 201)
    base = f"/api/v1/applications/{app['id']}/history"
    rank = ok(gw.post(base, json={"entry_type": "RANK", "golongan": "iv/c", "tmt": "2020-04-01",
                                  "sk_number": "823/100/2020", "sk_date": "2020-03-10"}, headers=dewi["headers"]), 201)
    assert rank["golongan"] == "IV/c"
    got = ok(gw.get(f"{base}/{rank['id']}", headers=world.admin))
    assert got["allowed_actions"] == ["reject"]
    assert [(b["action"], b["code"]) for b in got["blocked_actions"]] == [("verify", "sk_document_missing")]
    r = gw.post(f"{base}/{rank['id']}/decide", json={"decision": "VERIFIED"}, headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "sk_document_missing", r.text
    assert gw.get(f"{base}/{rank['id']}/sk", headers=world.admin).status_code == 404
    # deleted by the applicant while undecided: gone
    assert gw.delete(f"{base}/{rank['id']}", headers=dewi["headers"]).status_code == 204
    assert ok(gw.get(base, headers=dewi["headers"]))["total"] == 0

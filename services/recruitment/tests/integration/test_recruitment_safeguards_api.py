"""Safeguards through the API: declaration before score and voided scores, four eyes on checks and appeals,
the appeal gate (blocked_actions) and accepted appeals that take effect."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx

from merit_shared import clock

EARLY = {"reason": "Pelamar sudah cukup; ditutup lebih awal."}


async def _screened(client: httpx.AsyncClient, world: Any, n: int, **over: Any) -> tuple[str, list[dict[str, Any]],
                                                                                      list[dict[str, Any]]]:
    """A selection after screening with ``n`` qualified applicants; returns (sid, applications, people)."""
    sel = await world.open_selection(**over)
    sid = sel["id"]
    people = [world.employee(name=f"Pelamar {i}") for i in range(n)]
    apps = []
    for person in people:
        r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])
        assert r.status_code == 201, r.text
        apps.append(r.json())
        await world.qualify(apps[-1]["id"])
    await world.act(sid, "close-registration", EARLY)
    return sid, apps, people


async def test_recruitment_declare_before_scoring_and_a_later_conflict_voids_the_scores(
        client: httpx.AsyncClient, world: Any) -> None:
    sid, apps, _ = await _screened(client, world, 2, **world.NO_APPEAL_WINDOW)
    members, heads = world.committee_body()
    assert (await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members},
                             headers=world.admin)).status_code == 200
    sel = await world.act(sid, "start-assessment")
    code = sel["current_stage_code"]
    a, b = apps[0]["id"], apps[1]["id"]

    def url(app_id: str) -> str:
        return f"/api/v1/applications/{app_id}/stages/{code}/scores"

    r = await client.put(url(a), json={"criteria": {"substansi": 90}}, headers=heads[0])
    assert r.status_code == 409 and r.json()["code"] == "declaration_required", r.text
    assert (await client.get(f"/api/v1/applications/{a}/scores", headers=world.admin)).json()["items"] == []
    await world.declare(sid, members[:2], heads[:2], [a, b])
    for h, sa, sb in ((heads[0], 90, 60), (heads[1], 50, 70)):
        assert (await client.put(url(a), json={"criteria": {"substansi": sa}}, headers=h)).status_code == 200
        assert (await client.put(url(b), json={"criteria": {"substansi": sb}}, headers=h)).status_code == 200

    async def stage_scores() -> dict[str, str]:
        doc = (await client.get(f"/api/v1/selections/{sid}/ranking", headers=world.admin)).json()
        return {i["application_id"]: i["stage_scores"][code] for i in doc["ranked"] + doc["not_ranked"]}

    assert await stage_scores() == {a: "70.0000", b: "65.0000"}
    # Member 0 declares a conflict with A after scoring: their score for A is void, kept for the record.
    com = (await client.get(f"/api/v1/selections/{sid}/committee", headers=world.admin)).json()
    seat0 = next(m["id"] for m in com["members"] if m["account_id"] == members[0]["account_id"])
    decl = f"/api/v1/selections/{sid}/committee/{seat0}/declarations/{a}"
    r = await client.put(decl, json={"has_conflict": True, "reason": "Atasan langsung pelamar"}, headers=heads[0])
    assert r.status_code == 200 and r.json()["voided_scores"] == 1, r.text
    assert await stage_scores() == {a: "50.0000", b: "65.0000"}  # A's stage score from member 1 alone
    listed = (await client.get(f"/api/v1/applications/{a}/scores", headers=world.admin)).json()["items"]
    assert sorted((s["member_id"] == seat0, s["voided"], s["score"]) for s in listed) == [
        (False, False, "50.00"), (True, True, "90.00")]
    audit = (await client.get("/api/v1/selections/audit-log", params={"action": "void_scores"},
                              headers=world.admin)).json()
    assert [e["entity_id"] for e in audit["items"]] == [a]
    # Final: no taking it back, no scoring A again; B's scores by member 0 still count.
    r = await client.put(decl, json={"has_conflict": False}, headers=heads[0])
    assert r.status_code == 409 and r.json()["code"] == "conflict_declaration_final"
    r = await client.put(url(a), json={"criteria": {"substansi": 99}}, headers=heads[0])
    assert r.status_code == 409 and r.json()["code"] == "conflict_of_interest"
    # Closing the stage uses the valid scores only (the frozen outcome of A is 50).
    await world.act(sid, "advance-stage")
    got = (await client.get(f"/api/v1/applications/{a}", headers=world.admin)).json()
    assert [(x["stage_code"], x["score"]) for x in got["results"]] == [(code, "50.0000")]


async def test_recruitment_a_conflict_declared_after_the_stage_closed_recomputes_it(
        client: httpx.AsyncClient, world: Any) -> None:
    sid, apps, _ = await _screened(client, world, 1, **world.NO_APPEAL_WINDOW)
    members, heads = world.committee_body()
    await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin)
    sel = await world.act(sid, "start-assessment")
    code = sel["current_stage_code"]
    a = apps[0]["id"]
    await world.declare(sid, members[:2], heads[:2], [a])
    for h, v in ((heads[0], 100), (heads[1], 40)):
        r = await client.put(f"/api/v1/applications/{a}/stages/{code}/scores", json={"criteria": {"x": v}},
                             headers=h)
        assert r.status_code == 200, r.text
    await world.act(sid, "advance-stage")
    got = (await client.get(f"/api/v1/applications/{a}", headers=world.admin)).json()
    assert got["results"][0]["score"] == "70.0000"
    await world.declare(sid, members[:1], heads[:1], [a], has_conflict=True)
    got = (await client.get(f"/api/v1/applications/{a}", headers=world.admin)).json()
    assert got["results"][0]["score"] == "40.0000"  # the closed stage, recomputed without the voided score


async def test_recruitment_four_eyes_on_the_second_check(client: httpx.AsyncClient, world: Any, tokens: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    person = world.employee(name="Sari Dewi")
    app = (await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])).json()
    await world.complete_documents(app["id"])
    r = await client.post(f"/api/v1/applications/{app['id']}/verify", json={"decision": "ACCEPT"},
                          headers=world.admin)
    assert r.status_code == 200, r.text
    # The applicant is also a supervisor of the agency: not on her own application.
    herself = tokens.headers("employee", "supervisor", agency_id=world.agency, employee_id=person["id"],
                             nip=person["nip"], sub=f"sup-{person['nip']}")
    got = (await client.get(f"/api/v1/applications/{app['id']}", headers=herself)).json()
    assert "second_check" not in got["allowed_actions"]
    r = await client.post(f"/api/v1/applications/{app['id']}/second-check", json={"decision": "ACCEPT"},
                          headers=herself)
    assert r.status_code == 409 and r.json()["code"] == "own_application", r.text
    # The verifier (an admin who is also a supervisor) cannot do the second check either.
    admin_sub = next(e["actor"] for e in (await client.get(
        "/api/v1/selections/audit-log", params={"action": "verify"}, headers=world.admin)).json()["items"])
    verifier = tokens.headers("agency_admin", "supervisor", agency_id=world.agency, sub=admin_sub)
    r = await client.post(f"/api/v1/applications/{app['id']}/second-check", json={"decision": "ACCEPT"},
                          headers=verifier)
    assert r.status_code == 409 and r.json()["code"] == "same_person", r.text
    assert (await client.get(f"/api/v1/applications/{app['id']}", headers=world.admin)).json()["status"] == "VERIFIED"
    # Another supervisor may.
    other = tokens.headers("supervisor", agency_id=world.agency, sub=f"sup-{uuid.uuid4().hex[:6]}")
    got = (await client.get(f"/api/v1/applications/{app['id']}", headers=other)).json()
    assert "second_check" in got["allowed_actions"]
    r = await client.post(f"/api/v1/applications/{app['id']}/second-check", json={"decision": "ACCEPT"},
                          headers=other)
    assert r.status_code == 200 and r.json()["status"] == "QUALIFIED", r.text


async def test_recruitment_appeal_window_holds_the_next_stage_and_an_accepted_appeal_reinstates(
        client: httpx.AsyncClient, world: Any, tokens: Any) -> None:
    sel = await world.open_selection()  # the default policy: 3 days of appeal
    sid = sel["id"]
    ok_person, rejected_person = world.employee(name="Agus"), world.employee(name="Rina")
    ok_app = (await client.post(f"/api/v1/selections/{sid}/applications", json={},
                                headers=ok_person["headers"])).json()
    rej_app = (await client.post(f"/api/v1/selections/{sid}/applications", json={},
                                 headers=rejected_person["headers"])).json()
    await world.qualify(ok_app["id"])
    await world.complete_documents(rej_app["id"])
    await client.post(f"/api/v1/applications/{rej_app['id']}/verify", json={"decision": "ACCEPT"},
                      headers=world.admin)
    sup = tokens.headers("supervisor", agency_id=world.agency, sub=f"sup-{uuid.uuid4().hex[:6]}")
    r = await client.post(f"/api/v1/applications/{rej_app['id']}/second-check",
                          json={"decision": "REJECT", "note": "Ijazah tidak ditemukan"}, headers=sup)
    assert r.status_code == 200 and r.json()["status"] == "REJECTED", r.text
    await world.act(sid, "close-registration", EARLY)
    ann = (await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "SCREENING"},
                             headers=world.admin)).json()
    members, heads = world.committee_body()
    await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin)
    # The window is open: start-assessment is held back, and the selection says why and until when.
    got = (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()
    assert "start_assessment" not in got["allowed_actions"]
    held = {b["action"]: b for b in got["blocked_actions"]}
    assert held["start_assessment"]["code"] == "appeal_window_open"
    until = held["start_assessment"]["until"]
    end = datetime.fromisoformat(ann["appeal_deadline"])
    assert timedelta(0) <= datetime.fromisoformat(until) - end < timedelta(seconds=1)  # the deadline, to the second
    assert until in held["start_assessment"]["message_en"]
    r = await client.post(f"/api/v1/selections/{sid}/start-assessment", headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "appeal_window_open" and until in r.json()["detail"]
    assert (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()["status"] == "SCREENING"
    # The rejected applicant appeals; once the window has closed, the pending appeal still holds it back.
    r = await client.post(f"/api/v1/selections/{sid}/announcements/{ann['id']}/appeals",
                          json={"application_id": rej_app["id"], "reason": "Ijazah S2 saya sudah dilampirkan."},
                          headers=rejected_person["headers"])
    assert r.status_code == 201, r.text
    appeal = r.json()
    later = clock.utcnow() + timedelta(days=4)
    with clock.frozen(later):
        r = await client.post(f"/api/v1/selections/{sid}/start-assessment", headers=world.admin)
        assert r.status_code == 409 and r.json()["code"] == "appeals_pending", r.text
        # A committee member who declared a conflict with the applicant does not decide the appeal.
        await world.declare(sid, members[:1], heads[:1], [rej_app["id"]], has_conflict=True)
        conflicted_admin = tokens.headers("agency_admin", "panel_member", agency_id=world.agency,
                                          sub=members[0]["subject"], account_id=members[0]["account_id"])
        r = await client.post(f"/api/v1/selections/{sid}/appeals/{appeal['id']}/decide",
                              json={"decision": "ACCEPTED", "reasons": "Ijazah ditemukan pada berkas."},
                              headers=conflicted_admin)
        assert r.status_code == 409 and r.json()["code"] == "conflicted_person", r.text
        r = await client.post(f"/api/v1/selections/{sid}/appeals/{appeal['id']}/decide",
                              json={"decision": "ACCEPTED", "reasons": "Ijazah ditemukan pada berkas."},
                              headers=world.admin)
        assert r.status_code == 200, r.text
        decided = r.json()
        assert decided["status"] == "ACCEPTED" and decided["correction_id"]
        # Reinstated: qualified again, with the applicant's own actions back.
        mine = (await client.get(f"/api/v1/applications/{rej_app['id']}", headers=rejected_person["headers"])).json()
        assert mine["status"] == "QUALIFIED" and mine["allowed_actions"] == ["withdraw"]
        anns = (await client.get(f"/api/v1/selections/{sid}/announcements", headers=world.admin)).json()["items"]
        correction = next(x for x in anns if x["id"] == decided["correction_id"])
        assert correction["kind"] == "CORRECTION" and correction["corrects_id"] == ann["id"]
        assert {e["result"] for e in correction["snapshot"]["entries"]} == {"MEMENUHI SYARAT"}
        # The correction opened its own window.
        r = await client.post(f"/api/v1/selections/{sid}/start-assessment", headers=world.admin)
        assert r.status_code == 409 and r.json()["code"] == "appeal_window_open"
    with clock.frozen(later + timedelta(days=4)):
        sel = await world.act(sid, "start-assessment")
        assert sel["status"] == "ASSESSMENT" and sel["blocked_actions"] == []


async def test_recruitment_a_member_whose_score_is_appealed_does_not_decide(client: httpx.AsyncClient, world: Any,
                                                                             tokens: Any) -> None:
    sid, apps, people = await _screened(client, world, 1)
    members, heads = world.committee_body()
    await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin)
    later = clock.utcnow() + timedelta(days=4)
    with clock.frozen(later):
        sel = await world.act(sid, "start-assessment")
        code, a = sel["current_stage_code"], apps[0]["id"]
        await world.declare(sid, members[:1], heads[:1], [a])
        r = await client.put(f"/api/v1/applications/{a}/stages/{code}/scores", json={"criteria": {"x": 10}},
                             headers=heads[0])
        assert r.status_code == 200, r.text
        await world.act(sid, "advance-stage")
        ann = (await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "STAGE", "stage_code": code},
                                 headers=world.admin)).json()
        got = (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()
        assert {b["action"]: b["code"] for b in got["blocked_actions"]} == {"advance_stage": "appeal_window_open"}
        r = await client.post(f"/api/v1/selections/{sid}/announcements/{ann['id']}/appeals",
                              json={"application_id": a, "reason": "Nilai saya keliru dijumlahkan."},
                              headers=people[0]["headers"])
        assert r.status_code == 201, r.text
        scorer_admin = tokens.headers("agency_admin", "panel_member", agency_id=world.agency,
                                      sub=members[0]["subject"], account_id=members[0]["account_id"])
        r = await client.post(f"/api/v1/selections/{sid}/appeals/{r.json()['id']}/decide",
                              json={"decision": "REJECTED", "reasons": "Nilai sudah sesuai lembar penilaian."},
                              headers=scorer_admin)
        assert r.status_code == 409 and r.json()["code"] == "appeal_decider_scored", r.text


async def test_recruitment_the_registry_raises_conflicts_the_chair_decides(client: httpx.AsyncClient,
                                                                           world: Any) -> None:
    sid, apps, people = await _screened(client, world, 2, **world.NO_APPEAL_WINDOW)
    a, b = apps[0]["id"], apps[1]["id"]
    kabid, kadis, chair_emp = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    world.dir.supervisor_of[people[0]["id"]] = kabid   # member 1 (kabid) is A's direct supervisor
    world.dir.supervisor_of[people[1]["id"]] = kadis   # B and member 1 both report to the kadis
    world.dir.supervisor_of[kabid] = kadis
    members, heads = world.committee_body()
    members[0]["employee_id"], members[1]["employee_id"] = chair_emp, kabid
    assert (await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members},
                             headers=world.admin)).status_code == 200
    # Positions unreachable: the assessment does not start on links nobody could check.
    world.dir.down.add("positions")
    r = await client.post(f"/api/v1/selections/{sid}/start-assessment", headers=world.admin)
    assert r.status_code == 503 and r.json()["code"] == "upstream_unavailable", r.text
    assert (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()["status"] == "SCREENING"
    world.dir.down.clear()
    code = (await world.act(sid, "start-assessment"))["current_stage_code"]
    flags = (await client.get(f"/api/v1/selections/{sid}/committee/conflict-flags", headers=world.admin)).json()["items"]
    com = (await client.get(f"/api/v1/selections/{sid}/committee", headers=world.admin)).json()
    seat1 = next(m["id"] for m in com["members"] if m["account_id"] == members[1]["account_id"])
    assert sorted((f["member_id"], f["application_id"], f["basis"], f["status"]) for f in flags) == sorted([
        (seat1, a, "DIRECT_SUPERVISOR", "OPEN"), (seat1, b, "SAME_UNIT_HEAD", "OPEN")])
    flag = {f["application_id"]: f["id"] for f in flags}
    await world.declare(sid, members[1:2], heads[1:2], [a, b])

    def score(app_id: str) -> Any:
        return client.put(f"/api/v1/applications/{app_id}/stages/{code}/scores", json={"criteria": {"x": 80}},
                          headers=heads[1])

    r = await score(a)
    assert r.status_code == 409 and r.json()["code"] == "conflict_flag_open", r.text

    def decide(app_id: str, decision: str, h: dict[str, str]) -> Any:
        return client.post(f"/api/v1/selections/{sid}/committee/conflict-flags/{flag[app_id]}/decide",
                           json={"decision": decision, "reason": "Diperiksa ketua panitia."}, headers=h)

    assert (await decide(b, "DISMISS", heads[1])).status_code == 403   # not the chair
    assert (await decide(b, "DISMISS", world.admin)).status_code == 403  # nor the admin
    r = await decide(b, "DISMISS", heads[0])
    assert r.status_code == 200 and r.json()["status"] == "DISMISSED", r.text
    assert (await score(b)).status_code == 200
    r = await decide(a, "CONFIRM", heads[0])
    assert r.status_code == 200 and r.json()["status"] == "CONFIRMED", r.text
    r = await score(a)
    assert r.status_code == 409 and r.json()["code"] == "conflict_of_interest", r.text
    decl = (await client.get(f"/api/v1/selections/{sid}/committee/declarations", headers=world.admin)).json()["items"]
    assert {(d["application_id"], d["has_conflict"]) for d in decl if d["member_id"] == seat1} == {(a, True),
                                                                                                   (b, False)}
    r = await decide(a, "DISMISS", heads[0])
    assert r.status_code == 409 and r.json()["code"] == "conflict_flag_decided"


async def test_recruitment_the_chair_does_not_decide_a_flag_of_their_own(client: httpx.AsyncClient,
                                                                         world: Any) -> None:
    sid, apps, people = await _screened(client, world, 1, **world.NO_APPEAL_WINDOW)
    chair_emp = str(uuid.uuid4())
    world.dir.supervisor_of[chair_emp] = people[0]["id"]  # the applicant is the chair's direct supervisor
    members, heads = world.committee_body()
    members[0]["employee_id"] = chair_emp
    await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin)
    await world.act(sid, "start-assessment")
    flags = (await client.get(f"/api/v1/selections/{sid}/committee/conflict-flags", headers=heads[2])).json()["items"]
    assert [(f["application_id"], f["basis"]) for f in flags] == [(apps[0]["id"], "DIRECT_SUBORDINATE")]
    r = await client.post(f"/api/v1/selections/{sid}/committee/conflict-flags/{flags[0]['id']}/decide",
                          json={"decision": "DISMISS", "reason": "Bukan atasan langsung lagi."}, headers=heads[0])
    assert r.status_code == 409 and r.json()["code"] == "own_conflict_flag", r.text


async def test_recruitment_an_accepted_stage_appeal_reinstates_the_eliminated_applicant(
        client: httpx.AsyncClient, world: Any) -> None:
    stages = [{"code": "KESEHATAN", "name": "Tes kesehatan", "kind": "PASS_FAIL"},
              {"code": "WAWANCARA", "name": "Wawancara", "kind": "SCORED", "weight": "100"}]
    sid, apps, people = await _screened(client, world, 2, stages=stages, schedule=world.schedule(stages=2))
    members, heads = world.committee_body()
    await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin)
    a, b = apps[0]["id"], apps[1]["id"]
    later = clock.utcnow() + timedelta(days=4)
    with clock.frozen(later):
        await world.act(sid, "start-assessment")
        for app_id, passed in ((a, True), (b, False)):
            r = await client.put(f"/api/v1/applications/{app_id}/stages/KESEHATAN/result", json={"passed": passed},
                                 headers=world.admin)
            assert r.status_code == 200, r.text
        await world.act(sid, "advance-stage")
        assert (await client.get(f"/api/v1/applications/{b}", headers=world.admin)).json()["status"] == "ELIMINATED"
        ann = (await client.post(f"/api/v1/selections/{sid}/announcements",
                                 json={"kind": "STAGE", "stage_code": "KESEHATAN"}, headers=world.admin)).json()
        r = await client.post(f"/api/v1/selections/{sid}/announcements/{ann['id']}/appeals",
                              json={"application_id": b, "reason": "Hasil laboratorium saya tertukar."},
                              headers=people[1]["headers"])
        assert r.status_code == 201, r.text
        r = await client.post(f"/api/v1/selections/{sid}/appeals/{r.json()['id']}/decide",
                              json={"decision": "ACCEPTED", "reasons": "Hasil laboratorium memang tertukar."},
                              headers=world.admin)
        assert r.status_code == 200, r.text
        got = (await client.get(f"/api/v1/applications/{b}", headers=world.admin)).json()
        assert got["status"] == "QUALIFIED" and got["results"][0]["passed"] is True
        anns = (await client.get(f"/api/v1/selections/{sid}/announcements", headers=world.admin)).json()["items"]
        correction = next(x for x in anns if x["id"] == r.json()["correction_id"])
        assert {e["result"] for e in correction["snapshot"]["entries"]} == {"LULUS"}
    with clock.frozen(later + timedelta(days=4)):
        # B is assessed on in the next stage, and ranked with A.
        await world.declare(sid, members[:1], heads[:1], [a, b])
        for app_id, v in ((a, 70), (b, 80)):
            r = await client.put(f"/api/v1/applications/{app_id}/stages/WAWANCARA/scores",
                                 json={"criteria": {"x": v}}, headers=heads[0])
            assert r.status_code == 200, r.text
        await world.act(sid, "advance-stage")
        ranking = (await client.get(f"/api/v1/selections/{sid}/ranking", headers=world.admin)).json()
        assert [x["application_id"] for x in ranking["ranked"]] == [b, a]

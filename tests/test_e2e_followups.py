"""Follow-up of ratings through the gateway (issue #13 part 1): a small unit's ratings finalised → follow-ups by
policy → a coaching plan with a milestone and notes run to an outcome → the unit's overdue list → the next year's
rating beside the outcome; and the denials (another agency, an employee on someone else's, a wrong role).

The coach comes from positions (the head of the Bidang, evaluator of its staff), as the evaluation service resolves
it. That a follow-up becomes overdue as days pass is tested in-process with a frozen clock
(services/evaluation/tests/integration/test_evaluation_followups.py): here the real services run on today.
"""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.conftest import create_user, login, ok
from tests.test_e2e_performance import Agency, stranger
from tests.world import TODAY

SOURCE_YEAR = TODAY.year - 2
NEXT_YEAR = SOURCE_YEAR + 1


def test_ratings_to_followups_to_a_coaching_outcome(gw: httpx.Client, platform: dict[str, str]) -> None:
    a = Agency(gw, platform)
    staff, kabid = a.staff, a.kabid
    star = a.person("Sri Wahyuni", a.staff_seat, "III/a", ["employee"], gender=2)
    fine = a.person("Budi Santoso", a.staff_seat, "III/a", ["employee"])
    other = stranger(gw, platform)
    badan_admin = login(gw, create_user(gw, platform, a.agency_id, ["unit_admin"], unit_id=a.badan))

    # The Bidang's ratings of the year: Butuh Perbaikan, Sangat Baik, Baik; then the unit's ratings are finalised.
    a.rating(staff["id"], SOURCE_YEAR, "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    a.rating(star["id"], SOURCE_YEAR, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    a.rating(fine["id"], SOURCE_YEAR)
    org = a.post("/api/v1/org-performance", {"unit_id": a.bidang, "year": SOURCE_YEAR, "org_predikat": "BAIK"})
    final = ok(gw.post(f"/api/v1/org-performance/{org['id']}/finalize", headers=a.admin))
    assert final["status"] == "FINAL" and final["curve_result"]["compliant"], final

    # By the agency's (default) policy: a reward for Sangat Baik, a coaching plan for Butuh Perbaikan, none for Baik;
    # finalising did not add a second one.
    listed = ok(gw.get("/api/v1/followups", headers=a.admin, params={"unit_id": a.bidang, "year": SOURCE_YEAR}))
    by_person = {f["employee_id"]: f for f in listed["items"]}
    assert listed["total"] == 2 and set(by_person) == {staff["id"], star["id"]}, listed
    coaching, reward = by_person[staff["id"]], by_person[star["id"]]
    assert coaching["kind"] == "COACHING" and coaching["state"] == "DRAFT" and coaching["predikat"] == "BUTUH_PERBAIKAN"
    assert reward["kind"] == "REWARD" and "PROMOTION_CONSIDERATION" in reward["options"]
    assert ok(gw.get("/api/v1/followups", headers=a.admin, params={"kind": "COACHING", "sort": "-due_on"}))["total"] == 1

    # The reward is decided by the admin: closed.
    decided = ok(gw.post(f"/api/v1/followups/{reward['id']}/decide", headers=a.admin,
                         json={"option": "RECOGNITION", "note": "Piagam Hari Jadi Kota"}))
    assert decided["state"] == "DECIDED" and decided["allowed_actions"] == []

    # The coaching plan: the head of the Bidang (the staff's evaluator in positions) reads it and is made the coach.
    url = f"/api/v1/followups/{coaching['id']}"
    seen = gw.get(url, headers=kabid["headers"])
    assert seen.status_code == 200 and seen.json()["allowed_actions"] == [], seen.text
    plan = ok(gw.put(f"{url}/plan", headers={**a.admin, "If-Match": seen.headers["etag"]}, json={
        "coach_employee_id": kabid["id"],
        "goals": [{"description": "Izin terbit tepat waktu", "competency_code": "SK.01"}],
        "milestones": [{"title": "Tinjauan bulan pertama", "due_on": (TODAY + timedelta(days=30)).isoformat()}]}))
    assert plan["owner_employee_id"] == kabid["id"] and plan["goals"][0]["competency_code"] == "SK.01"
    active = gw.post(f"{url}/activate", headers=kabid["headers"])
    assert active.status_code == 200 and active.json()["state"] == "ACTIVE", active.text
    ok(gw.post(f"{url}/notes", headers=kabid["headers"], json={"note": "Pendampingan mingguan dimulai."}), 201)
    ok(gw.post(f"{url}/notes", headers=staff["headers"], json={"note": "Saya mengikuti pelatihan aplikasi."}), 201)
    mine = gw.get(url, headers=staff["headers"])
    assert mine.status_code == 200 and mine.json()["allowed_actions"] == ["ADD_NOTE"]

    # The unit's overdue list: nothing is late today (the milestone is a month away).
    late = ok(gw.get("/api/v1/followups/overdue", headers=a.admin, params={"unit_id": a.bidang}))
    assert late == {"items": [], "total": 0, "limit": 50, "offset": 0}

    # Denials: another agency, an employee on someone else's plan, a reader who may not act, another subtree.
    assert gw.get(url, headers=other).status_code == 404
    assert gw.post(f"{url}/close", headers=other, json={"outcome": "IMPROVED"}).status_code == 404
    assert gw.get(url, headers=star["headers"]).status_code == 403
    assert gw.post(f"{url}/notes", headers=fine["headers"], json={"note": "x"}).status_code == 403
    assert gw.post(f"{url}/close", headers=staff["headers"], json={"outcome": "IMPROVED"}).status_code == 403
    assert gw.post(f"{url}/close", headers=a.ppk, json={"outcome": "IMPROVED"}).status_code == 403
    assert gw.get(url, headers=badan_admin).status_code == 403
    assert ok(gw.get("/api/v1/followups", headers=badan_admin))["total"] == 0
    assert ok(gw.get("/api/v1/followups", headers=other))["total"] == 0
    assert ok(gw.get(url, headers=a.ppk))["state"] == "ACTIVE"  # the PPK reads

    # The next year's rating, then the coach records the outcome: shown side by side.
    nxt = a.rating(staff["id"], NEXT_YEAR)
    closed = ok(gw.post(f"{url}/close", headers=kabid["headers"], json={"outcome": "IMPROVED",
                                                                        "note": "Target tercapai"}))
    assert closed["state"] == "COMPLETED" and closed["outcome"] == "IMPROVED"
    assert closed["next_year_rating"] == {"rating_id": nxt["id"], "year": NEXT_YEAR, "predikat": "BAIK"}
    assert [n["note"] for n in closed["notes"]] == ["Pendampingan mingguan dimulai.",
                                                    "Saya mengikuti pelatihan aplikasi."]
    trail = ok(gw.get("/api/v1/evaluation-audit", headers=a.admin,
                      params={"entity": "followup", "entity_id": coaching["id"], "sort": "at"}))
    assert [e["action"] for e in trail["items"]] == ["followup.create", "followup.update_plan", "followup.activate",
                                                     "followup.add_note", "followup.add_note", "followup.close"]

"""Career planning and employee self-service through the gateway (issue #13 parts 3 and 4).

One agency (Dinas > Bidang, a Badan; the performance tests' ``Agency``) and a second one: a person's career plan
with its breakdown (requirements with their records, JPM per competency with its assessment), one pair, a
position's candidates (the same rule, feeding succession suggestions), the vacancies an employee may read, and
the denials (another person, another team, another agency, the wrong role).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from tests.conftest import create_user, login, ok
from tests.test_e2e_performance import Agency, stranger
from tests.world import TODAY


def _by_position(page: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["position"]["position_id"]: i for i in page["items"]}


def _req(item: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in item["requirements"]}


def test_career_plan_candidates_and_self_service(gw: httpx.Client, platform: dict[str, str]) -> None:
    a = Agency(gw, platform)
    staff = a.staff  # Pelaksana kelas 7 in the Bidang since 2018, III/b since 2017, S1
    ratings = [a.rating(staff["id"], TODAY.year - y)["id"] for y in (2, 1)]
    assessment = a.post("/api/v1/competency-assessments", {
        "employee_id": staff["id"], "assessed_on": (TODAY - timedelta(days=10)).isoformat(),
        "valid_until": (TODAY + timedelta(days=365)).isoformat(), "method": "ASSESSMENT_CENTER",
        "levels": {"M.01": 3, "M.02": 3, "SK.01": 3, "T.KEU.01": 1}})

    # the employee reads their own plan: every position but their own seat, closest first
    plan = ok(gw.get(f"/api/v1/career-plans/{staff['id']}", headers=staff["headers"], params={"limit": 200}))
    seats = _by_position(plan)
    assert a.staff_seat not in seats and {a.target_seat, a.head_bidang, a.head_dinas} <= set(seats)
    assert plan["total"] == len(plan["items"])
    keys = [(i["closeness"]["failed"], i["closeness"]["unknown"]) for i in plan["items"]]
    assert keys == sorted(keys) and [i["closeness"]["place"] for i in plan["items"]] == list(range(1, len(keys) + 1))

    analyst = seats[a.target_seat]  # Analis Perizinan, kelas 8, II/c: a promotion the person meets
    assert analyst["move_kind"] == "PROMOTION"
    req = _req(analyst)
    assert {k: v["status"] for k, v in req.items()} == {
        "rank": "passed", "education": "passed", "performance": "passed",
        "time_in_position": "warning"}  # 8 years in the seat: over 5, rotation overdue (still met)
    assert req["rank"]["source"]["rank_record"]["golongan"] == "III/b"
    assert req["rank"]["source"]["job_version"] >= 1
    assert req["time_in_position"]["source"]["assignment"]["tmt_start"] == "2018-01-02"
    assert sorted(r["rating_id"] for r in req["performance"]["source"]["ratings"]) == sorted(ratings)
    jpm = analyst["jpm"]  # ANALYST_STANDARD {M.01 3, M.02 4, SK.01 3, T.KEU.01 2}: (3+3+3+1)/12
    assert jpm["available"] and jpm["percent"] == "83.33" and jpm["category"] == "CUKUP_OPTIMAL"
    assert jpm["assessment"]["id"] == assessment["id"]
    assert {c["code"]: c["gap"] for c in jpm["competencies"]} == {"M.01": 0, "M.02": -1, "SK.01": 0, "T.KEU.01": -1}
    assert analyst["readiness"] == "READY_NOW"
    # the catalogue names, per gap, what would close it: this agency's catalogue has nothing yet
    assert [(d["code"], d["levels_short"], d["activities"]) for d in analyst["development"]] == [
        ("M.02", 1, []), ("T.KEU.01", 1, [])]

    kabid = seats[a.head_bidang]  # Administrator III/d: rank short; the regular promotion tells how it closes
    kreq = _req(kabid)
    assert kreq["rank"]["status"] == "failed" and kreq["rank"]["required"] == "III/d"
    assert kreq["regular_promotion"]["value"]["next_rank"] == "III/c"
    assert kabid["jpm"] == {**kabid["jpm"], "available": False, "reason": "no_standard"}
    assert plan["items"].index(analyst) < plan["items"].index(kabid)

    # filters: kind and vacant seats only
    only = ok(gw.get(f"/api/v1/career-plans/{staff['id']}", headers=staff["headers"],
                     params={"kind": "PELAKSANA", "vacant_only": "true"}))
    assert {i["position"]["job"]["kind"] for i in only["items"]} == {"PELAKSANA"}
    assert all(i["position"]["vacant"] > 0 for i in only["items"])

    # one pair: the JPM against ANY position of the agency (the head of the Dinas here)
    one = ok(gw.get(f"/api/v1/career-plans/{staff['id']}/positions/{a.head_dinas}", headers=staff["headers"]))
    assert one["position"]["position_id"] == a.head_dinas and one["move_kind"] == "PROMOTION"
    assert _req(one)["rank"]["required"] == "IV/b"

    # the supervisor (evaluator: the head of the Bidang) reads their team member's plan; not the reverse
    ok(gw.get(f"/api/v1/career-plans/{staff['id']}", headers=a.kabid["headers"]))
    assert gw.get(f"/api/v1/career-plans/{a.kabid['id']}", headers=staff["headers"]).status_code == 403
    # a supervisor outside the team (the Badan's staff has no link to the Bidang's head) is refused
    badan = a.person("Sinta Badan", a.badan_seat, "III/a", ["employee"])
    assert gw.get(f"/api/v1/career-plans/{badan['id']}", headers=a.kabid["headers"]).status_code == 403
    assert gw.get(f"/api/v1/career-plans/{staff['id']}", headers=badan["headers"]).status_code == 403

    # another agency: its admin does not see our people (404); our employee cannot reach its positions (404)
    other = stranger(gw, platform)
    assert gw.get(f"/api/v1/career-plans/{staff['id']}", headers=other).status_code == 404
    unit = ok(gw.post("/api/v1/org-units", headers=other, json={"code": "LAIN-1", "name": "Dinas Lain",
                                                                "kind": "DINAS", "valid_from": "2010-01-01"}), 201)
    job = ok(gw.post("/api/v1/jobs", headers=other, json={"name": "Analis Lain", "kind": "PELAKSANA",
                                                          "kelas_jabatan": 8}), 201)
    foreign = ok(gw.post("/api/v1/positions", headers=other, json={"unit_id": unit["id"], "job_id": job["id"],
                                                                   "required_seats": 1}), 201)
    assert gw.get(f"/api/v1/career-plans/{staff['id']}/positions/{foreign['id']}",
                  headers=staff["headers"]).status_code == 404
    assert gw.get(f"/api/v1/career-plans/positions/{foreign['id']}/candidates", headers=a.admin).status_code == 404

    # a position's candidates: the same rule and breakdown; the holders are left out
    cands = ok(gw.get(f"/api/v1/career-plans/positions/{a.target_seat}/candidates", headers=a.admin,
                      params={"limit": 200}))
    people = {i["employee"]["employee_id"]: i for i in cands["items"]}
    assert staff["id"] in people and people[staff["id"]]["jpm"]["percent"] == "83.33"
    assert people[staff["id"]]["closeness"] == {**analyst["closeness"], "place": people[staff["id"]]["closeness"]["place"]}
    ok(gw.get(f"/api/v1/career-plans/positions/{a.target_seat}/candidates", headers=a.ppk))
    unit_admin = login(gw, create_user(gw, platform, a.agency_id, ["unit_admin"], unit_id=a.bidang))
    mine = ok(gw.get(f"/api/v1/career-plans/positions/{a.target_seat}/candidates", headers=unit_admin))
    ids = {i["employee"]["employee_id"] for i in mine["items"]}
    assert staff["id"] in ids and badan["id"] not in ids  # the Badan is outside the Bidang's subtree
    for who in (staff["headers"], a.kabid["headers"]):
        assert gw.get(f"/api/v1/career-plans/positions/{a.target_seat}/candidates", headers=who).status_code == 403

    # succession planning suggests with the same function: same order, same readiness
    sp = a.post("/api/v1/succession-plans", {"position_id": a.target_seat})
    sugg = ok(gw.get(f"/api/v1/succession-plans/{sp['id']}/suggestions", headers=a.admin, params={"limit": 200}))
    assert [(i["employee"]["employee_id"], i["readiness"]) for i in sugg["items"]] == \
        [(i["employee"]["employee_id"], i["readiness"]) for i in cands["items"]]
    added = a.post(f"/api/v1/succession-plans/{sp['id']}/candidates", {"employee_id": staff["id"]})
    assert added["candidates"][0]["readiness"] == people[staff["id"]]["readiness"]

    # vacancies: the employee reads the agency's (no personal data beyond GET /positions: acting ids hidden)
    vac = ok(gw.get("/api/v1/position-reports/vacancies", headers=staff["headers"], params={"limit": 200}))
    assert a.target_seat in {v["position_id"] for v in vac["items"]}
    assert all(x.get("employee_id") is None for v in vac["items"] for x in v["acting"])
    assert gw.get("/api/v1/position-reports/vacancies", headers=staff["headers"],
                  params={"agency_id": other_agency(gw, other)}).status_code == 403


def test_open_selections_an_employee_is_eligible_for(gw: httpx.Client, platform: dict[str, str]) -> None:
    a = Agency(gw, platform)
    seat = a.seat(a.badan, a.job("Kepala Badan", "JPT_PRATAMA", 14, "IV/b"), is_head=True)
    t = TODAY
    sel = a.post("/api/v1/selections", {
        "title": "Seleksi Terbuka JPT Pratama Kepala Badan", "kind": "JPT_PRATAMA", "position_ids": [seat],
        "planned_inauguration_date": (t + timedelta(days=90)).isoformat(),
        "schedule": {"announcement_start": t.isoformat(), "announcement_end": (t + timedelta(days=14)).isoformat(),
                     "registration_start": (t + timedelta(days=1)).isoformat(),
                     "registration_end": (t + timedelta(days=20)).isoformat(),
                     "stage_dates": [(t + timedelta(days=25 + 3 * i)).isoformat() for i in range(5)]}})
    ok(gw.post(f"/api/v1/selections/{sel['id']}/announce", headers=a.admin))
    ok(gw.post(f"/api/v1/selections/{sel['id']}/open-registration", headers=a.admin))

    # the employee's own (the default): III/b against JPT Pratama's IV/b, with the reason per requirement
    mine = ok(gw.get("/api/v1/selections/eligible", headers=a.staff["headers"]))
    [row] = [r for r in mine["items"] if r["selection_id"] == sel["id"]]
    assert row["employee_id"] == a.staff["id"] and row["eligibility_status"] == "NOT_ELIGIBLE"
    rules = {r["code"]: r for r in row["eligibility"]["results"]}
    assert rules["RANK"]["status"] == "FAILED" and rules["RANK"]["required"] == "IV/b"
    assert row["application_id"] is None
    assert ok(gw.get("/api/v1/selections/eligible", headers=a.staff["headers"],
                     params={"eligibility_status": "ELIGIBLE"}))["items"] == []
    # the head of the Dinas (IV/c, 8 years as JPT) is not ruled out by rank
    head = ok(gw.get("/api/v1/selections/eligible", headers=a.admin, params={"employee_id": a.kadis["id"]}))
    [hrow] = [r for r in head["items"] if r["selection_id"] == sel["id"]]
    assert {r["code"]: r["status"] for r in hrow["eligibility"]["results"]}["RANK"] == "PASSED"

    # the supervisor (evaluator) for their team member; not the employee for their supervisor; not another agency
    ok(gw.get("/api/v1/selections/eligible", headers=a.kabid["headers"], params={"employee_id": a.staff["id"]}))
    assert gw.get("/api/v1/selections/eligible", headers=a.staff["headers"],
                  params={"employee_id": a.kabid["id"]}).status_code == 403
    unit_admin = login(gw, create_user(gw, platform, a.agency_id, ["unit_admin"], unit_id=a.badan))
    assert gw.get("/api/v1/selections/eligible", headers=unit_admin,
                  params={"employee_id": a.staff["id"]}).status_code == 403  # the Bidang is not under the Badan
    other = stranger(gw, platform)
    assert gw.get("/api/v1/selections/eligible", headers=other,
                  params={"employee_id": a.staff["id"]}).status_code == 404


def other_agency(gw: httpx.Client, headers: dict[str, str]) -> str:
    return str(ok(gw.get("/api/v1/auth/me", headers=headers))["agency_id"])

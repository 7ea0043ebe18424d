"""The development loop through the gateway: assessments with gaps -> training-needs analysis ranked -> an
individual development plan proposed by the employee and approved by the supervisor -> development records
realising it -> plan vs actual against the 20 JP right. Positions supplies the people, their evaluator (head of the
unit), the unit subtree and the competency standard of each position.
"""

from __future__ import annotations

import httpx

from tests.conftest import ok
from tests.test_e2e_performance import YEAR, Agency, stranger


def _jpm(agency: Agency, employee_id: str, levels: dict[str, int]) -> dict:
    a = agency.post("/api/v1/competency-assessments", {
        "employee_id": employee_id, "assessed_on": f"{YEAR}-04-01", "valid_until": f"{YEAR + 2}-04-01",
        "method": "ASSESSMENT_CENTER", "levels": levels})
    return dict(agency.post(f"/api/v1/competency-assessments/{a['id']}/jpm", {}))


def test_gaps_to_training_needs_to_an_approved_plan_realised(gw: httpx.Client, platform: dict[str, str]) -> None:
    agency = Agency(gw, platform)
    staff, kabid = agency.staff, agency.kabid
    colleague = agency.person("Sri Wahyuni", agency.staff_seat, "III/a", ["employee"], gender=2)
    other = stranger(gw, platform)
    # Standard of the staff seat: M.01 3, M.02 3, SK.01 3.
    mine = _jpm(agency, staff["id"], {"M.01": 3, "M.02": 1, "SK.01": 3})
    assert mine["gaps"] == {"M.01": 0, "M.02": -2, "SK.01": 0}
    _jpm(agency, colleague["id"], {"M.01": 2, "M.02": 2, "SK.01": 3})
    team = agency.post("/api/v1/development-activities", {
        "title": "Membangun Kerja Sama Tim", "kind": "TRAINING", "competencies": {"M.02": 3}, "level": "BASIC",
        "jp": "24", "provider": "BPSDM Provinsi", "starts_on": f"{YEAR}-06-02", "ends_on": f"{YEAR}-06-05"})
    integrity = agency.post("/api/v1/development-activities", {
        "title": "Integritas ASN", "kind": "E_LEARNING", "competencies": {"M.01": 3}, "jp": "6"})

    # The training-needs analysis of the agency, ranked: M.02 (2 people, 3 levels) before M.01 (1 person, 1 level).
    tna = ok(gw.get("/api/v1/training-needs", params={"year": YEAR}, headers=agency.admin))
    assert [(n["competency_code"], n["rank"], n["people"], n["gap_sum"]) for n in tna["items"]] == [
        ("M.02", 1, 2, 3), ("M.01", 2, 1, 1)]
    assert [a["id"] for a in tna["items"][0]["activities"]] == [team["id"]]
    assert [a["id"] for a in tna["items"][1]["activities"]] == [integrity["id"]]
    # The employee does not read the analysis; another agency sees only its own (none).
    assert gw.get("/api/v1/training-needs", params={"year": YEAR}, headers=staff["headers"]).status_code == 403
    assert ok(gw.get("/api/v1/training-needs", params={"year": YEAR}, headers=other))["items"] == []

    # The employee proposes their plan; positions names the head of the Bidang as the evaluator.
    plan = agency.post("/api/v1/development-plans", {"employee_id": staff["id"], "year": YEAR},
                       headers=staff["headers"])
    assert plan["evaluator_employee_id"] == kabid["id"] and plan["allowed_actions"] == ["SUBMIT"]
    url = f"/api/v1/development-plans/{plan['id']}"
    r = gw.post(f"{url}/activities", json={"activity_id": integrity["id"], "competency_code": "M.01"},
                headers=staff["headers"])
    assert r.status_code == 422 and r.json()["code"] == "not_a_gap"  # M.01 is no gap of this employee
    r = gw.post(f"{url}/activities", json={"activity_id": team["id"], "competency_code": "M.02"},
                headers=staff["headers"])
    assert r.status_code == 201, r.text
    item = r.json()["activities"][0]
    assert item["gap_levels"] == 2 and item["jpm_result_id"] == mine["id"] and item["proposed_by"] == "EMPLOYEE"
    r = gw.post(f"{url}/submit", headers={**staff["headers"], "If-Match": r.headers["etag"]})
    assert r.status_code == 200 and r.json()["state"] == "SUBMITTED", r.text
    # The colleague may not read it, another agency does not find it, the employee may not approve it.
    assert gw.get(url, headers=colleague["headers"]).status_code == 403
    assert gw.get(url, headers=other).status_code == 404
    assert gw.post(f"{url}/approve", headers=staff["headers"]).status_code == 403
    seen = ok(gw.get(url, headers=kabid["headers"]))
    assert seen["allowed_actions"] == ["APPROVE", "RETURN"]
    approved = ok(gw.post(f"{url}/approve", headers=kabid["headers"]))
    assert approved["state"] == "APPROVED"
    assert approved["jp"]["planned_jp"] == "24.00" and approved["jp"]["planned_meets_right"] is True
    assert approved["jp"]["actual_meets_right"] is False and approved["jp"]["actual_shortfall_jp"] == "20.00"

    # Realisation: the BKPSDM records the training against the plan's activity (a colleague's record may not).
    body = {"employee_id": staff["id"], "title": "Membangun Kerja Sama Tim", "kind": "PELATIHAN",
            "provider": "BPSDM Provinsi", "started_on": f"{YEAR}-06-02", "ended_on": f"{YEAR}-06-05", "jp": "24",
            "plan_item_id": item["id"]}
    r = gw.post("/api/v1/development-records", json={**body, "employee_id": colleague["id"]}, headers=agency.admin)
    assert r.status_code == 422 and r.json()["code"] == "plan_item_mismatch"
    record = agency.post("/api/v1/development-records", body)
    assert record["kind"] == "TRAINING" and record["plan_item_id"] == item["id"]
    done = ok(gw.get(url, headers=staff["headers"]))
    assert done["activities"][0]["realised_jp"] == "24.00" and done["activities"][0]["records"] == 1
    assert done["jp"] == {"required_jp": "20", "planned_jp": "24.00", "realised_jp": "24.00",
                          "year_total_jp": "24.00", "planned_meets_right": True, "actual_meets_right": True,
                          "actual_shortfall_jp": "0.00"}
    # The supervisor's list shows the team's plan; the colleague's shows none.
    assert [p["id"] for p in ok(gw.get("/api/v1/development-plans", headers=kabid["headers"]))["items"]] == [
        plan["id"]]
    assert ok(gw.get("/api/v1/development-plans", headers=colleague["headers"]))["total"] == 0

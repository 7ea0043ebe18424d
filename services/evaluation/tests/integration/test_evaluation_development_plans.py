"""Development catalogue, training-needs analysis and individual development plans, with their denials."""

from __future__ import annotations

import csv
import io
import uuid

import httpx
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

YEAR = clock.today().year - 1
STANDARD = {"M.01": 3, "M.03": 3, "M.05": 2}


async def _jpm(client: httpx.AsyncClient, admin: dict, emp: uuid.UUID, levels: dict[str, int]) -> dict:
    a = await client.post("/api/v1/competency-assessments", headers=admin, json={
        "employee_id": str(emp), "assessed_on": f"{YEAR}-03-01", "valid_until": f"{YEAR + 2}-03-01",
        "method": "ASSESSMENT_CENTER", "levels": levels})
    assert a.status_code == 201, a.text
    j = await client.post(f"/api/v1/competency-assessments/{a.json()['id']}/jpm", json={}, headers=admin)
    assert j.status_code == 201, j.text
    return j.json()


async def _world(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> dict:
    agency = uuid.uuid4()
    top = directory.add_unit()
    sub, other = directory.add_unit(top), directory.add_unit(top)
    pos = uuid.uuid4()
    directory.positions[pos] = {"id": str(pos), "agency_id": str(agency), "unit_id": str(sub),
                                "job": {"kind": "PELAKSANA", "competency_standard": STANDARD}}
    head = directory.add(agency, unit_id=top)
    boss = directory.add(agency, unit_id=sub, evaluator=head)
    e1, e2, e3 = (directory.add(agency, unit_id=sub, position_id=pos, evaluator=boss, superior=head)
                  for _ in range(3))
    e4 = directory.add(agency, unit_id=other, position_id=pos, evaluator=head)
    w = {"agency": agency, "sub": sub, "other": other, "boss": boss, "head": head, "e1": e1, "e2": e2, "e3": e3,
         "e4": e4, "admin": tokens.headers("agency_admin", agency_id=agency)}
    for e, levels in ((e1, {"M.01": 3, "M.03": 1, "M.05": 2}), (e2, {"M.01": 2, "M.03": 2, "M.05": 2}),
                      (e3, {"M.01": 3, "M.03": 3, "M.05": 1}), (e4, {"M.01": 3, "M.03": 3, "M.05": 1})):
        w[f"jpm_{e}"] = await _jpm(client, w["admin"], e, levels)
    return w


def _as(tokens: TokenFactory, w: dict, who: str, role: str = "employee") -> dict:
    return tokens.headers(role, agency_id=w["agency"], employee_id=w[who])


async def _activity(client: httpx.AsyncClient, admin: dict, title: str, competencies: dict, jp: str = "24") -> dict:
    r = await client.post("/api/v1/development-activities", headers=admin, json={
        "title": title, "kind": "TRAINING", "competencies": competencies, "level": "INTERMEDIATE", "jp": jp,
        "provider": "BPSDM", "starts_on": f"{YEAR}-05-01", "ends_on": f"{YEAR}-05-04"})
    assert r.status_code == 201, r.text
    return r.json()


async def test_catalogue_write_read_and_denials(client: httpx.AsyncClient, tokens: TokenFactory,
                                               directory: FakeDirectory) -> None:
    w = await _world(client, tokens, directory)
    admin = w["admin"]
    act = await _activity(client, admin, "Komunikasi Efektif", {"m.03": 3})
    assert act["competencies"] == {"M.03": 3} and act["status"] == "ACTIVE" and act["kind"] == "TRAINING"
    body = {"title": "x", "kind": "TRAINING", "competencies": {"T.NOPE": 2}, "jp": "2"}
    r = await client.post("/api/v1/development-activities", headers=admin, json=body)
    assert r.status_code == 422 and r.json()["code"] == "unknown_activity_competency"
    r = await client.post("/api/v1/development-activities", headers=admin,
                          json={**body, "competencies": {"M.01": 6}})
    assert r.status_code == 422 and r.json()["code"] == "invalid_raises_to_level"
    r = await client.post("/api/v1/development-activities", headers=admin, json={**body, "kind": "PELATIHAN",
                                                                                "competencies": {"M.01": 3}})
    assert r.status_code == 422  # the catalogue takes the vocabulary only
    r = await client.post("/api/v1/development-activities", headers=admin, json={
        **body, "competencies": {"M.01": 3}, "starts_on": f"{YEAR}-05-04", "ends_on": f"{YEAR}-05-01"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_date_range"
    # Everyone in the agency reads; only the agency admin writes; another agency does not find it.
    employee = _as(tokens, w, "e1")
    page = (await client.get("/api/v1/development-activities", headers=employee,
                             params={"competency": "M.03"})).json()
    assert page["total"] == 1 and page["items"][0]["id"] == act["id"]
    assert (await client.get("/api/v1/development-activities", headers=employee,
                             params={"competency": "M.01"})).json()["total"] == 0
    r = await client.post("/api/v1/development-activities", headers=employee, json={**body, "competencies": {"M.01": 3}})
    assert r.status_code == 403
    unit_admin = tokens.headers("unit_admin", agency_id=w["agency"], unit_id=w["sub"])
    assert (await client.post("/api/v1/development-activities", headers=unit_admin,
                              json={**body, "competencies": {"M.01": 3}})).status_code == 403
    stranger = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    assert (await client.get(f"/api/v1/development-activities/{act['id']}", headers=stranger)).status_code == 404
    assert (await client.get("/api/v1/development-activities", headers=stranger)).json()["total"] == 0
    # Retire with If-Match: a stale ETag changes nothing.
    one = await client.get(f"/api/v1/development-activities/{act['id']}", headers=employee)
    full = {k: act[k] for k in ("title", "kind", "competencies", "level", "jp", "provider", "starts_on", "ends_on")}
    r = await client.put(f"/api/v1/development-activities/{act['id']}", headers={**admin, "If-Match": '"stale"'},
                         json={**full, "status": "RETIRED"})
    assert r.status_code == 412
    assert (await client.put(f"/api/v1/development-activities/{act['id']}",
                             headers={**employee, "If-Match": one.headers["etag"]},
                             json={**full, "status": "RETIRED"})).status_code == 403
    r = await client.put(f"/api/v1/development-activities/{act['id']}",
                         headers={**admin, "If-Match": one.headers["etag"]}, json={**full, "status": "RETIRED"})
    assert r.status_code == 200 and r.json()["status"] == "RETIRED" and r.json()["row_version"] == 2
    assert (await client.put(f"/api/v1/development-activities/{act['id']}", headers=stranger,
                             json=full)).status_code == 404


async def test_training_needs_ranked_scoped_and_exported(client: httpx.AsyncClient, tokens: TokenFactory,
                                                        directory: FakeDirectory) -> None:
    w = await _world(client, tokens, directory)
    admin = w["admin"]
    comm = await _activity(client, admin, "Komunikasi Efektif", {"M.03": 3, "M.01": 3})
    r = await client.get("/api/v1/training-needs", headers=admin, params={"year": YEAR})
    assert r.status_code == 200, r.text
    tna = r.json()
    # M.03: e1 -2, e2 -1 -> 2 people, 3 levels; M.05: e3, e4 -1 each -> 2 people, 2 levels; M.01: e2 -1.
    assert [(i["competency_code"], i["rank"], i["people"], i["gap_sum"]) for i in tna["items"]] == [
        ("M.03", 1, 2, 3), ("M.05", 2, 2, 2), ("M.01", 3, 1, 1)]
    assert tna["people_assessed"] == 4 and tna["sources"] == ["jpm", "coaching"] and tna["total"] == 3
    first = tna["items"][0]
    assert first["mean_gap"] == "1.50" and first["max_gap"] == 2 and first["sources"]["jpm"]["people"] == 2
    assert [a["id"] for a in first["activities"]] == [comm["id"]] and first["activities"][0]["raises_to"] == 3
    assert tna["items"][1]["activities"] == []
    # A unit admin gets their subtree (e4 of the other unit drops out); M.05 and M.01 now tie at rank 2.
    unit_admin = tokens.headers("unit_admin", agency_id=w["agency"], unit_id=w["sub"])
    sub = (await client.get("/api/v1/training-needs", headers=unit_admin, params={"year": YEAR})).json()
    assert [(i["competency_code"], i["rank"]) for i in sub["items"]] == [("M.03", 1), ("M.01", 2), ("M.05", 2)]
    assert sub["people_assessed"] == 3 and sub["unit_id"] == str(w["sub"])
    assert (await client.get("/api/v1/training-needs", headers=admin,
                             params={"year": YEAR, "unit_id": str(w["sub"])})).json()["people_assessed"] == 3
    # Paging and sort; a year with no valid assessment has no needs.
    paged = (await client.get("/api/v1/training-needs", headers=admin,
                              params={"year": YEAR, "limit": 1, "offset": 1, "sort": "competency_code"})).json()
    assert paged["total"] == 3 and [i["competency_code"] for i in paged["items"]] == ["M.03"]
    assert (await client.get("/api/v1/training-needs", headers=admin,
                             params={"year": YEAR - 5})).json()["items"] == []
    # CSV: every row in rank order, headers in the asked language.
    r = await client.get("/api/v1/training-needs", headers={**admin, "Accept-Language": "en"},
                         params={"year": YEAR, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Rank", "Competency code", "People"] and [x[1] for x in rows[1:]] == ["M.03", "M.05", "M.01"]
    assert rows[1][6] == "Komunikasi Efektif"
    x = await client.get("/api/v1/training-needs", headers=admin, params={"year": YEAR, "format": "xlsx"})
    assert x.status_code == 200 and x.content[:2] == b"PK"
    # Denials: another unit admin's unit, an employee, a supervisor; another agency sees its own (empty) needs.
    assert (await client.get("/api/v1/training-needs", headers=unit_admin,
                             params={"year": YEAR, "unit_id": str(w["other"])})).status_code == 403
    assert (await client.get("/api/v1/training-needs", headers=_as(tokens, w, "e1"),
                             params={"year": YEAR})).status_code == 403
    assert (await client.get("/api/v1/training-needs", headers=_as(tokens, w, "boss", "supervisor"),
                             params={"year": YEAR})).status_code == 403
    stranger = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    assert (await client.get("/api/v1/training-needs", headers=stranger,
                             params={"year": YEAR})).json()["items"] == []


async def test_development_plan_lifecycle_realisation_and_denials(client: httpx.AsyncClient, tokens: TokenFactory,
                                                                 directory: FakeDirectory) -> None:
    w = await _world(client, tokens, directory)
    admin, me, boss = w["admin"], _as(tokens, w, "e1"), _as(tokens, w, "boss", "supervisor")
    comm = await _activity(client, admin, "Komunikasi Efektif", {"M.03": 3})
    serv = await _activity(client, admin, "Pelayanan Prima", {"M.05": 2}, jp="8")
    # Another employee may not start my plan; I may.
    assert (await client.post("/api/v1/development-plans", headers=_as(tokens, w, "e2"),
                              json={"employee_id": str(w["e1"]), "year": YEAR})).status_code == 403
    r = await client.post("/api/v1/development-plans", headers=me, json={"employee_id": str(w["e1"]), "year": YEAR})
    assert r.status_code == 201, r.text
    plan = r.json()
    assert plan["state"] == "DRAFT" and plan["evaluator_employee_id"] == str(w["boss"])
    assert plan["allowed_actions"] == ["SUBMIT"] and plan["activities_editable"] is True
    assert plan["jp"]["required_jp"] == "20"
    again = await client.post("/api/v1/development-plans", headers=boss,
                              json={"employee_id": str(w["e1"]), "year": YEAR})
    assert again.status_code == 409 and again.json()["code"] == "development_plan_exists"
    url = f"/api/v1/development-plans/{plan['id']}"
    # Items must be one of my gaps and addressed by the activity.
    r = await client.post(f"{url}/activities", headers=me, json={"activity_id": serv["id"], "competency_code": "M.05"})
    assert r.status_code == 422 and r.json()["code"] == "not_a_gap" and r.json()["gaps"] == ["M.03"]
    r = await client.post(f"{url}/activities", headers=me, json={"activity_id": comm["id"], "competency_code": "M.01"})
    assert r.status_code == 422 and r.json()["code"] == "activity_does_not_address"
    r = await client.post(f"{url}/activities", headers=me, json={"activity_id": str(uuid.uuid4()),
                                                                  "competency_code": "M.03"})
    assert r.status_code == 422 and r.json()["code"] == "activity_not_in_catalogue"
    etag = (await client.get(url, headers=me)).headers["etag"]
    r = await client.post(f"{url}/activities", headers={**me, "If-Match": etag},
                          json={"activity_id": comm["id"], "competency_code": "m.03", "note": "Semester 1"})
    assert r.status_code == 201, r.text
    item = r.json()["activities"][0]
    assert item["gap_levels"] == 2 and item["proposed_by"] == "EMPLOYEE" and item["planned_jp"] == "24"
    assert item["jpm_result_id"] == w[f"jpm_{w['e1']}"]["id"] and item["raises_to"] == 3
    dup = await client.post(f"{url}/activities", headers=me, json={"activity_id": comm["id"], "competency_code": "M.03"})
    assert dup.status_code == 409 and dup.json()["code"] == "activity_already_planned"
    stale = await client.post(f"{url}/submit", headers={**me, "If-Match": etag})
    assert stale.status_code == 412
    # Readers: me, my supervisors, the scope admins; not a colleague, not another unit's admin, not another agency.
    assert (await client.get(url, headers=_as(tokens, w, "e2"))).status_code == 403
    assert (await client.get(url, headers=tokens.headers("unit_admin", agency_id=w["agency"],
                                                         unit_id=w["other"]))).status_code == 403
    assert (await client.get(url, headers=tokens.headers("unit_admin", agency_id=w["agency"],
                                                         unit_id=w["sub"]))).status_code == 200
    assert (await client.get(url, headers=tokens.headers("agency_admin", agency_id=uuid.uuid4()))).status_code == 404
    assert (await client.get(url, headers=boss)).json()["allowed_actions"] == ["SUBMIT"]
    # A colleague's evaluator who is not on this plan, or the PPK, takes no part: 403 before any state question.
    assert (await client.post(f"{url}/approve", headers=tokens.headers("ppk", agency_id=w["agency"]))).status_code == 403
    # Approve before submit is a state conflict; I submit; I may not approve my own plan; my evaluator does.
    r = await client.post(f"{url}/approve", headers=boss)
    assert r.status_code == 409 and r.json()["allowed_actions"] == ["SUBMIT"]
    r = await client.post(f"{url}/submit", headers=me)
    assert r.status_code == 200 and r.json()["state"] == "SUBMITTED" and r.json()["allowed_actions"] == []
    assert r.json()["activities_editable"] is False
    assert (await client.post(f"{url}/approve", headers=me)).status_code == 403
    assert (await client.post(f"{url}/approve", headers=_as(tokens, w, "e2"))).status_code == 403
    r = await client.post(f"{url}/activities", headers=me, json={"activity_id": comm["id"], "competency_code": "M.03"})
    assert r.status_code == 409 and r.json()["code"] == "development_plan_locked"
    assert (await client.get(url, headers=boss)).json()["allowed_actions"] == ["APPROVE", "RETURN"]
    r = await client.post(f"{url}/approve", headers=boss)
    assert r.status_code == 200 and r.json()["state"] == "APPROVED" and r.json()["allowed_actions"] == ["REOPEN"]
    # Realisation: a record naming the item, same employee and year; anything else is refused and changes nothing.
    rec = {"employee_id": str(w["e1"]), "title": "Komunikasi Efektif", "kind": "Pelatihan",
           "started_on": f"{YEAR}-05-01", "ended_on": f"{YEAR}-05-04", "jp": "24", "plan_item_id": item["id"]}
    r = await client.post("/api/v1/development-records", headers=admin, json={**rec, "employee_id": str(w["e2"])})
    assert r.status_code == 422 and r.json()["code"] == "plan_item_mismatch"
    r = await client.post("/api/v1/development-records", headers=admin,
                          json={**rec, "started_on": f"{YEAR + 1}-01-05", "ended_on": f"{YEAR + 1}-01-06"})
    assert r.status_code == 422 and r.json()["code"] == "plan_item_mismatch"
    r = await client.post("/api/v1/development-records", headers=tokens.headers("agency_admin", agency_id=uuid.uuid4()),
                          json=rec)
    assert r.status_code == 404
    r = await client.post("/api/v1/development-records", headers=admin, json=rec)
    assert r.status_code == 201, r.text
    assert r.json()["kind"] == "TRAINING" and r.json()["kind_as_recorded"] == "Pelatihan"
    assert r.json()["plan_item_id"] == item["id"]
    r = await client.post("/api/v1/development-records", headers=admin, json={
        **{k: v for k, v in rec.items() if k != "plan_item_id"}, "kind": "e-learning", "jp": "4"})
    assert r.status_code == 201 and r.json()["kind"] == "E_LEARNING"
    r = await client.post("/api/v1/development-records", headers=admin, json={**rec, "kind": "rapat"})
    assert r.status_code == 422 and r.json()["code"] == "unknown_development_kind"
    got = (await client.get(url, headers=me)).json()
    assert got["activities"][0]["realised_jp"] == "24.00" and got["activities"][0]["records"] == 1
    assert got["jp"] == {"required_jp": "20", "planned_jp": "24.00", "realised_jp": "24.00", "year_total_jp": "28.00",
                         "planned_meets_right": True, "actual_meets_right": True, "actual_shortfall_jp": "0.00"}
    # Reopen: a realised activity stays; realising needs an approved plan.
    r = await client.post(f"{url}/reopen", headers=me)
    assert r.status_code == 200 and r.json()["state"] == "DRAFT"
    r = await client.delete(f"{url}/activities/{item['id']}", headers=me)
    assert r.status_code == 409 and r.json()["code"] == "plan_item_realised"
    r = await client.post("/api/v1/development-records", headers=admin, json=rec)
    assert r.status_code == 409 and r.json()["code"] == "development_plan_not_approved"
    # Lists: the supervisor sees the team's plans, a colleague sees none, the admin the agency's.
    assert [p["id"] for p in (await client.get("/api/v1/development-plans", headers=boss)).json()["items"]] == [
        plan["id"]]
    assert (await client.get("/api/v1/development-plans", headers=_as(tokens, w, "e2"))).json()["total"] == 0
    assert (await client.get("/api/v1/development-plans", headers=admin,
                             params={"year": YEAR, "state": "DRAFT"})).json()["total"] == 1
    assert (await client.get("/api/v1/development-plans",
                             headers=tokens.headers("agency_admin", agency_id=uuid.uuid4()))).json()["total"] == 0
    # A supervisor's proposal is marked as theirs; the audit trail has every step.
    third = await _activity(client, admin, "Menulis Laporan", {"M.03": 3}, jp="6")
    r = await client.post(f"{url}/activities", headers=boss, json={"activity_id": third["id"],
                                                                    "competency_code": "M.03"})
    assert r.status_code == 201 and r.json()["activities"][1]["proposed_by"] == "SUPERVISOR"
    assert r.json()["jp"]["planned_jp"] == "30.00"
    # The agency may require more than the national 20 JP (never less): the plan is measured against its policy.
    pol = await client.get(f"/api/v1/evaluation-policies/{w['agency']}", headers=admin)
    assert pol.json()["development"] == {"required_jp_per_year": "20"}
    low = await client.put(f"/api/v1/evaluation-policies/{w['agency']}", headers={**admin, "If-Match": pol.headers["etag"]},
                           json={"development": {"required_jp_per_year": "19"}})
    assert low.status_code == 422 and low.json()["code"] == "invalid_development_policy"
    typo = await client.put(f"/api/v1/evaluation-policies/{w['agency']}", headers={**admin, "If-Match": pol.headers["etag"]},
                            json={"development": {"required_jp": "32"}})
    assert typo.status_code == 422 and typo.json()["code"] == "invalid_development_policy"
    r = await client.put(f"/api/v1/evaluation-policies/{w['agency']}", headers={**admin, "If-Match": pol.headers["etag"]},
                         json={"development": {"required_jp_per_year": "32"}})
    assert r.status_code == 200 and r.json()["development"] == {"required_jp_per_year": "32"}
    jp = (await client.get(url, headers=me)).json()["jp"]
    assert (jp["required_jp"], jp["planned_meets_right"], jp["actual_meets_right"], jp["actual_shortfall_jp"]) == (
        "32", False, False, "4.00")
    unit_admin = tokens.headers("unit_admin", agency_id=w["agency"], unit_id=w["sub"])
    comp = (await client.get("/api/v1/development-records/compliance", headers=unit_admin,
                             params={"unit_id": str(w["sub"]), "year": YEAR})).json()
    assert comp["required_jp"] == 32.0
    assert {b["employee_id"]: b["shortfall_jp"] for b in comp["below_minimum"]}[str(w["e1"])] == 4.0
    hist = (await client.get("/api/v1/development-records", headers=me, params={"employee_id": str(w["e1"])})).json()
    assert hist["yearly"][str(YEAR)]["required_jp"] == "32" and hist["yearly"][str(YEAR)]["compliant"] is False
    audit = await client.get("/api/v1/evaluation-audit", headers=admin, params={"entity_id": plan["id"]})
    assert audit.status_code == 200, audit.text
    assert {e["action"] for e in audit.json()["items"]} == {
        "development_plan.create", "development_plan.add_activity", "development_plan.submit",
        "development_plan.approve", "development_plan.reopen"}


async def test_development_plan_without_an_evaluator_is_approved_by_the_agency_admin(
        client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> None:
    w = await _world(client, tokens, directory)
    admin = w["admin"]
    top = directory.add(w["agency"], unit_id=w["sub"], position_id=next(iter(
        p for p, v in directory.positions.items() if v["agency_id"] == str(w["agency"]))))
    await _jpm(client, admin, top, {"M.01": 3, "M.03": 2, "M.05": 2})
    comm = await _activity(client, admin, "Komunikasi Efektif", {"M.03": 3})
    me = tokens.headers("employee", agency_id=w["agency"], employee_id=top)
    plan = (await client.post("/api/v1/development-plans", headers=me,
                              json={"employee_id": str(top), "year": YEAR})).json()
    assert plan["evaluator_employee_id"] is None
    url = f"/api/v1/development-plans/{plan['id']}"
    assert (await client.post(f"{url}/activities", headers=me,
                              json={"activity_id": comm["id"], "competency_code": "M.03"})).status_code == 201
    assert (await client.post(f"{url}/submit", headers=me)).status_code == 200
    unit_admin = tokens.headers("unit_admin", agency_id=w["agency"], unit_id=w["sub"])
    assert (await client.get(url, headers=unit_admin)).json()["allowed_actions"] == []
    assert (await client.post(f"{url}/approve", headers=unit_admin)).status_code == 403
    assert (await client.post(f"{url}/approve", headers=_as(tokens, w, "boss", "supervisor"))).status_code == 403
    assert (await client.get(url, headers=admin)).json()["allowed_actions"] == ["APPROVE", "RETURN"]
    r = await client.post(f"{url}/return", headers=admin)
    assert r.status_code == 200 and r.json()["state"] == "DRAFT" and r.json()["allowed_actions"] == []

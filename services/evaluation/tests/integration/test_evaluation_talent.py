"""Curve finalisation, angka kredit, JPM, development compliance, talent placement, pool and succession."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

YEAR = clock.today().year - 1
SB = ("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
B = ("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
BP = ("DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")


async def _rate(client: httpx.AsyncClient, admin: dict, emp: uuid.UUID, pair: tuple[str, str], year: int = YEAR) -> int:
    r = await client.post("/api/v1/annual-ratings", headers=admin, json={
        "employee_id": str(emp), "year": year, "rating_hasil_kerja": pair[0], "rating_perilaku": pair[1]})
    return r.status_code


async def test_evaluation_curve_blocks_then_warn(client: httpx.AsyncClient, tokens: TokenFactory,
                                                 directory: FakeDirectory) -> None:
    agency, unit = uuid.uuid4(), uuid.uuid4()
    admin = tokens.headers("agency_admin", agency_id=agency)
    people = [directory.add(agency, unit_id=unit) for _ in range(3)]
    for e in people:
        assert await _rate(client, admin, e, B) == 201
    org = (await client.post("/api/v1/org-performance", headers=admin, json={
        "unit_id": str(unit), "year": YEAR, "org_predikat": "BAIK"})).json()
    check = (await client.get(f"/api/v1/org-performance/{org['id']}/curve-check", headers=admin)).json()
    assert check["unit_size"] == 3 and check["counts"]["BAIK"] == 3 and not check["compliant"]
    codes = {v["rule_code"] for v in check["violations"]}
    assert codes == {"BAIK_BAIK_MAX_70", "BAIK_BP_OR_KURANG_MIN_1"}
    v = next(v for v in check["violations"] if v["rule_code"] == "BAIK_BAIK_MAX_70")
    assert v["actual_count"] == 3 and v["allowed_count"] == 2
    fin = await client.post(f"/api/v1/org-performance/{org['id']}/finalize", headers=admin)
    assert fin.status_code == 409 and fin.json()["code"] == "curve_violated" and len(fin.json()["violations"]) == 2
    unit_admin = tokens.headers("unit_admin", agency_id=agency, unit_id=unit)
    assert (await client.post(f"/api/v1/org-performance/{org['id']}/finalize", headers=unit_admin)).status_code == 403
    # Agency switches to warn: finalising records the violations and locks the unit's ratings.
    pol = await client.get(f"/api/v1/evaluation-policies/{agency}", headers=admin)
    r = await client.put(f"/api/v1/evaluation-policies/{agency}", json={"curve_enforcement": "warn"},
                         headers={**admin, "If-Match": pol.headers["etag"]})
    assert r.status_code == 200 and r.json()["version"] == 1
    fin = await client.post(f"/api/v1/org-performance/{org['id']}/finalize", headers=admin)
    assert fin.status_code == 200 and fin.json()["status"] == "FINAL"
    assert not fin.json()["curve_result"]["compliant"]
    late = directory.add(agency, unit_id=unit)
    r = await client.post("/api/v1/annual-ratings", headers=admin, json={
        "employee_id": str(late), "year": YEAR, "rating_hasil_kerja": BP[0], "rating_perilaku": BP[1]})
    assert r.status_code == 409 and r.json()["code"] == "unit_ratings_final"
    bad = await client.put(f"/api/v1/evaluation-policies/{agency}", json={"curve": {"at_most_rounding": "UP"}},
                           headers=admin)
    assert bad.status_code == 422


async def test_evaluation_angka_kredit(client: httpx.AsyncClient, tokens: TokenFactory,
                                       directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    admin = tokens.headers("agency_admin", agency_id=agency)
    emp = directory.add(agency, job_kind="FUNGSIONAL", jenjang="AHLI_PERTAMA")
    body = {"employee_id": str(emp), "starts_on": f"{YEAR}-01-01", "ends_on": f"{YEAR}-12-31"}
    r = await client.post("/api/v1/angka-kredit", json=body, headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "rating_missing"
    await _rate(client, admin, emp, SB)
    r = await client.post("/api/v1/angka-kredit", json=body, headers=admin)
    assert r.status_code == 201 and r.json()["display"] == "18.750" and r.json()["months"] == 12
    r = await client.post("/api/v1/angka-kredit", json={**body, "starts_on": f"{YEAR}-06-01"}, headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "angka_kredit_overlap"
    r = await client.post("/api/v1/angka-kredit", json={**body, "ends_on": f"{YEAR - 1}-12-31"}, headers=admin)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "ends_on"]
    hist = (await client.get("/api/v1/angka-kredit", params={"employee_id": str(emp)}, headers=admin)).json()
    assert hist["total"] == "18.75" or float(hist["total"]) == 18.75
    pel = directory.add(agency)
    await _rate(client, admin, pel, B)
    r = await client.post("/api/v1/angka-kredit", json={**body, "employee_id": str(pel)}, headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "not_functional"


async def test_evaluation_jpm_and_talent(client: httpx.AsyncClient, tokens: TokenFactory,
                                         directory: FakeDirectory) -> None:
    agency, unit, pos = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    admin = tokens.headers("agency_admin", agency_id=agency)
    directory.positions[pos] = {"id": str(pos), "agency_id": str(agency), "unit_id": str(unit),
                                "job": {"kind": "PENGAWAS", "competency_standard": {"M.01": 3, "M.02": 3}}}
    star = directory.add(agency, unit_id=unit, position_id=pos)
    punished = directory.add(agency, unit_id=unit, position_id=pos)
    newbie = directory.add(agency, unit_id=unit, position_id=pos)
    as_of = date(YEAR + 1, 1, 15)
    for e in (star, punished):
        await _rate(client, admin, e, SB, YEAR - 1)
        await _rate(client, admin, e, SB, YEAR)
        a = await client.post("/api/v1/competency-assessments", headers=admin, json={
            "employee_id": str(e), "assessed_on": f"{YEAR}-06-01", "valid_until": f"{YEAR + 2}-06-01",
            "method": "ASSESSMENT_CENTER", "levels": {"M.01": 3, "M.02": 3, "SK.01": 2}})
        assert a.status_code == 201, a.text
        j = await client.post(f"/api/v1/competency-assessments/{a.json()['id']}/jpm", json={}, headers=admin)
        assert j.status_code == 201 and j.json()["category"] == "OPTIMAL" and j.json()["display"] == "100.00"
        assert j.json()["standard"] == {"M.01": 3, "M.02": 3} and j.json()["gaps"] == {"M.01": 0, "M.02": 0}
    bad = await client.post("/api/v1/competency-assessments", headers=admin, json={
        "employee_id": str(star), "assessed_on": f"{YEAR}-06-01", "valid_until": f"{YEAR}-01-01",
        "method": "X", "levels": {"M.01": 3}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["body", "valid_until"]
    await client.post("/api/v1/discipline-records", headers=admin, json={
        "employee_id": str(punished), "level": "HEAVY", "decided_on": f"{YEAR}-03-01"})
    cyc = await client.post("/api/v1/talent-cycles", headers=admin, json={
        "name": "T", "year": YEAR + 1, "as_of": as_of.isoformat(), "unit_id": str(unit)})
    assert cyc.status_code == 201 and cyc.json()["policy"]["potential_thresholds"] == {"middle_min": "60",
                                                                                      "high_min": "80"}
    cid = cyc.json()["id"]
    placed = await client.post(f"/api/v1/talent-cycles/{cid}/place", json={}, headers=admin)
    assert placed.status_code == 200, placed.text
    res = placed.json()
    assert res["placed"] == 2 and res["skipped"] == [{"employee_id": str(newbie), "reason": "predikat_missing"}]
    items = {p["employee_id"]: p for p in (await client.get(f"/api/v1/talent-cycles/{cid}/placements",
                                                            headers=admin)).json()["items"]}
    assert items[str(star)]["box"] == 9 and items[str(star)]["in_pool"] is True
    assert items[str(star)]["actions"][0]["code"] == "PROMOTE"
    assert items[str(star)]["thresholds"]["potential"] == {"middle_min": "60", "high_min": "80"}
    # Heavy penalty: potential lower (track record 40 → 0.5·100 + 0.3·40 + 0.2·70 = 76, middle) and out of the pool.
    assert items[str(punished)]["box"] == 7 and items[str(punished)]["in_pool"] is False
    summ = (await client.get(f"/api/v1/employee-summaries/{star}", params={"as_of": as_of.isoformat()},
                             headers=tokens.headers("service"))).json()
    assert summ["talent_box"] == 9 and summ["in_talent_pool"] is True and summ["jpm"]["category"] == "OPTIMAL"
    assert summ["jpm"]["position_id"] == str(pos)
    assert (await client.get(f"/api/v1/talent-cycles/{cid}/placements",
                             headers=tokens.headers("employee", agency_id=agency, employee_id=star))
            ).status_code == 403
    sp = await client.post("/api/v1/succession-plans", headers=admin, json={"position_id": str(pos),
                                                                            "talent_cycle_id": cid})
    assert sp.status_code == 201
    spid = sp.json()["id"]
    r = await client.post(f"/api/v1/succession-plans/{spid}/candidates", headers=admin, json={
        "employee_id": str(punished), "readiness": "READY_NOW"})
    assert r.status_code == 409 and r.json()["code"] == "candidate_not_in_talent_pool"
    r = await client.post(f"/api/v1/succession-plans/{spid}/candidates", headers=admin, json={
        "employee_id": str(star), "readiness": "READY_NOW"})
    assert r.status_code == 201 and r.json()["candidates"] == [
        {"employee_id": str(star), "readiness": "READY_NOW", "rank": 1, "box": 9, "note": None}]


async def test_evaluation_development_compliance(client: httpx.AsyncClient, tokens: TokenFactory,
                                                 directory: FakeDirectory) -> None:
    agency, unit = uuid.uuid4(), uuid.uuid4()
    admin = tokens.headers("agency_admin", agency_id=agency)
    ok, short, none = (directory.add(agency, unit_id=unit) for _ in range(3))
    base = {"title": "Diklat", "kind": "PELATIHAN", "started_on": f"{YEAR}-03-01", "ended_on": f"{YEAR}-03-02"}
    assert (await client.post("/api/v1/development-records", headers=admin,
                              json={**base, "employee_id": str(ok), "jp": 20})).status_code == 201
    assert (await client.post("/api/v1/development-records", headers=admin,
                              json={**base, "employee_id": str(short), "minutes": 450})).status_code == 201
    r = await client.post("/api/v1/development-records", headers=admin,
                          json={**base, "employee_id": str(short), "minutes": 45, "jp": 1})
    assert r.status_code == 422
    r = await client.post("/api/v1/development-records", headers=admin,
                          json={**base, "employee_id": str(short), "minutes": 45, "ended_on": f"{YEAR}-02-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "ended_on"]
    c = (await client.get("/api/v1/development-records/compliance", params={"unit_id": str(unit), "year": YEAR},
                          headers=admin)).json()
    below = {x["employee_id"]: x for x in c["below_minimum"]}
    assert set(below) == {str(short), str(none)} and below[str(short)]["total_jp"] == 10.0
    assert below[str(none)]["shortfall_jp"] == 20.0
    other_unit = tokens.headers("unit_admin", agency_id=agency, unit_id=uuid.uuid4())
    assert (await client.get("/api/v1/development-records/compliance", params={"unit_id": str(unit), "year": YEAR},
                             headers=other_unit)).status_code == 403
    mine = (await client.get("/api/v1/development-records", params={"employee_id": str(ok)},
                             headers=tokens.headers("employee", agency_id=agency, employee_id=ok))).json()
    assert mine["yearly"][str(YEAR)]["compliant"] is True


async def test_evaluation_succession_plans_follow_the_unit_admin_subtree(
        client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> None:
    """A unit admin sees plans of positions in their subtree, and only the candidates who work there."""
    agency, other_agency = uuid.uuid4(), uuid.uuid4()
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    admin = tokens.headers("agency_admin", agency_id=agency)
    plans = {}
    for unit in (mine, theirs):
        pos = uuid.uuid4()
        directory.positions[pos] = {"id": str(pos), "agency_id": str(agency), "unit_id": str(unit),
                                    "job": {"kind": "PENGAWAS", "competency_standard": {"M.01": 3}}}
        sp = await client.post("/api/v1/succession-plans", headers=admin, json={"position_id": str(pos)})
        assert sp.status_code == 201, sp.text
        plans[unit] = sp.json()["id"]
    inside, outside = directory.add(agency, unit_id=mine), directory.add(agency, unit_id=theirs)
    for emp in (inside, outside):
        r = await client.post(f"/api/v1/succession-plans/{plans[mine]}/candidates", headers=admin,
                              json={"employee_id": str(emp), "readiness": "READY_NOW"})
        assert r.status_code == 201, r.text
    unit_admin = tokens.headers("unit_admin", agency_id=agency, unit_id=mine)
    listed = (await client.get("/api/v1/succession-plans", headers=unit_admin)).json()["items"]
    assert [p["id"] for p in listed] == [plans[mine]]
    assert [c["employee_id"] for c in listed[0]["candidates"]] == [str(inside)]
    one = await client.get(f"/api/v1/succession-plans/{plans[mine]}", headers=unit_admin)
    assert [c["employee_id"] for c in one.json()["candidates"]] == [str(inside)]
    assert (await client.get(f"/api/v1/succession-plans/{plans[theirs]}", headers=unit_admin)).status_code == 404
    # The agency admin sees both plans and every candidate; another agency sees nothing.
    full = (await client.get(f"/api/v1/succession-plans/{plans[mine]}", headers=admin)).json()
    assert {c["employee_id"] for c in full["candidates"]} == {str(inside), str(outside)}
    assert (await client.get("/api/v1/succession-plans", headers=admin)).json()["total"] == 2
    stranger = tokens.headers("agency_admin", agency_id=other_agency)
    assert (await client.get("/api/v1/succession-plans", headers=stranger)).json()["items"] == []
    assert (await client.get(f"/api/v1/succession-plans/{plans[mine]}", headers=stranger)).status_code == 404

"""SKP plans: evaluator resolution, lifecycle (409 naming allowed actions), authorization, evaluations, closing."""

from __future__ import annotations

import uuid

import httpx
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

YEAR = clock.today().year - 1


async def _setup(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory,
                 job_kind: str = "PELAKSANA") -> dict:
    agency, unit = uuid.uuid4(), uuid.uuid4()
    sup = directory.add(agency)
    boss = directory.add(agency, evaluator=sup)
    emp = directory.add(agency, unit_id=unit, evaluator=boss, superior=sup, job_kind=job_kind)
    admin = tokens.headers("agency_admin", agency_id=agency)
    assert (await client.post("/api/v1/evaluation-periods", json={"year": YEAR}, headers=admin)).status_code == 201
    return {"agency": agency, "unit": unit, "emp": emp, "boss": boss, "sup": sup, "admin": admin,
            "me": tokens.headers("employee", agency_id=agency, employee_id=emp),
            "ev": tokens.headers("supervisor", agency_id=agency, employee_id=boss),
            "su": tokens.headers("supervisor", agency_id=agency, employee_id=sup)}


CONTENT = {"approach": "QUANTITATIVE", "results": [{"description": "Layanan cepat", "indicators": [
    {"description": "Waktu layanan", "target": "3 hari"}]}],
    "behaviours": [{"code": "AKUNTABEL", "expectation": "Laporan tepat waktu"}]}


async def test_evaluation_plan_lifecycle(client: httpx.AsyncClient, tokens: TokenFactory,
                                         directory: FakeDirectory) -> None:
    s = await _setup(client, tokens, directory)
    r = await client.post("/api/v1/performance-plans", json={"employee_id": str(s["emp"]), "year": YEAR},
                          headers=s["me"])
    assert r.status_code == 201, r.text
    plan = r.json()
    assert plan["evaluator"]["employee_id"] == str(s["boss"])
    assert plan["evaluator_superior"]["employee_id"] == str(s["sup"])
    assert plan["state"] == "DRAFT" and plan["allowed_actions"] == ["SUBMIT"]
    assert len(plan["behaviours"]) == 7
    pid = plan["id"]
    # Employees may not override their evaluator.
    r = await client.post("/api/v1/performance-plans", json={"employee_id": str(s["emp"]), "year": YEAR,
                                                             "evaluator_employee_id": str(s["sup"])}, headers=s["me"])
    assert r.status_code == 403
    dup = await client.post("/api/v1/performance-plans", json={"employee_id": str(s["emp"]), "year": YEAR},
                            headers=s["admin"])
    assert dup.status_code == 409 and dup.json()["code"] == "plan_exists"
    # Submitting an empty plan is refused; a not-allowed transition names the allowed ones.
    assert (await client.post(f"/api/v1/performance-plans/{pid}/submit", headers=s["me"])).json()["code"] == \
        "plan_incomplete"
    bad = await client.post(f"/api/v1/performance-plans/{pid}/approve", headers=s["su"])
    assert bad.status_code == 409 and bad.json()["allowed_actions"] == ["SUBMIT"]
    etag = (await client.get(f"/api/v1/performance-plans/{pid}", headers=s["me"])).headers["etag"]
    r = await client.put(f"/api/v1/performance-plans/{pid}", json=CONTENT, headers={**s["me"], "If-Match": etag})
    assert r.status_code == 200 and r.json()["results"][0]["indicators"][0]["target"] == "3 hari"
    stale = await client.put(f"/api/v1/performance-plans/{pid}", json=CONTENT, headers={**s["me"], "If-Match": etag})
    assert stale.status_code == 412
    other = tokens.headers("employee", agency_id=s["agency"], employee_id=directory.add(s["agency"]))
    assert (await client.put(f"/api/v1/performance-plans/{pid}", json=CONTENT, headers=other)).status_code == 403
    assert (await client.get(f"/api/v1/performance-plans/{pid}", headers=other)).status_code == 403
    assert (await client.post(f"/api/v1/performance-plans/{pid}/submit", headers=s["me"])).status_code == 200
    # Locked once submitted.
    assert (await client.put(f"/api/v1/performance-plans/{pid}", json=CONTENT, headers=s["me"])).json()["code"] == \
        "plan_locked"
    # Only the evaluator's superior approves (not the evaluator, not the employee).
    assert (await client.post(f"/api/v1/performance-plans/{pid}/approve", headers=s["ev"])).status_code == 403
    assert (await client.post(f"/api/v1/performance-plans/{pid}/approve", headers=s["me"])).status_code == 403
    assert (await client.post(f"/api/v1/performance-plans/{pid}/approve", headers=s["su"])).status_code == 200
    assert (await client.post(f"/api/v1/performance-plans/{pid}/start", headers=s["ev"])).json()["state"] == \
        "IN_PROGRESS"
    # Amendment: a new DRAFT version; the previous one is kept, read-only.
    am = await client.post(f"/api/v1/performance-plans/{pid}/amend", headers=s["me"])
    assert am.status_code == 200 and am.json()["version"] == 2 and am.json()["previous_version_id"] == pid
    old = (await client.get(f"/api/v1/performance-plans/{pid}", headers=s["me"])).json()
    assert old["is_current"] is False and old["allowed_actions"] == [] and old["state"] == "IN_PROGRESS"
    pid = am.json()["id"]
    for path, h in (("submit", s["me"]), ("approve", s["su"]), ("start", s["ev"])):
        assert (await client.post(f"/api/v1/performance-plans/{pid}/{path}", headers=h)).status_code == 200
    plan = (await client.get(f"/api/v1/performance-plans/{pid}", headers=s["me"])).json()
    indicator = plan["results"][0]["indicators"][0]["id"]
    # Quarterly evaluation: realisation, feedback, rating by the evaluator only.
    q1 = await client.post(f"/api/v1/performance-plans/{pid}/evaluations", json={"period_number": 1}, headers=s["me"])
    assert q1.status_code == 201 and q1.json()["period_label"] == "TRIWULAN I"
    eid = q1.json()["id"]
    r = await client.put(f"/api/v1/evaluations/{eid}/realisations/{indicator}",
                         json={"realisation": "2 hari", "evidence_links": ["https://drive.example/x"]}, headers=s["me"])
    assert r.status_code == 200
    r = await client.post(f"/api/v1/evaluations/{eid}/feedback", json={"noted_on": f"{YEAR}-02-10",
                                                                       "note": "Bagus"}, headers=s["ev"])
    assert r.status_code == 201
    r = await client.post(f"/api/v1/evaluations/{eid}/feedback", json={"noted_on": f"{YEAR}-05-10",
                                                                       "note": "x"}, headers=s["ev"])
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "noted_on"]
    rate = {"rating_hasil_kerja": "DI_ATAS_EKSPEKTASI", "rating_perilaku": "DI_ATAS_EKSPEKTASI"}
    assert (await client.post(f"/api/v1/evaluations/{eid}/rate", json=rate, headers=s["me"])).status_code == 403
    assert (await client.post(f"/api/v1/evaluations/{eid}/rate", json=rate, headers=s["su"])).status_code == 403
    assert (await client.post(f"/api/v1/evaluations/{eid}/rate", json={**rate, "predikat": "BAIK"},
                              headers=s["ev"])).status_code == 422
    r = await client.post(f"/api/v1/evaluations/{eid}/rate", json=rate, headers=s["ev"])
    assert r.status_code == 200 and r.json()["predikat"] == "SANGAT_BAIK" and r.json()["allowed_actions"] == []
    assert (await client.post(f"/api/v1/evaluations/{eid}/rate", json=rate, headers=s["ev"])).status_code == 409
    # Finalising needs the rated annual evaluation; it closes the year with the annual rating (source skp).
    fin = await client.post(f"/api/v1/performance-plans/{pid}/finalize", headers=s["su"])
    assert fin.status_code == 409 and fin.json()["code"] == "annual_evaluation_missing"
    an = await client.post(f"/api/v1/performance-plans/{pid}/evaluations", json={"period_number": 0}, headers=s["ev"])
    await client.post(f"/api/v1/evaluations/{an.json()['id']}/rate", headers=s["ev"], json={
        "rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "DI_ATAS_EKSPEKTASI"})
    fin = await client.post(f"/api/v1/performance-plans/{pid}/finalize", headers=s["su"])
    assert fin.status_code == 200 and fin.json()["state"] == "FINAL" and fin.json()["allowed_actions"] == []
    ratings = (await client.get("/api/v1/annual-ratings", params={"employee_id": str(s["emp"])},
                                headers=s["me"])).json()
    assert ratings["total"] == 1 and ratings["items"][0]["source"] == "skp" and ratings["items"][0]["predikat"] == "BAIK"


async def test_evaluation_unit_head_takes_org_rating(client: httpx.AsyncClient, tokens: TokenFactory,
                                                     directory: FakeDirectory) -> None:
    s = await _setup(client, tokens, directory, job_kind="PENGAWAS")
    pid = (await client.post("/api/v1/performance-plans", json={"employee_id": str(s["emp"]), "year": YEAR},
                             headers=s["me"])).json()["id"]
    await client.put(f"/api/v1/performance-plans/{pid}", json=CONTENT, headers=s["me"])
    for path, h in (("submit", s["me"]), ("approve", s["su"]), ("start", s["ev"])):
        assert (await client.post(f"/api/v1/performance-plans/{pid}/{path}", headers=h)).status_code == 200
    eid = (await client.post(f"/api/v1/performance-plans/{pid}/evaluations", json={"period_number": 0},
                             headers=s["ev"])).json()["id"]
    r = await client.post(f"/api/v1/evaluations/{eid}/rate", json={"rating_perilaku": "SESUAI_EKSPEKTASI"},
                          headers=s["ev"])
    assert r.status_code == 409 and r.json()["code"] == "org_performance_missing"
    assert (await client.post("/api/v1/org-performance", json={"unit_id": str(s["unit"]), "year": YEAR,
                                                               "org_predikat": "ISTIMEWA"}, headers=s["admin"])
            ).status_code == 201
    r = await client.post(f"/api/v1/evaluations/{eid}/rate", json={"rating_hasil_kerja": "DI_BAWAH_EKSPEKTASI",
                                                                   "rating_perilaku": "SESUAI_EKSPEKTASI"},
                          headers=s["ev"])
    assert r.status_code == 422 and r.json()["code"] == "hasil_kerja_derived"
    r = await client.post(f"/api/v1/evaluations/{eid}/rate", json={"rating_perilaku": "SESUAI_EKSPEKTASI"},
                          headers=s["ev"])
    assert r.status_code == 200
    assert r.json()["rating_hasil_kerja"] == "DI_ATAS_EKSPEKTASI" and r.json()["hasil_kerja_source"] == "ORGANISATION"
    assert r.json()["predikat"] == "BAIK"


async def test_evaluation_plan_needs_period_and_evaluator(client: httpx.AsyncClient, tokens: TokenFactory,
                                                          directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    emp = directory.add(agency)  # top official: no evaluator resolvable
    admin = tokens.headers("agency_admin", agency_id=agency)
    r = await client.post("/api/v1/performance-plans", json={"employee_id": str(emp), "year": YEAR}, headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "period_missing"
    await client.post("/api/v1/evaluation-periods", json={"year": YEAR, "granularity": "MONTHLY"}, headers=admin)
    r = await client.post("/api/v1/performance-plans", json={"employee_id": str(emp), "year": YEAR}, headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "evaluator_unresolved"
    r = await client.post("/api/v1/performance-plans", json={"employee_id": str(emp), "year": YEAR,
                                                             "evaluator_employee_id": str(emp)}, headers=admin)
    assert r.status_code == 422
    other = directory.add(agency)
    r = await client.post("/api/v1/performance-plans", json={"employee_id": str(emp), "year": YEAR,
                                                             "evaluator_employee_id": str(other)}, headers=admin)
    assert r.status_code == 201 and r.json()["evaluator_overridden"] is True


async def _submitted_plan(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> dict:
    s = await _setup(client, tokens, directory)
    r = await client.post("/api/v1/performance-plans", json={"employee_id": str(s["emp"]), "year": YEAR},
                          headers=s["me"])
    pid = r.json()["id"]
    assert (await client.put(f"/api/v1/performance-plans/{pid}", json=CONTENT, headers=s["me"])).status_code == 200
    assert (await client.post(f"/api/v1/performance-plans/{pid}/submit", headers=s["me"])).status_code == 200
    s["pid"] = pid
    return s


async def test_evaluation_plan_allowed_actions_are_the_callers(client: httpx.AsyncClient, tokens: TokenFactory,
                                                               directory: FakeDirectory) -> None:
    """On a submitted SKP each caller sees only what they may do: listed actions succeed, unlisted ones are 403."""
    expected = {"me": [], "ev": ["RETURN"], "su": ["APPROVE", "RETURN"], "admin": []}
    s = await _submitted_plan(client, tokens, directory)
    for actor, listed in expected.items():
        got = (await client.get(f"/api/v1/performance-plans/{s['pid']}", headers=s[actor])).json()
        assert got["allowed_actions"] == listed, (actor, got["allowed_actions"])
        for action in ("APPROVE", "RETURN"):
            if action not in listed:
                r = await client.post(f"/api/v1/performance-plans/{s['pid']}/{action.lower()}", headers=s[actor])
                assert r.status_code == 403, (actor, action, r.text)
    for actor, listed in expected.items():
        for action in listed:  # each listed action works for that caller (a fresh plan each time)
            fresh = await _submitted_plan(client, tokens, directory)
            r = await client.post(f"/api/v1/performance-plans/{fresh['pid']}/{action.lower()}", headers=fresh[actor])
            assert r.status_code == 200, (actor, action, r.text)

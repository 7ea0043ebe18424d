"""Annual ratings (the cross-service contract) and the employee summary."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import httpx
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

YEAR = clock.today().year - 1


def rating(emp: uuid.UUID, year: int = YEAR, h: str = "DI_ATAS_EKSPEKTASI", p: str = "DI_BAWAH_EKSPEKTASI") -> dict:
    return {"employee_id": str(emp), "year": year, "rating_hasil_kerja": h, "rating_perilaku": p}


async def test_evaluation_rating_contract(client: httpx.AsyncClient, tokens: TokenFactory,
                                          directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    emp = directory.add(agency)
    admin = tokens.headers("agency_admin", agency_id=agency)
    r = await client.post("/api/v1/annual-ratings", json=rating(emp), headers=admin)
    assert r.status_code == 201, r.text
    body = r.json()
    # (Di Atas, Di Bawah) is Kurang/Misconduct, never Baik.
    assert body["predikat"] == "KURANG" and body["source"] == "recorded"
    assert body["agency_id"] == str(agency) and body["employee_id"] == str(emp)
    assert {"id", "year", "rating_hasil_kerja", "rating_perilaku", "created_by", "created_at"} <= set(body)
    dup = await client.post("/api/v1/annual-ratings", json=rating(emp, h="SESUAI_EKSPEKTASI"), headers=admin)
    assert dup.status_code == 409 and dup.json()["code"] == "rating_exists"
    got = await client.get(f"/api/v1/annual-ratings/{body['id']}", headers=admin)
    assert got.json()["predikat"] == "KURANG"


async def test_evaluation_rating_refuses_client_predikat_and_bad_input(client: httpx.AsyncClient,
                                                                       tokens: TokenFactory,
                                                                       directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    emp = directory.add(agency)
    admin = tokens.headers("agency_admin", agency_id=agency)
    r = await client.post("/api/v1/annual-ratings", json={**rating(emp), "predikat": "SANGAT_BAIK"}, headers=admin)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["loc"][-1] == "predikat"
    r = await client.post("/api/v1/annual-ratings", json=rating(emp, h="LUAR_BIASA"), headers=admin)
    assert r.status_code == 422
    r = await client.post("/api/v1/annual-ratings", json=rating(emp, year=clock.today().year + 1), headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "future_year"
    r = await client.post("/api/v1/annual-ratings", json=rating(uuid.uuid4()), headers=admin)
    assert r.status_code == 404
    listed = await client.get("/api/v1/annual-ratings", params={"employee_id": str(emp)}, headers=admin)
    assert listed.json()["total"] == 0  # nothing was written by the rejected requests


async def test_evaluation_rating_concurrent_one_wins(client: httpx.AsyncClient, tokens: TokenFactory,
                                                     directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    emp = directory.add(agency)
    admin = tokens.headers("agency_admin", agency_id=agency)
    rs = await asyncio.gather(*[client.post("/api/v1/annual-ratings", json=rating(emp), headers=admin)
                                for _ in range(5)])
    assert sorted(r.status_code for r in rs) == [201, 409, 409, 409, 409]


async def test_evaluation_rating_authorization(client: httpx.AsyncClient, tokens: TokenFactory,
                                               directory: FakeDirectory) -> None:
    """Recording a rating directly is an admin act (the agency admin, the unit admin of the employee's subtree);
    the evaluator rates through the SKP, so posting here is 403 for them as for any supervisor or employee."""
    agency = uuid.uuid4()
    unit = directory.add_unit()
    sub_unit, elsewhere = directory.add_unit(unit), directory.add_unit()
    boss = directory.add(agency)
    emp = directory.add(agency, unit_id=sub_unit, evaluator=boss)
    other = directory.add(agency)
    # Nobody rates themselves, not even the agency admin.
    me = tokens.headers("agency_admin", "employee", agency_id=agency, employee_id=emp)
    r = await client.post("/api/v1/annual-ratings", json=rating(emp), headers=me)
    assert r.status_code == 403
    # A colleague who is not the evaluator may not; nor may the evaluator (the SKP is their way), nor the employee.
    for role, who in (("supervisor", other), ("supervisor", boss), ("employee", boss), ("ppk", other)):
        r = await client.post("/api/v1/annual-ratings", json=rating(emp),
                              headers=tokens.headers(role, agency_id=agency, employee_id=who))
        assert r.status_code == 403, (role, r.text)
    # A unit admin of another subtree may not; another agency's admin does not even see the employee.
    r = await client.post("/api/v1/annual-ratings", json=rating(emp),
                          headers=tokens.headers("unit_admin", agency_id=agency, unit_id=elsewhere))
    assert r.status_code == 403
    r = await client.post("/api/v1/annual-ratings", json=rating(emp),
                          headers=tokens.headers("agency_admin", agency_id=uuid.uuid4()))
    assert r.status_code == 404
    listed = await client.get("/api/v1/annual-ratings", params={"employee_id": str(emp)},
                              headers=tokens.headers("agency_admin", agency_id=agency))
    assert listed.json()["total"] == 0  # the refused requests wrote nothing
    # The unit admin of the employee's unit (the subtree above their sub-unit) may.
    ua = tokens.headers("unit_admin", agency_id=agency, unit_id=unit)
    r = await client.post("/api/v1/annual-ratings", json=rating(emp, p="SESUAI_EKSPEKTASI"), headers=ua)
    assert r.status_code == 201 and r.json()["predikat"] == "BAIK" and r.json()["source"] == "recorded"
    # The employee sees their own rating, and so does their evaluator; a colleague does not.
    rid = r.json()["id"]
    for who, status in ((emp, 200), (other, 403)):
        got = await client.get(f"/api/v1/annual-ratings/{rid}",
                               headers=tokens.headers("employee", agency_id=agency, employee_id=who))
        assert got.status_code == status
    ev = tokens.headers("supervisor", agency_id=agency, employee_id=boss)
    assert (await client.get(f"/api/v1/annual-ratings/{rid}", headers=ev)).status_code == 200


async def test_evaluation_positions_down_is_503(client: httpx.AsyncClient, tokens: TokenFactory,
                                                directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    emp = directory.add(agency)
    directory.down = True
    try:
        r = await client.post("/api/v1/annual-ratings", json=rating(emp),
                              headers=tokens.headers("agency_admin", agency_id=agency))
    finally:
        directory.down = False
    assert r.status_code == 503 and r.json()["code"] == "upstream_unavailable"


async def test_evaluation_summary(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    boss = directory.add(agency)
    emp = directory.add(agency, evaluator=boss)
    admin = tokens.headers("agency_admin", agency_id=agency)
    as_of = date(YEAR + 1, 3, 1)
    for y, h, p in ((YEAR - 1, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"), (YEAR, "DI_ATAS_EKSPEKTASI",
                                                                          "DI_ATAS_EKSPEKTASI")):
        assert (await client.post("/api/v1/annual-ratings", json=rating(emp, y, h, p), headers=admin)).status_code == 201
    assert (await client.post("/api/v1/discipline-records", json={
        "employee_id": str(emp), "level": "MODERATE", "decided_on": f"{YEAR - 1}-06-01"}, headers=admin)
    ).status_code == 201
    assert (await client.post("/api/v1/development-records", json={
        "employee_id": str(emp), "title": "Diklat", "kind": "PELATIHAN", "started_on": f"{YEAR}-02-01",
        "ended_on": f"{YEAR}-02-03", "minutes": 900}, headers=admin)).status_code == 201
    svc = tokens.headers("service")
    r = await client.get(f"/api/v1/employee-summaries/{emp}", params={"years": 2, "as_of": as_of.isoformat()},
                         headers=svc)
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["predikat_by_year"] == [{"year": YEAR - 1, "predikat": "BAIK"}, {"year": YEAR, "predikat": "SANGAT_BAIK"}]
    assert s["all_at_least_baik"] is True
    assert s["moderate_or_heavy_discipline_within_2_years"] is True
    assert s["discipline"][0]["level"] == "MODERATE"
    assert s["development_jp"] == {str(YEAR): 20.0}
    assert s["jpm"] is None and s["talent_box"] is None and s["in_talent_pool"] is False
    # A missing year makes the flag unknown (null), never true.
    r = await client.get(f"/api/v1/employee-summaries/{emp}", params={"years": 3, "as_of": as_of.isoformat()},
                         headers=svc)
    assert r.json()["all_at_least_baik"] is None and len(r.json()["predikat_by_year"]) == 2
    # Readers: admin, self, evaluator yes; colleague 403; other agency 404.
    path = f"/api/v1/employee-summaries/{emp}"
    assert (await client.get(path, headers=admin)).status_code == 200
    assert (await client.get(path, headers=tokens.headers("employee", agency_id=agency, employee_id=emp))
            ).status_code == 200
    assert (await client.get(path, headers=tokens.headers("supervisor", agency_id=agency, employee_id=boss))
            ).status_code == 200
    stranger = directory.add(agency)
    assert (await client.get(path, headers=tokens.headers("employee", agency_id=agency, employee_id=stranger))
            ).status_code == 403
    assert (await client.get(path, headers=tokens.headers("agency_admin", agency_id=uuid.uuid4()))).status_code == 404
    assert (await client.get(path)).status_code == 401

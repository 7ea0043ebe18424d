"""A year of SKP is finalised at the end of its period (PermenPANRB 6/2022), not before, and the employee summary
shows a rating finalised a moment ago, also on 31 December (issue #11)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

YEAR = clock.today().year - 1
RATE = {"rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "DI_ATAS_EKSPEKTASI"}
CONTENT = {"approach": "QUANTITATIVE", "results": [{"description": "Layanan cepat", "indicators": [
    {"description": "Waktu layanan", "target": "3 hari"}]}]}


async def _setup(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> dict:
    agency, unit = uuid.uuid4(), uuid.uuid4()
    sup = directory.add(agency)
    boss = directory.add(agency, evaluator=sup)
    emp = directory.add(agency, unit_id=unit, evaluator=boss, superior=sup)
    admin = tokens.headers("agency_admin", agency_id=agency)
    assert (await client.post("/api/v1/evaluation-periods", json={"year": YEAR}, headers=admin)).status_code == 201
    return {"emp": emp, "admin": admin, "me": tokens.headers("employee", agency_id=agency, employee_id=emp),
            "ev": tokens.headers("supervisor", agency_id=agency, employee_id=boss),
            "su": tokens.headers("supervisor", agency_id=agency, employee_id=sup)}


async def _rated_plan(client: httpx.AsyncClient, s: dict) -> str:
    """A plan IN_PROGRESS of YEAR whose annual evaluation is rated: only finalising is left."""
    r = await client.post("/api/v1/performance-plans", json={"employee_id": str(s["emp"]), "year": YEAR},
                          headers=s["me"])
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    assert (await client.put(f"/api/v1/performance-plans/{pid}", json=CONTENT, headers=s["me"])).status_code == 200
    for action, who in (("submit", "me"), ("approve", "su"), ("start", "ev")):
        r = await client.post(f"/api/v1/performance-plans/{pid}/{action}", headers=s[who])
        assert r.status_code == 200, r.text
    an = await client.post(f"/api/v1/performance-plans/{pid}/evaluations", json={"period_number": 0}, headers=s["ev"])
    assert an.status_code == 201, an.text
    r = await client.post(f"/api/v1/evaluations/{an.json()['id']}/rate", json=RATE, headers=s["ev"])
    assert r.status_code == 200, r.text
    return str(pid)


async def test_evaluation_year_is_finalised_from_its_last_day(client: httpx.AsyncClient, tokens: TokenFactory,
                                                              directory: FakeDirectory) -> None:
    s = await _setup(client, tokens, directory)
    pid = await _rated_plan(client, s)
    url = f"/api/v1/performance-plans/{pid}"
    summary = f"/api/v1/employee-summaries/{s['emp']}"
    # 30 December, 23:30 in Jakarta (WIB, UTC+7): the period has a day left
    with clock.frozen(datetime(YEAR, 12, 30, 16, 30, tzinfo=UTC)):
        plan = (await client.get(url, headers=s["su"])).json()
        assert plan["state"] == "IN_PROGRESS" and "FINALIZE" not in plan["allowed_actions"], plan
        r = await client.post(f"{url}/finalize", headers={**s["su"], "Accept-Language": "en"})
        assert r.status_code == 409 and r.json()["code"] == "annual_period_not_ended", r.text
        assert r.json()["first_allowed"] == f"{YEAR}-12-31" and f"{YEAR}-12-31" in r.json()["detail"]
        assert (await client.get(url, headers=s["su"])).json()["state"] == "IN_PROGRESS"  # nothing changed
        r = await client.get("/api/v1/annual-ratings", params={"employee_id": str(s["emp"])}, headers=s["admin"])
        assert r.json()["total"] == 0
    # 31 December, 00:30 WIB (still 30 December in UTC): the last day of the period, in the agency's calendar
    with clock.frozen(datetime(YEAR, 12, 30, 17, 30, tzinfo=UTC)):
        assert "FINALIZE" in (await client.get(url, headers=s["su"])).json()["allowed_actions"]
        r = await client.post(f"{url}/finalize", headers=s["su"])
        assert r.status_code == 200 and r.json()["state"] == "FINAL", r.text
        # read a moment later, on the same day: the year's rating is there (it used to wait for 1 January)
        r = await client.get(summary, params={"years": 1}, headers=s["me"])
        assert r.status_code == 200, r.text
        assert r.json()["predikat_by_year"] == [{"year": YEAR, "predikat": "BAIK"}], r.json()
        assert r.json()["all_at_least_baik"] is None  # the completed year before it has no rating
        # as of the day before, the rating did not exist yet
        r = await client.get(summary, params={"years": 1, "as_of": f"{YEAR}-12-30"}, headers=s["me"])
        assert r.json()["predikat_by_year"] == [], r.json()
    r = await client.get(summary, params={"years": 1}, headers=s["me"])  # a completed year afterwards
    assert r.json()["predikat_by_year"] == [{"year": YEAR, "predikat": "BAIK"}] and r.json()["all_at_least_baik"]

"""allowed_actions are the caller's: on an open evaluation and a submitted SKP plan, each role is listed exactly
the transitions the route then accepts from it; every transition not listed answers 403 (404 for another
agency), and a listed one succeeds."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

YEAR = clock.today().year - 1
CONTENT = {"approach": "QUANTITATIVE", "results": [{"description": "Layanan cepat", "indicators": [
    {"description": "Waktu layanan", "target": "3 hari"}]}]}
RATE = {"rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "SESUAI_EKSPEKTASI"}
SKP_ACTIONS = ("SUBMIT", "RETURN", "APPROVE", "START", "AMEND", "FINALIZE")


async def _world(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory,
                 with_superior: bool = True) -> dict[str, Any]:
    """An agency with an employee in a sub-unit, their evaluator and the evaluator's superior, and one caller per
    role; plus callers of a second agency (its admin, and a supervisor token carrying the evaluator's id)."""
    agency, other_agency = uuid.uuid4(), uuid.uuid4()
    unit = directory.add_unit()
    sub_unit = directory.add_unit(unit)
    sup = directory.add(agency)
    boss = directory.add(agency, evaluator=sup if with_superior else None)
    emp = directory.add(agency, unit_id=sub_unit, evaluator=boss, superior=sup if with_superior else None)
    colleague = directory.add(agency, unit_id=sub_unit, evaluator=boss)
    admin = tokens.headers("agency_admin", agency_id=agency)
    assert (await client.post("/api/v1/evaluation-periods", json={"year": YEAR}, headers=admin)).status_code == 201
    callers = {
        "employee": tokens.headers("employee", agency_id=agency, employee_id=emp),
        "evaluator": tokens.headers("supervisor", agency_id=agency, employee_id=boss),
        "superior": tokens.headers("supervisor", agency_id=agency, employee_id=sup),
        "agency_admin": admin,
        "unit_admin": tokens.headers("unit_admin", agency_id=agency, unit_id=unit),
        "ppk": tokens.headers("ppk", agency_id=agency),
        "colleague": tokens.headers("employee", agency_id=agency, employee_id=colleague),
        "other_agency_admin": tokens.headers("agency_admin", agency_id=other_agency),
        "other_agency_evaluator": tokens.headers("supervisor", agency_id=other_agency, employee_id=boss),
    }
    return {"agency": agency, "emp": emp, "callers": callers}


async def _plan(client: httpx.AsyncClient, w: dict[str, Any], until: str) -> str:
    """The employee's SKP plan of YEAR, taken to SUBMITTED or IN_PROGRESS."""
    c = w["callers"]
    r = await client.post("/api/v1/performance-plans", json={"employee_id": str(w["emp"]), "year": YEAR},
                          headers=c["employee"])
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    assert (await client.put(f"/api/v1/performance-plans/{pid}", json=CONTENT, headers=c["employee"])).status_code \
        == 200
    approver = c["superior"] if r.json()["evaluator_superior"] else c["agency_admin"]
    steps = [("submit", c["employee"])] + ([("approve", approver), ("start", c["evaluator"])]
                                            if until == "IN_PROGRESS" else [])
    for action, who in steps:
        done = await client.post(f"/api/v1/performance-plans/{pid}/{action}", headers=who)
        assert done.status_code == 200, (action, done.text)
    return str(pid)


async def _open_evaluation(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> tuple[
        dict[str, Any], str, str]:
    w = await _world(client, tokens, directory)
    pid = await _plan(client, w, "IN_PROGRESS")
    r = await client.post(f"/api/v1/performance-plans/{pid}/evaluations", json={"period_number": 1},
                          headers=w["callers"]["employee"])
    assert r.status_code == 201, r.text
    return w, pid, str(r.json()["id"])


# what each caller is offered on the record; a status: the caller may not read it (what they get instead)
EVALUATION_OPEN: dict[str, list[str] | int] = {
    "employee": [], "evaluator": ["RATE"], "superior": [], "agency_admin": [], "unit_admin": [], "ppk": 403,
    "colleague": 403, "other_agency_admin": 404, "other_agency_evaluator": 404}


async def test_evaluation_open_allowed_actions_per_caller(client: httpx.AsyncClient, tokens: TokenFactory,
                                                          directory: FakeDirectory) -> None:
    w, pid, eid = await _open_evaluation(client, tokens, directory)
    for actor, expected in EVALUATION_OPEN.items():
        who = w["callers"][actor]
        got = await client.get(f"/api/v1/evaluations/{eid}", headers=who)
        listed: list[str] = []
        if isinstance(expected, int):
            assert got.status_code == expected, (actor, got.text)
        else:
            assert got.status_code == 200, (actor, got.text)
            listed = got.json()["allowed_actions"]
            assert listed == expected, (actor, listed)
            in_list = await client.get("/api/v1/evaluations", params={"plan_id": pid}, headers=who)
            assert [e["allowed_actions"] for e in in_list.json()["items"]] == [expected], actor  # the list agrees
        if "RATE" not in listed:  # an unlisted action is refused, and changes nothing
            r = await client.post(f"/api/v1/evaluations/{eid}/rate", json=RATE, headers=who)
            assert r.status_code == (404 if "other_agency" in actor else 403), (actor, r.text)
    after = await client.get(f"/api/v1/evaluations/{eid}", headers=w["callers"]["agency_admin"])
    assert after.json()["status"] == "OPEN" and after.json()["predikat"] is None
    # the listed action succeeds for the one caller it is listed to; then nobody is offered anything
    r = await client.post(f"/api/v1/evaluations/{eid}/rate", json=RATE, headers=w["callers"]["evaluator"])
    assert r.status_code == 200 and r.json()["status"] == "RATED" and r.json()["allowed_actions"] == [], r.text
    for actor, expected in EVALUATION_OPEN.items():
        if not isinstance(expected, int):
            got = await client.get(f"/api/v1/evaluations/{eid}", headers=w["callers"][actor])
            assert got.json()["allowed_actions"] == [], actor


async def test_evaluation_opened_answers_the_openers_allowed_actions(client: httpx.AsyncClient, tokens: TokenFactory,
                                                                     directory: FakeDirectory) -> None:
    """The answer to opening an evaluation lists what the opener may do: nothing to the employee, RATE to the
    evaluator."""
    w = await _world(client, tokens, directory)
    pid = await _plan(client, w, "IN_PROGRESS")
    for period, actor, expected in ((1, "employee", []), (2, "evaluator", ["RATE"])):
        r = await client.post(f"/api/v1/performance-plans/{pid}/evaluations", json={"period_number": period},
                              headers=w["callers"][actor])
        assert r.status_code == 201 and r.json()["allowed_actions"] == expected, (actor, r.text)


PLAN_SUBMITTED: dict[str, list[str] | int] = {
    "employee": [], "evaluator": ["RETURN"], "superior": ["APPROVE", "RETURN"], "agency_admin": [],
    "unit_admin": [], "ppk": 403, "colleague": 403, "other_agency_admin": 404, "other_agency_evaluator": 404}
# A top official's evaluator has no superior: the agency admin approves instead.
PLAN_SUBMITTED_NO_SUPERIOR: dict[str, list[str] | int] = {
    **PLAN_SUBMITTED, "superior": 403, "agency_admin": ["APPROVE"]}


async def _check_plan(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory,
                      expected_by_actor: dict[str, list[str] | int], with_superior: bool) -> None:
    w = await _world(client, tokens, directory, with_superior)
    pid = await _plan(client, w, "SUBMITTED")
    state_actions = ("APPROVE", "RETURN")  # the state machine's from SUBMITTED
    for actor, expected in expected_by_actor.items():
        who = w["callers"][actor]
        got = await client.get(f"/api/v1/performance-plans/{pid}", headers=who)
        listed: list[str] = []
        if isinstance(expected, int):
            assert got.status_code == expected, (actor, got.text)
        else:
            assert got.status_code == 200, (actor, got.text)
            listed = got.json()["allowed_actions"]
            assert listed == expected, (actor, listed)
        for action in SKP_ACTIONS:
            if action in listed:
                continue
            r = await client.post(f"/api/v1/performance-plans/{pid}/{action.lower()}", headers=who)
            if "other_agency" in actor:
                assert r.status_code == 404, (actor, action, r.text)
            elif action in state_actions:  # possible in this state, but not for this caller
                assert r.status_code == 403, (actor, action, r.text)
            else:  # not possible in this state: refused either way, nothing changes
                assert r.status_code in (403, 409), (actor, action, r.text)
    state = await client.get(f"/api/v1/performance-plans/{pid}", headers=w["callers"]["agency_admin"])
    assert state.json()["state"] == "SUBMITTED" and state.json()["version"] == 1
    for actor, expected in expected_by_actor.items():
        for action in [] if isinstance(expected, int) else expected:  # a fresh submitted plan each time
            fresh = await _world(client, tokens, directory, with_superior)
            fresh_pid = await _plan(client, fresh, "SUBMITTED")
            r = await client.post(f"/api/v1/performance-plans/{fresh_pid}/{action.lower()}",
                                  headers=fresh["callers"][actor])
            assert r.status_code == 200, (actor, action, r.text)


async def test_evaluation_submitted_plan_allowed_actions_per_caller(client: httpx.AsyncClient, tokens: TokenFactory,
                                                                    directory: FakeDirectory) -> None:
    await _check_plan(client, tokens, directory, PLAN_SUBMITTED, with_superior=True)


async def test_evaluation_submitted_plan_without_superior_the_admin_approves(
        client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> None:
    await _check_plan(client, tokens, directory, PLAN_SUBMITTED_NO_SUPERIOR, with_superior=False)


async def test_evaluation_org_performance_allowed_actions_per_caller(client: httpx.AsyncClient, tokens: TokenFactory,
                                                                     directory: FakeDirectory) -> None:
    """A DRAFT organisation predikat lists FINALIZE to the agency admin only: the unit admin reads it (their unit)
    but is offered nothing, and finalising answers them 403; another agency's admin does not find it."""
    agency, unit = uuid.uuid4(), directory.add_unit()
    directory.add(agency, unit_id=unit)
    admin = tokens.headers("agency_admin", agency_id=agency)
    unit_admin = tokens.headers("unit_admin", agency_id=agency, unit_id=unit)
    r = await client.post("/api/v1/org-performance", headers=admin, json={
        "unit_id": str(unit), "year": YEAR, "org_predikat": "BAIK"})
    assert r.status_code == 201 and r.json()["allowed_actions"] == ["FINALIZE"], r.text
    oid = r.json()["id"]
    got = await client.get(f"/api/v1/org-performance/{oid}", headers=unit_admin)
    assert got.status_code == 200 and got.json()["allowed_actions"] == [], got.text
    listed = await client.get("/api/v1/org-performance", params={"year": YEAR}, headers=unit_admin)
    assert [o["allowed_actions"] for o in listed.json()["items"]] == [[]]
    assert (await client.post(f"/api/v1/org-performance/{oid}/finalize", headers=unit_admin)).status_code == 403
    other = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    assert (await client.get(f"/api/v1/org-performance/{oid}", headers=other)).status_code == 404
    assert (await client.post(f"/api/v1/org-performance/{oid}/finalize", headers=other)).status_code in (403, 404)
    assert (await client.get(f"/api/v1/org-performance/{oid}", headers=admin)).json()["allowed_actions"] == ["FINALIZE"]
    fin = await client.post(f"/api/v1/org-performance/{oid}/finalize", headers=admin)
    assert fin.status_code == 200 and fin.json()["status"] == "FINAL" and fin.json()["allowed_actions"] == [], fin.text

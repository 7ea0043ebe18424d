"""The evaluation event feed: each change once, in order, none for a refused change; the readers and their scope."""

from __future__ import annotations

import uuid

import httpx
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

YEAR = clock.today().year - 1
CONTENT = {"approach": "QUANTITATIVE", "results": [{"description": "Layanan cepat", "indicators": [
    {"description": "Waktu layanan", "target": "3 hari"}]}],
    "behaviours": [{"code": "AKUNTABEL", "expectation": "Laporan tepat waktu"}]}
SB = {"rating_hasil_kerja": "DI_ATAS_EKSPEKTASI", "rating_perilaku": "DI_ATAS_EKSPEKTASI"}


async def _feed(client: httpx.AsyncClient, headers: dict, after: int = 0, **params: str) -> list[dict]:
    r = await client.get("/api/v1/evaluation-events", params={"after": after, "limit": 1000, **params},
                         headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_evaluation_skp_and_rating_events_once_in_order(client: httpx.AsyncClient, tokens: TokenFactory,
                                                               directory: FakeDirectory) -> None:
    agency, unit = uuid.uuid4(), uuid.uuid4()
    sup = directory.add(agency)
    boss = directory.add(agency, evaluator=sup)
    emp = directory.add(agency, unit_id=unit, evaluator=boss, superior=sup)
    admin = tokens.headers("agency_admin", agency_id=agency)
    me = tokens.headers("employee", agency_id=agency, employee_id=emp)
    ev = tokens.headers("supervisor", agency_id=agency, employee_id=boss)
    su = tokens.headers("supervisor", agency_id=agency, employee_id=sup)
    assert (await client.post("/api/v1/evaluation-periods", json={"year": YEAR}, headers=admin)).status_code == 201
    plan = (await client.post("/api/v1/performance-plans", json={"employee_id": str(emp), "year": YEAR},
                              headers=me)).json()
    pid = plan["id"]
    # Refused changes write nothing: an empty plan's submit (409), an approval by the evaluator (403).
    assert (await client.post(f"/api/v1/performance-plans/{pid}/submit", headers=me)).status_code == 409
    assert await _feed(client, admin) == []
    assert (await client.put(f"/api/v1/performance-plans/{pid}", json=CONTENT, headers=me)).status_code == 200
    for path, who in (("submit", me), ("return", ev), ("submit", me)):
        assert (await client.post(f"/api/v1/performance-plans/{pid}/{path}", headers=who)).status_code == 200
    assert (await client.post(f"/api/v1/performance-plans/{pid}/approve", headers=ev)).status_code == 403
    for path, who in (("approve", su), ("start", ev)):
        assert (await client.post(f"/api/v1/performance-plans/{pid}/{path}", headers=who)).status_code == 200
    annual = (await client.post(f"/api/v1/performance-plans/{pid}/evaluations", json={"period_number": 0},
                                headers=ev)).json()
    assert (await client.post(f"/api/v1/evaluations/{annual['id']}/rate", json=SB, headers=ev)).status_code == 200
    assert (await client.post(f"/api/v1/evaluations/{annual['id']}/rate", json=SB, headers=ev)).status_code == 409
    assert (await client.post(f"/api/v1/performance-plans/{pid}/finalize", headers=su)).status_code == 200
    events = await _feed(client, admin)
    assert [e["type"] for e in events] == ["skp_plan_submitted", "skp_plan_returned", "skp_plan_submitted",
                                           "skp_plan_approved", "rating_awaiting_signoff", "rating_finalized"]
    ids = [e["id"] for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    submitted, returned = events[0], events[1]
    assert submitted["record"] == {"type": "performance_plan", "id": pid} and submitted["version"] == 1
    assert submitted["actor"]["kind"] == "user" and submitted["agency_id"] == str(agency)
    assert submitted["data"]["state"] == "SUBMITTED" and submitted["data"]["evaluator_superior_employee_id"] == str(sup)
    assert (returned["data"]["state"], returned["data"]["previous_state"]) == ("DRAFT", "SUBMITTED")
    signoff, final = events[4], events[5]
    assert signoff["record"] == {"type": "evaluation", "id": annual["id"]}
    assert signoff["data"]["predikat"] == "SANGAT_BAIK" and signoff["data"]["evaluator_superior_employee_id"] == str(sup)
    assert final["record"]["type"] == "annual_rating" and final["data"]["source"] == "skp"
    assert final["data"]["employee_id"] == str(emp) and final["data"]["plan_id"] == pid
    # The cursor continues; types filter (comma list and repeated type=).
    assert await _feed(client, admin, after=ids[-1]) == []
    assert [e["id"] for e in await _feed(client, admin, types="skp_plan_returned,rating_finalized")] == \
        [ids[1], ids[5]]
    r = await client.get("/api/v1/evaluation-events", params=[("type", "skp_plan_approved"), ("type",
                                                              "skp_plan_returned")], headers=admin)
    assert [e["id"] for e in r.json()["items"]] == [ids[1], ids[3]]


async def test_evaluation_org_talent_succession_and_recorded_rating_events(
        client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> None:
    agency, unit, pos = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    admin = tokens.headers("agency_admin", agency_id=agency)
    directory.positions[pos] = {"id": str(pos), "agency_id": str(agency), "unit_id": str(unit),
                                "job": {"kind": "PENGAWAS", "competency_standard": {"M.01": 3}}}
    people = [directory.add(agency, unit_id=unit, position_id=pos) for _ in range(2)]
    body = {"year": YEAR, "rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "SESUAI_EKSPEKTASI"}
    for e in people:
        assert (await client.post("/api/v1/annual-ratings", headers=admin,
                                  json={**body, "employee_id": str(e)})).status_code == 201
    dup = await client.post("/api/v1/annual-ratings", headers=admin, json={**body, "employee_id": str(people[0])})
    assert dup.status_code == 409  # rating_exists: no second event
    org = (await client.post("/api/v1/org-performance", headers=admin, json={
        "unit_id": str(unit), "year": YEAR, "org_predikat": "BAIK"})).json()
    assert (await client.post(f"/api/v1/org-performance/{org['id']}/finalize", headers=admin)).status_code == 409
    pol = await client.get(f"/api/v1/evaluation-policies/{agency}", headers=admin)
    assert (await client.put(f"/api/v1/evaluation-policies/{agency}", json={"curve_enforcement": "warn"},
                             headers={**admin, "If-Match": pol.headers["etag"]})).status_code == 200
    assert (await client.post(f"/api/v1/org-performance/{org['id']}/finalize", headers=admin)).status_code == 200
    cyc = (await client.post("/api/v1/talent-cycles", headers=admin, json={
        "name": "T", "year": YEAR + 1, "as_of": f"{YEAR + 1}-01-15", "unit_id": str(unit)})).json()
    placed = (await client.post(f"/api/v1/talent-cycles/{cyc['id']}/place", json={}, headers=admin)).json()
    sp = (await client.post("/api/v1/succession-plans", headers=admin, json={"position_id": str(pos)})).json()
    assert (await client.post("/api/v1/succession-plans", headers=admin,
                              json={"position_id": str(pos)})).status_code == 409
    assert (await client.post(f"/api/v1/succession-plans/{sp['id']}/candidates", headers=admin, json={
        "employee_id": str(people[1]), "readiness": "READY_NOW"})).status_code == 201
    events = await _feed(client, admin)
    assert [e["type"] for e in events] == ["rating_finalized", "rating_finalized", "org_rating_finalized",
                                           "talent_placed", "succession_changed", "succession_changed"]
    assert [e["data"]["employee_id"] for e in events[:2]] == [str(p) for p in people]
    assert events[0]["data"]["source"] == "recorded"
    assert events[2]["data"] == {"org_performance_id": org["id"], "unit_id": str(unit), "year": YEAR,
                                 "org_predikat": "BAIK", "status": "FINAL", "compliant": False}
    assert events[3]["record"] == {"type": "talent_cycle", "id": cyc["id"]}
    assert events[3]["data"]["placed"] == placed["placed"] and events[3]["data"]["by_box"] == placed["by_box"]
    assert [e["data"]["change"] for e in events[4:]] == ["created", "candidate_added"]
    assert events[5]["data"]["candidate"]["employee_id"] == str(people[1])


async def test_evaluation_feed_readers_and_scope(client: httpx.AsyncClient, tokens: TokenFactory,
                                                 directory: FakeDirectory) -> None:
    agency, other = uuid.uuid4(), uuid.uuid4()
    emp = directory.add(agency)
    admin = tokens.headers("agency_admin", agency_id=agency)
    assert (await client.post("/api/v1/annual-ratings", headers=admin, json={
        "employee_id": str(emp), "year": YEAR, "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
        "rating_perilaku": "SESUAI_EKSPEKTASI"})).status_code == 201
    mine = await _feed(client, admin)
    assert [e["type"] for e in mine] == ["rating_finalized"]
    # The PPK and a machine client with events:read read their agency; another agency sees none of it.
    assert await _feed(client, tokens.headers("ppk", agency_id=agency)) == mine
    mc = tokens.headers("machine_client", agency_id=agency, scope="events:read")
    assert await _feed(client, mc) == mine
    assert await _feed(client, tokens.headers("agency_admin", agency_id=other)) == []
    svc = tokens.headers("service")
    assert await _feed(client, svc, agency_id=str(agency)) == mine
    # Refused: other roles, a machine client without events:read, another agency named, unknown types.
    for role in ("employee", "supervisor", "unit_admin", "panel_member", "review_team"):
        r = await client.get("/api/v1/evaluation-events", headers=tokens.headers(role, agency_id=agency))
        assert r.status_code == 403 and r.json()["code"] == "forbidden", role
    r = await client.get("/api/v1/evaluation-events", headers=tokens.headers(
        "machine_client", agency_id=agency, scope="performance:read"))
    assert r.status_code == 403 and r.json()["required_scope"] == "events:read"
    r = await client.get("/api/v1/evaluation-events", params={"agency_id": str(other)}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "agency_mismatch"
    r = await client.get("/api/v1/evaluation-events", params={"types": "rating_finalized,nope"}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "event_types_unknown" and r.json()["unknown"] == ["nope"]
    types = await client.get("/api/v1/evaluation-events/types", headers=mc)
    assert types.status_code == 200 and types.json()["service"] == "evaluation"
    assert {t["name"] for t in types.json()["types"]} >= {"skp_plan_approved", "rating_finalized", "talent_placed"}
    assert (await client.get("/api/v1/evaluation-events/types",
                             headers=tokens.headers("employee", agency_id=agency))).status_code == 403

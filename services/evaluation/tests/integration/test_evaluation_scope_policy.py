"""Unit admins read their unit's subtree; talent input rules are agency policy stored with each placement;
plan transitions honour If-Match; the agency admin reads the audit trail."""

from __future__ import annotations

import uuid

import httpx
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

Y = clock.today().year - 1
R = {"rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "SESUAI_EKSPEKTASI"}


async def test_evaluation_unit_admin_reads_subtree(client: httpx.AsyncClient, tokens: TokenFactory,
                                                   directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    dinas = directory.add_unit()
    bidang = directory.add_unit(parent=dinas)
    seksi = directory.add_unit(parent=bidang)
    sibling = directory.add_unit()
    deep = directory.add(agency, unit_id=seksi)
    outside = directory.add(agency, unit_id=sibling)
    admin = tokens.headers("agency_admin", agency_id=agency)
    ids = {}
    for e in (deep, outside):
        r = await client.post("/api/v1/annual-ratings", json={"employee_id": str(e), "year": Y, **R}, headers=admin)
        assert r.status_code == 201
        ids[e] = r.json()["id"]
    head_admin = tokens.headers("unit_admin", agency_id=agency, unit_id=dinas)
    seksi_admin = tokens.headers("unit_admin", agency_id=agency, unit_id=seksi)
    # The head unit's admin reads a rating two levels down, but not the sibling unit's.
    assert (await client.get(f"/api/v1/annual-ratings/{ids[deep]}", headers=head_admin)).status_code == 200
    assert (await client.get(f"/api/v1/annual-ratings/{ids[outside]}", headers=head_admin)).status_code == 403
    listed = (await client.get("/api/v1/annual-ratings", headers=head_admin)).json()
    assert [i["employee_id"] for i in listed["items"]] == [str(deep)]
    assert (await client.get(f"/api/v1/employee-summaries/{deep}", headers=head_admin)).status_code == 200
    assert (await client.get(f"/api/v1/employee-summaries/{outside}", headers=head_admin)).status_code == 403
    assert (await client.get("/api/v1/development-records/compliance", params={"unit_id": str(bidang), "year": Y},
                             headers=head_admin)).status_code == 200
    # The subtree goes down, never up: the section admin does not read the head unit.
    assert (await client.get("/api/v1/development-records/compliance", params={"unit_id": str(dinas), "year": Y},
                             headers=seksi_admin)).status_code == 403
    assert (await client.get(f"/api/v1/annual-ratings/{ids[deep]}", headers=seksi_admin)).status_code == 200
    assert f"subtree:{dinas}" in directory.calls


async def _placeable(client: httpx.AsyncClient, admin: dict[str, str], directory: FakeDirectory,
                     agency: uuid.UUID, unit: uuid.UUID, pos: uuid.UUID) -> uuid.UUID:
    e = directory.add(agency, unit_id=unit, position_id=pos)
    for year in (Y - 1, Y):
        assert (await client.post("/api/v1/annual-ratings", headers=admin, json={
            "employee_id": str(e), "year": year, "rating_hasil_kerja": "DI_ATAS_EKSPEKTASI",
            "rating_perilaku": "DI_ATAS_EKSPEKTASI"})).status_code == 201
    a = await client.post("/api/v1/competency-assessments", headers=admin, json={
        "employee_id": str(e), "assessed_on": f"{Y}-06-01", "valid_until": f"{Y + 2}-06-01", "method": "AC",
        "levels": {"M.01": 3}})
    assert (await client.post(f"/api/v1/competency-assessments/{a.json()['id']}/jpm", json={},
                              headers=admin)).status_code == 201
    return e


async def test_evaluation_talent_input_rules_are_policy(client: httpx.AsyncClient, tokens: TokenFactory,
                                                        directory: FakeDirectory) -> None:
    agency, pos = uuid.uuid4(), uuid.uuid4()
    unit = directory.add_unit()
    admin = tokens.headers("agency_admin", agency_id=agency)
    directory.positions[pos] = {"id": str(pos), "agency_id": str(agency), "job": {"competency_standard": {"M.01": 3}}}
    light = await _placeable(client, admin, directory, agency, unit, pos)
    await client.post("/api/v1/discipline-records", headers=admin, json={
        "employee_id": str(light), "level": "LIGHT", "decided_on": f"{Y}-02-01"})
    # Defaults, as documented: LIGHT → 70, OTHER = mean(JPM 100, TR 70) = 85.
    policy = await client.get(f"/api/v1/evaluation-policies/{agency}", headers=admin)
    assert policy.json()["talent_inputs"]["track_record_by_worst_penalty"]["LIGHT"] == "70"
    assert policy.json()["talent_inputs"]["other_method"] == "MEAN"
    c1 = (await client.post("/api/v1/talent-cycles", headers=admin, json={
        "name": "default", "year": Y + 1, "as_of": f"{Y + 1}-01-15"})).json()
    assert (await client.post(f"/api/v1/talent-cycles/{c1['id']}/place", json={}, headers=admin)).status_code == 200
    p1 = (await client.get(f"/api/v1/talent-cycles/{c1['id']}/placements", headers=admin)).json()["items"][0]
    assert p1["components"] == {"JPM": "100", "TRACK_RECORD": "70", "OTHER": "85"}
    assert p1["potential_inputs"]["other_method"] == "MEAN"
    # The agency changes the rules: new cycles (and their placements) use and keep them.
    put = await client.put(f"/api/v1/evaluation-policies/{agency}", headers={**admin, "If-Match": policy.headers["etag"]},
                           json={"talent_inputs": {"track_record_by_worst_penalty": {"LIGHT": "50"},
                                                   "other_method": "FIXED", "other_value": "60"}})
    assert put.status_code == 200, put.text
    c2 = (await client.post("/api/v1/talent-cycles", headers=admin, json={
        "name": "strict", "year": Y + 1, "as_of": f"{Y + 1}-01-15"})).json()
    assert c2["potential_inputs"]["track_record_by_worst_penalty"]["LIGHT"] == "50"
    assert (await client.post(f"/api/v1/talent-cycles/{c2['id']}/place", json={}, headers=admin)).status_code == 200
    p2 = (await client.get(f"/api/v1/talent-cycles/{c2['id']}/placements", headers=admin)).json()["items"][0]
    assert p2["components"] == {"JPM": "100", "TRACK_RECORD": "50", "OTHER": "60"}
    assert p2["potential_inputs"] == c2["potential_inputs"]
    # The first cycle keeps the rules it was opened with, even when re-placed.
    assert (await client.post(f"/api/v1/talent-cycles/{c1['id']}/place", json={}, headers=admin)).status_code == 200
    again = (await client.get(f"/api/v1/talent-cycles/{c1['id']}/placements", headers=admin)).json()["items"][0]
    assert again["components"]["TRACK_RECORD"] == "70"


async def test_evaluation_plan_actions_honour_if_match(client: httpx.AsyncClient, tokens: TokenFactory,
                                                       directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    sup = directory.add(agency)
    boss = directory.add(agency, evaluator=sup)
    emp = directory.add(agency, evaluator=boss, superior=sup)
    admin = tokens.headers("agency_admin", agency_id=agency)
    me = tokens.headers("employee", agency_id=agency, employee_id=emp)
    su = tokens.headers("supervisor", agency_id=agency, employee_id=sup)
    await client.post("/api/v1/evaluation-periods", json={"year": Y}, headers=admin)
    created = await client.post("/api/v1/performance-plans", json={"employee_id": str(emp), "year": Y}, headers=me)
    pid, etag0 = created.json()["id"], created.headers["etag"]
    put = await client.put(f"/api/v1/performance-plans/{pid}", headers={**me, "If-Match": etag0}, json={
        "results": [{"description": "Layanan", "indicators": [{"description": "Waktu", "target": "3 hari"}]}]})
    etag1 = put.headers["etag"]
    # A transition based on a stale read is refused and changes nothing.
    stale = await client.post(f"/api/v1/performance-plans/{pid}/submit", headers={**me, "If-Match": etag0})
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    assert (await client.get(f"/api/v1/performance-plans/{pid}", headers=me)).json()["state"] == "DRAFT"
    sub = await client.post(f"/api/v1/performance-plans/{pid}/submit", headers={**me, "If-Match": etag1})
    assert sub.status_code == 200 and sub.json()["state"] == "SUBMITTED" and sub.headers["etag"] != etag1
    assert (await client.post(f"/api/v1/performance-plans/{pid}/approve",
                              headers={**su, "If-Match": etag1})).status_code == 412
    ok = await client.post(f"/api/v1/performance-plans/{pid}/approve", headers={**su, "If-Match": sub.headers["etag"]})
    assert ok.status_code == 200 and ok.json()["state"] == "APPROVED"
    # Without If-Match the transition still works (the header is optional, as for PUT).
    assert (await client.post(f"/api/v1/performance-plans/{pid}/amend", headers=me)).status_code == 200
    # The superseded version's ETag went stale too.
    assert (await client.post(f"/api/v1/performance-plans/{pid}/start",
                              headers={**me, "If-Match": ok.headers["etag"]})).status_code == 412


async def test_evaluation_audit_trail(client: httpx.AsyncClient, tokens: TokenFactory,
                                      directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    emp = directory.add(agency)
    admin = tokens.headers("agency_admin", agency_id=agency, sub="admin-a")
    other_admin = tokens.headers("agency_admin", agency_id=agency, sub="admin-b")
    r1 = (await client.post("/api/v1/annual-ratings", json={"employee_id": str(emp), "year": Y, **R},
                            headers=admin)).json()
    await client.post("/api/v1/discipline-records", headers=other_admin, json={
        "employee_id": str(emp), "level": "LIGHT", "decided_on": f"{Y}-02-01"})
    await client.post("/api/v1/discipline-records", headers=other_admin, json={
        "employee_id": str(emp), "level": "LIGHT", "decided_on": f"{Y}-03-01"})
    everything = (await client.get("/api/v1/evaluation-audit", headers=admin)).json()
    assert everything["total"] == 3 and everything["items"][0]["entity"] == "discipline_record"  # newest first
    one = (await client.get("/api/v1/evaluation-audit", params={"entity": "annual_rating", "entity_id": r1["id"]},
                            headers=admin)).json()
    assert one["total"] == 1 and one["items"][0]["after"]["predikat"] == "BAIK"
    assert one["items"][0]["actor"] == "admin-a" and one["items"][0]["entity_id"] == r1["id"]
    by_actor = (await client.get("/api/v1/evaluation-audit", params={"actor": "admin-b", "limit": 1},
                                 headers=admin)).json()
    assert by_actor["total"] == 2 and len(by_actor["items"]) == 1 and by_actor["limit"] == 1
    today = clock.today().isoformat()
    dated = (await client.get("/api/v1/evaluation-audit", params={"date_from": today, "date_to": today},
                              headers=admin)).json()
    assert dated["total"] == 3
    assert (await client.get("/api/v1/evaluation-audit", params={"date_to": "2001-01-01"},
                             headers=admin)).json()["total"] == 0
    # Another agency sees none of it; the service role names the agency.
    foreign = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    assert (await client.get("/api/v1/evaluation-audit", headers=foreign)).json()["total"] == 0
    svc = (await client.get("/api/v1/evaluation-audit", params={"agency_id": str(agency)},
                            headers=tokens.headers("service"))).json()
    assert svc["total"] == 3
    assert (await client.get("/api/v1/evaluation-audit", headers=tokens.headers(
        "unit_admin", agency_id=agency, unit_id=uuid.uuid4()))).status_code == 403
    # The inspectorate reads the same trail, and writes nothing (the read-only role, refused before the body).
    auditor = tokens.headers("auditor", agency_id=agency)
    assert (await client.get("/api/v1/evaluation-audit", headers=auditor)).json()["total"] == 3
    refused = await client.post("/api/v1/annual-ratings", json={}, headers=auditor)
    assert refused.status_code == 403 and refused.json()["code"] == "read_only_role", refused.text


async def test_evaluation_competency_refuses_another_agencys_job(client: httpx.AsyncClient, tokens: TokenFactory,
                                                                 directory: FakeDirectory) -> None:
    """A technical competency may only name a job of the caller's agency; a foreign job reads as unknown."""
    agency, other = uuid.uuid4(), uuid.uuid4()
    admin = tokens.headers("agency_admin", agency_id=agency)
    own_job, foreign_job = directory.add_job(agency), directory.add_job(other)
    bad = await client.post("/api/v1/competencies", headers=admin,
                            json={"code": "T.FOREIGN", "name": "Audit", "job_id": str(foreign_job)})
    unknown = await client.post("/api/v1/competencies", headers=admin,
                                json={"code": "T.FOREIGN", "name": "Audit", "job_id": str(uuid.uuid4())})
    for r in (bad, unknown):
        assert r.status_code == 422 and r.json()["code"] == "job_not_found", r.text
        assert r.json()["errors"][0]["loc"] == ["body", "job_id"]
    listed = (await client.get("/api/v1/competencies", params={"limit": 200}, headers=admin)).json()["items"]
    assert all(c["code"] != "T.FOREIGN" for c in listed)  # the refused write changed nothing
    good = await client.post("/api/v1/competencies", headers=admin,
                             json={"code": "T.FOREIGN", "name": "Audit", "job_id": str(own_job)})
    assert good.status_code == 201 and good.json()["job_id"] == str(own_job)


async def test_evaluation_policy_concurrent_writers_one_wins(client: httpx.AsyncClient, tokens: TokenFactory) -> None:
    """Ten concurrent saves with the same If-Match: exactly one wins, nine get 412, none answers 5xx; both on the
    agency's first save (no row yet) and on a later one."""
    import asyncio

    agency = uuid.uuid4()
    admin = tokens.headers("agency_admin", agency_id=agency)
    for round_ in (1, 2):
        etag = (await client.get(f"/api/v1/evaluation-policies/{agency}", headers=admin)).headers["etag"]
        answers = await asyncio.gather(*[
            client.put(f"/api/v1/evaluation-policies/{agency}", json={"curve_enforcement": "warn"},
                       headers={**admin, "If-Match": etag}) for _ in range(10)])
        codes = sorted(r.status_code for r in answers)
        assert codes == [200] + [412] * 9, codes
        after = (await client.get(f"/api/v1/evaluation-policies/{agency}", headers=admin)).json()
        assert after["version"] == round_

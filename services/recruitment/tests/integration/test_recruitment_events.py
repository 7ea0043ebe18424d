"""The recruitment event feed: each change once, in order, none for a refused change; the readers and their scope."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from services.recruitment.tests.integration.test_recruitment_flow import EARLY, FakePositions, deliver, run_to_proposal


async def _feed(client: httpx.AsyncClient, headers: dict, after: int = 0, **params: Any) -> list[dict]:
    r = await client.get("/api/v1/recruitment-events", params={"after": after, "limit": 1000, **params},
                         headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_recruitment_events_from_announcement_to_confirmed_appointment(
        client: httpx.AsyncClient, world: Any, app: Any, tokens: Any) -> None:
    start = (await _feed(client, world.admin))
    cursor = start[-1]["id"] if start else 0
    out = await run_to_proposal(world, client, n_applicants=3)
    sid, apps = out["sel"]["id"], out["apps"]
    r = await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "FINAL"}, headers=world.admin)
    assert r.status_code == 201, r.text
    final = r.json()
    ppk = tokens.headers("ppk", agency_id=world.agency, sub="ppk-events")
    decide = {"sk_number": "821.2/009/2025", "sk_date": "2025-06-01", "tmt_start": "2025-06-02"}
    r = await client.post(f"/api/v1/selections/{sid}/decide", headers=ppk,
                          json={**decide, "chosen_application_id": "00000000-0000-0000-0000-000000000000"})
    assert r.status_code == 422  # not proposed: refused, no event
    await world.act(sid, "decide", {**decide, "chosen_application_id": apps[0]["id"]}, headers=ppk)
    await deliver(app, FakePositions((201, {"id": "assignment-7"})))
    events = await _feed(client, world.admin, after=cursor)
    assert [e["type"] for e in events] == [
        "selection_announced",
        *(t for _ in apps for t in ("application_verified", "application_qualified")),
        "stage_result_published", "stage_result_published", "appointment_decided", "appointment_confirmed"]
    ids = [e["id"] for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    announced = events[0]
    assert announced["record"] == {"type": "selection", "id": sid} and announced["data"]["status"] == "ANNOUNCED"
    assert announced["actor"]["kind"] == "user"
    verified = events[1]
    assert verified["record"] == {"type": "application", "id": apps[0]["id"]}
    assert (verified["data"]["status"], verified["data"]["decision"]) == ("VERIFIED", "ACCEPT")
    screening, final_ev = events[-4], events[-3]
    assert screening["data"]["kind"] == "SCREENING" and final_ev["data"]["announcement_id"] == final["id"]
    assert final_ev["data"]["content_hash"] == final["content_hash"]
    decided, confirmed = events[-2], events[-1]
    assert decided["data"]["application_id"] == apps[0]["id"] and decided["data"]["sk_number"] == decide["sk_number"]
    assert decided["actor"]["id"] == "ppk-events"
    assert confirmed["actor"]["kind"] == "system" and confirmed["data"]["assignment_id"] == "assignment-7"
    assert confirmed["data"]["employee_id"] == out["people"][0]["id"]


async def test_recruitment_rejected_application_and_decided_appeal(client: httpx.AsyncClient, world: Any) -> None:
    start = (await _feed(client, world.admin))
    cursor = start[-1]["id"] if start else 0
    sel = await world.open_selection()
    sid = sel["id"]
    people = [world.employee(name=f"Pelamar {i}") for i in range(2)]
    apps = [(await client.post(f"/api/v1/selections/{sid}/applications", json={},
                               headers=p["headers"])).json() for p in people]
    await world.qualify(apps[0]["id"])
    # The first check refused while documents are missing: nothing written.
    r = await client.post(f"/api/v1/applications/{apps[1]['id']}/verify", json={"decision": "ACCEPT"},
                          headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "documents_missing", r.text
    await world.complete_documents(apps[1]["id"])
    r = await client.post(f"/api/v1/applications/{apps[1]['id']}/verify", json={"decision": "REJECT",
                                                                                "note": "Ijazah tidak sesuai"},
                          headers=world.admin)
    assert r.status_code == 200, r.text
    sup = world.tokens.headers("supervisor", agency_id=world.agency, sub="sup-events")
    r = await client.post(f"/api/v1/applications/{apps[1]['id']}/second-check", json={"decision": "REJECT",
                                                                                      "note": "Ijazah tidak sesuai"},
                          headers=sup)
    assert r.status_code == 200, r.text
    await world.act(sid, "close-registration", EARLY)
    ann = (await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "SCREENING"},
                             headers=world.admin)).json()
    r = await client.post(f"/api/v1/selections/{sid}/announcements/{ann['id']}/appeals",
                          json={"application_id": apps[1]["id"], "reason": "Ijazah saya sudah disetarakan."},
                          headers=people[1]["headers"])
    assert r.status_code == 201, r.text
    appeal = r.json()
    decide = {"decision": "REJECTED", "reasons": "Penyetaraan ijazah tidak dilampirkan."}
    r = await client.post(f"/api/v1/selections/{sid}/appeals/{appeal['id']}/decide", json=decide, headers=world.admin)
    assert r.status_code == 200, r.text
    again = await client.post(f"/api/v1/selections/{sid}/appeals/{appeal['id']}/decide", json=decide,
                              headers=world.admin)
    assert again.status_code == 409  # decided already: no second event
    events = await _feed(client, world.admin, after=cursor)
    assert [e["type"] for e in events] == [
        "selection_announced", "application_verified", "application_qualified", "application_verified",
        "application_rejected", "stage_result_published", "appeal_decided"]
    rejected = events[4]["data"]
    assert (rejected["status"], rejected["decision"], rejected["reason"]) == ("REJECTED", "REJECT",
                                                                             "Ijazah tidak sesuai")
    assert rejected["employee_id"] == people[1]["id"]
    decided = events[6]
    assert decided["record"] == {"type": "appeal", "id": appeal["id"]}
    assert decided["data"]["decision"] == "REJECTED" and decided["data"]["application_id"] == apps[1]["id"]
    assert events[5]["data"]["appeal_deadline"] is not None
    # Scope: the PPK and a machine client with events:read read it; another agency, other roles and a client
    # without the scope do not.
    mine = await _feed(client, world.admin, after=cursor)
    assert await _feed(client, world.tokens.headers("ppk", agency_id=world.agency), after=cursor) == mine
    mc = world.tokens.headers("machine_client", agency_id=world.agency, scope="events:read")
    assert await _feed(client, mc, after=cursor) == mine
    assert await _feed(client, world.tokens.headers("agency_admin", agency_id=uuid.uuid4()), after=cursor) == []
    for role in ("employee", "panel_member", "supervisor"):
        r = await client.get("/api/v1/recruitment-events", headers=world.tokens.headers(role, agency_id=world.agency))
        assert r.status_code == 403, role
    r = await client.get("/api/v1/recruitment-events", headers=world.tokens.headers(
        "machine_client", agency_id=world.agency, scope="recruitment:read"))
    assert r.status_code == 403 and r.json()["required_scope"] == "events:read"

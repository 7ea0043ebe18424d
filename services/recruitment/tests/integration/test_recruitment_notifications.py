"""What starts to await a person in a selection queues one notification for them in the outbox, in the same
transaction as the change (a refused change queues nothing): the screening's outcome, each result announcement,
an appeal's decision, and a scored stage opening for the committee."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import sqlalchemy as sa

from merit_recruitment.db_base import outbox
from merit_shared import clock

EARLY = {"reason": "Pelamar sudah cukup; ditutup lebih awal."}


async def queued(app: Any, sid: str, *application_ids: str) -> list[tuple[str, dict[str, Any]]]:
    """(kind, payload) of the notifications queued about this selection or these applications, oldest first."""
    async with app.state.db.sessionmaker() as s:
        rows = (await s.execute(sa.select(outbox.c.payload).where(outbox.c.kind == "notification")
                                .order_by(outbox.c.created_at))).scalars().all()
    ids = {sid, *application_ids}
    return [(p["kind"], p) for p in rows if ids & {p["params"].get("selection_id"), p["params"].get("application_id")}]


async def test_recruitment_screening_results_appeals_and_scoring_queue_notifications(
        client: httpx.AsyncClient, world: Any, tokens: Any, app: Any) -> None:
    sel = await world.open_selection()  # 3 days of appeal
    sid = sel["id"]
    ok_person, rejected_person = world.employee(name="Agus"), world.employee(name="Rina")
    ok_app = (await client.post(f"/api/v1/selections/{sid}/applications", json={},
                                headers=ok_person["headers"])).json()
    rej_app = (await client.post(f"/api/v1/selections/{sid}/applications", json={},
                                 headers=rejected_person["headers"])).json()
    await world.qualify(ok_app["id"])
    await world.complete_documents(rej_app["id"])
    await client.post(f"/api/v1/applications/{rej_app['id']}/verify", json={"decision": "ACCEPT"},
                      headers=world.admin)
    sup = tokens.headers("supervisor", agency_id=world.agency, sub=f"sup-{uuid.uuid4().hex[:6]}")
    r = await client.post(f"/api/v1/applications/{rej_app['id']}/second-check",
                          json={"decision": "REJECT", "note": "Ijazah tidak ditemukan"}, headers=sup)
    assert r.status_code == 200, r.text
    r = await client.post(f"/api/v1/applications/{rej_app['id']}/second-check",  # refused: queues nothing
                          json={"decision": "ACCEPT"}, headers=sup)
    assert r.status_code == 409, r.text
    got = await queued(app, sid, ok_app["id"], rej_app["id"])
    assert [(k, p["recipient"]["employee_id"]) for k, p in got] == [
        ("application_verified", ok_app["employee_id"]), ("application_rejected", rej_app["employee_id"])]
    assert got[1][1]["params"]["reason"] == "Ijazah tidak ditemukan"
    assert got[1][1]["agency_id"] == str(world.agency)

    await world.act(sid, "close-registration", EARLY)
    ann = (await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "SCREENING"},
                             headers=world.admin)).json()
    got = (await queued(app, sid, ok_app["id"], rej_app["id"]))[2:]
    assert sorted((k, p["recipient"]["employee_id"], p["params"]["announcement_id"]) for k, p in got) == sorted(
        ("stage_result_published", a["employee_id"], ann["id"]) for a in (ok_app, rej_app))

    r = await client.post(f"/api/v1/selections/{sid}/announcements/{ann['id']}/appeals",
                          json={"application_id": rej_app["id"], "reason": "Ijazah S2 saya sudah dilampirkan."},
                          headers=rejected_person["headers"])
    assert r.status_code == 201, r.text
    appeal = r.json()
    members, _ = world.committee_body()
    await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin)
    later = clock.utcnow() + timedelta(days=4)
    with clock.frozen(later):
        r = await client.post(f"/api/v1/selections/{sid}/appeals/{appeal['id']}/decide",
                              json={"decision": "REJECTED", "reasons": "Ijazah tidak ada pada berkas."},
                              headers=world.admin)
        assert r.status_code == 200, r.text
        [(kind, p)] = (await queued(app, sid, ok_app["id"], rej_app["id"]))[4:]
        assert kind == "appeal_decided" and p["recipient"]["employee_id"] == rej_app["employee_id"]
        assert p["params"]["decision"] == "REJECTED"
        sel = await world.act(sid, "start-assessment")
    stage = next(s for s in sel["stages"] if s["code"] == sel["current_stage_code"])
    scoring = [p for k, p in await queued(app, sid) if k == "scores_needed"]
    if stage["kind"] == "SCORED":  # every committee member, by account id
        assert sorted(p["recipient"]["account_id"] for p in scoring) == sorted(m["account_id"] for m in members)
        assert {p["params"]["stage_name"] for p in scoring} == {stage["name"]}
    else:
        assert scoring == []
    # The command's Idempotency-Key names the change: one notification per person and change.
    async with app.state.db.sessionmaker() as s:
        keys = (await s.execute(sa.select(outbox.c.idempotency_key).where(outbox.c.kind == "notification"))
                ).scalars().all()
    assert len(keys) == len(set(keys)) and all(k.startswith("notify:") for k in keys)

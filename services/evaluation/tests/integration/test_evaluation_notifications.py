"""The SKP transitions that make a plan await someone queue one notification in the outbox, in the transaction of
the transition: a submitted plan for whoever approves it (the evaluator's superior; the agency admins when the plan
has none), a returned one for its employee. A refused transition queues nothing."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import sqlalchemy as sa
from evaluation_fakes import FakeDirectory

from merit_evaluation.db_base import outbox
from merit_shared import clock
from merit_shared.testing import TokenFactory

YEAR = clock.today().year - 1
CONTENT = {"approach": "QUANTITATIVE", "results": [{"description": "Layanan cepat", "indicators": [
    {"description": "Waktu layanan", "target": "3 hari"}]}]}


async def queued(client: httpx.AsyncClient, plan_id: str) -> list[dict[str, Any]]:
    app = client._transport.app  # type: ignore[attr-defined]
    async with app.state.db.sessionmaker() as s:
        rows = (await s.execute(sa.select(outbox.c.payload, outbox.c.idempotency_key, outbox.c.destination,
                                          outbox.c.path).where(outbox.c.kind == "notification")
                                .order_by(outbox.c.created_at))).all()
    return [{**r.payload, "key": r.idempotency_key, "to": f"{r.destination} {r.path}"} for r in rows
            if r.payload["params"].get("plan_id") == plan_id]


async def plan_for(client: httpx.AsyncClient, employee: uuid.UUID, headers: dict[str, str]) -> str:
    r = await client.post("/api/v1/performance-plans", json={"employee_id": str(employee), "year": YEAR},
                          headers=headers)
    assert r.status_code == 201, r.text
    pid = str(r.json()["id"])
    assert (await client.put(f"/api/v1/performance-plans/{pid}", json=CONTENT, headers=headers)).status_code == 200
    return pid


async def test_evaluation_submit_and_return_queue_a_notification_for_who_acts_next(
        client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    sup = directory.add(agency)
    boss = directory.add(agency, evaluator=sup)  # the evaluator; their own evaluator has no superior
    emp = directory.add(agency, evaluator=boss, superior=sup)
    admin = tokens.headers("agency_admin", agency_id=agency)
    assert (await client.post("/api/v1/evaluation-periods", json={"year": YEAR}, headers=admin)).status_code == 201
    me = tokens.headers("employee", agency_id=agency, employee_id=emp)
    ev = tokens.headers("supervisor", agency_id=agency, employee_id=boss)

    pid = await plan_for(client, emp, me)
    assert await queued(client, pid) == []
    assert (await client.post(f"/api/v1/performance-plans/{pid}/submit", headers=me)).status_code == 200
    [sent] = await queued(client, pid)
    assert sent["kind"] == "skp_to_approve" and sent["to"] == "gateway /api/v1/notifications"
    assert sent["recipient"] == {"account_id": None, "employee_id": str(sup), "agency_admins": False}
    assert sent["agency_id"] == str(agency) and sent["params"]["year"] == YEAR
    assert (await client.post(f"/api/v1/performance-plans/{pid}/approve", headers=ev)).status_code == 403
    assert len(await queued(client, pid)) == 1  # the refused approval queued nothing
    assert (await client.post(f"/api/v1/performance-plans/{pid}/return", headers=ev)).status_code == 200
    assert (await client.post(f"/api/v1/performance-plans/{pid}/submit", headers=me)).status_code == 200
    got = await queued(client, pid)
    assert [(n["kind"], n["recipient"]["employee_id"]) for n in got] == [
        ("skp_to_approve", str(sup)), ("skp_returned", str(emp)), ("skp_to_approve", str(sup))]
    assert len({n["key"] for n in got}) == 3  # each change its own key: a resubmission is a new notification

    # The evaluator's own plan has no evaluator's superior: the agency admins approve it, and are told.
    pid = await plan_for(client, boss, ev)
    assert (await client.post(f"/api/v1/performance-plans/{pid}/submit", headers=ev)).status_code == 200
    [sent] = await queued(client, pid)
    assert sent["recipient"] == {"account_id": None, "employee_id": None, "agency_admins": True}

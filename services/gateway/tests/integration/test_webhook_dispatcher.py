"""Two webhook dispatchers (two gateway processes) over the real gateway schema send every delivery once, each
record's in order: the claim (FOR UPDATE SKIP LOCKED on the head of each record's queue) keeps them apart."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from standardwebhooks.webhooks import Webhook

from merit_shared.stack import free_port
from merit_shared.testing import use_test_database


@pytest.fixture(scope="module")
async def gateway() -> AsyncIterator[Any]:
    use_test_database()
    from merit_gateway.main import create_app
    from merit_shared.settings import Settings

    outer = create_app(Settings(webhooks_enabled=False))  # the test drives the dispatchers itself
    app = outer.app.app
    async with app.router.lifespan_context(app):
        yield app


class Receiver:
    def __init__(self) -> None:
        self.port = free_port()
        self.got: list[dict[str, Any]] = []

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.text()
        await asyncio.sleep(0.002)  # a receiver that takes a moment, so the two dispatchers overlap
        self.got.append({"headers": dict(request.headers), "body": body})
        return web.Response(status=204)


async def test_two_dispatchers_send_each_delivery_once_and_each_record_in_order(gateway: Any) -> None:
    from merit_gateway.accounts import hasher
    from merit_gateway.models import Client, WebhookDelivery, WebhookOrigin, WebhookSubscription
    from merit_gateway.webhooks import rules
    from merit_gateway.webhooks.dispatcher import WebhookDispatcher
    from merit_shared.settings import Settings

    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", receiver.port).start()
    agency, secret = uuid.uuid4(), rules.new_secret()
    records, per_record = 4, 15
    try:
        async with gateway.state.db.sessionmaker() as session, session.begin():
            client = Client(client_id=f"mc-{uuid.uuid4().hex[:16]}", secret_hash=hasher.hash("x"), name="Uji",
                            roles=["machine_client"], agency_id=agency, scopes=["webhooks:manage"])
            session.add(client)
            session.add(WebhookOrigin(agency_id=agency, origin=f"http://127.0.0.1:{receiver.port}",
                                      allow_private=True))
            await session.flush()
            sub = WebhookSubscription(agency_id=agency, client_id=client.id, url=f"http://127.0.0.1:{receiver.port}/hook",
                                      event_types=["*"], active=True, secret=secret, consecutive_failures=0)
            session.add(sub)
            await session.flush()
            event_id = 0
            for n in range(per_record):  # interleaved: record 0, 1, 2, 3, 0, 1, ... (seq follows this order)
                for r in range(records):
                    event_id += 1
                    session.add(WebhookDelivery(
                        subscription_id=sub.id, agency_id=agency, feed="positions", event_id=event_id,
                        event_type="position_filled", record_key=f"positions:position:{r}", status="pending",
                        attempts=0, payload={"type": "position_filled", "timestamp": "2026-12-03T00:00:00+00:00",
                                             "data": {"id": event_id, "record": r, "n": n}}))
                    await session.flush()  # one insert each, so seq is the order written here
        settings = Settings(webhook_concurrency=4)
        one, two = (WebhookDispatcher(gateway.state.db, settings, {}) for _ in range(2))
        try:
            for _ in range(200):
                sent = await asyncio.gather(one.send_due(), two.send_due())
                if len(receiver.got) >= records * per_record and not any(sent):
                    break
        finally:
            await one.aclose()
            await two.aclose()
    finally:
        await runner.cleanup()
    ids = [g["headers"]["webhook-id"] for g in receiver.got]
    assert len(ids) == records * per_record == len(set(ids))  # every delivery, none twice
    order: dict[int, list[int]] = {}
    for g in receiver.got:
        data = Webhook(secret).verify(g["body"], g["headers"])["data"]
        order.setdefault(data["record"], []).append(data["n"])
    assert order == {r: list(range(per_record)) for r in range(records)}
    async with gateway.state.db.sessionmaker() as session:
        import sqlalchemy as sa

        statuses = (await session.execute(sa.select(WebhookDelivery.status, sa.func.count()).where(
            WebhookDelivery.subscription_id == sub.id).group_by(WebhookDelivery.status))).all()
    assert dict(statuses) == {"delivered": records * per_record}
    assert json.loads(receiver.got[0]["body"])["type"] == "position_filled"

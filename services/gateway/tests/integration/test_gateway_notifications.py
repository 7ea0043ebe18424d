"""Notifications against the real gateway app, its PostgreSQL and a real SMTP server (aiosmtpd) started here:
each notification reaches the server once (also when the command is delivered twice, or two senders race), in the
recipient's language, not at all when they opted out, retried after the server refused it, and a digest collects
several into one e-mail a day."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from merit_shared import clock
from merit_shared.testing import SmtpSink, use_test_database

PASSWORD = "kata-sandi-uji-panjang"
PLAN = {"plan_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "year": 2026, "employee_name": "Dedi Kurniawan"}


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="module")
async def gateway(smtp: SmtpSink) -> AsyncIterator[Any]:
    use_test_database()
    from merit_gateway.main import create_app
    from merit_shared.settings import Settings

    settings = Settings(smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_tls="none", notify_poll_seconds=3600,
                        notify_retry_seconds=60, notify_max_attempts=3, public_url="https://merit.example.go.id")
    outer = create_app(settings)
    app = outer.app.app  # RequestContextMiddleware(Dispatcher(FastAPI))
    async with app.router.lifespan_context(app):
        app.state.sender.wake = lambda: None  # the test drives every pass itself (run_once)
        app.state.outer = outer
        yield app


def client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app.state.outer), base_url="http://gw")


def service_headers(app: Any) -> dict[str, str]:
    token = app.state.signing_key.sign(app.state.settings, "svc-evaluation", {"roles": ["service"]}, minutes=5)[0]
    return {"Authorization": f"Bearer {token}"}


async def person(app: Any, language: str = "id", email: bool = True, roles: tuple[str, ...] = ("employee",),
                 agency_id: uuid.UUID | None = None, employee_id: uuid.UUID | None = None) -> dict[str, Any]:
    """An account with an address of its own, and its login headers."""
    from merit_gateway.accounts import hasher
    from merit_gateway.models import User

    username = f"n{uuid.uuid4().hex[:10]}"
    address = f"{username}@example.go.id" if email else None
    user = User(username=username, password_hash=hasher.hash(PASSWORD), name=username, roles=list(roles),
                email=address, language=language, agency_id=agency_id, employee_id=employee_id)
    async with app.state.db.sessionmaker() as session, session.begin():
        session.add(user)
    async with client(app) as c:
        r = await c.post("/api/v1/auth/token", data={"grant_type": "password", "username": username,
                                                     "password": PASSWORD})
        assert r.status_code == 200, r.text
    return {"id": str(user.id), "email": address, "headers": {"Authorization": f"Bearer {r.json()['access_token']}"}}


async def command(app: Any, kind: str, params: dict[str, Any], key: str | None = None, status: int = 201,
                  **recipient: Any) -> httpx.Response:
    async with client(app) as c:
        r = await c.post("/api/v1/notifications", headers={**service_headers(app),
                                                          "Idempotency-Key": key or uuid.uuid4().hex},
                         json={"agency_id": recipient.pop("agency_id", None), "kind": kind, "params": params,
                               "recipient": recipient})
    assert r.status_code == status, r.text
    return r


async def test_each_notification_reaches_smtp_once_in_the_recipients_language(gateway: Any, smtp: SmtpSink) -> None:
    ina, eng = await person(gateway, "id"), await person(gateway, "en")
    for who in (ina, eng):
        key = f"skp_submitted:{uuid.uuid4()}:2"
        first = await command(gateway, "skp_to_approve", PLAN, key, account_id=who["id"])
        again = await command(gateway, "skp_to_approve", PLAN, key, account_id=who["id"])  # the outbox retried
        assert again.headers["idempotent-replay"] == "true" and again.json() == first.json()
        assert len(first.json()["notification_ids"]) == 1
    assert await gateway.state.sender.run_once() >= 2
    await gateway.state.sender.run_once()  # nothing is sent twice
    [mail_id], [mail_en] = smtp.messages_to(ina["email"]), smtp.messages_to(eng["email"])
    assert mail_id["Subject"] == "SKP 2026 Dedi Kurniawan menunggu persetujuan Anda"
    assert mail_en["Subject"] == "The 2026 SKP of Dedi Kurniawan awaits your approval"
    assert mail_id["Content-Language"] == "id" and mail_en["Content-Language"] == "en"
    body = mail_en.get_content()
    assert "Approve it or return it" in body
    assert f"https://merit.example.go.id/api/v1/performance-plans/{PLAN['plan_id']}" in body
    async with client(gateway) as c:
        mine = (await c.get("/api/v1/notifications", headers=eng["headers"])).json()
    assert [(n["kind"], n["state"], n["language"]) for n in mine["items"]] == [("skp_to_approve", "sent", "en")]
    assert mine["items"][0]["sent_at"] and mine["total"] == 1


async def test_nothing_reaches_a_person_who_opted_out_of_the_kind(gateway: Any, smtp: SmtpSink) -> None:
    who = await person(gateway, "en")
    async with client(gateway) as c:
        r = await c.put("/api/v1/notification-settings", headers=who["headers"], json={
            "email": who["email"], "language": "en", "default_mode": "immediate", "kinds": {"skp_returned": "off"}})
        assert r.status_code == 200, r.text
        assert r.json()["kinds"] == {"skp_returned": "off"} and r.json()["default_mode"] == "immediate"
    await command(gateway, "skp_returned", {"plan_id": PLAN["plan_id"], "year": 2026}, account_id=who["id"])
    await command(gateway, "skp_to_approve", PLAN, account_id=who["id"])
    await gateway.state.sender.run_once()
    assert [m["Subject"] for m in smtp.messages_to(who["email"])] == [
        "The 2026 SKP of Dedi Kurniawan awaits your approval"]
    async with client(gateway) as c:
        states = {n["kind"]: n["state"] for n in (await c.get("/api/v1/notifications",
                                                              headers=who["headers"])).json()["items"]}
    assert states == {"skp_returned": "opted_out", "skp_to_approve": "sent"}


async def test_a_digest_collects_several_into_one_mail_a_day(gateway: Any, smtp: SmtpSink) -> None:
    who = await person(gateway, "id")
    async with client(gateway) as c:
        r = await c.put("/api/v1/notification-settings", headers=who["headers"], json={
            "email": who["email"], "language": "id", "default_mode": "digest"})
        assert r.status_code == 200, r.text
    for year in (2024, 2025, 2026):
        await command(gateway, "skp_returned", {"plan_id": PLAN["plan_id"], "year": year}, account_id=who["id"])
    day = (clock.utcnow() + timedelta(days=2)).date()
    wib = clock.zone("WIB")  # the account has no agency: the deployment's default zone
    with clock.frozen(datetime(day.year, day.month, day.day, 6, 30, tzinfo=wib).astimezone(UTC)):
        await gateway.state.sender.run_once()  # before NOTIFY_DIGEST_HOUR (07:00): nothing yet
    assert smtp.messages_to(who["email"]) == []
    with clock.frozen(datetime(day.year, day.month, day.day, 7, 5, tzinfo=wib).astimezone(UTC)):
        await gateway.state.sender.run_once()
        await command(gateway, "skp_returned", {"plan_id": PLAN["plan_id"], "year": 2027}, account_id=who["id"])
        await gateway.state.sender.run_once()  # later the same day: it waits for tomorrow's digest
    [digest] = smtp.messages_to(who["email"])
    assert digest["Subject"] == f"Ringkasan Merit {day.isoformat()}: 3 hal menunggu Anda"
    text = digest.get_content()
    assert all(f"Rencana SKP {y} Anda dikembalikan untuk diperbaiki" in text for y in (2024, 2025, 2026))
    assert "2027" not in text
    tomorrow = day + timedelta(days=1)
    with clock.frozen(datetime(tomorrow.year, tomorrow.month, tomorrow.day, 8, 0, tzinfo=wib).astimezone(UTC)):
        await gateway.state.sender.run_once()
        await gateway.state.sender.run_once()
    mails = smtp.messages_to(who["email"])
    assert len(mails) == 2 and mails[1]["Subject"].endswith(": 1 hal menunggu Anda")
    async with client(gateway) as c:
        items = (await c.get("/api/v1/notifications", headers=who["headers"])).json()["items"]
    assert {(n["state"], n["digest"]) for n in items} == {("sent", True)} and len(items) == 4


async def test_a_refused_mail_is_retried_with_backoff_then_failed(gateway: Any, smtp: SmtpSink) -> None:
    from merit_gateway.notifications.sender import Sender
    from merit_shared.settings import Settings

    who = await person(gateway, "en")
    down = Settings(smtp_host="127.0.0.1", smtp_port=1, smtp_tls="none", notify_retry_seconds=60,
                    notify_max_attempts=3, smtp_timeout_seconds=2)  # nothing listens on port 1
    [nid] = (await command(gateway, "skp_to_approve", PLAN, account_id=who["id"])).json()["notification_ids"]
    dead = Sender(gateway.state.db, down)
    await dead.run_once()
    async with client(gateway) as c:  # the platform reads every delivery
        r = await c.get(f"/api/v1/notification-deliveries/{nid}", headers=service_headers(gateway))
        assert r.status_code == 200, r.text
    d = r.json()
    assert d["state"] == "pending" and d["attempts"] == 1 and "Connection" in (d["last_error"] or "")
    await gateway.state.sender.run_once()  # not due yet (60 s): the working server is not tried early
    assert smtp.messages_to(who["email"]) == []
    with clock.frozen(clock.utcnow() + timedelta(seconds=61)):
        await gateway.state.sender.run_once()
    assert len(smtp.messages_to(who["email"])) == 1
    # Persistent refusal: after NOTIFY_MAX_ATTEMPTS the notification is failed, never sent.
    [nid] = (await command(gateway, "skp_to_approve", PLAN, account_id=who["id"])).json()["notification_ids"]
    for i in range(3):
        with clock.frozen(clock.utcnow() + timedelta(hours=2 * i + 1)):
            await dead.run_once()
    async with client(gateway) as c:
        d = (await c.get(f"/api/v1/notification-deliveries/{nid}", headers=service_headers(gateway))).json()
    assert d["state"] == "failed" and d["attempts"] == 3 and d["sent_at"] is None


async def test_two_senders_never_send_one_notification_twice(gateway: Any, smtp: SmtpSink) -> None:
    from merit_gateway.notifications.sender import Sender

    people = [await person(gateway, "id") for _ in range(12)]
    for who in people:
        await command(gateway, "skp_to_approve", PLAN, account_id=who["id"])
    other = Sender(gateway.state.db, gateway.state.settings)  # a second gateway process
    await asyncio.gather(gateway.state.sender.run_once(), other.run_once(), other.run_once())
    await gateway.state.sender.run_once()
    assert [len(smtp.messages_to(who["email"])) for who in people] == [1] * 12


async def test_without_smtp_host_notifications_are_kept_not_sent(gateway: Any, smtp: SmtpSink) -> None:
    from merit_gateway.notifications.sender import Mailer
    from merit_shared.settings import Settings

    who = await person(gateway, "id")
    real = gateway.state.sender.mailer
    gateway.state.sender.mailer = Mailer(Settings(smtp_host=None))
    try:
        await command(gateway, "skp_to_approve", PLAN, account_id=who["id"])
        assert await gateway.state.sender.run_once() == 0
    finally:
        gateway.state.sender.mailer = real
    await gateway.state.sender.run_once()
    assert smtp.messages_to(who["email"]) == []
    async with client(gateway) as c:
        [n] = (await c.get("/api/v1/notifications", headers=who["headers"])).json()["items"]
    assert n["state"] == "not_sent"


async def test_recipients_by_employee_and_agency_admins_stay_inside_the_agency(gateway: Any, smtp: SmtpSink) -> None:
    agency, other_agency, employee = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    staff = await person(gateway, "id", agency_id=agency, employee_id=employee)
    admin = await person(gateway, "en", roles=("agency_admin",), agency_id=agency)
    stranger = await person(gateway, "id", roles=("agency_admin",), agency_id=other_agency)
    params = {"plan_id": PLAN["plan_id"], "year": 2026}
    assert (await command(gateway, "skp_returned", params, employee_id=str(employee),
                          agency_id=str(other_agency))).json()["notification_ids"] == []  # not their agency
    [nid] = (await command(gateway, "skp_returned", params, employee_id=str(employee),
                           agency_id=str(agency))).json()["notification_ids"]
    [aid] = (await command(gateway, "skp_to_approve", PLAN, agency_admins=True,
                           agency_id=str(agency))).json()["notification_ids"]
    # An account the service seated (an external committee member of another agency) is reached by its id; the
    # notification belongs to the record's agency.
    external = await person(gateway, "en", roles=("panel_member",), agency_id=other_agency)
    scores = {"selection_id": str(uuid.uuid4()), "selection_title": "Seleksi JPT", "stage_name": "Wawancara"}
    [xid] = (await command(gateway, "scores_needed", scores, account_id=external["id"],
                           agency_id=str(agency))).json()["notification_ids"]
    await command(gateway, "skp_to_approve", {"plan_id": PLAN["plan_id"]}, account_id=staff["id"], status=422)
    await command(gateway, "skp_to_approve", PLAN, status=422)  # no recipient
    await gateway.state.sender.run_once()
    assert len(smtp.messages_to(staff["email"])) == 1 and len(smtp.messages_to(admin["email"])) == 1
    assert smtp.messages_to(stranger["email"]) == []
    assert [m["Subject"] for m in smtp.messages_to(external["email"])] == [
        "The Wawancara stage of Seleksi JPT awaits your scores"]
    async with client(gateway) as c:
        # The agency admin reads their agency's deliveries; another agency's admin gets 404 and an empty list.
        page = (await c.get("/api/v1/notification-deliveries", headers=admin["headers"])).json()
        assert {n["id"] for n in page["items"]} == {nid, aid, xid} and page["total"] == 3
        assert (await c.get(f"/api/v1/notification-deliveries/{nid}", headers=admin["headers"])).status_code == 200
        assert (await c.get(f"/api/v1/notification-deliveries/{nid}", headers=stranger["headers"])).status_code == 404
        assert (await c.get("/api/v1/notification-deliveries", headers=stranger["headers"])).json()["total"] == 0
        # A person reads only their own; the delivery view and the command are not theirs.
        assert [n["id"] for n in (await c.get("/api/v1/notifications", headers=staff["headers"])).json()["items"]] \
            == [nid]
        assert (await c.get("/api/v1/notification-deliveries", headers=staff["headers"])).status_code == 403
        r = await c.post("/api/v1/notifications", headers=staff["headers"], json={
            "kind": "skp_to_approve", "params": PLAN, "recipient": {"account_id": staff["id"]}})
        assert r.status_code == 403, r.text
        r = await c.get("/api/v1/notifications", headers=service_headers(gateway))
        assert r.status_code == 403 and r.json()["code"] == "notifications_for_people"

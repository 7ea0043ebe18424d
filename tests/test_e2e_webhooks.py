"""Signed webhooks through the gateway and the real services: a machine client subscribes a URL of an allowed origin,
events of the position feed reach a receiver this test runs on 127.0.0.1, signed as Standard Webhooks says
(verified with the reference library and a hand-written HMAC), at least once, in order, retried after a 500 and
after the receiver was down; forbidden addresses are refused and logged; persistent failure disables the
subscription; redelivery, pings, secret rotation and the denials.

The stack is this module's own: retries of a fraction of a second instead of the day-long default schedule.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import asyncpg
import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from merit_shared import testing  # not its test_* functions by name: pytest would collect them here
from merit_shared.db import asyncpg_kwargs, with_database
from merit_shared.stack import Stack, free_port
from tests.conftest import METRICS_TOKEN, client_token, create_user, login, ok, running_stack
from tests.world import nip_for

SCHEDULE = "0.5,0.5,1,1.5"  # four retries within a few seconds (the default: about a day)
ENV = {"LOG_LEVEL": "INFO", "OUTBOX_POLL_SECONDS": "0.2", "REVOCATION_REFRESH_SECONDS": "1",
       "SCHEDULER_ENABLED": "false", "METRICS_TOKEN": METRICS_TOKEN, "WEBHOOK_POLL_SECONDS": "0.2",
       "WEBHOOK_RETRY_SCHEDULE": SCHEDULE, "WEBHOOK_DISABLE_AFTER_FAILURES": "2",
       "WEBHOOK_TIMEOUT_SECONDS": "2", "WEBHOOK_SECRET_OVERLAP_SECONDS": "3600"}


# --- a receiver on 127.0.0.1 -----------------------------------------------------------------------------------------

class Receiver:
    """Records every request by path; answers each path with the statuses queued for it, then 200."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[dict[str, Any]] = []
        self.script: dict[str, list[int]] = {}
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("content-length", 0))).decode()
                with receiver.lock:
                    queued = receiver.script.get(self.path) or []
                    status = queued.pop(0) if queued else 200
                    receiver.received.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                              "body": body, "status": status, "at": time.time()})
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.received if r["path"] == path]


def field_of(r: httpx.Response) -> str:
    """The field a 422 names (``errors[0].loc`` joined)."""
    return ".".join(str(p) for p in r.json()["errors"][0]["loc"])


def wait_for(what: str, fn: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def hand_verify(secret: str, headers: dict[str, str], body: str) -> bool:
    """The Standard Webhooks check written out (HMAC-SHA256 of id.timestamp.body), independent of the library."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    h = {k.lower(): v for k, v in headers.items()}
    signed = f"{h['webhook-id']}.{h['webhook-timestamp']}.{body}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(s == f"v1,{expected}" for s in h["webhook-signature"].split(" "))


# --- the stack and the worlds ----------------------------------------------------------------------------------------

async def _drop(name: str) -> None:
    conn = await asyncpg.connect(**asyncpg_kwargs(with_database(testing.test_database_url(), "postgres")))  # type: ignore[arg-type]
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="module")
def hook_stack() -> Iterator[Stack]:
    """A database of its own, empty at the start (no outbox left by an earlier run) and dropped at the end."""
    name = testing.test_database_name("_webhooks")
    asyncio.run(_drop(name))
    try:
        with running_stack(testing.test_database_url(name), ENV, prefix="merit-webhooks-") as s:
            yield s
    finally:
        asyncio.run(_drop(name))


@pytest.fixture(scope="module")
def hgw(hook_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hook_stack.url("gateway"), timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    r.start()
    yield r
    r.stop()


class HookAgency:
    """An agency with its admin, a unit and a job, and a machine client holding webhooks:manage."""

    def __init__(self, gw: httpx.Client, platform: dict[str, str], scopes: tuple[str, ...] = ("webhooks:manage",)
                 ) -> None:
        self.gw, self.platform = gw, platform
        tag = uuid.uuid4().hex[:8].upper()
        self.agency_id = ok(gw.post("/api/v1/agencies", headers=platform, json={
            "code": f"WH-{tag}", "name": f"Pemerintah Kota Webhook {tag}", "kind": "PEMDA_KOTA"}), 201)["id"]
        self.admin = login(gw, create_user(gw, platform, self.agency_id, ["agency_admin"]))
        self.unit = self.post("/api/v1/org-units", {"code": f"DISKOMINFO-{tag}", "name": "Dinas Kominfo",
                                                     "kind": "DINAS", "valid_from": "2010-01-01"})["id"]
        self.job = self.post("/api/v1/jobs", {"name": "Pranata Komputer", "kind": "PELAKSANA", "kelas_jabatan": 7,
                                              "min_education": "S1", "min_rank": "II/a"})["id"]
        self.mc = self.machine_client(*scopes)

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None, status: int = 201) -> Any:
        return ok(self.gw.post(path, json=body, headers=headers or self.admin), status)

    def machine_client(self, *scopes: str) -> dict[str, str]:
        client = self.post("/api/v1/clients", {"name": "Sistem Penerima", "scopes": list(scopes)})
        return {"Authorization": f"Bearer {client_token(self.gw, client['client_id'], client['client_secret'])}"}

    def allow(self, origin: str, allow_private: bool = True) -> dict[str, Any]:
        return dict(self.post("/api/v1/webhook-origins", {"origin": origin, "allow_private": allow_private}))

    def subscribe(self, url: str, types: list[str] | None = None) -> dict[str, Any]:
        return dict(self.post("/api/v1/webhook-subscriptions", {
            "url": url, "event_types": types or ["position_filled", "assignment_started"]}, headers=self.mc))

    def appoint(self, name: str = "Pegawai Webhook") -> dict[str, Any]:
        """A new seat and a new employee appointed to it: position_filled and assignment_started."""
        seat = self.post("/api/v1/positions", {"unit_id": self.unit, "job_id": self.job, "required_seats": 1})["id"]
        emp = self.post("/api/v1/employees", {
            "nip": nip_for(date(1990, 5, 17), date(2015, 3, 1)), "name": name, "employment_type": "PNS",
            "rank": {"golongan": "III/a", "tmt": "2015-03-01", "sk_number": "823/WH/2015", "sk_date": "2015-02-20"}})
        self.post("/api/v1/assignments", {"employee_id": emp["id"], "position_id": seat, "kind": "definitive",
                                          "tmt_start": "2016-01-04", "sk_number": f"821/{uuid.uuid4().hex[:6]}",
                                          "sk_date": "2015-12-20", "reason": "initial"})
        return {"employee_id": emp["id"], "position_id": seat}

    def sub_get(self, sub: dict[str, Any], what: str = "", headers: dict[str, str] | None = None,
                **params: Any) -> Any:
        return ok(self.gw.get(f"/api/v1/webhook-subscriptions/{sub['id']}{what}", params=params,
                              headers=headers or self.mc))


@pytest.fixture(scope="module")
def hplatform(hgw: httpx.Client) -> dict[str, str]:
    return {"Authorization": f"Bearer {client_token(hgw)}"}


@pytest.fixture(scope="module")
def agency(hgw: httpx.Client, hplatform: dict[str, str], receiver: Receiver) -> HookAgency:
    a = HookAgency(hgw, hplatform)
    a.allow(f"http://127.0.0.1:{receiver.port}")
    return a


def bodies(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [json.loads(r["body"]) for r in requests]


# --- the tests ---------------------------------------------------------------------------------------------------------

def test_events_arrive_signed_once_each_and_only_after_subscribing(agency: HookAgency, receiver: Receiver) -> None:
    agency.appoint("Sebelum Berlangganan")  # before the subscription: never delivered to it
    sub = agency.subscribe(receiver.url("/signed"))
    assert sub["secret"].startswith("whsec_") and sub["active"] and sub["client_id"]
    assert sub["allowed_actions"] == ["update", "delete", "rotate_secret", "ping", "redeliver", "disable"]
    assert "secret" not in agency.sub_get(sub)  # shown once
    who = agency.appoint("Dedi Kurniawan")
    got = wait_for("two deliveries", lambda: len(receiver.at("/signed")) >= 2 and receiver.at("/signed"))
    time.sleep(1.0)  # nothing else comes: the earlier appointment is not delivered, nothing twice
    got = receiver.at("/signed")
    assert sorted(b["type"] for b in bodies(got)) == ["assignment_started", "position_filled"]
    for r in got:
        body = Webhook(sub["secret"]).verify(r["body"], r["headers"])  # the reference library
        assert hand_verify(sub["secret"], r["headers"], r["body"])  # and the specification by hand
        assert r["headers"]["content-type"] == "application/json"
        assert r["headers"]["host"] == f"127.0.0.1:{receiver.port}"  # the URL's host, though sent to the checked IP
        assert body["data"]["agency_id"] == agency.agency_id and body["data"]["type"] == body["type"]
        assert body["timestamp"] == body["data"]["occurred_at"]
        assert abs(int(r["headers"]["webhook-timestamp"]) - time.time()) < 60
    assert {b["data"]["data"]["employee_id"] for b in bodies(got)} == {who["employee_id"]}
    assert len({r["headers"]["webhook-id"] for r in got}) == 2
    assert not hand_verify(sub["secret"], got[0]["headers"], got[0]["body"] + " ")

    deliveries = agency.sub_get(sub, "/deliveries")
    assert deliveries["total"] == 2 and {d["status"] for d in deliveries["items"]} == {"delivered"}
    assert {d["webhook_id"] for d in deliveries["items"]} == {r["headers"]["webhook-id"] for r in got}
    log = agency.sub_get(sub, "/attempts")
    assert log["total"] == 2 and all(a["status_code"] == 200 and a["outcome"] == "delivered" and
                                     a["duration_ms"] >= 0 and a["error"] is None for a in log["items"])
    # the admin reads the agency's subscriptions and their log too
    assert sub["id"] in {s["id"] for s in ok(agency.gw.get("/api/v1/webhook-subscriptions",
                                                          headers=agency.admin))["items"]}
    assert agency.sub_get(sub, "/attempts", headers=agency.admin)["total"] == 2


def test_urls_and_types_are_checked_against_the_allow_list(agency: HookAgency, receiver: Receiver) -> None:
    def refused(body: dict[str, Any], code: str, field: str) -> None:
        r = agency.gw.post("/api/v1/webhook-subscriptions", json=body, headers=agency.mc)
        assert r.status_code == 422 and r.json()["code"] == code and field_of(r) == field, r.text

    good = receiver.url("/x")
    refused({"url": "https://elsewhere.example.go.id/hooks", "event_types": ["*"]}, "webhook_url_not_allowed",
            "body.url")
    refused({"url": f"http://127.0.0.1:{receiver.port + 1}/x", "event_types": ["*"]}, "webhook_url_not_allowed",
            "body.url")  # another port is another origin
    refused({"url": f"ftp://127.0.0.1:{receiver.port}/x", "event_types": ["*"]}, "webhook_url_invalid", "body.url")
    refused({"url": good, "event_types": ["position_filed"]}, "webhook_event_type_unknown", "body.event_types")
    r = agency.gw.post("/api/v1/webhook-origins", headers=agency.admin, json={"origin": "gopher://x.go.id"})
    assert r.status_code == 422 and field_of(r) == "body.origin", r.text
    r = agency.gw.post("/api/v1/webhook-origins", headers=agency.admin,
                       json={"origin": f"http://127.0.0.1:{receiver.port}/"})
    assert r.status_code == 409 and r.json()["code"] == "webhook_origin_exists", r.text
    # a refused request changed nothing; an allowed URL with '*' is accepted, and can be changed
    sub = agency.subscribe(good, ["*"])
    changed = ok(agency.gw.patch(f"/api/v1/webhook-subscriptions/{sub['id']}", headers=agency.mc,
                                 json={"event_types": ["rank_changed"], "description": "Golongan saja"}))
    assert changed["event_types"] == ["rank_changed"] and changed["description"] == "Golongan saja"
    r = agency.gw.patch(f"/api/v1/webhook-subscriptions/{sub['id']}", headers=agency.mc,
                        json={"url": "https://elsewhere.example.go.id/x"})
    assert r.status_code == 422 and field_of(r) == "body.url"
    assert agency.sub_get(sub)["url"] == good
    assert agency.gw.delete(f"/api/v1/webhook-subscriptions/{sub['id']}", headers=agency.mc).status_code == 204
    assert agency.gw.get(f"/api/v1/webhook-subscriptions/{sub['id']}", headers=agency.mc).status_code == 404


def test_retries_after_a_500_and_while_the_receiver_is_down_keep_the_webhook_id(
        hgw: httpx.Client, hplatform: dict[str, str], receiver: Receiver) -> None:
    a = HookAgency(hgw, hplatform)
    down = Receiver()
    down.start()
    a.allow(f"http://127.0.0.1:{down.port}")
    a.allow(f"http://127.0.0.1:{receiver.port}")
    sub = a.subscribe(receiver.url("/flaky"), ["assignment_started"])
    receiver.script["/flaky"] = [500, 500]
    a.appoint("Coba Ulang")
    got = wait_for("a delivery after two 500s", lambda: [r for r in receiver.at("/flaky") if r["status"] == 200])
    tries = receiver.at("/flaky")
    assert [r["status"] for r in tries] == [500, 500, 200]
    assert len({r["headers"]["webhook-id"] for r in tries}) == 1  # the same message each time
    assert all(Webhook(sub["secret"]).verify(r["body"], r["headers"]) for r in got)
    log = a.sub_get(sub, "/attempts", sort="attempted_at")["items"]
    assert [(x["outcome"], x["status_code"], x["error"]) for x in log] == [
        ("failed", 500, "HTTP 500"), ("failed", 500, "HTTP 500"), ("delivered", 200, None)]

    # The receiver stopped: attempts fail to connect; started again on its port, the delivery arrives.
    other = a.subscribe(down.url("/down"), ["assignment_started"])
    down.stop()
    a.appoint("Penerima Mati")
    wait_for("a failed attempt while down", lambda: [x for x in a.sub_get(other, "/attempts")["items"]
                                                     if x["outcome"] == "failed"])
    port = down.port
    down.start()
    assert down.port == port
    got = wait_for("the delivery after the restart", lambda: down.at("/down"))
    [delivery] = a.sub_get(other, "/deliveries")["items"]
    assert delivery["status"] == "delivered" and delivery["attempts"] >= 2
    assert got[0]["headers"]["webhook-id"] == delivery["webhook_id"]
    assert "connection failed" in a.sub_get(other, "/attempts", sort="attempted_at")["items"][0]["error"]
    down.stop()


def test_a_later_event_waits_while_an_earlier_one_is_pending(
        hgw: httpx.Client, hplatform: dict[str, str], receiver: Receiver) -> None:
    a = HookAgency(hgw, hplatform)
    a.allow(f"http://127.0.0.1:{receiver.port}")
    a.subscribe(receiver.url("/ordered"), ["*"])
    # the first two requests fail (the first event's, and perhaps one of another record's queue, sent in parallel):
    # the later events of a failed event's record wait behind it
    receiver.script["/ordered"] = [500, 500]
    for i in range(3):
        a.appoint(f"Urutan {i}")

    def first_through() -> bool:
        got = receiver.at("/ordered")
        first = json.loads(got[0]["body"])["data"]["id"] if got else None
        ok_ids = [json.loads(r["body"])["data"]["id"] for r in got if r["status"] == 200]
        return len(ok_ids) >= 6 and first in ok_ids

    wait_for("six events, the first among them", first_through)
    seen = []
    for r in receiver.at("/ordered"):
        event = json.loads(r["body"])["data"]
        record = event.get("record") or {}
        seen.append((event["id"], (record.get("type"), record.get("id")), r["status"]))
    delivered = [(event_id, record) for event_id, record, status in seen if status == 200]
    assert len({event_id for event_id, _ in delivered}) == len(delivered), seen  # each once
    # ordered per record: each record's events arrive in the feed's order
    for record in {rec for _, rec in delivered}:
        ids = [event_id for event_id, rec in delivered if rec == record]
        assert ids == sorted(ids), (record, seen)
    # nothing later of the first event's record was sent before the first one got through
    first_id, first_record, _ = seen[0]
    first_ok = seen.index((first_id, first_record, 200))
    assert {event_id for event_id, rec, _ in seen[:first_ok + 1] if rec == first_record} == {first_id}, seen
    statuses = [status for event_id, _, status in seen if event_id == first_id]
    assert statuses[0] == 500 and statuses[-1] == 200 and statuses.count(200) == 1, seen  # retried, then once


def test_forbidden_addresses_are_refused_logged_and_never_sent(agency: HookAgency) -> None:
    agency.allow("http://10.0.0.1:9", allow_private=False)
    agency.allow("http://169.254.169.254:80", allow_private=True)  # metadata: refused even so
    private = agency.subscribe("http://10.0.0.1:9/hook")
    metadata = agency.subscribe("http://169.254.169.254/latest/meta-data/")
    for sub, why in ((private, "10.0.0.1, a private address"), (metadata, "cloud metadata")):
        ping = ok(agency.gw.post(f"/api/v1/webhook-subscriptions/{sub['id']}/ping", headers=agency.mc), 202)
        assert ping["event_type"] == "webhook.ping" and ping["status"] == "pending"
        log = wait_for("a refused attempt", lambda s=sub: agency.sub_get(s, "/attempts")["items"])
        assert log[0]["outcome"] == "refused" and why in log[0]["error"] and log[0]["status_code"] is None, log


def test_persistent_failure_disables_and_redelivery_resends_with_the_same_id(
        hgw: httpx.Client, hplatform: dict[str, str], receiver: Receiver) -> None:
    a = HookAgency(hgw, hplatform)
    a.allow(f"http://127.0.0.1:{receiver.port}")
    sub = a.subscribe(receiver.url("/broken"), ["rank_changed"])
    tries = len(SCHEDULE.split(",")) + 1
    receiver.script["/broken"] = [503] * (2 * tries)  # two deliveries, every retry of each fails
    first = ok(a.gw.post(f"/api/v1/webhook-subscriptions/{sub['id']}/ping", headers=a.mc), 202)
    ok(a.gw.post(f"/api/v1/webhook-subscriptions/{sub['id']}/ping", headers=a.mc), 202)
    disabled = wait_for("the subscription disabled", lambda: not (s := a.sub_get(sub))["active"] and s)
    assert disabled["disabled_reason"] == "consecutive_failures" and disabled["consecutive_failures"] == 2
    assert "2 deliveries in a row failed" in disabled["disabled_detail"]
    assert disabled["allowed_actions"] == ["update", "delete", "rotate_secret", "enable"]
    assert {d["status"] for d in a.sub_get(sub, "/deliveries")["items"]} == {"failed"}
    assert len(receiver.at("/broken")) == 2 * tries
    r = a.gw.post(f"/api/v1/webhook-subscriptions/{sub['id']}/ping", headers=a.mc)
    assert r.status_code == 409 and r.json()["code"] == "webhook_subscription_disabled", r.text

    enabled = ok(a.gw.post(f"/api/v1/webhook-subscriptions/{sub['id']}/enable", headers=a.mc))
    assert enabled["active"] and enabled["disabled_reason"] is None and enabled["consecutive_failures"] == 0
    again = ok(a.gw.post(f"/api/v1/webhook-subscriptions/{sub['id']}/deliveries/{first['id']}/redeliver",
                         headers=a.mc), 202)
    assert again["status"] == "pending" and again["webhook_id"] == first["webhook_id"]
    got = wait_for("the redelivery", lambda: [r for r in receiver.at("/broken") if r["status"] == 200])
    assert got[0]["headers"]["webhook-id"] == first["webhook_id"]
    assert json.loads(got[0]["body"])["type"] == "webhook.ping"
    assert Webhook(sub["secret"]).verify(got[0]["body"], got[0]["headers"])
    r = a.gw.post(f"/api/v1/webhook-subscriptions/{sub['id']}/deliveries/{uuid.uuid4()}/redeliver", headers=a.mc)
    assert r.status_code == 404


def test_a_rotated_secret_signs_next_to_the_old_one_during_the_overlap(agency: HookAgency,
                                                                        receiver: Receiver) -> None:
    sub = agency.subscribe(receiver.url("/rotated"), ["assignment_started"])
    rotated = ok(agency.gw.post(f"/api/v1/webhook-subscriptions/{sub['id']}/rotate-secret", headers=agency.mc))
    assert rotated["secret"] != sub["secret"] and rotated["previous_secret_expires_at"]
    ok(agency.gw.post(f"/api/v1/webhook-subscriptions/{sub['id']}/ping", headers=agency.mc), 202)
    [got] = wait_for("the ping", lambda: receiver.at("/rotated"))
    assert len(got["headers"]["webhook-signature"].split(" ")) == 2
    for secret in (sub["secret"], rotated["secret"]):
        assert Webhook(secret).verify(got["body"], got["headers"])["type"] == "webhook.ping"
        assert hand_verify(secret, got["headers"], got["body"])


def test_who_may_do_what(hgw: httpx.Client, hplatform: dict[str, str], agency: HookAgency,
                         receiver: Receiver) -> None:
    sub = agency.subscribe(receiver.url("/denials"), ["*"])
    other = HookAgency(hgw, hplatform)
    path = f"/api/v1/webhook-subscriptions/{sub['id']}"
    # another agency's admin and machine client: 404, and nothing of it in their lists
    for headers in (other.admin, other.mc):
        assert hgw.get(path, headers=headers).status_code == 404
        assert hgw.post(path + "/disable", headers=headers).status_code == 404
        assert sub["id"] not in hgw.get("/api/v1/webhook-subscriptions", headers=headers).text
    assert hgw.delete(path, headers=other.mc).status_code == 404
    assert str(receiver.port) not in hgw.get("/api/v1/webhook-origins", headers=other.admin).text
    [origin] = [o for o in ok(hgw.get("/api/v1/webhook-origins", headers=agency.admin))["items"]
                if o["origin"] == f"http://127.0.0.1:{receiver.port}"]
    assert hgw.delete(f"/api/v1/webhook-origins/{origin['id']}", headers=other.admin).status_code == 404
    # another machine client of the same agency: not its subscription
    sibling = agency.machine_client("webhooks:manage")
    assert hgw.get(path, headers=sibling).status_code == 404
    # a machine client without the scope, people of other roles: 403
    narrow = agency.machine_client("registry:read")
    r = hgw.get("/api/v1/webhook-subscriptions", headers=narrow)
    assert r.status_code == 403 and r.json()["required_scope"] == "webhooks:manage", r.text
    ppk = login(hgw, create_user(hgw, hplatform, agency.agency_id, ["ppk"]))
    for method, url in (("GET", "/api/v1/webhook-subscriptions"), ("GET", path), ("POST", path + "/disable"),
                        ("GET", "/api/v1/webhook-origins"), ("POST", "/api/v1/webhook-origins")):
        r = hgw.request(method, url, headers=ppk, json={"origin": "https://x.go.id"} if method == "POST" else None)
        assert r.status_code == 403, f"{method} {url} -> {r.status_code}"
    # the admin creates no subscription, changes none; the machine client sets no allowed origin
    r = hgw.post("/api/v1/webhook-subscriptions", headers=agency.admin,
                 json={"url": receiver.url("/admin"), "event_types": ["*"]})
    assert r.status_code == 403
    assert hgw.patch(path, headers=agency.admin, json={"description": "x"}).status_code == 403
    assert hgw.post("/api/v1/webhook-origins", headers=agency.mc,
                    json={"origin": "https://x.go.id"}).status_code == 403
    # the admin disables it; the client cannot enable what the admin disabled, the admin can
    seen = ok(hgw.get(path, headers=agency.admin))
    assert seen["allowed_actions"] == ["disable"]
    off = ok(hgw.post(path + "/disable", headers=agency.admin))
    assert not off["active"] and off["disabled_reason"] == "disabled_by_admin" and off["allowed_actions"] == ["enable"]
    r = hgw.post(path + "/enable", headers=agency.mc)
    assert r.status_code == 409 and r.json()["code"] == "webhook_disabled_by_admin", r.text
    assert "enable" not in ok(hgw.get(path, headers=agency.mc))["allowed_actions"]
    assert ok(hgw.post(path + "/enable", headers=agency.admin))["active"]


def test_the_webhook_feeds_list_every_type_of_each_service_catalogue() -> None:
    from merit_evaluation.common.event_types import CATALOGUE as EVALUATION
    from merit_gateway.webhooks.feeds import FEEDS
    from merit_positions.common.event_types import CATALOGUE as POSITIONS
    from merit_recruitment.common.event_types import CATALOGUE as RECRUITMENT

    catalogues = {"positions": POSITIONS, "evaluation": EVALUATION, "recruitment": RECRUITMENT}
    assert {f.service: list(f.types) for f in FEEDS} == {k: c.names() for k, c in catalogues.items()}

"""Operations through the real stack: the gateway's metrics name the upstream service and the route template, its
/metrics needs the scraper's METRICS_TOKEN, and its access log names the route template and the caller."""

from __future__ import annotations

import time
import uuid

import httpx
import orjson
from prometheus_client.parser import text_string_to_metric_families

from merit_shared.stack import Stack
from tests.conftest import METRICS_TOKEN

SCRAPER = {"Authorization": f"Bearer {METRICS_TOKEN}"}
TEMPLATE = "/api/v1/positions/{position_id}"


def request_counts(gw: httpx.Client) -> dict[tuple[str, str, str], float]:
    r = gw.get("/metrics", headers=SCRAPER)
    assert r.status_code == 200, r.text
    out: dict[tuple[str, str, str], float] = {}
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            if s.name == "merit_http_requests_total":
                key = (s.labels["service"], s.labels["route"], s.labels["status"])
                out[key] = out.get(key, 0) + s.value
    return out


def test_proxied_requests_are_counted_per_upstream_service_and_route_template(
        gw: httpx.Client, stack: Stack, platform: dict[str, str]) -> None:
    # The templates come from the services' OpenAPI documents, loaded in the background once every service
    # answers: ask until the gateway labels the request (bounded).
    position = str(uuid.uuid4())
    counts: dict[tuple[str, str, str], float] = {}
    status = ""
    for _ in range(60):
        r = gw.get(f"/api/v1/positions/{position}", headers=platform, params={"agency_id": str(uuid.uuid4())})
        status = str(r.status_code)
        counts = request_counts(gw)
        if counts.get(("positions", TEMPLATE, status)):
            break
        time.sleep(0.5)
    assert counts.get(("positions", TEMPLATE, status), 0) >= 1, sorted(counts)
    assert not any(route.endswith(position) for _, route, _ in counts), "a raw path became a label"
    # the gateway's own routes keep the gateway's name
    assert any(svc == "gateway" and route == "/api/v1/auth/token" for svc, route, _ in counts), sorted(counts)

    # The access log line of that request: JSON, with the route template, the upstream and the caller.
    assert stack.log_dir is not None
    lines = [orjson.loads(line) for line in (stack.log_dir / "gateway.log").read_text().splitlines()
             if line.startswith("{") and position in line]
    access = [doc for doc in lines if doc.get("logger") == "merit.access"]
    assert access, lines
    assert access[-1]["route"] == TEMPLATE and access[-1]["upstream"] == "positions"
    assert access[-1]["caller"] == "svc-positions"


def test_metrics_on_the_public_port_need_the_scraper_token(gw: httpx.Client, platform: dict[str, str]) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, platform, {"Authorization": f"Basic {METRICS_TOKEN}"}):
        r = gw.get("/metrics", headers=headers)
        assert r.status_code == 401, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "metrics_token_required"
        assert "merit_http_requests_total" not in r.text
    assert gw.get("/metrics", headers=SCRAPER).status_code == 200


def test_service_metrics_carry_pool_and_queue_gauges(stack: Stack) -> None:
    """Each service's own port: behind the same token when it is set; pools, outbox and inbox as gauges."""
    for name in ("positions", "evaluation", "recruitment"):
        assert httpx.get(stack.url(name) + "/metrics").status_code == 401
        text = httpx.get(stack.url(name) + "/metrics", headers=SCRAPER).text
        for metric in (f'merit_db_pool_connections{{pool="orm",service="{name}",state="in_use"}}',
                       f'merit_db_pool_connections{{pool="asyncpg",service="{name}",state="max"}}',
                       f'merit_outbox_pending{{service="{name}"}}',
                       f'merit_outbox_oldest_pending_seconds{{service="{name}"}}',
                       f'merit_inbox_entries{{service="{name}"}}'):
            assert metric in text, (name, metric)


def test_bootstrap_admin_creates_the_first_admin_with_a_one_time_password(gw: httpx.Client, stack: Stack) -> None:
    from merit_gateway.bootstrap import BootstrapFailed, bootstrap_admin
    from merit_shared.settings import DEV_SERVICE_SECRET

    tag = uuid.uuid4().hex[:8]
    first = bootstrap_admin(stack.url("gateway"), DEV_SERVICE_SECRET, agency_code=f"A-{tag}",
                            agency_name=f"Pemerintah Kota A {tag}", agency_kind="PEMDA_KOTA",
                            username=f"admin.a.{tag}", name="Admin A")
    other = bootstrap_admin(stack.url("gateway"), DEV_SERVICE_SECRET, agency_code=f"B-{tag}",
                            agency_name=f"Pemerintah Kota B {tag}", agency_kind="PEMDA_KOTA",
                            username=f"admin.b.{tag}", name="Admin B")
    assert first["agency_id"] != other["agency_id"]

    def login(username: str, password: str) -> httpx.Response:
        return gw.post("/api/v1/auth/token", data={"grant_type": "password", "username": username,
                                                    "password": password})

    # the one-time password must be replaced before any token is issued
    r = login(f"admin.a.{tag}", first["password"])
    assert r.status_code == 403 and r.json()["code"] == "password_change_required", r.text
    new_password = f"Sandi-baru-{tag}-2026"
    r = gw.post("/api/v1/auth/password", json={"username": f"admin.a.{tag}", "current_password": first["password"],
                                                "new_password": new_password})
    assert r.status_code == 200, r.text
    token = login(f"admin.a.{tag}", new_password)
    assert token.status_code == 200, token.text
    me = gw.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"}).json()
    assert me["agency_id"] == first["agency_id"] and "agency_admin" in me["roles"]

    # run again: the same agency, the same account, a fresh one-time password; the old one stops working
    again = bootstrap_admin(stack.url("gateway"), DEV_SERVICE_SECRET, agency_code=f"A-{tag}", agency_name="ignored",
                            agency_kind="PEMDA_KOTA", username=f"admin.a.{tag}", name="Admin A")
    assert (again["agency_id"], again["account_id"]) == (first["agency_id"], first["account_id"])
    assert login(f"admin.a.{tag}", new_password).status_code == 400  # OAuth2 invalid_grant
    # another agency's username is never taken over
    try:
        bootstrap_admin(stack.url("gateway"), DEV_SERVICE_SECRET, agency_code=f"A-{tag}", agency_name="x",
                        agency_kind="PEMDA_KOTA", username=f"admin.b.{tag}", name="Admin B")
        raise AssertionError("bootstrap took over another agency's account")
    except BootstrapFailed as exc:
        assert "another agency" in str(exc)
    assert login(f"admin.b.{tag}", other["password"]).json()["code"] == "password_change_required"

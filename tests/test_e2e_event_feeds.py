"""The three event feeds through the gateway (issue #15): one shape, the agency's own changes only, readable by a
machine client with scope events:read and refused to one without it."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import ok
from tests.world import World

FEEDS = ("position-events", "evaluation-events", "recruitment-events")
EVENT_KEYS = {"id", "type", "version", "occurred_at", "agency_id", "actor", "record", "data"}


def client_headers(gw: httpx.Client, w: World, scopes: list[str]) -> dict[str, str]:
    client = ok(gw.post("/api/v1/clients", headers=w.admin, json={"name": f"Sistem {scopes}", "scopes": scopes}), 201)
    token = ok(gw.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": client["client_id"],
                                                   "client_secret": client["client_secret"]}))
    return {"Authorization": f"Bearer {token['access_token']}"}


def read_all(gw: httpx.Client, feed: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Follow the cursor to the end, a page of 1000 at a time."""
    items, cursor = [], 0
    while True:
        page = ok(gw.get(f"/api/v1/{feed}", params={"after": cursor, "limit": 1000}, headers=headers))
        items += page["items"]
        if page["next_cursor"] == cursor:
            return items
        cursor = page["next_cursor"]


def test_each_services_feed_through_the_gateway(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    person = a.candidate("Siti Peristiwa")  # employee, seat, assignment, three recorded ratings
    sel = a.open_selection()
    reader = client_headers(gw, a, ["events:read"])
    registry_only = client_headers(gw, a, ["registry:read", "performance:read", "recruitment:read"])
    feeds = {feed: read_all(gw, feed, reader) for feed in FEEDS}
    for feed, items in feeds.items():
        assert items and all(set(e) == EVENT_KEYS for e in items), feed
        assert {e["agency_id"] for e in items} == {a.agency_id}, feed
        assert items == read_all(gw, feed, a.admin) == read_all(gw, feed, a.ppk)
        assert [e["id"] for e in items] == sorted(e["id"] for e in items)
        # another agency reads its own feed: none of a's events
        assert not {e["id"] for e in read_all(gw, feed, b.admin)} & {e["id"] for e in items}
        r = gw.get(f"/api/v1/{feed}", headers=registry_only)
        assert r.status_code == 403 and r.json()["required_scope"] == "events:read", feed
        assert gw.get(f"/api/v1/{feed}", headers=a.supervisor).status_code == 403
        types = ok(gw.get(f"/api/v1/{feed}/types", headers=reader))
        assert {e["type"] for e in items} <= {t["name"] for t in types["types"]}
    pos = {(e["type"], e["record"]["id"]) for e in feeds["position-events"]}
    assert {("employee_created", person["id"]), ("position_created", person["seat"]),
            ("position_filled", person["seat"])} <= pos
    ratings = [e for e in feeds["evaluation-events"] if e["type"] == "rating_finalized"]
    assert len(ratings) == 3 and {e["data"]["employee_id"] for e in ratings} == {person["id"]}
    announced = [e for e in feeds["recruitment-events"] if e["type"] == "selection_announced"]
    assert [e["record"]["id"] for e in announced] == [sel["id"]]
    assert announced[0]["actor"]["kind"] == "user" and announced[0]["actor"]["id"]

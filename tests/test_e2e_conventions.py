"""Conventions every answer follows, through the gateway: Location on a 201, Content-Language and
Vary: Accept-Language on every answer (the gateway's own refusals too)."""

from __future__ import annotations

import uuid

import httpx

from tests.conftest import create_user, login, ok


def test_created_resources_answer_with_their_location(gw: httpx.Client, platform: dict[str, str]) -> None:
    tag = uuid.uuid4().hex[:8].upper()
    r = gw.post("/api/v1/agencies", headers=platform, json={"code": f"LC-{tag}", "name": f"Kota Lokasi {tag}",
                                                             "kind": "PEMDA_KOTA"})
    agency = ok(r, 201)
    assert r.headers["location"] == f"/api/v1/agencies/{agency['id']}"
    admin = login(gw, create_user(gw, platform, agency["id"], ["agency_admin"]))
    other = ok(gw.post("/api/v1/agencies", headers=platform, json={
        "code": f"LD-{tag}", "name": f"Kota Lain {tag}", "kind": "PEMDA_KOTA"}), 201)
    r = gw.post("/api/v1/org-units", headers=admin, json={"code": f"D-{tag}", "name": "Dinas Lokasi", "kind": "DINAS",
                                                          "valid_from": "2010-01-01"})
    unit = ok(r, 201)
    assert r.headers["location"] == f"/api/v1/org-units/{unit['id']}"
    assert ok(gw.get(r.headers["location"], headers=admin))["id"] == unit["id"]
    # the other agency's admin is refused at that address: Location is an address, not a grant
    other_admin = login(gw, create_user(gw, platform, other["id"], ["agency_admin"]))
    assert gw.get(r.headers["location"], headers=other_admin).status_code in (403, 404)
    r = gw.post("/api/v1/users", headers=platform, json={
        "username": f"u{tag.lower()}", "password": "rahasia-uji-123", "name": "Lokasi", "roles": ["employee"],
        "agency_id": agency["id"]})
    user = ok(r, 201)
    assert r.headers["location"] == f"/api/v1/users/{user['id']}"  # the gateway's own 201 too


def test_every_answer_says_its_language(gw: httpx.Client, platform: dict[str, str]) -> None:
    cases = [("GET", "/healthz", {}), ("GET", "/api/v1/public/selections", {}),
             ("GET", "/api/v1/agencies", platform), ("GET", "/no-such-route", {}),
             ("GET", "/api/v1/employees", {"Authorization": "Bearer not-a-token"}),
             ("GET", f"/api/v1/positions/{uuid.uuid4()}", platform)]
    for method, path, headers in cases:
        for asked, lang in ((None, "id"), ("en", "en"), ("id", "id")):
            h = {**headers, **({"Accept-Language": asked} if asked else {})}
            r = gw.request(method, path, headers=h)
            said = "id" if path.startswith("/api/v1/public/") else lang  # the portal publishes in Indonesian
            assert r.headers.get("content-language") == said, (path, asked, r.status_code, r.headers)
            vary = ",".join(r.headers.get_list("vary")).lower()
            assert "accept-language" in vary, (path, r.headers)
            if r.status_code >= 400:
                assert r.headers["content-type"] == "application/problem+json"
    r = gw.get("/no-such-route", headers={"Accept-Language": "en"})
    assert r.status_code == 404 and r.json()["title"] == "Not found"
    r = gw.get("/no-such-route")
    assert r.json()["title"] == "Tidak ditemukan"

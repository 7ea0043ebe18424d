"""Conventions every answer follows, through the gateway: Location on a 201, Content-Language and
Vary: Accept-Language on every answer (the gateway's own refusals too), conditional GET (304) on every read with
an ETag, and 415 for a JSON body sent in another media type."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from tests.conftest import create_user, login, ok
from tests.world import INAUGURATION, TODAY, World


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


def _vary(r: httpx.Response) -> str:
    return ",".join(r.headers.get_list("vary")).lower()


def _draft_selection(w: World) -> dict[str, Any]:
    t = TODAY
    return dict(w.post("/api/v1/selections", {
        "title": "Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan", "kind": "JPT_PRATAMA",
        "position_ids": [w.head_position], "planned_inauguration_date": INAUGURATION.isoformat(),
        "schedule": {"announcement_start": t.isoformat(), "announcement_end": (t + timedelta(days=14)).isoformat(),
                     "registration_start": (t + timedelta(days=1)).isoformat(),
                     "registration_end": (t + timedelta(days=20)).isoformat(),
                     "stage_dates": [(t + timedelta(days=25 + 3 * i)).isoformat() for i in range(5)]}}))


def _assert_conditional(gw: httpx.Client, url: str, headers: dict[str, str], private: bool) -> str:
    """The read answers an ETag; each form of a matching If-None-Match is a 304 without a body; a stale one reads."""
    first = gw.get(url, headers=headers)
    etag = ok(first) and first.headers["etag"]
    assert etag.startswith(('"', 'W/"')), (url, etag)
    for asked in (etag, f'"stale", {etag}', f"W/{etag.removeprefix('W/')}", "*"):
        r = gw.get(url, headers={**headers, "If-None-Match": asked})
        assert r.status_code == 304, (url, asked, r.status_code, r.text)
        assert r.content == b"" and r.headers["etag"] == etag and "content-type" not in r.headers
        assert r.headers["cache-control"] == first.headers["cache-control"]
        assert "accept-language" in _vary(r) and ("authorization" in _vary(r)) is private
    if private:
        assert first.headers["cache-control"] == "private, no-cache"
    again = gw.get(url, headers={**headers, "If-None-Match": '"stale"'})
    assert again.status_code == 200 and again.json() == first.json()
    return str(etag)


def test_reads_with_an_etag_answer_304_while_unchanged(gw: httpx.Client, platform: dict[str, str]) -> None:
    w = World(gw, platform)
    sel = _draft_selection(w)
    reads = {"positions": f"/api/v1/positions/{w.head_position}",
             "evaluation": f"/api/v1/evaluation-policies/{w.agency_id}",
             "recruitment": f"/api/v1/selections/{sel['id']}"}
    etags = {service: _assert_conditional(gw, url, w.admin, private=True) for service, url in reads.items()}

    # A change moves the ETag: the copy held is stale and the read answers the new version in full.
    url = reads["recruitment"]
    changed = ok(gw.patch(url, json={"title": "Seleksi Terbuka JPT Pratama (diubah)"},
                          headers={**w.admin, "If-Match": etags["recruitment"]}))
    r = gw.get(url, headers={**w.admin, "If-None-Match": etags["recruitment"]})
    assert r.status_code == 200 and r.json()["title"] == changed["title"] != sel["title"]
    assert r.headers["etag"] != etags["recruitment"]

    # Another agency's admin holding the ETag learns nothing: 404, never 304.
    other = World(gw, platform)
    for url in reads.values():
        r = gw.get(url, headers={**other.admin, "If-None-Match": "*"})
        assert r.status_code == 404, (url, r.status_code, r.text)

    # The public portal (no token): cacheable by anyone, its own Cache-Control kept on the 304.
    w.act(sel["id"], "announce")
    for url in (f"/api/v1/public/selections/{sel['id']}", "/api/v1/public/selections?phase=all"):
        _assert_conditional(gw, url, {}, private=False)
        assert gw.get(url).headers["cache-control"].startswith("public, max-age=")

    # The contract says so: each of these reads documents 304, its ETag and the If-None-Match header.
    doc = ok(gw.get("/openapi.json"))
    for path in ("/api/v1/positions/{position_id}", "/api/v1/evaluation-policies/{agency_id}",
                 "/api/v1/selections/{selection_id}", "/api/v1/public/selections/{selection_id}",
                 "/api/v1/public/selections", "/api/v1/employees/{employee_id}", "/api/v1/employees/by-nip/{nip}"):
        op = doc["paths"][path]["get"]
        assert {"ETag", "Cache-Control", "Vary"} <= set(op["responses"]["304"]["headers"]), path
        assert "ETag" in op["responses"]["200"]["headers"], path
        assert "If-None-Match" in [p["name"] for p in op["parameters"] if p["in"] == "header"], path
    assert "304" not in doc["paths"]["/api/v1/selections"]["get"]["responses"]  # a list without an ETag


def test_a_json_body_in_another_media_type_is_415(gw: httpx.Client, platform: dict[str, str]) -> None:
    agency = ok(gw.post("/api/v1/agencies", headers=platform, json={
        "code": f"MT-{uuid.uuid4().hex[:8].upper()}", "name": "Kota Media", "kind": "PEMDA_KOTA"}), 201)
    admin = login(gw, create_user(gw, platform, agency["id"], ["agency_admin"]))
    cases = [("POST", "/api/v1/agencies", platform),  # positions
             ("POST", "/api/v1/annual-ratings", admin),  # evaluation
             ("POST", "/api/v1/selections", admin),  # recruitment
             ("POST", "/api/v1/users", platform)]  # the gateway's own
    for method, path, headers in cases:
        for content_type, body in (("text/plain", b'{"name": "x"}'), ("application/x-www-form-urlencoded", b"a=b")):
            r = gw.request(method, path, content=body, headers={**headers, "Content-Type": content_type,
                                                                 "Accept-Language": "en"})
            assert r.status_code == 415, (path, content_type, r.status_code, r.text)
            assert r.headers["content-type"] == "application/problem+json"
            problem = r.json()
            assert problem["code"] == "unsupported_media_type" and problem["accepted"] == ["application/json"]
            assert problem["errors"][0]["loc"] == ["header", "content-type"] and content_type in problem["detail"]
        r = gw.request(method, path, json={}, headers=headers)
        assert r.status_code == 422, (path, r.text)  # JSON is read and validated as before
    doc = ok(gw.get("/openapi.json"))
    with_body = [(m, p) for p, item in doc["paths"].items() for m, op in item.items() if op.get("requestBody")]
    assert len(with_body) > 30
    assert [f"{m} {p}" for m, p in with_body if "415" not in doc["paths"][p][m]["responses"]] == []


def test_a_changed_answer_is_never_a_304_even_when_the_record_version_is_not(gw: httpx.Client,
                                                                           platform: dict[str, str]) -> None:
    """The seat's version does not move when someone is appointed to it, but its answer (holders, vacancy) does:
    the caller's ETag carries a digest of what they were shown, so the copy they hold is not revalidated."""
    w = World(gw, platform)
    url = f"/api/v1/positions/{w.head_position}"
    before = gw.get(url, headers=w.admin)
    assert before.status_code == 200 and before.json()["vacant"] == 1
    assert gw.get(url, headers={**w.admin, "If-None-Match": before.headers["etag"]}).status_code == 304
    person = w.candidate("Rina Kandidat")
    w.post("/api/v1/assignments", {"employee_id": person["id"], "position_id": w.head_position, "kind": "definitive",
                                   "tmt_start": TODAY.isoformat(), "sk_number": "821/ETAG/01",
                                   "sk_date": TODAY.isoformat(), "reason": "promotion", "end_current_definitive": True})
    after = gw.get(url, headers={**w.admin, "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.json()["vacant"] == 0, after.text
    assert after.json()["version"] == before.json()["version"]  # the record did not change; the answer did
    # and the new ETag still guards writes: the version part is what If-Match checks
    ok(gw.patch(url, json={"required_seats": 1}, headers={**w.admin, "If-Match": after.headers["etag"]}))

"""Invariants through the API: validation, lifecycle conflicts, eligibility with sources and UNKNOWN,
one application per person, verification by two people, committee rules, conflicts of interest, appeals."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from merit_recruitment.directory import HttpDirectory
from merit_recruitment.selections.models import Selection
from merit_shared.http import ServiceClient, ServiceTokenSource
from merit_shared.settings import Settings
from merit_shared.stack import free_port

# Registration is closed before its scheduled end in these tests, which needs a recorded reason.
EARLY = {"reason": "Calon sudah cukup; ditutup lebih awal atas persetujuan panitia."}


async def test_recruitment_schedule_and_stage_validation(client: httpx.AsyncClient, world: Any) -> None:
    bad = world.schedule()
    bad["announcement_end"] = bad["announcement_start"]  # 1 day < 15
    r = await client.post("/api/v1/selections", json={"title": "Seleksi X", "kind": "JPT_PRATAMA", "schedule": bad},
                          headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "announcement_too_short"
    assert r.json()["errors"][0]["loc"] == ["body", "schedule", "announcement_end"]
    bad = world.schedule()
    bad["registration_end"] = "2000-01-01"
    r = await client.post("/api/v1/selections", json={"title": "Seleksi X", "kind": "JPT_PRATAMA", "schedule": bad},
                          headers=world.admin)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "schedule", "registration_end"]
    stages = [{"code": "A", "name": "A", "weight": 60}, {"code": "B", "name": "B", "weight": 30}]
    r = await client.post("/api/v1/selections", json={"title": "Seleksi X", "kind": "JPT_PRATAMA", "stages": stages},
                          headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "weights_not_100"
    r = await client.post("/api/v1/selections", json={"title": "Seleksi X", "kind": "JPT_PRATAMA", "typo": 1},
                          headers=world.admin)
    assert r.status_code == 422
    r = await client.get("/api/v1/selections", headers=world.admin)
    assert r.json()["total"] == 0  # nothing was created by the rejected requests


async def test_recruitment_draft_edit_etag_and_frozen_after_announcement(client: httpx.AsyncClient,
                                                                         world: Any) -> None:
    sel = await world.selection(requirements={"max_age": 55})
    sid = sel["id"]
    r = await client.get(f"/api/v1/selections/{sid}", headers=world.admin)
    etag = r.headers["etag"]
    r = await client.patch(f"/api/v1/selections/{sid}", json={"requirements": {"min_experience_years": "6"}},
                           headers={**world.admin, "If-Match": etag})
    assert r.status_code == 200 and r.json()["requirements"]["min_experience_years"] == "6"
    r = await client.patch(f"/api/v1/selections/{sid}", json={"title": "Seleksi Lain"},
                           headers={**world.admin, "If-Match": etag})
    assert r.status_code == 412
    # Announcing refuses a filled position, and changes nothing.
    world.dir.positions[world.position_id].update(filled=1, vacant=0)
    r = await client.post(f"/api/v1/selections/{sid}/announce", headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "position_not_vacant"
    world.dir.positions[world.position_id].update(filled=0, vacant=1)
    world.dir.down.add("positions")
    r = await client.post(f"/api/v1/selections/{sid}/announce", headers=world.admin)
    assert r.status_code == 503 and r.json()["code"] == "upstream_unavailable"
    world.dir.down.clear()
    sel = await world.act(sid, "announce")
    assert sel["positions_snapshot"][0]["vacant"] == 1 and sel["status"] == "ANNOUNCED"
    r = await client.patch(f"/api/v1/selections/{sid}", json={"title": "Seleksi Lain"}, headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "not_editable"
    r = await client.post(f"/api/v1/selections/{sid}/close-registration", headers=world.admin)
    assert r.status_code == 409 and r.json()["allowed_actions"] == ["open_registration", "cancel"]
    # What was announced is public, with the opening announcement's hash.
    r = await client.get(f"/api/v1/public/selections/{sid}", headers={"X-Forwarded-For": "10.1.1.1"})
    doc = r.json()
    assert doc["requirements"]["max_age"] == 55 and doc["announcements"][0]["kind"] == "OPENING"
    assert len(doc["announcements"][0]["content_hash"]) == 64


async def test_recruitment_eligibility_explained_with_sources(client: httpx.AsyncClient, world: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    good = world.employee()
    old = world.employee(birth="1950-01-01", predikat="BUTUH_PERBAIKAN", discipline=True)
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=good["headers"])
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["eligibility_status"] == "ELIGIBLE" and body["applicant_type"] == "INTERNAL"
    by = {x["code"]: x for x in body["eligibility"]["results"]}
    assert by["RANK"]["value"] == "IV/b" and by["RANK"]["source"] == "positions:ranks"
    assert by["PERFORMANCE"]["source"] == "evaluation:summary"
    assert by["PRIOR_POSITION"]["status"] == "PASSED"
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=old["headers"])
    body = r.json()
    assert body["eligibility_status"] == "NOT_ELIGIBLE"
    failed = {x["code"] for x in body["eligibility"]["results"] if x["status"] == "FAILED"}
    assert failed == {"AGE", "PERFORMANCE", "DISCIPLINE"}
    # An ineligible applicant cannot be accepted by the verifier.
    r = await client.post(f"/api/v1/applications/{body['id']}/verify", json={"decision": "ACCEPT"},
                          headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "not_eligible"


async def test_recruitment_unreachable_sources_are_unknown_never_passed(client: httpx.AsyncClient, world: Any,
                                                                       app: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    person = world.employee()
    world.dir.down.add("evaluation")
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])
    body = r.json()
    assert body["eligibility_status"] == "NEEDS_REVIEW"
    by = {x["code"]: x["status"] for x in body["eligibility"]["results"]}
    assert by["PERFORMANCE"] == by["DISCIPLINE"] == "UNKNOWN" and by["RANK"] == "PASSED"
    assert body["facts"]["unreachable_sources"] == ["evaluation"]
    # The real HTTP client against a closed port: every fact unknown, the application still recorded.
    dead = ServiceClient(f"http://127.0.0.1:{free_port()}", ServiceTokenSource(Settings(service_client_id=None)),
                         timeout=0.5, retries=0)
    app.state.directory = HttpDirectory({"positions": dead, "evaluation": dead})
    try:
        other = world.employee()
        r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=other["headers"])
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["eligibility_status"] == "NEEDS_REVIEW"
        assert {x["status"] for x in body["eligibility"]["results"]} == {"UNKNOWN"}
        assert body["facts"]["unreachable_sources"] == ["evaluation", "positions"]
    finally:
        app.state.directory = world.dir
        await dead.aclose()
    # Once the source is back, a recheck fills the facts in.
    world.dir.down.clear()
    world.dir.employees[other["id"]] = world.dir.employees[person["id"]] | {"id": other["id"], "nip": other["nip"]}
    world.dir.careers[other["id"]] = world.dir.careers[person["id"]]
    world.dir.summaries[other["id"]] = world.dir.summaries[person["id"]]
    r = await client.post(f"/api/v1/applications/{body['id']}/recheck-eligibility", headers=world.admin)
    assert r.status_code == 200 and r.json()["eligibility_status"] == "ELIGIBLE"


async def test_recruitment_one_application_per_person_even_concurrently(client: httpx.AsyncClient,
                                                                        world: Any) -> None:
    sel = await world.open_selection()
    person = world.employee()
    url = f"/api/v1/selections/{sel['id']}/applications"
    results = await asyncio.gather(*[client.post(url, json={}, headers=person["headers"]) for _ in range(4)])
    codes = sorted(r.status_code for r in results)
    assert codes == [201, 409, 409, 409], [r.text for r in results]
    assert {r.json()["code"] for r in results if r.status_code == 409} == {"already_applied"}
    r = await client.get(url, headers=world.admin)
    assert r.json()["total"] == 1


async def test_recruitment_external_applicant_and_two_person_check(client: httpx.AsyncClient, world: Any,
                                                                   tokens: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    nip = "198001012005011001"
    outsider = tokens.headers("employee", agency_id=uuid.uuid4(), nip=nip, sub="outsider")
    declared = {"education": "S2", "experience_years": "12", "position_years": {"ADMINISTRATOR": "3"},
                "birth_date": "1980-01-01", "rank": "IV/c", "predikat_by_year": {"2000": "BAIK"},
                "discipline_records": []}
    docs = [{"code": d["code"], "reference": f"doc://{d['code']}"} for d in sel["documents"]]
    r = await client.post(f"/api/v1/selections/{sid}/applications",
                          json={"name": "Citra Lestari", "current_position": "Kepala Bidang",
                                "current_agency": "Pemkab Tangerang", "declared": declared, "documents": docs},
                          headers=outsider)
    assert r.status_code == 201, r.text
    app = r.json()
    assert app["applicant_type"] == "EXTERNAL"
    assert {x["source"] for x in app["eligibility"]["results"]} == {"declared"}
    # The applicant sees their own application; another employee does not.
    assert (await client.get(f"/api/v1/applications/{app['id']}", headers=outsider)).status_code == 200
    stranger = world.employee()
    assert (await client.get(f"/api/v1/applications/{app['id']}", headers=stranger["headers"])).status_code == 404
    mine = (await client.get("/api/v1/applications", headers=outsider)).json()
    assert [a["id"] for a in mine["items"]] == [app["id"]]
    # Verification: the employee may not verify; the second check must be another person.
    r = await client.post(f"/api/v1/applications/{app['id']}/verify", json={"decision": "ACCEPT"}, headers=outsider)
    assert r.status_code == 403
    boss = tokens.headers("agency_admin", "supervisor", agency_id=world.agency, sub="same-person")
    r = await client.post(f"/api/v1/applications/{app['id']}/verify", json={"decision": "ACCEPT"}, headers=boss)
    assert r.status_code == 200 and r.json()["status"] == "VERIFIED"
    r = await client.post(f"/api/v1/applications/{app['id']}/second-check", json={"decision": "ACCEPT"}, headers=boss)
    assert r.status_code == 409 and r.json()["code"] == "same_person"
    sup = tokens.headers("supervisor", agency_id=world.agency, sub="another")
    r = await client.post(f"/api/v1/applications/{app['id']}/second-check", json={"decision": "ACCEPT"}, headers=sup)
    assert r.status_code == 200 and r.json()["status"] == "QUALIFIED"
    r = await client.post(f"/api/v1/applications/{app['id']}/withdraw", headers=outsider)
    assert r.status_code == 200 and r.json()["status"] == "WITHDRAWN"


async def test_recruitment_registration_extensions_recorded_and_limited(client: httpx.AsyncClient,
                                                                        world: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    end0 = sel["schedule"]["registration_end"]
    for n in (1, 2):
        r = await client.post(f"/api/v1/selections/{sid}/extend-registration", json={"reason": "Pelamar kurang"},
                              headers=world.admin)
        assert r.status_code == 201 and r.json()["number"] == n
    r = await client.post(f"/api/v1/selections/{sid}/extend-registration", json={"reason": "Pelamar kurang"},
                          headers=world.admin)
    assert r.status_code == 409 and "extend_registration" not in r.json()["allowed_actions"]
    exts = (await client.get(f"/api/v1/selections/{sid}/extensions", headers=world.admin)).json()["items"]
    assert exts[0]["previous_registration_end"] == end0 and len(exts) == 2
    sel = (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()
    assert sel["registration_extensions"] == 2 and sel["schedule"]["registration_end"] == exts[1]["new_registration_end"]


@pytest.mark.parametrize(("size", "internal", "ok"), [
    (5, 2, True),    # 40%
    (5, 3, False),   # 60%
    (9, 4, True),    # 44.4%
    (9, 5, False),   # 55.6%
    (11, 4, True),   # 36.4%
    (11, 5, False),  # 45.45% > 45%
    (4, 1, False),   # even and below the minimum size
])
async def test_recruitment_committee_internal_share_rule(client: httpx.AsyncClient, world: Any, size: int,
                                                         internal: int, ok: bool) -> None:
    sel = await world.selection()
    members, _ = world.committee_body(internal=internal, size=size)
    r = await client.put(f"/api/v1/selections/{sel['id']}/committee", json={"members": members}, headers=world.admin)
    assert (r.status_code == 200) is ok, r.text
    if not ok:
        assert r.json()["code"] == "invalid_committee"
        got = (await client.get(f"/api/v1/selections/{sel['id']}/committee", headers=world.admin)).json()
        assert got["members"] == []  # nothing stored


async def test_recruitment_conflict_of_interest_blocks_scoring(client: httpx.AsyncClient, world: Any,
                                                               tokens: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    person = world.employee()
    app = (await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])).json()
    await world.qualify(app["id"])
    await world.act(sid, "close-registration", EARLY)
    members, heads = world.committee_body()
    committee = (await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members},
                                  headers=world.admin)).json()
    member_id = next(m["id"] for m in committee["members"] if m["subject"] == members[1]["subject"])
    # Another member cannot declare on their behalf.
    r = await client.put(f"/api/v1/selections/{sid}/committee/{member_id}/declarations/{app['id']}",
                         json={"has_conflict": True}, headers=heads[2])
    assert r.status_code == 403
    r = await client.put(f"/api/v1/selections/{sid}/committee/{member_id}/declarations/{app['id']}",
                         json={"has_conflict": True, "reason": "Atasan langsung"}, headers=heads[1])
    assert r.status_code == 200
    sel = await world.act(sid, "start-assessment")
    code = sel["current_stage_code"]
    url = f"/api/v1/applications/{app['id']}/stages/{code}/scores"
    r = await client.put(url, json={"criteria": {"a": 80}}, headers=heads[1])
    assert r.status_code == 409 and r.json()["code"] == "conflict_of_interest"
    r = await client.put(url, json={"criteria": {"a": 80}}, headers=heads[0])
    assert r.status_code == 409 and r.json()["code"] == "declaration_required"  # no score before declaring
    await world.declare(sid, members[:1], heads[:1], [app["id"]])
    assert (await client.put(url, json={"criteria": {"a": 80}}, headers=heads[0])).status_code == 200
    # Bad scores, wrong stage, a non-member: refused.
    assert (await client.put(url, json={"criteria": {"a": 101}}, headers=heads[0])).status_code == 422
    assert (await client.put(url, json={"criteria": {"a": "80.123"}}, headers=heads[0])).status_code == 422
    r = await client.put(f"/api/v1/applications/{app['id']}/stages/INTERVIEW/scores", json={"criteria": {"a": 80}},
                         headers=heads[0])
    assert r.status_code == 409 and r.json()["code"] == "stage_not_open"
    outsider = tokens.headers("panel_member", sub="not-on-committee", agency_id=world.agency)
    assert (await client.put(url, json={"criteria": {"a": 80}}, headers=outsider)).status_code == 404
    r = await client.put(url, json={"criteria": {"a": 80}}, headers=world.admin)
    assert r.status_code == 403
    # Members see their selection, not others'.
    listed = (await client.get("/api/v1/selections", headers=heads[3])).json()
    assert [s["id"] for s in listed["items"]] == [sid]
    other = await world.selection()
    assert (await client.get(f"/api/v1/selections/{other['id']}", headers=heads[3])).status_code == 404


async def test_recruitment_authorization_denials(client: httpx.AsyncClient, world: Any, tokens: Any) -> None:
    sel = await world.selection()
    sid = sel["id"]
    assert (await client.get(f"/api/v1/selections/{sid}")).status_code == 401
    emp = world.employee()
    r = await client.post("/api/v1/selections", json={"title": "Seleksi X", "kind": "JPT_PRATAMA"},
                          headers=emp["headers"])
    assert r.status_code == 403
    assert (await client.get(f"/api/v1/selections/{sid}", headers=emp["headers"])).status_code == 403
    other_admin = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    assert (await client.get(f"/api/v1/selections/{sid}", headers=other_admin)).status_code == 404
    assert (await client.post(f"/api/v1/selections/{sid}/announce", headers=other_admin)).status_code == 404
    ppk = tokens.headers("ppk", agency_id=world.agency)
    assert (await client.get(f"/api/v1/selections/{sid}", headers=ppk)).status_code == 200
    assert (await client.post(f"/api/v1/selections/{sid}/announce", headers=ppk)).status_code == 403
    assert (await client.get(f"/api/v1/recruitment-analytics/selections/{sid}",
                             headers=emp["headers"])).status_code == 403
    # A draft takes no applications and is invisible publicly.
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=emp["headers"])
    assert r.status_code == 404


async def test_recruitment_appeal_window(client: httpx.AsyncClient, world: Any, app: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    person = world.employee()
    application = (await client.post(f"/api/v1/selections/{sid}/applications", json={},
                                     headers=person["headers"])).json()
    await world.qualify(application["id"])
    await world.act(sid, "close-registration", EARLY)
    ann = (await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "SCREENING"},
                             headers=world.admin)).json()
    url = f"/api/v1/selections/{sid}/announcements/{ann['id']}/appeals"
    body = {"application_id": application["id"], "reason": "Nilai administrasi saya keliru dicatat."}
    r = await client.post(url, json=body, headers=world.employee()["headers"])
    assert r.status_code == 404  # not their application
    r = await client.post(url, json=body, headers=person["headers"])
    assert r.status_code == 201, r.text
    assert (await client.post(url, json=body, headers=person["headers"])).json()["code"] == "appeal_exists"
    appeal = r.json()
    r = await client.post(f"/api/v1/selections/{sid}/appeals/{appeal['id']}/decide",
                          json={"decision": "REJECTED", "reasons": "Data sesuai dokumen yang dilampirkan."},
                          headers=world.admin)
    assert r.status_code == 200 and r.json()["status"] == "REJECTED"
    # A correction references the corrected announcement; the original is immutable in the database.
    r = await client.post(f"/api/v1/selections/{sid}/announcements",
                          json={"kind": "CORRECTION", "corrects_id": ann["id"], "correction_reason": "Salah ketik"},
                          headers=world.admin)
    assert r.status_code == 201 and r.json()["snapshot"]["corrects"]["content_hash"] == ann["content_hash"]
    async with app.state.db.sessionmaker() as s:
        with pytest.raises(Exception, match="immutable"):
            await s.execute(sa.text("UPDATE announcements SET title = 'x' WHERE id = :i"), {"i": ann["id"]})
        await s.rollback()
    # With a zero-day window (policy), the window is closed at once.
    async with app.state.db.sessionmaker() as s, s.begin():
        row = (await s.execute(sa.select(Selection).where(Selection.id == uuid.UUID(sid)))).scalar_one()
        row.policies = {**row.policies, "publication": {**row.policies["publication"], "appeal_window_days": 0}}
    ann2 = (await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "SCREENING"},
                              headers=world.admin)).json()
    r = await client.post(f"/api/v1/selections/{sid}/announcements/{ann2['id']}/appeals", json=body,
                          headers=person["headers"])
    assert r.status_code == 409 and r.json()["code"] == "appeal_window_closed"


async def test_recruitment_public_portal_cache_and_rate_limit(client: httpx.AsyncClient, world: Any,
                                                              app: Any) -> None:
    sel = await world.open_selection()
    ip = {"X-Forwarded-For": "192.0.2.7"}
    r = await client.get("/api/v1/public/selections", params={"phase": "open", "limit": 200}, headers=ip)
    assert r.status_code == 200 and "max-age" in r.headers["cache-control"]
    item = next(s for s in r.json()["items"] if s["id"] == sel["id"])
    assert item["status"] == "REGISTRATION" and "requirements" not in item
    r2 = await client.get("/api/v1/public/selections", params={"phase": "open", "limit": 200},
                          headers={**ip, "If-None-Match": r.headers["etag"]})
    assert r2.status_code == 304
    # A change is visible at once (this process drops its cached pages).
    await world.act(sel["id"], "close-registration", EARLY)
    r3 = await client.get("/api/v1/public/selections", params={"phase": "open", "limit": 200}, headers=ip)
    assert all(s["id"] != sel["id"] for s in r3.json()["items"])
    from merit_shared.public import RateLimiter

    old = app.state.public_limiter
    app.state.public_limiter = RateLimiter(60, 2)
    try:
        spoof = {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}  # the gateway's value is the last one
        codes = [(await client.get("/api/v1/public/selections", headers=spoof)).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        r = await client.get("/api/v1/public/selections", headers=spoof)
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert r.json()["title"] == "Terlalu banyak permintaan"
        other = await client.get("/api/v1/public/selections", headers={"X-Forwarded-For": "198.51.100.1"})
        assert other.status_code == 200
    finally:
        app.state.public_limiter = old

"""Identity links carry their agency: another agency's account with the same NIP or employee id owns no
application and takes no committee seat (two agencies; positions faked)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

EARLY = {"reason": "Calon sudah cukup; ditutup lebih awal atas persetujuan panitia."}


async def test_recruitment_same_nip_in_another_agency_owns_nothing(client: httpx.AsyncClient, world: Any,
                                                                   tokens: Any) -> None:
    sel = await world.open_selection()
    person = world.employee(name="Siti Aminah")
    r = await client.post(f"/api/v1/selections/{sel['id']}/applications", json={}, headers=person["headers"])
    assert r.status_code == 201, r.text
    app_id = r.json()["id"]
    other_agency = uuid.uuid4()
    # Agency B's account linked to B's record that carries the same NIP, and one carrying the same employee id.
    lookalikes = [tokens.headers("employee", agency_id=other_agency, employee_id=uuid.uuid4(), nip=person["nip"],
                                 sub=f"b-{uuid.uuid4().hex[:6]}"),
                  tokens.headers("employee", agency_id=other_agency, employee_id=person["id"], nip=person["nip"],
                                 sub=f"b-{uuid.uuid4().hex[:6]}")]
    for h in lookalikes:
        listed = (await client.get("/api/v1/applications", headers=h)).json()
        assert app_id not in [a["id"] for a in listed["items"]]
        assert (await client.get(f"/api/v1/applications/{app_id}", headers=h)).status_code in (403, 404)
        r = await client.post(f"/api/v1/applications/{app_id}/withdraw", json={"reason": "bukan saya"}, headers=h)
        assert r.status_code in (403, 404), r.text
    # Nothing changed; the applicant themself still owns and reads it.
    mine = await client.get(f"/api/v1/applications/{app_id}", headers=person["headers"])
    assert mine.status_code == 200 and mine.json()["status"] == "SUBMITTED"
    assert app_id in [a["id"] for a in (await client.get("/api/v1/applications",
                                                          headers=person["headers"])).json()["items"]]


async def test_recruitment_internal_member_seat_is_not_taken_by_another_agency(client: httpx.AsyncClient,
                                                                               world: Any, tokens: Any) -> None:
    sel = await world.open_selection(**world.NO_APPEAL_WINDOW)
    sid = sel["id"]
    applicant = world.employee(name="Rudi Hartono")
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=applicant["headers"])
    app_id = r.json()["id"]
    await world.qualify(app_id)
    await world.act(sid, "close-registration", EARLY)
    assert (await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "SCREENING"},
                              headers=world.admin)).status_code == 201
    members, heads = world.committee_body()
    member_employee = uuid.uuid4()
    members[1]["employee_id"] = str(member_employee)  # an internal member known by their employee record
    assert (await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members},
                             headers=world.admin)).status_code == 200
    sel = await world.act(sid, "start-assessment")
    code = next(s["code"] for s in sel["stages"] if s["kind"] != "PASS_FAIL")
    # Agency B's panel-member account carrying the internal member's employee id, under another login.
    impostor = tokens.headers("panel_member", agency_id=uuid.uuid4(), employee_id=member_employee,
                              sub=f"b-panel-{uuid.uuid4().hex[:6]}")
    assert (await client.get(f"/api/v1/selections/{sid}", headers=impostor)).status_code in (403, 404)
    assert (await client.get(f"/api/v1/applications/{app_id}", headers=impostor)).status_code in (403, 404)
    assert app_id not in [a["id"] for a in (await client.get("/api/v1/applications",
                                                              headers=impostor)).json()["items"]]
    r = await client.put(f"/api/v1/applications/{app_id}/stages/{code}/scores", json={"criteria": {"a": 99}},
                         headers=impostor)
    assert r.status_code in (403, 404), r.text
    assert (await client.get(f"/api/v1/applications/{app_id}/scores", headers=world.admin)).json()["items"] == []  # unchanged
    # The real internal member (same agency, same employee id, their own login) still takes the seat.
    real = tokens.headers("panel_member", agency_id=world.agency, employee_id=member_employee,
                          sub=members[1]["subject"], account_id=members[1]["account_id"])
    await world.declare(sid, [members[1], members[-1]], [real, heads[-1]], [app_id])
    r = await client.put(f"/api/v1/applications/{app_id}/stages/{code}/scores", json={"criteria": {"a": 80}},
                         headers=real)
    assert r.status_code == 200, r.text
    # An external member keeps their seat whatever agency their token names.
    r = await client.put(f"/api/v1/applications/{app_id}/stages/{code}/scores", json={"criteria": {"a": 70}},
                         headers=heads[-1])
    assert r.status_code == 200, r.text


async def test_recruitment_ranking_is_for_admin_ppk_and_committee(client: httpx.AsyncClient, world: Any,
                                                                  tokens: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    allowed = [world.admin, tokens.headers("ppk", agency_id=world.agency)]
    denied = [tokens.headers(role, agency_id=world.agency, unit_id=uuid.uuid4(), employee_id=uuid.uuid4())
              for role in ("unit_admin", "supervisor", "employee")]
    for h in allowed:
        assert (await client.get(f"/api/v1/selections/{sid}/ranking", headers=h)).status_code == 200
    for h in denied:
        assert (await client.get(f"/api/v1/selections/{sid}/ranking", headers=h)).status_code == 403
    other = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    assert (await client.get(f"/api/v1/selections/{sid}/ranking", headers=other)).status_code == 404


async def test_recruitment_selection_refuses_another_agencys_position(client: httpx.AsyncClient, world: Any,
                                                                      directory: Any) -> None:
    foreign = str(uuid.uuid4())
    directory.positions[foreign] = {**directory.positions[world.position_id], "id": foreign,
                                    "agency_id": str(uuid.uuid4())}
    body = {"title": "Seleksi Terbuka JPT Pratama", "kind": "JPT_PRATAMA", "position_ids": [world.position_id, foreign],
            "schedule": world.schedule()}
    r = await client.post("/api/v1/selections", json=body, headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "position_not_in_agency", r.text
    assert r.json()["errors"][0]["loc"] == ["body", "position_ids", "1"]
    before = (await client.get("/api/v1/selections", headers=world.admin)).json()["total"]
    assert before == 0  # nothing was created
    sel = await world.selection()
    got = await client.get(f"/api/v1/selections/{sel['id']}", headers=world.admin)
    r = await client.patch(f"/api/v1/selections/{sel['id']}", json={"position_ids": [foreign]},
                           headers={**world.admin, "If-Match": got.headers["etag"]})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "position_ids", "0"], r.text
    after = (await client.get(f"/api/v1/selections/{sel['id']}", headers=world.admin)).json()
    assert after["position_ids"] == [world.position_id] and after["version"] == sel["version"]


async def test_recruitment_internal_registration_reveals_no_other_agency(client: httpx.AsyncClient, world: Any) -> None:
    """Registering another agency's NIP as internal answers exactly as a NIP that exists nowhere."""
    sel = await world.open_selection()
    elsewhere = world.employee(name="Orang Lain", agency=uuid.uuid4())
    answers = []
    for nip in (elsewhere["nip"], "197501012000031999"):
        r = await client.post(f"/api/v1/selections/{sel['id']}/applications",
                              json={"applicant_type": "INTERNAL", "nip": nip}, headers=world.admin)
        assert r.status_code == 422, r.text
        answers.append((r.json()["code"], r.json()["errors"][0]["loc"], r.json()["detail"].replace(nip, "N")))
    assert answers[0] == answers[1]


async def test_recruitment_application_allowed_actions_are_the_callers(client: httpx.AsyncClient, world: Any,
                                                                       tokens: Any) -> None:
    """On a verified application each caller sees only what they may do; every listed action passes the role
    check and every unlisted one is refused (403, or 409 where the state or the four-eyes rule forbids it)."""
    sel = await world.open_selection()
    person = world.employee(name="Dewi Lestari")
    app_id = (await client.post(f"/api/v1/selections/{sel['id']}/applications", json={},
                                headers=person["headers"])).json()["id"]
    await world.complete_documents(app_id)
    r = await client.post(f"/api/v1/applications/{app_id}/verify", json={"decision": "ACCEPT"}, headers=world.admin)
    assert r.status_code == 200, r.text
    sup = tokens.headers("supervisor", agency_id=world.agency, sub=f"sup-{uuid.uuid4().hex[:6]}")
    expected = {"admin": (world.admin, ["recheck_eligibility"]), "supervisor": (sup, ["second_check"]),
                "applicant": (person["headers"], ["withdraw"])}
    paths = {"withdraw": ("withdraw", {"reason": "x"}), "recheck_eligibility": ("recheck-eligibility", None),
             "second_check": ("second-check", {"decision": "ACCEPT"}), "verify": ("verify", {"decision": "ACCEPT"})}
    for who, (headers, listed) in expected.items():
        got = (await client.get(f"/api/v1/applications/{app_id}", headers=headers)).json()
        assert got["allowed_actions"] == listed, (who, got["allowed_actions"])
        for action, (path, body) in paths.items():
            if action in listed:
                continue
            r = await client.post(f"/api/v1/applications/{app_id}/{path}", json=body, headers=headers)
            assert r.status_code in (403, 404, 409), (who, action, r.status_code, r.text)
    # The listed actions work for their caller (second check last: it moves the state on).
    r = await client.post(f"/api/v1/applications/{app_id}/recheck-eligibility", headers=world.admin)
    assert r.status_code == 200, r.text
    r = await client.post(f"/api/v1/applications/{app_id}/second-check", json={"decision": "ACCEPT"}, headers=sup)
    assert r.status_code == 200 and r.json()["status"] == "QUALIFIED", r.text
    r = await client.post(f"/api/v1/applications/{app_id}/withdraw", json={"reason": "pindah tugas"},
                          headers=person["headers"])
    assert r.status_code == 200, r.text

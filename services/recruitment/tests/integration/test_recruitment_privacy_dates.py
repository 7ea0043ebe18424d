"""Who may read applications (personal facts), the eligibility reference dates, and the internal applicant's
agency name."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx

Apps = "/api/v1/applications"


async def _apply(client: httpx.AsyncClient, sid: str, person: dict[str, Any]) -> dict[str, Any]:
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _ids(page: dict[str, Any]) -> set[str]:
    return {a["id"] for a in page["items"]}


async def test_recruitment_applications_readable_only_by_need_to_know(client: httpx.AsyncClient, world: Any,
                                                                       tokens: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    waiting = await _apply(client, sid, world.employee(name="Menunggu Verifikasi"))
    verified = await _apply(client, sid, world.employee(name="Sudah Diverifikasi"))
    checked = await _apply(client, sid, world.employee(name="Sudah Diperiksa"))
    for a in (verified, checked):
        await world.complete_documents(a["id"])
        r = await client.post(f"{Apps}/{a['id']}/verify", json={"decision": "ACCEPT"}, headers=world.admin)
        assert r.status_code == 200, r.text
    sup = tokens.headers("supervisor", agency_id=world.agency, sub=f"sup-{uuid.uuid4().hex[:6]}")
    r = await client.post(f"{Apps}/{checked['id']}/second-check", json={"decision": "ACCEPT"}, headers=sup)
    assert r.status_code == 200 and r.json()["status"] == "QUALIFIED", r.text
    # Before verification the supervisor cannot act (409 names what is allowed) nor read it (403).
    r = await client.post(f"{Apps}/{waiting['id']}/second-check", json={"decision": "ACCEPT"}, headers=sup)
    assert r.status_code == 409 and r.json()["code"] == "transition_not_allowed"
    assert "facts" not in r.json() and "nip" not in r.json()

    # Supervisor: only the second check's applications (verified, or already second-checked).
    other_sup = tokens.headers("supervisor", agency_id=world.agency, sub="sup-other")
    for h in (sup, other_sup):
        assert _ids((await client.get(Apps, headers=h)).json()) == {verified["id"], checked["id"]}
        assert _ids((await client.get(f"/api/v1/selections/{sid}/applications", headers=h)).json()) == {
            verified["id"], checked["id"]}
        assert (await client.get(f"{Apps}/{verified['id']}", headers=h)).status_code == 200
        assert (await client.get(f"{Apps}/{checked['id']}", headers=h)).status_code == 200
        r = await client.get(f"{Apps}/{waiting['id']}", headers=h)
        assert r.status_code == 403, r.text
        assert "facts" not in r.json()

    # Unit admin: no application at all.
    unit_admin = tokens.headers("unit_admin", agency_id=world.agency, unit_id=uuid.uuid4(), sub="ua-1")
    assert (await client.get(Apps, headers=unit_admin)).json()["total"] == 0
    r = await client.get(f"/api/v1/selections/{sid}/applications", headers=unit_admin)
    assert r.status_code == 403
    for a in (waiting, verified, checked):
        assert (await client.get(f"{Apps}/{a['id']}", headers=unit_admin)).status_code == 403
    # Another agency's supervisor: 404 (ids do not leak) and nothing listed.
    far = tokens.headers("supervisor", agency_id=uuid.uuid4(), sub="sup-far")
    assert (await client.get(f"{Apps}/{verified['id']}", headers=far)).status_code == 404
    assert (await client.get(Apps, headers=far)).json()["total"] == 0
    r = await client.post(f"{Apps}/{verified['id']}/second-check", json={"decision": "ACCEPT"}, headers=far)
    assert r.status_code == 404
    # Another employee of the agency sees only their own.
    stranger = world.employee(name="Orang Lain")
    assert (await client.get(Apps, headers=stranger["headers"])).json()["total"] == 0
    assert (await client.get(f"{Apps}/{waiting['id']}", headers=stranger["headers"])).status_code == 404

    # Agency admin and PPK: all of them, facts included.
    all_ids = {waiting["id"], verified["id"], checked["id"]}
    ppk = tokens.headers("ppk", agency_id=world.agency, sub="ppk-x")
    for h in (world.admin, ppk):
        assert _ids((await client.get(f"/api/v1/selections/{sid}/applications", headers=h)).json()) == all_ids
        assert _ids((await client.get(Apps, params={"selection_id": sid}, headers=h)).json()) == all_ids
        r = await client.get(f"{Apps}/{waiting['id']}", headers=h)
        assert r.status_code == 200 and r.json()["facts"]
    # The selection's committee (here an external member from another agency): all of this selection's.
    members, heads = world.committee_body()
    r = await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin)
    assert r.status_code == 200, r.text
    external = heads[-1]
    assert _ids((await client.get(f"/api/v1/selections/{sid}/applications", headers=external)).json()) == all_ids
    assert _ids((await client.get(Apps, headers=external)).json()) == all_ids
    assert (await client.get(f"{Apps}/{waiting['id']}", headers=external)).status_code == 200


async def test_recruitment_performance_years_count_from_registration_end(client: httpx.AsyncClient,
                                                                          world: Any) -> None:
    # Inauguration in a later year than registration: the rating of the registration year cannot exist yet.
    schedule = world.schedule()
    reg_end = date.fromisoformat(schedule["registration_end"])
    inauguration = date(reg_end.year + 1, 2, 1) if reg_end.month < 12 else date(reg_end.year + 1, 3, 1)
    inauguration = max(inauguration, date.fromisoformat(schedule["stage_dates"][-1]) + timedelta(days=1))
    sel = await world.open_selection(planned_inauguration_date=inauguration.isoformat())
    person = world.employee()
    world.dir.summaries[person["id"]]["predikat_by_year"] = [
        {"year": reg_end.year - 2, "predikat": "BAIK"}, {"year": reg_end.year - 1, "predikat": "SANGAT_BAIK"}]
    app = await _apply(client, sel["id"], person)
    assert world.dir.summary_as_of[person["id"]] == reg_end  # evaluation asked for the same window
    elig = app["eligibility"]
    assert elig["age_reference_date"] == inauguration.isoformat()
    assert elig["performance_reference_date"] == reg_end.isoformat()
    perf = next(r for r in elig["results"] if r["code"] == "PERFORMANCE")
    assert perf["status"] == "PASSED", perf
    assert perf["required"]["years"] == [reg_end.year - 2, reg_end.year - 1]
    disc = next(r for r in elig["results"] if r["code"] == "DISCIPLINE")
    assert disc["required"]["since"] == reg_end.replace(year=reg_end.year - 2).isoformat()
    age = next(r for r in elig["results"] if r["code"] == "AGE")
    assert inauguration.isoformat() in age["message_en"]


async def test_recruitment_internal_current_agency_is_the_agency_name(client: httpx.AsyncClient,
                                                                       world: Any) -> None:
    sel = await world.open_selection()
    app = await _apply(client, sel["id"], world.employee())
    assert app["current_agency"] == world.agency_name
    # The agency unknown to positions: the unit name stands in.
    del world.dir.agencies[str(world.agency)]
    app = await _apply(client, sel["id"], world.employee())
    assert app["current_agency"] == "Dinas Kesehatan"

"""A person's records follow them across agencies (issue #11): the link positions sends when a transfer takes
effect makes the origin's ratings and development hours, up to the move, part of reads about the destination's
record, read-only and marked with their agency; the origin never reads the destination's, a third agency nothing."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

Y = clock.today().year
LINKS = "/api/v1/employee-links"


def _rating(emp: uuid.UUID, year: int, h: str = "SESUAI_EKSPEKTASI", p: str = "SESUAI_EKSPEKTASI") -> dict:
    return {"employee_id": str(emp), "year": year, "rating_hasil_kerja": h, "rating_perilaku": p}


def _development(emp: uuid.UUID, started: date, minutes: int) -> dict:
    return {"employee_id": str(emp), "title": "Diklat", "kind": "PELATIHAN", "started_on": started.isoformat(),
            "ended_on": started.isoformat(), "minutes": minutes}


def _link(old: uuid.UUID, old_agency: uuid.UUID, new: uuid.UUID, new_agency: uuid.UUID, tmt: date,
          transfer: uuid.UUID | None = None) -> dict[str, Any]:
    return {"transfer_id": str(transfer or uuid.uuid4()), "nip": "198503152010011002", "employee_id": str(new),
            "agency_id": str(new_agency), "origin_employee_id": str(old), "origin_agency_id": str(old_agency),
            "tmt": tmt.isoformat()}


async def _post(client: httpx.AsyncClient, path: str, body: dict, headers: dict, status: int = 201) -> Any:
    r = await client.post(path, json=body, headers=headers)
    assert r.status_code == status, r.text
    return r.json()


async def test_evaluation_records_follow_the_person_read_only(client: httpx.AsyncClient, tokens: TokenFactory,
                                                              directory: FakeDirectory) -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    old, new = directory.add(a), directory.add(b)
    admin_a, admin_b, admin_c = (tokens.headers("agency_admin", agency_id=x) for x in (a, b, c))
    svc = tokens.headers("service")
    tmt = date(Y, 1, 1)
    kept = {}
    for year, h in ((Y - 2, "SESUAI_EKSPEKTASI"), (Y - 1, "DI_ATAS_EKSPEKTASI")):
        kept[year] = (await _post(client, "/api/v1/annual-ratings", _rating(old, year, h), admin_a))["id"]
    await _post(client, "/api/v1/development-records", _development(old, date(Y - 1, 6, 1), 900), admin_a)
    # recorded by A after the person left (a year and an activity from the TMT on): they stay A's alone
    late = (await _post(client, "/api/v1/annual-ratings", _rating(old, Y), admin_a))["id"]
    await _post(client, "/api/v1/development-records", _development(old, tmt, 450), admin_a)
    await _post(client, "/api/v1/annual-ratings", _rating(new, Y - 1, "DI_BAWAH_EKSPEKTASI"), admin_b)  # B's too

    # Only the service role links; the same transfer again answers the same link, other data for it 409.
    body = _link(old, a, new, b, tmt)
    for who in (admin_a, admin_b, tokens.headers("employee", agency_id=b, employee_id=new)):
        assert (await client.post(LINKS, json=body, headers=who)).status_code == 403
    assert (await client.post(LINKS, json=body)).status_code == 401
    link = await _post(client, LINKS, body, {**svc, "Idempotency-Key": f"employee_transferred:{body['transfer_id']}"})
    again = await client.post(LINKS, json=body, headers={**svc, "Idempotency-Key":
                                                           f"employee_transferred:{body['transfer_id']}"})
    assert again.status_code == 201 and again.headers.get("Idempotent-Replay") == "true" and again.json() == link
    assert (await _post(client, LINKS, body, svc))["id"] == link["id"]
    r = await client.post(LINKS, json={**body, "tmt": date(Y, 2, 1).isoformat()}, headers=svc)
    assert r.status_code == 409 and r.json()["code"] == "employee_link_conflict", r.text

    # B reads A's ratings up to the move as the person's, marked and read-only; its own as before.
    mine = (await client.get("/api/v1/annual-ratings", params={"employee_id": str(new)}, headers=admin_b)).json()
    linked = {x["year"]: x for x in mine["items"] if x["read_only"]}
    assert set(linked) == {Y - 2, Y - 1} and mine["total"] == 3, mine
    assert all(x["employee_id"] == str(new) and x["origin_agency_id"] == str(a) and x["origin_employee_id"] == str(old)
               and x["agency_id"] == str(a) for x in linked.values())
    assert {x["id"] for x in linked.values()} == set(kept.values()) and late not in str(mine)
    own = [x for x in mine["items"] if not x["read_only"]]
    assert [(x["year"], x["origin_agency_id"]) for x in own] == [(Y - 1, None)]
    agency_wide = (await client.get("/api/v1/annual-ratings", headers=admin_b)).json()
    assert {x["id"] for x in agency_wide["items"]} >= set(kept.values())
    # the promotion report's path (service, agency and year): the linked year counts for B's record
    report = (await client.get("/api/v1/annual-ratings", params={"agency_id": str(b), "year": Y - 2},
                               headers=svc)).json()
    assert [(x["employee_id"], x["predikat"], x["read_only"]) for x in report["items"]] == [(str(new), "BAIK", True)]
    # eligibility's path: the summary counts both years (a year rated twice counts by the lower predikat)
    s = (await client.get(f"/api/v1/employee-summaries/{new}", params={"years": 2}, headers=svc)).json()
    assert s["predikat_by_year"] == [{"year": Y - 2, "predikat": "BAIK"}, {"year": Y - 1, "predikat": "BUTUH_PERBAIKAN"}]
    assert s["all_at_least_baik"] is False and s["development_jp"] == {str(Y - 1): 20.0}
    assert (await client.get(f"/api/v1/employee-summaries/{new}", params={"years": 2}, headers=admin_b)
            ).status_code == 200
    dev = (await client.get("/api/v1/development-records", params={"employee_id": str(new)}, headers=admin_b)).json()
    assert [(x["started_on"], x["read_only"], x["origin_agency_id"]) for x in dev["items"]] == [
        (date(Y - 1, 6, 1).isoformat(), True, str(a))]
    assert float(dev["yearly"][str(Y - 1)]["total_jp"]) == 20.0 and str(Y) not in dev["yearly"]

    # Never writable by B: A's rows are not B's to read by id or to rate.
    assert (await client.get(f"/api/v1/annual-ratings/{kept[Y - 1]}", headers=admin_b)).status_code == 404
    assert (await client.post("/api/v1/annual-ratings", json=_rating(old, Y - 3), headers=admin_b)).status_code == 404
    # A keeps its own, and reads nothing of B's; a third agency reads nothing.
    theirs = (await client.get("/api/v1/annual-ratings", params={"employee_id": str(old)}, headers=admin_a)).json()
    assert {x["year"] for x in theirs["items"]} == {Y - 2, Y - 1, Y} and not any(x["read_only"] for x in theirs["items"])
    assert all(x["employee_id"] == str(old) for x in (await client.get("/api/v1/annual-ratings",
                                                                         headers=admin_a)).json()["items"])
    for who in (admin_a, admin_c):
        listed = await client.get("/api/v1/annual-ratings", params={"employee_id": str(new)}, headers=who)
        assert listed.status_code == 200 and listed.json()["total"] == 0, listed.text
        assert (await client.get(f"/api/v1/employee-summaries/{new}", headers=who)).status_code in (403, 404)
        assert (await client.get("/api/v1/development-records", params={"employee_id": str(new)}, headers=who)
                ).status_code == 404
    assert (await client.get("/api/v1/annual-ratings", headers=admin_c)).json()["total"] == 0


async def test_evaluation_a_return_and_a_chain_follow_back_never_forward(client: httpx.AsyncClient,
                                                                          tokens: TokenFactory,
                                                                          directory: FakeDirectory) -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    in_a, in_b = directory.add(a), directory.add(b)
    admin_a, admin_b = (tokens.headers("agency_admin", agency_id=x) for x in (a, b))
    svc = tokens.headers("service")
    await _post(client, "/api/v1/annual-ratings", _rating(in_a, Y - 3), admin_a)
    await _post(client, "/api/v1/annual-ratings", _rating(in_b, Y - 2), admin_b)
    # A -> B on 1 January Y-2, then back to A (its old record serves again) on 1 January Y-1
    await _post(client, LINKS, _link(in_a, a, in_b, b, date(Y - 2, 1, 1)), svc)
    await _post(client, LINKS, _link(in_b, b, in_a, a, date(Y - 1, 1, 1)), svc)
    await _post(client, "/api/v1/annual-ratings", _rating(in_a, Y - 1), admin_a)  # A's, after the return
    # A reads B's year as the person's (its own never twice); B reads A's before the first move only
    at_a = (await client.get("/api/v1/annual-ratings", params={"employee_id": str(in_a)}, headers=admin_a)).json()
    assert sorted((x["year"], x["read_only"]) for x in at_a["items"]) == [(Y - 3, False), (Y - 2, True), (Y - 1, False)]
    at_b = (await client.get("/api/v1/annual-ratings", params={"employee_id": str(in_b)}, headers=admin_b)).json()
    assert sorted((x["year"], x["read_only"]) for x in at_b["items"]) == [(Y - 3, True), (Y - 2, False)]
    s = (await client.get(f"/api/v1/employee-summaries/{in_a}", params={"years": 3}, headers=svc)).json()
    assert [x["year"] for x in s["predikat_by_year"]] == [Y - 3, Y - 2, Y - 1] and s["all_at_least_baik"] is True

"""Assignments: seat invariants (also under concurrency), Plt/Plh rules, rank override, idempotency, events."""

from __future__ import annotations

import asyncio
import uuid

from merit_shared.testing import TokenFactory


async def test_positions_twenty_simultaneous_appointments_one_wins(world) -> None:
    unit = await world.unit()
    pos = await world.position(unit, await world.job("ADMINISTRATOR"), is_head=True)
    emps = [await world.employee("IV/a") for _ in range(20)]
    body = {"position_id": pos["id"], "kind": "definitive", "tmt_start": "2024-01-02", "sk_number": "SK",
            "sk_date": "2024-01-01", "reason": "promotion"}
    results = await asyncio.gather(*[world.c.post("/api/v1/assignments", json={**body, "employee_id": e["id"]},
                                                  headers=world.admin) for e in emps])
    codes = sorted(r.status_code for r in results)
    assert codes == [201] + [409] * 19, [r.text for r in results if r.status_code not in (201, 409)]
    assert {r.json()["code"] for r in results if r.status_code == 409} == {"seat_filled"}
    p = await world.ok("GET", f"/api/v1/positions/{pos['id']}", status=200)
    assert p["filled"] == 1 and p["vacant"] == 0 and len(p["holders"]) == 1


async def test_positions_multi_seat_never_overfilled_concurrently(world) -> None:
    unit = await world.unit()
    pos = await world.position(unit, await world.job("PELAKSANA"), required_seats=3)
    emps = [await world.employee() for _ in range(8)]
    body = {"position_id": pos["id"], "kind": "definitive", "tmt_start": "2024-01-02", "sk_number": "SK",
            "sk_date": "2024-01-01", "reason": "initial"}
    results = await asyncio.gather(*[world.c.post("/api/v1/assignments", json={**body, "employee_id": e["id"]},
                                                  headers=world.admin) for e in emps])
    assert sorted(r.status_code for r in results) == [201] * 3 + [409] * 5
    p = await world.ok("GET", f"/api/v1/positions/{pos['id']}", status=200)
    assert (p["required_seats"], p["filled"], p["vacant"]) == (3, 3, 0)


async def test_positions_one_definitive_per_employee_and_end_current(world) -> None:
    unit = await world.unit()
    job = await world.job("PELAKSANA")
    p1, p2 = await world.position(unit, job, required_seats=2), await world.position(unit, job, required_seats=2)
    emp = await world.employee()
    first = await world.assign(emp, p1, tmt="2018-01-02")
    r = await world.assign(emp, p2, tmt="2024-01-02", status=409)
    assert r["code"] == "employee_has_definitive"
    second = await world.assign(emp, p2, tmt="2024-01-02", end_current_definitive=True, reason="rotation")
    assert second["ended_assignment_id"] == first["id"]
    career = await world.ok("GET", f"/api/v1/employees/{emp['id']}/career", status=200)
    items = career["items"]
    assert [i["assignment_id"] for i in items] == [second["id"], first["id"]]
    assert items[1]["tmt_end"] == "2024-01-01" and items[1]["end_reason"] == "rotation"
    held = await world.ok("GET", f"/api/v1/positions/{p1['id']}/holders?as_of=2020-01-01", status=200)
    assert [h["employee_id"] for h in held["items"]] == [emp["id"]] and held["total"] == 1
    assert (await world.ok("GET", f"/api/v1/positions/{p1['id']}/holders?as_of=2024-06-01", status=200))["items"] == []


async def test_positions_plt_and_plh_rules(world) -> None:
    unit = await world.unit()
    pos = await world.position(unit, await world.job("PENGAWAS"), is_head=True)
    holder, acting = await world.employee("III/c"), await world.employee("III/c")
    await world.assign(holder, pos, tmt="2020-01-02")
    r = await world.assign(acting, pos, kind="plt", tmt="2024-01-02", status=409)
    assert r["code"] == "plt_seat_has_holder"
    r = await world.assign(acting, pos, kind="plh", tmt="2024-01-02", status=409)
    assert r["code"] == "plh_holder_not_away"
    await world.ok("PATCH", f"/api/v1/employees/{holder['id']}", status=200, json={"status": "leave"})
    plh = await world.assign(acting, pos, kind="plh", tmt="2024-01-02", tmt_end="2024-03-31")
    p = await world.ok("GET", f"/api/v1/positions/{pos['id']}?as_of=2024-02-01", status=200)
    assert p["filled"] == 1 and p["acting"][0]["employee_id"] == acting["id"] and p["acting"][0]["kind"] == "plh"
    empty = await world.position(await world.unit(), await world.job("PENGAWAS"), is_head=True)
    plt = await world.assign(acting, empty, kind="plt", tmt="2024-01-02")
    assert plt["tmt_end"] == "2024-04-01"  # given no end, an acting assignment lasts the policy's 3 months
    p = await world.ok("GET", f"/api/v1/positions/{empty['id']}?as_of=2024-02-01", status=200)
    assert p["vacant"] == 1 and p["acting"][0]["kind"] == "plt"
    other = await world.employee("III/c")
    r = await world.assign(other, empty, kind="plt", tmt="2024-02-01", status=409)
    assert r["code"] == "acting_exists"
    assert plh["kind"] == "plh" and plt["kind"] == "plt"


async def test_positions_rank_below_minimum_needs_override(world) -> None:
    unit = await world.unit()
    pos = await world.position(unit, await world.job("ADMINISTRATOR"), is_head=True)  # min III/d
    emp = await world.employee("III/b")
    r = await world.assign(emp, pos, status=409)
    assert r["code"] == "rank_below_minimum" and r["minimum"] == "III/d"
    a = await world.assign(emp, pos, rank_override_reason="Satu-satunya pegawai berkompetensi, persetujuan PPK")
    assert a["rank_override_reason"].startswith("Satu")


async def test_positions_bad_dates_and_unknown_ids(world) -> None:
    unit = await world.unit()
    pos = await world.position(unit, await world.job(), required_seats=2)
    emp = await world.employee()
    r = await world.assign(emp, pos, tmt_end="2019-01-01", status=422)
    assert r["errors"][0]["loc"] == ["body", "tmt_end"]
    r = await world.c.post("/api/v1/assignments", json={"employee_id": str(uuid.uuid4()), "position_id": pos["id"],
                           "kind": "definitive", "tmt_start": "2020-01-01", "sk_number": "x", "sk_date": "2020-01-01",
                           "reason": "initial"}, headers=world.admin)
    assert r.status_code == 404 and r.json()["errors"][0]["loc"] == ["body", "employee_id"]
    r = await world.assign(emp, pos, status=422, reason="because")
    p = await world.ok("GET", f"/api/v1/positions/{pos['id']}", status=200)
    assert p["filled"] == 0


async def test_positions_assignment_roles(world, tokens: TokenFactory) -> None:
    unit = await world.unit()
    pos = await world.position(unit, await world.job(), required_seats=2)
    emp = await world.employee()
    for h in (world.h("unit_admin", unit_id=unit["id"]), world.h("employee"), world.h("ppk")):
        r = await world.assign(emp, pos, status=403, headers=h)
        assert r["code"] == "forbidden"
    other = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    r = await world.assign(emp, pos, status=404, headers=other)
    await world.assign(emp, pos, headers=world.service)


async def test_positions_idempotency_key_replays(world) -> None:
    unit = await world.unit()
    pos = await world.position(unit, await world.job(), required_seats=5)
    emp = await world.employee()
    key = {"Idempotency-Key": f"rec-{uuid.uuid4()}"}
    body = {"employee_id": emp["id"], "position_id": pos["id"], "kind": "definitive", "tmt_start": "2024-01-02",
            "sk_number": "SK", "sk_date": "2024-01-01", "reason": "selection_result"}
    r1 = await world.c.post("/api/v1/assignments", json=body, headers={**world.service, **key})
    r2 = await world.c.post("/api/v1/assignments", json=body, headers={**world.service, **key})
    assert r1.status_code == r2.status_code == 201 and r1.json() == r2.json()
    p = await world.ok("GET", f"/api/v1/positions/{pos['id']}", status=200)
    assert p["filled"] == 1
    r3 = await world.c.post("/api/v1/assignments", json=body, headers=world.service)
    assert r3.status_code == 409 and r3.json()["code"] == "employee_has_definitive"


async def test_positions_events_feed(world, tokens: TokenFactory) -> None:
    unit = await world.unit()
    pos = await world.position(unit, await world.job("PENGAWAS"), is_head=True)
    emp = await world.employee("III/c")
    start = (await world.ok("GET", "/api/v1/position-events?limit=1000", status=200))["next_cursor"]
    a = await world.assign(emp, pos)
    await world.ok("POST", f"/api/v1/assignments/{a['id']}/end", status=200,
                   json={"tmt_end": "2024-12-31", "end_reason": "retirement"})
    feed = await world.ok("GET", f"/api/v1/position-events?after={start}", status=200)
    types = [e["type"] for e in feed["items"]]
    assert types == ["assignment_started", "position_filled", "assignment_ended", "position_vacated"]
    assert feed["items"][3]["data"]["vacant_from"] == "2025-01-01" and feed["items"][3]["data"]["vacant"] == 1
    assert all(e["agency_id"] == str(world.agency_id) for e in feed["items"])
    again = await world.ok("GET", f"/api/v1/position-events?after={feed['next_cursor']}", status=200)
    assert again["items"] == [] and again["next_cursor"] == feed["next_cursor"]
    other = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    assert (await world.c.get(f"/api/v1/position-events?after={start}", headers=other)).json()["items"] == []
    assert (await world.c.get("/api/v1/position-events", headers=world.h("employee"))).status_code == 403
    svc = await world.ok("GET", f"/api/v1/position-events?after={start}&agency_id={world.agency_id}", status=200,
                         headers=world.service)
    assert len(svc["items"]) == 4

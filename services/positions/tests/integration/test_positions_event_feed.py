"""The position event feed: every type once per change and in order, none for a refused or rolled-back change, the
readers and their scope, and a cursor that never skips an event committed late (two concurrent transactions)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import sqlalchemy as sa

from merit_positions.common.models import events
from merit_shared.events import emit, event_row


async def _feed(world: Any, after: int = 0, headers: dict | None = None, **params: Any) -> list[dict]:
    out = await world.ok("GET", "/api/v1/position-events", status=200, headers=headers,
                         params={"after": after, "limit": 1000, **params})
    return out["items"]


async def _cursor(world: Any) -> int:
    items = await _feed(world)
    return items[-1]["id"] if items else 0


async def test_positions_every_change_once_in_order(world) -> None:
    start = await _cursor(world)
    unit = await world.unit("Dinas Uji Peristiwa")
    target = await world.unit("Dinas Tujuan")
    job = await world.job("PELAKSANA")
    pos = await world.position(unit, job, required_seats=1)
    spare = await world.position(unit, job, required_seats=1)
    emp = await world.employee("III/a")
    await world.assign(emp, pos, tmt="2020-01-02")
    await world.ok("POST", f"/api/v1/employees/{emp['id']}/ranks", json={"golongan": "III/b", "tmt": "2022-04-01"})
    await world.ok("POST", f"/api/v1/org-units/{unit['id']}/rename", status=200,
                   json={"name": "Dinas Uji Peristiwa Baru", "effective_date": "2023-01-01"})
    await world.ok("POST", f"/api/v1/org-units/{unit['id']}/move", status=200,
                   json={"parent_id": target["id"], "effective_date": "2023-06-01"})
    await world.ok("PATCH", f"/api/v1/employees/{emp['id']}", status=200,
                   json={"status": "dismissed", "status_effective_date": "2024-03-31"})
    await world.ok("POST", f"/api/v1/positions/{spare['id']}/abolish", status=200,
                   json={"effective_date": "2024-06-30"})
    await world.ok("POST", f"/api/v1/org-units/{unit['id']}/dissolve", status=200,
                   json={"effective_date": "2024-07-01"})
    got = await _feed(world, start)
    assert [(e["type"], e["record"]["id"]) for e in got] == [
        ("unit_restructured", unit["id"]), ("unit_restructured", target["id"]),
        ("position_created", pos["id"]), ("position_created", spare["id"]),
        ("employee_created", emp["id"]),
        ("assignment_started", got[5]["record"]["id"]), ("position_filled", pos["id"]),
        ("rank_changed", emp["id"]),
        ("unit_restructured", unit["id"]), ("unit_restructured", unit["id"]),
        ("assignment_ended", got[5]["record"]["id"]), ("position_vacated", pos["id"]),
        ("employee_status_changed", emp["id"]),
        ("position_abolished", spare["id"]),
        ("unit_restructured", unit["id"]), ("position_abolished", pos["id"]),
    ]
    ids = [e["id"] for e in got]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert [e["data"]["change"] for e in got if e["type"] == "unit_restructured"] == [
        "created", "created", "renamed", "moved", "dissolved"]
    assert {e["version"] for e in got} == {1} and {e["agency_id"] for e in got} == {str(world.agency_id)}
    assert {(e["actor"]["kind"], e["actor"]["id"]) for e in got} == {("user", "admin")}
    created = got[4]["data"]
    assert (created["nip"], created["status"], created["source"]) == (emp["nip"], "active", "api")
    changed = got[12]["data"]
    assert (changed["status"], changed["previous_status"], changed["effective_date"]) == \
        ("dismissed", "active", "2024-03-31")
    assert got[7]["data"]["golongan"] == "III/b" and got[7]["data"]["previous_golongan"] == "III/a"
    assert got[2]["data"]["code"] == pos["code"] and got[2]["record"]["type"] == "position"
    # The catalogue names every type the feed wrote, with its record type.
    catalogue = {t["name"]: t for t in (await world.ok("GET", "/api/v1/position-events/types", status=200))["types"]}
    assert all(catalogue[e["type"]]["record"] == e["record"]["type"] for e in got)


async def test_positions_a_refused_change_writes_no_event(world) -> None:
    unit = await world.unit()
    job = await world.job("PELAKSANA")
    pos = await world.position(unit, job, required_seats=1)
    emp = await world.employee("III/a")
    await world.assign(emp, pos, tmt="2020-01-02")
    start = await _cursor(world)
    # A duplicate NIP (409), a second holder of a full seat (409), abolishing a held seat (409), a rank before
    # CPNS (422): each refused whole, none leaves an event.
    await world.ok("POST", "/api/v1/employees", status=409,
                   json={"nip": emp["nip"], "name": "Kembar", "employment_type": "PNS"})
    await world.assign(await world.employee("III/a"), pos, tmt="2021-01-04", status=409)
    await world.ok("POST", f"/api/v1/positions/{pos['id']}/abolish", status=409, json={"effective_date": "2024-06-30"})
    await world.ok("POST", f"/api/v1/employees/{emp['id']}/ranks", status=422,
                   json={"golongan": "III/b", "tmt": "1990-04-01"})
    assert [e["type"] for e in await _feed(world, start)] == ["employee_created"]  # the second holder's record


async def test_positions_feed_readers_and_scope(world, tokens) -> None:
    await world.unit()
    mine = await _feed(world)
    assert mine
    ppk = world.h("ppk")
    assert await _feed(world, headers=ppk) == mine
    assert await _feed(world, headers=world.h("machine_client", scope="events:read")) == mine
    other = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    assert await _feed(world, headers=other) == []
    assert await _feed(world, headers=world.service, agency_id=str(world.agency_id)) == mine
    for role in ("employee", "supervisor", "unit_admin", "panel_member", "review_team"):
        r = await world.c.get("/api/v1/position-events", headers=world.h(role))
        assert r.status_code == 403 and r.json()["code"] == "forbidden", role
    r = await world.c.get("/api/v1/position-events", headers=world.h("machine_client", scope="registry:read"))
    assert r.status_code == 403 and r.json()["required_scope"] == "events:read"
    r = await world.c.get("/api/v1/position-events/types", headers=world.h("machine_client", scope="registry:read"))
    assert r.status_code == 403 and r.json()["required_scope"] == "events:read"
    r = await world.c.get("/api/v1/position-events", params={"agency_id": str(uuid.uuid4())}, headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "agency_mismatch"
    r = await world.c.get("/api/v1/position-events", params={"types": "position_filled,positon_filed"},
                          headers=world.admin)
    assert r.status_code == 422 and r.json()["unknown"] == ["positon_filed"]
    # Paging through the cursor: next_cursor continues, total counts what follows the cursor.
    page = await world.ok("GET", "/api/v1/position-events", status=200, params={"limit": 1})
    assert len(page["items"]) == 1 and page["total"] == len(mine) and page["next_cursor"] == mine[0]["id"]


def _row(agency: uuid.UUID, n: str) -> dict[str, Any]:
    return event_row(events, type="position_created", agency_id=agency, actor="system:test", record=n, data={"n": n})


async def test_positions_cursor_never_skips_an_event_committed_late(world) -> None:
    """Two writers: A draws its event first and commits last. A reader that followed the cursor must still see A.

    The control shows the hazard the lock removes: with plain inserts, the reader sees B's larger id first, moves
    its cursor past A's and never sees A. Through ``emit`` B waits for A's commit, so ids are visible in order."""
    db = world.c._transport.app.state.db  # type: ignore[attr-defined]
    agency = world.agency_id
    await world.unit()

    async def names_after(cursor: int) -> tuple[list[str], int]:
        items = await _feed(world, cursor, types="position_created")
        return [e["data"]["n"] for e in items], (items[-1]["id"] if items else cursor)

    # Control: plain INSERTs (no lock): a reader following the cursor skips A for good.
    _, cursor = await names_after(0)
    async with db.sessionmaker() as a, db.sessionmaker() as b:
        await a.execute(sa.insert(events).values(**_row(agency, "plain-A")))
        await b.execute(sa.insert(events).values(**_row(agency, "plain-B")))
        await b.commit()
        seen, cursor = await names_after(cursor)
        assert seen == ["plain-B"]
        await a.commit()
    seen, cursor = await names_after(cursor)
    assert seen == []  # plain-A committed with an id below the cursor: skipped

    # Through emit: B waits for A's commit, then draws a larger id.
    async with db.sessionmaker() as a, db.sessionmaker() as b:
        await emit(a, events, type="position_created", agency_id=agency, actor="system:test", record="A",
                   data={"n": "A"})
        b_writes = asyncio.create_task(emit(b, events, type="position_created", agency_id=agency,
                                            actor="system:test", record="B", data={"n": "B"}))
        await asyncio.sleep(0.3)
        assert not b_writes.done()  # held by A's feed lock
        seen, cursor2 = await names_after(cursor)
        assert seen == []
        await a.commit()
        await asyncio.wait_for(b_writes, 5)
        seen, cursor2 = await names_after(cursor2)
        assert seen == ["A"]
        await b.commit()
    seen, cursor2 = await names_after(cursor2)
    assert seen == ["B"]

    # A writer that rolls back leaves nothing and frees the lock at once.
    async with db.sessionmaker() as a, db.sessionmaker() as b:
        await emit(a, events, type="position_created", agency_id=agency, actor="system:test", record="R",
                   data={"n": "rolled-back"})
        b_writes = asyncio.create_task(emit(b, events, type="position_created", agency_id=agency,
                                            actor="system:test", record="C", data={"n": "C"}))
        await asyncio.sleep(0.2)
        assert not b_writes.done()
        await a.rollback()
        await asyncio.wait_for(b_writes, 5)
        await b.commit()
    seen, _ = await names_after(cursor2)
    assert seen == ["C"]


def _csv(*lines: str) -> dict:
    return {"file": ("data.csv", ("\n".join(lines) + "\n").encode(), "text/csv")}


async def test_positions_imports_announce_what_they_create_once(world) -> None:
    start = await _cursor(world)
    units = _csv("code,name,kind,parent_code,valid_from", "EVT,Dinas Peristiwa,DINAS,,2016-01-01",
                 "EVT-1,Bidang Satu,BIDANG,EVT,2016-01-01")
    positions = _csv("code,unit_code,job_code,name,is_head,required_seats,job_kind,job_name,jenjang,kelas_jabatan",
                     "EVT-P1,EVT-1,EVT-STAFF,Pengadministrasi,,2,PELAKSANA,Pengadministrasi,,5")
    r = await world.c.post("/api/v1/position-imports/org-units", params={"dry_run": "true"}, files=units,
                           headers=world.admin)
    assert r.status_code == 200 and r.json()["dry_run"] is True and r.json()["created"] == 2, r.text
    assert await _feed(world, start) == []  # a dry run changes nothing, so announces nothing
    for _ in range(2):  # the second run finds everything unchanged: no new event
        for kind, body in (("org-units", units), ("positions", positions)):
            r = await world.c.post(f"/api/v1/position-imports/{kind}", files=body, headers=world.admin)
            assert r.status_code == 200, r.text
    got = await _feed(world, start)
    assert [(e["type"], e["data"].get("code")) for e in got] == [
        ("unit_restructured", "EVT"), ("unit_restructured", "EVT-1"), ("position_created", "EVT-P1")]
    assert got[1]["data"]["change"] == "created" and got[1]["data"]["parent_id"] == got[0]["record"]["id"]

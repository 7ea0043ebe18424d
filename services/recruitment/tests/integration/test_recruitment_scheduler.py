"""The daily job through the operator route and the catch-up pass: a registration that ended short of applicants is
extended the day after its end (twice at most), once per day however often it runs; one with enough applicants, or
whose policy turns the extension off, waits for the admin's close; each agency sees only its own runs."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from merit_recruitment.db_base import audit_log, job_runs
from merit_recruitment.scheduling.service import JOBS
from merit_shared import clock
from merit_shared.scheduler import Scheduler

RUNS = "/api/v1/recruitment-scheduler/runs"


def _day(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


async def _run(client: httpx.AsyncClient, headers: dict[str, str], as_of: str, status: int = 200,
               **params: Any) -> Any:
    r = await client.post(RUNS, json={"as_of": as_of}, headers=headers, params=params)
    assert r.status_code == status, r.text
    return r.json()["runs"] if status == 200 else r.json()


async def _apply(client: httpx.AsyncClient, world: Any, sid: str) -> None:
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=world.employee()["headers"])
    assert r.status_code == 201, r.text


async def _sel(client: httpx.AsyncClient, world: Any, sid: str) -> dict[str, Any]:
    return (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()


async def test_recruitment_scheduler_extends_short_registrations_the_day_after_their_end_once(
        client: httpx.AsyncClient, world: Any, tokens: Any) -> None:
    short = await world.open_selection()
    full = await world.open_selection()
    off = await world.open_selection(policies={"process": {"auto_extend_registration": False}})
    await _apply(client, world, short["id"])
    for _ in range(4):
        await _apply(client, world, full["id"])
    end = short["schedule"]["registration_end"]

    on_end = await _run(client, world.admin, end)  # the last day of registration: nothing yet
    assert [(r["job"], r["status"], r["counts"]) for r in on_end] == [("extend_registration", "succeeded", {})]
    after = await _run(client, world.admin, _day(end, 1))
    assert after[0]["counts"] == {"extended": 1, "awaiting_close": 2}, after
    again = await _run(client, world.admin, _day(end, 1))
    assert again[0]["status"] == "already_run" and again[0]["counts"] == after[0]["counts"]
    s = await _sel(client, world, short["id"])
    assert s["status"] == "REGISTRATION" and s["registration_extensions"] == 1
    assert s["schedule"]["registration_end"] == _day(end, 7)
    assert s["schedule"]["stage_dates"][0] == _day(short["schedule"]["stage_dates"][0], 7)
    assert (await _sel(client, world, full["id"]))["status"] == "REGISTRATION"  # the admin closes it
    assert (await _sel(client, world, off["id"]))["registration_extensions"] == 0

    # the extended end is not "after the end" until it passes; then the second and last extension
    assert (await _run(client, world.admin, _day(end, 7)))[0]["counts"] == {"awaiting_close": 2}
    assert (await _run(client, world.admin, _day(end, 8)))[0]["counts"] == {"extended": 1, "awaiting_close": 2}
    assert (await _run(client, world.admin, _day(end, 15)))[0]["counts"] == {"awaiting_close": 3}
    exts = (await client.get(f"/api/v1/selections/{short['id']}/extensions", headers=world.admin)).json()["items"]
    assert [(x["number"], x["previous_registration_end"], x["new_registration_end"], x["created_by"])
            for x in exts] == [(1, end, _day(end, 7), "system:scheduler"), (2, _day(end, 7), _day(end, 14),
                                                                             "system:scheduler")]
    with clock.frozen(datetime.fromisoformat(_day(end, 16)).replace(hour=3, tzinfo=UTC)):
        closed = await world.act(short["id"], "close-registration")  # nothing left to extend: the admin closes
    assert closed["status"] == "SCREENING"

    # listed and audited for its agency only; another agency's admin, a PPK, an unnamed service are refused
    listed = (await client.get(RUNS, headers=world.admin, params={"job": "extend_registration"})).json()
    assert listed["total"] == 5 and [r["run_date"] for r in listed["items"]][:2] == [_day(end, 15), _day(end, 8)]
    assert {r["trigger"] for r in listed["items"]} == {"operator"}
    audit = (await client.get("/api/v1/selections/audit-log", headers=world.admin,
                              params={"action": "scheduler.run"})).json()
    assert audit["total"] == 5
    other = type(world)(client, world.tokens, world.dir)
    assert (await client.get(RUNS, headers=other.admin)).json()["total"] == 0
    r = await client.get(RUNS, headers=other.admin, params={"agency_id": str(world.agency)})
    assert r.status_code == 422 and r.json()["code"] == "agency_mismatch"
    await _run(client, other.admin, _day(end, 20), status=422, agency_id=str(world.agency))
    ppk = tokens.headers("ppk", agency_id=world.agency, sub=f"ppk-{uuid.uuid4().hex[:6]}")
    assert (await client.post(RUNS, json={}, headers=ppk)).status_code == 403
    assert (await client.get(RUNS, headers=ppk)).status_code == 403
    service = tokens.headers("service", sub="svc-test")
    assert (await client.get(RUNS, headers=service)).json()["code"] == "agency_id_required"
    assert (await client.get(RUNS, headers=service, params={"agency_id": str(world.agency)})).json()["total"] == 5


async def test_recruitment_scheduler_catches_up_missed_days_in_order(app: Any, client: httpx.AsyncClient,
                                                                     world: Any) -> None:
    short = await world.open_selection()
    end = date.fromisoformat(short["schedule"]["registration_end"])
    # the pass of one agency, as the service's loop runs it (every agency with a selection)
    scheduler = Scheduler(app.state.db, job_runs, audit_log, JOBS, lambda _s: _agencies(world.agency))
    today = clock.today(world.agency)
    first = await scheduler.run_due()  # an agency's first run is its today
    assert [(r.run_date, r.status) for r in first] == [(today, "succeeded")]
    later = end + timedelta(days=9)  # down from today until nine days after the end
    with clock.frozen(datetime.combine(later, datetime.min.time(), UTC) + timedelta(hours=3)):
        caught = await scheduler.run_due()
        assert await scheduler.run_due() == []  # nothing left
    assert [r.run_date for r in caught] == [today + timedelta(days=n) for n in range(1, (later - today).days + 1)]
    assert {r.status for r in caught} == {"succeeded"}
    extended = [(r.run_date, r.counts) for r in caught if r.counts]
    assert extended == [(end + timedelta(days=1), {"extended": 1}), (end + timedelta(days=8), {"extended": 1})]
    s = await _sel(client, world, short["id"])
    assert s["registration_extensions"] == 2
    assert s["schedule"]["registration_end"] == (end + timedelta(days=14)).isoformat()
    listed = (await client.get(RUNS, headers=world.admin, params={"limit": 100})).json()
    assert listed["total"] == len(caught) + 1 and {r["trigger"] for r in listed["items"]} == {"schedule"}


async def _agencies(agency_id: uuid.UUID) -> list[uuid.UUID]:
    return [agency_id]

"""Retired / dismissed / deceased end every assignment on the status's date; the forecast follows the BUP."""

from __future__ import annotations

import asyncio


async def _events(world, after: int = 0) -> list[dict]:
    return (await world.ok("GET", f"/api/v1/position-events?after={after}&limit=1000", status=200))["items"]


async def test_positions_retirement_ends_assignments_atomically_with_events(world) -> None:
    unit = await world.unit()
    head_job = await world.job("PENGAWAS")
    seat = await world.position(unit, head_job, is_head=True)
    vacant = await world.position(await world.unit(), head_job, is_head=True)
    emp = await world.employee("III/d")
    await world.assign(emp, seat, tmt="2019-01-02")
    await world.long_acting()
    await world.assign(emp, vacant, kind="plt", tmt="2024-01-02", tmt_end="2030-12-31")
    cursor = (await _events(world))[-1]["id"]
    out = await world.ok("PATCH", f"/api/v1/employees/{emp['id']}", status=200,
                         json={"status": "retired", "status_effective_date": "2025-03-01"})
    assert out["status"] == "retired" and out["current_assignment"] is None
    career = (await world.ok("GET", f"/api/v1/employees/{emp['id']}/career", status=200))["items"]
    assert {(c["kind"], c["tmt_end"], c["end_reason"]) for c in career} == {
        ("definitive", "2025-03-01", "retirement"), ("plt", "2025-03-01", "retirement")}
    types = sorted(e["type"] for e in await _events(world, cursor))
    assert types == ["assignment_ended", "assignment_ended", "employee_status_changed", "position_vacated"]
    vacated = [e for e in await _events(world, cursor) if e["type"] == "position_vacated"][0]["data"]
    assert vacated["position_id"] == seat["id"] and vacated["vacant_from"] == "2025-03-02"
    assert (await world.ok("GET", f"/api/v1/positions/{seat['id']}?as_of=2025-03-01", status=200))["filled"] == 1
    assert (await world.ok("GET", f"/api/v1/positions/{seat['id']}?as_of=2025-03-02", status=200))["vacant"] == 1
    audit = await world.ok("GET", "/api/v1/position-audit?entity=assignment&actor=admin&date_from=2000-01-01",
                           status=200)
    assert sum(1 for a in audit["items"] if a["action"] == "assignment.end") == 2
    r = await world.assign(emp, vacant, tmt="2025-04-01", status=409)
    assert r["code"] == "employee_not_active"


async def test_positions_status_change_refused_leaves_everything(world) -> None:
    pos = await world.position(await world.unit(), await world.job(), required_seats=2)
    later = await world.position(await world.unit(), await world.job(), required_seats=2)
    emp = await world.employee()
    await world.assign(emp, pos, tmt="2019-01-02", tmt_end="2024-12-31")
    await world.assign(emp, later, tmt="2025-06-02")  # starts after the requested status date
    r = await world.c.patch(f"/api/v1/employees/{emp['id']}", headers=world.admin,
                            json={"status": "dismissed", "status_effective_date": "2024-06-30"})
    assert r.status_code == 409 and r.json()["code"] == "assignment_starts_after_status"
    again = await world.ok("GET", f"/api/v1/employees/{emp['id']}", status=200)
    assert again["status"] == "active" and again["version"] == emp["version"]
    career = (await world.ok("GET", f"/api/v1/employees/{emp['id']}/career", status=200))["items"]
    assert {c["tmt_end"] for c in career} == {"2024-12-31", None}  # the first assignment was not shortened
    out = await world.ok("PATCH", f"/api/v1/employees/{emp['id']}", status=200,
                         json={"status": "deceased", "status_effective_date": "2025-07-15"})
    assert out["status"] == "deceased"
    career = (await world.ok("GET", f"/api/v1/employees/{emp['id']}/career", status=200))["items"]
    assert {(c["tmt_end"], c["end_reason"]) for c in career} == {("2024-12-31", None), ("2025-07-15", "death")}


async def test_positions_retirement_and_appointment_race_stay_consistent(world) -> None:
    pos = await world.position(await world.unit(), await world.job(), required_seats=3)
    emp = await world.employee()
    rs = await asyncio.gather(
        world.c.patch(f"/api/v1/employees/{emp['id']}", headers=world.admin,
                      json={"status": "retired", "status_effective_date": "2025-03-01"}),
        world.c.post("/api/v1/assignments", headers=world.admin, json={
            "employee_id": emp["id"], "position_id": pos["id"], "kind": "definitive", "tmt_start": "2020-01-02",
            "sk_number": "SK-1", "sk_date": "2020-01-02", "reason": "initial"}))
    assert rs[0].status_code == 200, rs[0].text
    career = (await world.ok("GET", f"/api/v1/employees/{emp['id']}/career", status=200))["items"]
    if rs[1].status_code == 201:  # appointed first: then the retirement ended it
        assert [(c["tmt_end"], c["end_reason"]) for c in career] == [("2025-03-01", "retirement")]
    else:  # retired first: the appointment was refused
        assert rs[1].json()["code"] == "employee_not_active" and career == []


async def test_positions_retirement_forecast_follows_bup_of_the_job_held(world) -> None:
    unit = await world.unit()
    pelaksana = await world.position(unit, await world.job(), required_seats=5)
    utama_job = await world.job("FUNGSIONAL", jenjang="AHLI_UTAMA", kelas_jabatan=15)
    utama = await world.position(unit, utama_job, required_seats=5)
    e_pel = await world.employee("III/a", birth="19670610", cpns="199003")    # 58 -> 2025-07-01
    e_none = await world.employee("III/a", birth="19670510", cpns="199003")   # no job: 58 -> 2025-06-01
    e_au_young = await world.employee("IV/d", birth="19670610", cpns="199003")  # 65 -> 2032
    e_au_old = await world.employee("IV/d", birth="19600310", cpns="198503")    # 65 -> 2025-04-01
    e_gone = await world.employee("III/a", birth="19670410", cpns="199003")
    await world.assign(e_pel, pelaksana)
    await world.assign(e_au_young, utama)
    await world.assign(e_au_old, utama)
    await world.ok("PATCH", f"/api/v1/employees/{e_gone['id']}", status=200,
                   json={"status": "retired", "status_effective_date": "2024-12-01"})
    url = "/api/v1/position-reports/retirement-forecast?as_of=2025-01-01&months=12"
    got = {i["employee_id"]: (i["bup"], i["retirement_date"]) for i in (await world.ok("GET", url, status=200))["items"]}
    assert got == {e_pel["id"]: (58, "2025-07-01"), e_none["id"]: (58, "2025-06-01"),
                   e_au_old["id"]: (65, "2025-04-01")}
    record = await world.ok("GET", f"/api/v1/employees/{e_au_old['id']}", status=200)
    assert (record["bup"], record["retirement_date"]) == (65, "2025-04-01")
    # The agency raises the administrative BUP: jobs on the default, the record and the forecast all follow.
    await world.ok("PUT", f"/api/v1/agencies/{world.agency_id}/policy", status=200,
                   json={"overrides": {"bup_by_kind": {"PELAKSANA": 59}}})
    got = {i["employee_id"] for i in (await world.ok("GET", url, status=200))["items"]}
    assert got == {e_au_old["id"]}
    for e in (e_pel, e_none):
        assert (await world.ok("GET", f"/api/v1/employees/{e['id']}", status=200))["bup"] == 59

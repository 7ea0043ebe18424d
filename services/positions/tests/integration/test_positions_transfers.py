"""One active record per NIP nationally (the database index, also on paths without the precise check) and
transfers between agencies: refusals change nothing, a chain of transfers shows every earlier agency, a return
reuses the record. Two or three agencies each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from merit_shared import clock


def _csv(*lines: str) -> dict:
    return {"file": ("data.csv", ("\n".join(lines) + "\n").encode(), "text/csv")}


async def _transfer(src: Any, dst: Any, employee_id: str, tmt: str, status: int = 200) -> Any:
    today = clock.today().isoformat()
    t = await src.ok("POST", "/api/v1/transfers", json={
        "employee_id": employee_id, "destination_agency_id": str(dst.agency_id), "sk_number": "800/1",
        "sk_date": today, "tmt": tmt})
    return await dst.ok("POST", f"/api/v1/transfers/{t['id']}/accept", status=status,
                        json={"sk_number": "821/1", "sk_date": today})


async def test_positions_the_index_refuses_a_second_active_record_on_every_path(world, client, tokens) -> None:
    other = await type(world)(client, tokens).setup()
    emp = await world.employee("III/a")
    # the import has no precise check of its own: the database's index answers, and nothing is created
    r = await other.c.post("/api/v1/position-imports/employees", headers=other.admin,
                           files=_csv("nip,name,employment_type", f"{emp['nip']},Kembar,PNS"))
    assert r.status_code == 409 and r.json()["code"] == "nip_active_elsewhere", r.text
    assert (await other.ok("GET", "/api/v1/employees", status=200))["total"] == 0
    r = await other.c.post("/api/v1/employees", headers=other.admin,
                           json={"nip": emp["nip"], "name": "Kembar", "employment_type": "PNS"})
    assert r.status_code == 409 and r.json()["code"] == "nip_active_elsewhere" and str(world.agency_id) not in r.text
    # an inactive record elsewhere does not count; reactivating it while the NIP is active here does
    retired = await other.ok("POST", "/api/v1/employees", json={
        "nip": emp["nip"], "name": "Kembar", "employment_type": "PNS", "status": "retired"})
    r = await other.c.patch(f"/api/v1/employees/{retired['id']}", headers=other.admin, json={"status": "active"})
    assert r.status_code == 409 and r.json()["code"] == "nip_active_elsewhere", r.text
    assert (await other.ok("GET", f"/api/v1/employees/{retired['id']}", status=200))["status"] == "retired"
    # transferred_out is set by a transfer only
    r = await world.c.patch(f"/api/v1/employees/{emp['id']}", headers=world.admin,
                            json={"status": "transferred_out"})
    assert r.status_code == 422 and r.json()["code"] == "status_set_by_transfer", r.text


async def test_positions_an_assignment_from_the_tmt_on_blocks_the_acceptance(world, client, tokens) -> None:
    other = await type(world)(client, tokens).setup()
    job = await world.job()
    unit = await world.unit()
    emp = await world.employee("III/a")
    await world.assign(emp, await world.position(unit, job), tmt="2020-01-02")
    tmt = clock.today() + timedelta(days=10)
    await world.assign(emp, await world.position(unit, job), kind="plt", tmt=(tmt + timedelta(days=1)).isoformat(),
                       tmt_end=(tmt + timedelta(days=60)).isoformat())
    r = await _transfer(world, other, emp["id"], tmt.isoformat(), status=409)
    assert r["code"] == "transfer_assignment_after_tmt", r
    career = (await world.ok("GET", f"/api/v1/employees/{emp['id']}/career", status=200))["items"]
    assert [c["end_reason"] for c in career] == [None, None]  # nothing ended
    assert (await world.ok("GET", f"/api/v1/employees/{emp['id']}", status=200))["status"] == "active"
    [t] = (await other.ok("GET", "/api/v1/transfers?direction=incoming", status=200))["items"]
    assert t["status"] == "RELEASED"


async def test_positions_a_chain_of_transfers_and_a_return(world, client, tokens) -> None:
    b = await type(world)(client, tokens).setup()
    c = await type(world)(client, tokens).setup()
    job = await world.job()
    emp = await world.employee("III/a")
    await world.assign(emp, await world.position(await world.unit(), job), tmt="2020-01-02")
    today = clock.today()
    ab = await _transfer(world, b, emp["id"], today.isoformat())
    in_b = ab["destination_employee_id"]
    r = await world.assign(emp, await world.position(await world.unit(), job), tmt=today.isoformat(), status=409)
    assert r["code"] == "employee_not_active"  # the origin's record is history
    await b.assign({"id": in_b}, await b.position(await b.unit(), await b.job()), tmt=today.isoformat())
    bc = await _transfer(b, c, in_b, (today + timedelta(days=1)).isoformat())
    in_c = bc["destination_employee_id"]
    history = (await c.ok("GET", f"/api/v1/employees/{in_c}/origin-history", status=200))["items"]
    assert [(h["agency_id"], h["employee_id"]) for h in history] == [(str(b.agency_id), in_b),
                                                                      (str(world.agency_id), emp["id"])]
    assert [a["end_reason"] for a in history[0]["assignments"]] == ["transfer"]
    # a third agency's admin, and B's for C's record, read nothing
    assert (await b.c.get(f"/api/v1/employees/{in_c}/origin-history", headers=b.admin)).status_code == 404
    # back to the first agency: its old record serves again, linked to the latest origin
    ca = await _transfer(c, world, in_c, (today + timedelta(days=2)).isoformat())
    assert ca["destination_employee_id"] == emp["id"]
    back = await world.ok("GET", f"/api/v1/employees/{emp['id']}", status=200)
    assert back["status"] == "active" and back["origin_employee_id"] == in_c
    ranks = await world.ok("GET", f"/api/v1/employees/{emp['id']}/ranks", status=200)
    assert [r["golongan"] for r in ranks["items"]] == ["III/a"]  # not copied twice
    seen = {h["employee_id"] for h in
            (await world.ok("GET", f"/api/v1/employees/{emp['id']}/origin-history", status=200))["items"]}
    assert seen == {in_c, in_b}  # every record it came through, never itself

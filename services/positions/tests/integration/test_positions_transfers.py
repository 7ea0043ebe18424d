"""One active record per NIP nationally (the database index, also on paths without the precise check) and
transfers between agencies: refusals change nothing, a chain of transfers shows every earlier agency, a return
reuses the record. Two or three agencies each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from merit_shared import clock


def _csv(*lines: str) -> dict:
    return {"file": ("data.csv", ("\n".join(lines) + "\n").encode(), "text/csv")}


RUNS = "/api/v1/scheduler/runs"


async def _release(src: Any, dst: Any, employee_id: str, tmt: str) -> Any:
    return await src.ok("POST", "/api/v1/transfers", json={
        "employee_id": employee_id, "destination_agency_id": str(dst.agency_id), "sk_number": "800/1",
        "sk_date": clock.today().isoformat(), "tmt": tmt})


async def _accept(dst: Any, t: dict, status: int = 200) -> Any:
    return await dst.ok("POST", f"/api/v1/transfers/{t['id']}/accept", status=status,
                        json={"sk_number": "821/1", "sk_date": clock.today().isoformat()})


async def _transfer(src: Any, dst: Any, employee_id: str, tmt: str, status: int = 200) -> Any:
    """Release, accept, and (a TMT to come) run the destination's day of the TMT: the transfer in effect."""
    out = await _accept(dst, await _release(src, dst, employee_id, tmt), status=status)
    if status == 200 and out["status"] == "SCHEDULED":
        await dst.ok("POST", RUNS, status=200, json={"job": "apply_transfers", "as_of": tmt})
        out = await dst.ok("GET", f"/api/v1/transfers/{out['id']}", status=200)
    return out


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


async def test_positions_an_accepted_transfer_waits_for_its_tmt_and_takes_effect_once(world, client, tokens) -> None:
    other = await type(world)(client, tokens).setup()
    job = await world.job()
    emp = await world.employee("III/a")
    seat = await world.assign(emp, await world.position(await world.unit(), job), tmt="2020-01-02")
    tmt = clock.today() + timedelta(days=40)
    t = await _release(world, other, emp["id"], tmt.isoformat())
    scheduled = await _accept(other, t)
    assert scheduled["status"] == "SCHEDULED" and scheduled["accept_sk_number"] == "821/1", scheduled
    assert scheduled["destination_employee_id"] is None and scheduled["applied_at"] is None
    # nothing changed in either registry; the destination sees the person coming
    assert (await world.ok("GET", f"/api/v1/employees/{emp['id']}", status=200))["status"] == "active"
    [line] = (await world.ok("GET", f"/api/v1/employees/{emp['id']}/career", status=200))["items"]
    assert line["assignment_id"] == seat["id"] and line["end_reason"] is None and line["tmt_end"] is None
    assert (await other.c.get(f"/api/v1/employees/by-nip/{emp['nip']}", headers=other.admin)).status_code == 404
    [coming] = (await other.ok("GET", "/api/v1/transfers?direction=incoming&status=SCHEDULED", status=200))["items"]
    assert coming["id"] == t["id"] and coming["nip"] == emp["nip"]
    # still one active record: the destination cannot register the NIP meanwhile
    r = await other.c.post("/api/v1/employees", headers=other.admin,
                           json={"nip": emp["nip"], "name": "Kembar", "employment_type": "PNS"})
    assert r.status_code == 409 and r.json()["code"] == "nip_active_elsewhere", r.text
    # the origin cannot cancel alone, nor release again
    r = await world.c.post(f"/api/v1/transfers/{t['id']}/cancel", headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "transfer_scheduled", r.text
    r = await world.c.post("/api/v1/transfers", headers=world.admin, json={
        "employee_id": emp["id"], "destination_agency_id": str(other.agency_id), "sk_number": "800/2",
        "sk_date": clock.today().isoformat(), "tmt": tmt.isoformat()})
    assert r.status_code == 409 and r.json()["code"] == "transfer_pending", r.text
    # a day before the TMT, nothing; on the TMT (the destination's run), the effects, once
    before = await other.ok("POST", RUNS, status=200, json={"as_of": (tmt - timedelta(days=1)).isoformat()})
    assert {x["job"]: x["counts"] for x in before["runs"]}["apply_transfers"] == {}
    assert (await world.ok("GET", f"/api/v1/employees/{emp['id']}", status=200))["status"] == "active"
    # the origin's own run does not apply it (the TMT is the destination's day)
    mine = await world.ok("POST", RUNS, status=200, json={"job": "apply_transfers", "as_of": tmt.isoformat()})
    assert mine["runs"][0]["counts"] == {}
    on = await other.ok("POST", RUNS, status=200, json={"job": "apply_transfers", "as_of": tmt.isoformat()})
    assert on["runs"][0]["counts"] == {"transferred": 1}, on
    later = await other.ok("POST", RUNS, status=200, json={"job": "apply_transfers",
                                                          "as_of": (tmt + timedelta(days=1)).isoformat()})
    assert later["runs"][0]["counts"] == {}
    done = await other.ok("GET", f"/api/v1/transfers/{t['id']}", status=200)
    assert done["status"] == "ACCEPTED" and done["destination_employee_id"] and done["applied_at"]
    assert (await world.ok("GET", f"/api/v1/employees/{emp['id']}", status=200))["status"] == "transferred_out"
    [line] = (await world.ok("GET", f"/api/v1/employees/{emp['id']}/career", status=200))["items"]
    assert line["end_reason"] == "transfer" and line["tmt_end"] == (tmt - timedelta(days=1)).isoformat()
    mine = await other.ok("GET", f"/api/v1/employees/by-nip/{emp['nip']}", status=200)
    assert mine["id"] == done["destination_employee_id"] and mine["status"] == "active"
    for w in (world, other):  # announced once in each agency's feed
        feed = (await w.ok("GET", "/api/v1/position-events?type=employee_transferred&limit=100", status=200))["items"]
        assert [e["data"]["transfer_id"] for e in feed] == [t["id"]]
        assert feed[0]["data"]["origin_employee_id"] == emp["id"] and feed[0]["data"]["employee_id"] == mine["id"]
    audit = await other.ok("GET", "/api/v1/position-audit?action=transfer.apply", status=200)
    assert audit["total"] == 1 and audit["items"][0]["actor"] == "system:scheduler"
    r = await other.c.post(f"/api/v1/transfers/{t['id']}/revoke", headers=other.admin)
    assert r.status_code == 409 and r.json()["code"] == "transfer_not_scheduled", r.text


async def test_positions_a_scheduled_transfer_is_cancelled_only_by_agreement(world, client, tokens) -> None:
    other = await type(world)(client, tokens).setup()
    third = await type(world)(client, tokens).setup()
    emp = await world.employee("III/a")
    tmt = clock.today() + timedelta(days=30)
    t = await _release(world, other, emp["id"], tmt.isoformat())
    r = await other.c.post(f"/api/v1/transfers/{t['id']}/revoke", headers=other.admin)
    assert r.status_code == 409 and r.json()["code"] == "transfer_not_scheduled", r.text  # nothing to revoke yet
    await _accept(other, t)
    # only the destination's admin revokes; the origin, a third agency and other roles cannot
    r = await world.c.post(f"/api/v1/transfers/{t['id']}/revoke", headers=world.admin)
    assert r.status_code == 403 and r.json()["code"] == "transfer_not_destination", r.text
    assert (await third.c.post(f"/api/v1/transfers/{t['id']}/revoke", headers=third.admin)).status_code == 404
    for role in ("unit_admin", "employee", "ppk"):
        assert (await other.c.post(f"/api/v1/transfers/{t['id']}/revoke", headers=other.h(role))).status_code == 403
    revoked = await other.ok("POST", f"/api/v1/transfers/{t['id']}/revoke", status=200)
    assert revoked["status"] == "RELEASED" and revoked["accept_sk_number"] is None
    cancelled = await world.ok("POST", f"/api/v1/transfers/{t['id']}/cancel", status=200)
    assert cancelled["status"] == "CANCELLED"
    on = await other.ok("POST", RUNS, status=200, json={"job": "apply_transfers", "as_of": tmt.isoformat()})
    assert on["runs"][0]["counts"] == {}
    assert (await world.ok("GET", f"/api/v1/employees/{emp['id']}", status=200))["status"] == "active"
    actions = [e["action"] for e in (await other.ok("GET", "/api/v1/position-audit?entity=transfer&limit=50",
                                                    status=200))["items"]]
    assert "transfer.revoke" in actions and "transfer.accept" in actions


async def test_positions_a_transfer_that_no_longer_fits_on_its_tmt_waits_and_is_reported(world, client, tokens
                                                                                         ) -> None:
    other = await type(world)(client, tokens).setup()
    job = await world.job()
    emp = await world.employee("III/a")
    await world.assign(emp, await world.position(await world.unit(), job), tmt="2020-01-02")
    tmt = clock.today() + timedelta(days=20)
    t = await _release(world, other, emp["id"], tmt.isoformat())
    await _accept(other, t)
    # after the acceptance the origin records the person's death: the TMT cannot apply
    await world.ok("PATCH", f"/api/v1/employees/{emp['id']}", status=200, json={
        "status": "deceased", "status_effective_date": clock.today().isoformat()})
    for day in (tmt, tmt + timedelta(days=1)):  # reported on every day's run, nothing applied
        run = (await other.ok("POST", RUNS, status=200, json={"job": "apply_transfers", "as_of": day.isoformat()})
               )["runs"][0]
        assert run["status"] == "succeeded" and run["counts"] == {"problems": 1}, run
        assert run["problems"][0]["code"] == "transfer_employee_not_active"
        assert run["problems"][0]["transfer_id"] == t["id"]
    assert (await other.ok("GET", f"/api/v1/transfers/{t['id']}", status=200))["status"] == "SCHEDULED"
    assert (await world.ok("GET", f"/api/v1/employees/{emp['id']}", status=200))["status"] == "deceased"
    assert (await other.c.get(f"/api/v1/employees/by-nip/{emp['nip']}", headers=other.admin)).status_code == 404
    # not in effect: the destination may still revoke after the TMT, then the origin cancels
    assert (await other.ok("POST", f"/api/v1/transfers/{t['id']}/revoke", status=200))["status"] == "RELEASED"
    assert (await world.ok("POST", f"/api/v1/transfers/{t['id']}/cancel", status=200))["status"] == "CANCELLED"

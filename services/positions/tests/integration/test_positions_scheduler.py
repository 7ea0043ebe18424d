"""The daily jobs through the operator route: retirement at BUP, personnel actions on their TMT (a failing one stays
visible as apply_failed), acting ends and warnings; each effect once, each agency its own."""

from __future__ import annotations

from typing import Any

RUNS = "/api/v1/scheduler/runs"


async def run(world: Any, as_of: str, job: str | None = None, headers: dict | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"as_of": as_of} | ({"job": job} if job else {})
    out = await world.ok("POST", RUNS, status=200, json=body, headers=headers)
    return {r["job"]: r for r in out["runs"]}


async def events(world: Any, type_: str) -> list[dict[str, Any]]:
    out = await world.ok("GET", f"/api/v1/position-events?type={type_}&limit=1000", status=200)
    return out["items"]


async def test_retirement_at_bup_happens_once_and_only_in_its_agency(world: Any, client, tokens) -> None:
    other = await type(world)(client, tokens).setup()
    seat = await world.position(await world.unit(), await world.job("PELAKSANA"))
    old = await world.employee("III/c", birth="19680615", cpns="199003")  # BUP 58: retires 1 July 2026
    young = await world.employee("III/c", birth="19900101", cpns="201503")
    a = await world.assign(old, seat, tmt="2015-01-02")
    await world.assign(young, await world.position(await world.unit(), await world.job("PELAKSANA")), tmt="2016-01-04")
    twin = await other.employee("III/c", birth="19680615", cpns="199003")

    assert (await run(world, "2026-06-30"))["retire_at_bup"]["counts"] == {}
    res = await run(world, "2026-07-01")
    assert res["retire_at_bup"]["status"] == "succeeded" and res["retire_at_bup"]["counts"] == {"retired": 1}
    emp = await world.ok("GET", f"/api/v1/employees/{old['id']}", status=200)
    assert emp["status"] == "retired"
    ended = (await world.ok("GET", f"/api/v1/assignments?employee_id={old['id']}", status=200))["items"][0]
    assert ended["id"] == a["id"] and ended["tmt_end"] == "2026-06-30" and ended["end_reason"] == "retirement"
    assert (await world.ok("GET", f"/api/v1/employees/{young['id']}", status=200))["status"] == "active"

    again = await run(world, "2026-07-01")
    assert again["retire_at_bup"]["status"] == "already_run"
    assert (await run(world, "2026-08-01"))["retire_at_bup"]["counts"] == {}
    retired = await events(world, "employee_retired")
    assert [(e["data"]["employee_id"], e["data"]["retirement_date"]) for e in retired] == [(old["id"], "2026-07-01")]
    assert len([e for e in await events(world, "position_vacated") if e["data"]["employee_id"] == old["id"]]) == 1
    # the other agency: untouched by this agency's run, and its admin does not see these runs
    assert (await other.ok("GET", f"/api/v1/employees/{twin['id']}", status=200))["status"] == "active"
    assert (await other.ok("GET", RUNS, status=200))["total"] == 0
    mine = await world.ok("GET", f"{RUNS}?job=retire_at_bup", status=200)
    assert [r["run_date"] for r in mine["items"]] == ["2026-08-01", "2026-07-01", "2026-06-30"]
    assert mine["items"][1]["trigger"] == "operator" and mine["items"][1]["actor"] == "admin"
    audit = await world.ok("GET", f"/api/v1/position-audit?entity_id={old['id']}&action=employee.retire", status=200)
    assert audit["total"] == 1 and audit["items"][0]["actor"] == "system:scheduler"


async def _approved(world: Any, moves: list[dict[str, str]], tmt: str) -> dict[str, Any]:
    act = await world.ok("POST", "/api/v1/personnel-actions", json={
        "kind": "MUTATION", "title": "Mutasi terjadwal", "tmt": tmt, "moves": moves})
    await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/submit", status=200)
    await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/review", status=200,
                   headers=world.h("review_team"), json={"recommendation": "approve", "note": "Sesuai"})
    return await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/decide", status=200, headers=world.h("ppk"),
                          json={"decision": "approve", "decision_date": "2026-11-02", "sk_number": "SK-MUT-9",
                                "sk_date": "2026-11-02", "override_reason": "Kebutuhan organisasi mendesak"})


async def test_approved_actions_apply_on_their_tmt_and_a_failing_one_is_kept_as_failed(
        world: Any, good_evaluation: None) -> None:
    job = await world.job("PENGAWAS")
    p1 = await world.position(await world.unit(), job, is_head=True)
    p2 = await world.position(await world.unit(), job, is_head=True)
    e1, e2 = await world.employee("III/c"), await world.employee("III/c")
    await world.assign(e1, p1, tmt="2019-01-02")
    good = await _approved(world, [{"employee_id": e1["id"], "to_position_id": p2["id"]}], "2027-03-01")
    # e2 takes the seat e1 leaves: applicable only after the first action (TMT, then creation order)
    follow = await _approved(world, [{"employee_id": e2["id"], "to_position_id": p1["id"]}], "2027-03-01")
    assert (await run(world, "2027-02-28", "apply_personnel_actions"))["apply_personnel_actions"]["counts"] == {}

    res = (await run(world, "2027-03-01", "apply_personnel_actions"))["apply_personnel_actions"]
    assert res["status"] == "succeeded"
    good_now = await world.ok("GET", f"/api/v1/personnel-actions/{good['id']}", status=200)
    follow_now = await world.ok("GET", f"/api/v1/personnel-actions/{follow['id']}", status=200)
    assert good_now["status"] == "applied" and good_now["apply_error"] is None
    assert follow_now["status"] == "applied" and res["counts"] == {"applied": 2}
    assert (await run(world, "2027-03-02", "apply_personnel_actions"))["apply_personnel_actions"]["counts"] == {}
    started = [e for e in await events(world, "assignment_started") if e["data"]["tmt_start"] == "2027-03-01"]
    assert sorted(e["data"]["employee_id"] for e in started) == sorted([e1["id"], e2["id"]])

    # an action whose target seat is taken by its TMT: kept as apply_failed with the reason, nothing moved
    e4 = await world.employee("III/c")
    held = await world.assign(e4, await world.position(await world.unit(), job, is_head=True), tmt="2020-01-02")
    p4 = await world.position(await world.unit(), job, is_head=True)
    failing = await _approved(world, [{"employee_id": e4["id"], "to_position_id": p4["id"]}], "2027-05-03")
    await world.assign(await world.employee("III/c"), p4, tmt="2027-04-01")
    res = (await run(world, "2027-05-03", "apply_personnel_actions"))["apply_personnel_actions"]
    assert res["status"] == "succeeded" and res["counts"] == {"failed": 1, "problems": 1}
    assert res["problems"][0]["personnel_action_id"] == failing["id"]
    now = await world.ok("GET", f"/api/v1/personnel-actions/{failing['id']}", status=200)
    assert now["status"] == "apply_failed" and now["apply_error"]["code"] == "seat_filled"
    assert now["apply_error"]["run_date"] == "2027-05-03" and now["allowed_actions"] == ["apply", "edit", "cancel"]
    mine = (await world.ok("GET", f"/api/v1/assignments?employee_id={e4['id']}", status=200))["items"]
    assert [(a["id"], a["tmt_end"]) for a in mine] == [(held["id"], None)]
    # the rolled-back move (its seat ended, then the target refused) left no event and no audit entry: they are
    # written at the job's end and the failed item's are dropped; the action's apply_failed transition is audited
    assert not [e for e in await events(world, "assignment_ended") if e["data"]["assignment_id"] == held["id"]]
    assert (await world.ok("GET", f"/api/v1/position-audit?entity_id={held['id']}&action=assignment.end",
                           status=200))["total"] == 0
    audit = (await world.ok("GET", f"/api/v1/position-audit?entity_id={failing['id']}", status=200))["items"]
    assert "personnel_action.apply_failed" in [x["action"] for x in audit]
    assert "personnel_action.apply" not in [x["action"] for x in audit]
    assert (await run(world, "2027-05-04", "apply_personnel_actions"))["apply_personnel_actions"]["counts"] == {}
    r = await world.ok("POST", f"/api/v1/personnel-actions/{failing['id']}/cancel", status=422)
    assert r["code"] == "cancel_reason_required"
    cancelled = await world.ok("POST", f"/api/v1/personnel-actions/{failing['id']}/cancel", status=200,
                               json={"reason": "Jabatan tujuan sudah terisi"})
    assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == "Jabatan tujuan sudah terisi"


async def test_acting_is_announced_once_then_ended_once(world: Any) -> None:
    seat = await world.position(await world.unit(), await world.job("PENGAWAS"), is_head=True)
    acting = await world.employee("III/c")
    a = await world.assign(acting, seat, kind="plt", tmt="2027-01-05")
    assert a["tmt_end"] == "2027-04-04"
    assert (await run(world, "2027-03-20", "end_acting"))["end_acting"]["counts"] == {}  # 15 days ahead
    assert (await run(world, "2027-03-21", "end_acting"))["end_acting"]["counts"] == {"acting_flagged": 1}
    assert (await run(world, "2027-03-22", "end_acting"))["end_acting"]["counts"] == {}
    assert (await run(world, "2027-04-04", "end_acting"))["end_acting"]["counts"] == {}  # its last day
    assert (await run(world, "2027-04-05", "end_acting"))["end_acting"]["counts"] == {"acting_ended": 1}
    assert (await run(world, "2027-04-06", "end_acting"))["end_acting"]["counts"] == {}
    flagged = [e for e in await events(world, "acting_expiring") if e["data"]["assignment_id"] == a["id"]]
    assert [(e["data"]["tmt_end"], e["data"]["days_left"]) for e in flagged] == [("2027-04-04", 14)]
    ended = [e for e in await events(world, "assignment_ended") if e["data"]["assignment_id"] == a["id"]]
    assert [(e["data"]["tmt_end"], e["data"]["end_reason"]) for e in ended] == [("2027-04-04", "acting_ended")]


async def test_a_day_of_acting_ends_is_one_batch_each_with_its_audit_entry_and_event(world: Any) -> None:
    job = await world.job("PENGAWAS")
    plts = [await world.assign(await world.employee("III/c"), await world.position(await world.unit(), job, is_head=True),
                               kind="plt", tmt="2027-01-05") for _ in range(3)]
    assert (await run(world, "2027-04-05", "end_acting"))["end_acting"]["counts"] == {"acting_ended": 3}
    ids = {a["id"] for a in plts}
    ended = [e["data"] for e in await events(world, "assignment_ended") if e["data"]["assignment_id"] in ids]
    assert sorted((e["assignment_id"], e["end_reason"]) for e in ended) == sorted((i, "acting_ended") for i in ids)
    for a in plts:
        now = await world.ok("GET", f"/api/v1/assignments/{a['id']}", status=200)
        assert (now["tmt_end"], now["end_reason"]) == ("2027-04-04", "acting_ended")
        audit = await world.ok("GET", f"/api/v1/position-audit?entity_id={a['id']}&action=assignment.end", status=200)
        assert audit["total"] == 1 and audit["items"][0]["actor"] == "system:scheduler"
        assert audit["items"][0]["after"]["end_reason"] == "acting_ended"
    assert (await run(world, "2027-04-06", "end_acting"))["end_acting"]["counts"] == {}


async def test_who_may_run_and_read_and_future_days_in_production(world: Any, client) -> None:
    for role in ("employee", "unit_admin", "ppk", "supervisor"):
        r = await client.post(RUNS, json={}, headers=world.h(role))
        assert r.status_code == 403, role
        assert (await client.get(RUNS, headers=world.h(role))).status_code == 403
    r = await client.post(RUNS, json={"job": "nope"})
    assert r.status_code == 401
    r = await client.post(RUNS, json={"job": "nope"}, headers=world.admin)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "job"]
    r = await client.post(RUNS, json={}, headers=world.service)
    assert r.status_code == 422 and r.json()["code"] == "agency_id_required"
    out = await world.ok("POST", f"{RUNS}?agency_id={world.agency_id}", status=200, json={}, headers=world.service)
    assert [x["job"] for x in out["runs"]] == ["retire_at_bup", "apply_transfers", "apply_personnel_actions",
                                                "end_acting"]
    settings = client._transport.app.state.settings  # type: ignore[attr-defined]
    settings.merit_env = "production"
    try:
        r = await client.post(RUNS, json={"as_of": "2099-01-01"}, headers=world.admin)
        assert r.status_code == 422 and r.json()["code"] == "as_of_in_future"
        assert r.json()["errors"][0]["loc"] == ["body", "as_of"]
    finally:
        settings.merit_env = "development"
    runs = await world.ok("GET", RUNS, status=200)
    assert runs["total"] == 4 and not any(x["run_date"] == "2099-01-01" for x in runs["items"])

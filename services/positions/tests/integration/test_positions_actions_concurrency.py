"""A decision moving several people applies atomically even when another decision races for the same seat."""

from __future__ import annotations

import asyncio

DECIDE = {"decision": "approve", "decision_date": "2025-01-20", "sk_number": "SK-MUT-1", "sk_date": "2025-01-20"}


async def _approved(world, moves: list[tuple[dict, dict]]) -> dict:
    act = await world.ok("POST", "/api/v1/personnel-actions", json={
        "kind": "MUTATION", "title": "Mutasi serentak", "tmt": "2025-02-03",
        "moves": [{"employee_id": e["id"], "to_position_id": p["id"]} for e, p in moves]})
    await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/submit", status=200)
    await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/review", status=200,
                   headers=world.h("review_team"), json={"recommendation": "approve", "note": "Sesuai kebutuhan"})
    await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/decide", status=200, headers=world.h("ppk"),
                   json=DECIDE)
    return act


async def test_positions_two_decisions_race_for_one_seat_exactly_one_applies(world, good_evaluation) -> None:
    job = await world.job("PENGAWAS")

    async def seat() -> dict:
        return await world.position(await world.unit(), job, is_head=True)

    contested = await seat()
    people = []
    for _ in range(4):
        e, p = await world.employee("III/c"), await seat()
        await world.assign(e, p, tmt="2019-01-02")
        people.append((e, p))
    free_a, free_b = await seat(), await seat()
    (e1, _), (e2, _), (e3, p3), (e4, p4) = people
    # Each decision: first a harmless move, then the contested seat (so the failing move is the second one).
    act_a = await _approved(world, [(e3, free_a), (e1, contested)])
    act_b = await _approved(world, [(e4, free_b), (e2, contested)])
    events_before = len((await world.ok("GET", "/api/v1/position-events?limit=1000", status=200))["items"])

    ra, rb = await asyncio.gather(*[world.c.post(f"/api/v1/personnel-actions/{a['id']}/apply", headers=world.admin)
                                    for a in (act_a, act_b)])
    assert sorted([ra.status_code, rb.status_code]) == [200, 409], (ra.text, rb.text)
    won, lost = (act_a, act_b) if ra.status_code == 200 else (act_b, act_a)
    loser = rb if ra.status_code == 200 else ra
    problem = loser.json()
    assert problem["code"] == "seat_filled"
    assert problem["move"]["index"] == 1 and problem["move"]["to_position_id"] == contested["id"]
    assert problem["move"]["nip"] in problem["detail"] and "2" in problem["detail"]  # "Perpindahan ke-2 (...)"
    # The loser changed nothing: its first move did not happen either, its people keep their seats.
    lost_first_emp, lost_first_seat, lost_home = (e4, free_b, p4) if lost is act_b else (e3, free_a, p3)
    assert (await world.ok("GET", f"/api/v1/positions/{lost_first_seat['id']}?as_of=2025-02-03",
                           status=200))["filled"] == 0
    home = await world.ok("GET", f"/api/v1/positions/{lost_home['id']}?as_of=2025-02-03", status=200)
    assert [h["employee_id"] for h in home["holders"]] == [lost_first_emp["id"]]
    assert (await world.ok("GET", f"/api/v1/personnel-actions/{lost['id']}", status=200))["status"] == "approved"
    assert (await world.ok("GET", f"/api/v1/personnel-actions/{won['id']}", status=200))["status"] == "applied"
    holder = await world.ok("GET", f"/api/v1/positions/{contested['id']}?as_of=2025-02-03", status=200)
    assert holder["filled"] == 1
    # Only the winner's events were published (2 moves: ended + vacated + started + filled each).
    events_after = len((await world.ok("GET", "/api/v1/position-events?limit=1000", status=200))["items"])
    assert events_after - events_before == 8

"""A personnel-action apply racing a direct appointment of the same employee: one wins, the other gets the
domain's 409, never a deadlock (both lock the seat being left before the employee)."""

from __future__ import annotations

import asyncio

TMT = "2025-02-03"
ROUNDS = 4


async def _approved_move(world, emp: dict, to: dict) -> dict:
    act = await world.ok("POST", "/api/v1/personnel-actions", json={
        "kind": "MUTATION", "title": "Mutasi", "tmt": TMT,
        "moves": [{"employee_id": emp["id"], "to_position_id": to["id"]}]})
    await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/submit", status=200)
    await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/review", status=200,
                   headers=world.h("review_team"), json={"recommendation": "approve", "note": "Sesuai kebutuhan"})
    await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/decide", status=200, headers=world.h("ppk"),
                   json={"decision": "approve", "decision_date": "2025-01-20", "sk_number": "SK-MUT-1",
                         "sk_date": "2025-01-20"})
    return act


async def test_positions_action_apply_races_direct_appointment_without_deadlock(world, good_evaluation) -> None:
    job = await world.job("PENGAWAS")
    for _ in range(ROUNDS):
        home, by_action, by_hand = [await world.position(await world.unit(), job, is_head=True) for _ in range(3)]
        emp = await world.employee("III/c")
        await world.assign(emp, home, tmt="2019-01-02")
        act = await _approved_move(world, emp, by_action)
        direct = {"employee_id": emp["id"], "position_id": by_hand["id"], "kind": "definitive", "tmt_start": TMT,
                  "sk_number": "SK-LANGSUNG", "sk_date": "2025-01-20", "reason": "rotation",
                  "end_current_definitive": True}
        applied, appointed = await asyncio.gather(
            world.c.post(f"/api/v1/personnel-actions/{act['id']}/apply", headers=world.admin),
            world.c.post("/api/v1/assignments", json=direct, headers=world.admin))
        statuses = sorted([applied.status_code, appointed.status_code])
        assert statuses == [200, 409] or statuses == [201, 409], (applied.text, appointed.text)
        loser = applied if applied.status_code == 409 else appointed
        # The loser sees the winner's result (a domain rule), not a deadlock or a retry request.
        assert loser.json()["code"] in ("current_starts_on_tmt", "employee_has_definitive"), loser.text
        won = by_action if applied.status_code == 200 else by_hand
        on_tmt = await world.ok("GET", "/api/v1/assignments", status=200,
                                params={"employee_id": emp["id"], "active_on": TMT, "kind": "definitive"})
        assert [a["position_id"] for a in on_tmt["items"]] == [won["id"]]
        left = await world.ok("GET", f"/api/v1/positions/{home['id']}?as_of={TMT}", status=200)
        assert left["filled"] == 0

"""Personnel actions: checks (incl. an unreachable evaluation service), workflow, blackout, atomic apply."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from merit_shared import clock
from merit_shared.http import UpstreamUnavailable


class FakeEvaluation:
    def __init__(self, body: dict[str, Any] | None = None, status: int = 200, down: bool = False) -> None:
        self.body, self.status, self.down = body, status, down
        self.calls: list[str] = []

    async def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        self.calls.append(path)
        if self.down:
            raise UpstreamUnavailable("connection refused")
        return httpx.Response(self.status, json=self.body or {})


GOOD = {"predikat_by_year": [{"year": y, "predikat": "BAIK"} for y in range(2018, clock.today().year + 1)],
        "all_at_least_baik": True, "jpm": {"percent": 85, "category": "CUKUP_OPTIMAL"}}


@pytest.fixture
def evaluation(world):
    app = world.c._transport.app
    old = app.state.peers.get("evaluation")

    def use(fake: FakeEvaluation) -> FakeEvaluation:
        app.state.peers["evaluation"] = fake
        return fake

    yield use
    app.state.peers["evaluation"] = old


async def _swap(world):
    unit = await world.unit()
    job = await world.job("PENGAWAS")
    p1 = await world.position(unit, job, is_head=True)
    p2 = await world.position(await world.unit(), job, is_head=True)
    e1, e2 = await world.employee("III/c"), await world.employee("III/c")
    a1 = await world.assign(e1, p1, tmt="2019-01-02")
    a2 = await world.assign(e2, p2, tmt="2019-01-02")
    body = {"kind": "ROTATION", "title": "Rotasi pengawas", "tmt": "2025-02-03",
            "moves": [{"employee_id": e1["id"], "to_position_id": p2["id"]},
                      {"employee_id": e2["id"], "to_position_id": p1["id"]}]}
    return p1, p2, e1, e2, a1, a2, body


async def _to_reviewed(world, action_id: str) -> None:
    await world.ok("POST", f"/api/v1/personnel-actions/{action_id}/submit", status=200)
    await world.ok("POST", f"/api/v1/personnel-actions/{action_id}/review", status=200, headers=world.h("review_team"),
                   json={"recommendation": "approve", "note": "Sesuai pola karier"})


DECIDE = {"decision": "approve", "decision_date": "2025-01-20", "sk_number": "SK-ROT-1", "sk_date": "2025-01-20"}


async def test_positions_action_unknown_when_evaluation_down_then_swap_applies(world, evaluation) -> None:
    evaluation(FakeEvaluation(down=True))
    p1, p2, e1, e2, a1, a2, body = await _swap(world)
    act = await world.ok("POST", "/api/v1/personnel-actions", json=body)
    assert act["status"] == "draft" and "submit" in act["allowed_actions"]
    checks = {c["name"]: c["status"] for c in act["moves"][0]["checks"]}
    assert checks["performance"] == "unknown" and checks["competency"] == "unknown"
    assert checks["time_in_position"] == "warning" and checks["rank"] == "passed"  # 6 years: rotation due
    assert act["moves"][0]["outcome"] == "needs_review"
    r = await world.c.post(f"/api/v1/personnel-actions/{act['id']}/decide", json=DECIDE, headers=world.h("ppk"))
    assert r.status_code == 409 and r.json()["allowed_actions"] == ["submit", "refresh-checks", "cancel"]
    await _to_reviewed(world, act["id"])
    r = await world.c.post(f"/api/v1/personnel-actions/{act['id']}/decide", json=DECIDE, headers=world.admin)
    assert r.status_code == 403
    r = await world.c.post(f"/api/v1/personnel-actions/{act['id']}/decide", json=DECIDE, headers=world.h("ppk"))
    assert r.status_code == 409 and r.json()["code"] == "checks_not_passed"
    done = await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/decide", status=200, headers=world.h("ppk"),
                          json={**DECIDE, "override_reason": "Data kinerja diperiksa manual oleh tim"})
    assert done["status"] == "approved" and done["allowed_actions"] == []  # the PPK cannot apply
    applied = await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/apply", status=200)
    assert applied["status"] == "applied" and all(m["assignment_id"] for m in applied["moves"])
    x1 = await world.ok("GET", f"/api/v1/positions/{p1['id']}?as_of=2025-02-03", status=200)
    x2 = await world.ok("GET", f"/api/v1/positions/{p2['id']}?as_of=2025-02-03", status=200)
    assert x1["holders"][0]["employee_id"] == e2["id"] and x2["holders"][0]["employee_id"] == e1["id"]
    career = await world.ok("GET", f"/api/v1/employees/{e1['id']}/career", status=200)
    assert career["items"][1]["tmt_end"] == "2025-02-02" and career["items"][1]["end_reason"] == "rotation"


async def test_positions_action_eligible_with_evaluation_facts(world, evaluation) -> None:
    fake = evaluation(FakeEvaluation(GOOD))
    _, _, e1, _, _, _, body = await _swap(world)
    act = await world.ok("POST", "/api/v1/personnel-actions", json=body)
    assert fake.calls and fake.calls[0].startswith("/api/v1/employee-summaries/")
    checks = {c["name"]: c["status"] for c in act["moves"][0]["checks"]}
    assert checks["performance"] == "passed" and checks["competency"] == "passed"
    evaluation(FakeEvaluation(status=503))
    act = await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/refresh-checks", status=200)
    checks = {c["name"]: c["status"] for c in act["moves"][0]["checks"]}
    assert checks["performance"] == "unknown"


async def test_positions_action_blackout_window(world, evaluation) -> None:
    evaluation(FakeEvaluation(GOOD))
    await world.ok("PUT", f"/api/v1/agencies/{world.agency_id}/policy", status=200,
                   json={"blackout_windows": [{"start": "2025-01-01", "end": "2025-03-31", "reason": "Pilkada"}]})
    *_, body = await _swap(world)
    act = await world.ok("POST", "/api/v1/personnel-actions", json=body)
    await _to_reviewed(world, act["id"])
    r = await world.c.post(f"/api/v1/personnel-actions/{act['id']}/decide", json=DECIDE, headers=world.h("ppk"))
    assert r.status_code == 409 and r.json()["code"] == "blackout_window"
    ok = await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/decide", status=200, headers=world.h("ppk"),
                        json={**DECIDE, "blackout_override_reason": "Surat Mendagri 100.2/123"})
    assert ok["status"] == "approved"
    assert {c["name"]: c["status"] for c in ok["moves"][0]["checks"]}["blackout"] == "warning"


async def test_positions_action_apply_is_all_or_nothing(world, evaluation) -> None:
    evaluation(FakeEvaluation(GOOD))
    p1, p2, e1, e2, a1, a2, _ = await _swap(world)
    target = await world.position(await world.unit(), await world.job("PENGAWAS"), is_head=True)
    body = {"kind": "MUTATION", "title": "Mutasi", "tmt": "2025-02-03",
            "moves": [{"employee_id": e1["id"], "to_position_id": target["id"]},
                      {"employee_id": e2["id"], "to_position_id": p1["id"]}]}  # p1 is still held by e1? no: e1 moves
    act = await world.ok("POST", "/api/v1/personnel-actions", json=body)
    await _to_reviewed(world, act["id"])
    await world.ok("POST", f"/api/v1/personnel-actions/{act['id']}/decide", status=200, headers=world.h("ppk"),
                   json=DECIDE)
    # Meanwhile someone else is appointed to the target seat: the whole action must fail.
    intruder = await world.employee("III/c")
    await world.assign(intruder, target, tmt="2025-01-06")
    r = await world.c.post(f"/api/v1/personnel-actions/{act['id']}/apply", headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "seat_filled"
    assert r.json()["employee_id"] == e1["id"]
    career = await world.ok("GET", f"/api/v1/employees/{e2['id']}/career", status=200)
    assert len(career["items"]) == 1 and career["items"][0]["tmt_end"] is None  # nothing changed
    again = await world.ok("GET", f"/api/v1/personnel-actions/{act['id']}", status=200)
    assert again["status"] == "approved"
    # an employee the action does not move is not told it exists; one it moves reads their own move only
    assert (await world.c.get(f"/api/v1/personnel-actions/{act['id']}", headers=world.h("employee"))).status_code == 404
    mine = await world.ok("GET", f"/api/v1/personnel-actions/{act['id']}", status=200,
                          headers=world.h("employee", employee_id=e2["id"]))
    assert [m["employee_id"] for m in mine["moves"]] == [e2["id"]] and mine["allowed_actions"] == []

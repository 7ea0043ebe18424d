"""New-user review: head positions are managerial single seats, 403s name the right roles, codes ignore case."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

EN = {"Accept-Language": "en"}


class DownEvaluation:
    async def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        from merit_shared.http import UpstreamUnavailable

        raise UpstreamUnavailable("connection refused")


@pytest.fixture
def no_evaluation(world):
    app = world.c._transport.app
    old = app.state.peers.get("evaluation")
    app.state.peers["evaluation"] = DownEvaluation()
    yield
    app.state.peers["evaluation"] = old


async def _positions(world, unit: dict) -> list[dict]:
    return (await world.ok("GET", f"/api/v1/positions?unit_id={unit['id']}", status=200))["items"]


async def test_positions_head_must_be_managerial_single_seat(world) -> None:
    unit = await world.unit()
    fungsional = await world.job("FUNGSIONAL", jenjang="AHLI_PERTAMA")
    for body in ({"is_head": True, "required_seats": 2}, {"is_head": True}):
        r = await world.c.post("/api/v1/positions", headers=world.admin,
                               json={"unit_id": unit["id"], "job_id": fungsional["id"], **body})
        assert r.status_code == 422, r.text
        assert r.json()["code"] == "head_requires_managerial_job"
        assert r.json()["errors"][0]["loc"] == ["body", "is_head"]
    assert await _positions(world, unit) == []  # nothing was created
    # PATCH likewise: a functional seat cannot become the head; a managerial one can.
    staff = await world.position(unit, fungsional, required_seats=2)
    r = await world.c.patch(f"/api/v1/positions/{staff['id']}", json={"is_head": True}, headers=world.admin)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "is_head"], r.text
    assert (await world.ok("GET", f"/api/v1/positions/{staff['id']}", status=200))["is_head"] is False
    kabid = await world.position(unit, await world.job("ADMINISTRATOR"))
    r = await world.c.patch(f"/api/v1/positions/{kabid['id']}", json={"is_head": True}, headers=world.admin)
    assert r.status_code == 200 and r.json()["is_head"] is True, r.text


async def test_positions_action_403_names_exactly_the_allowed_roles(world, no_evaluation) -> None:
    unit = await world.unit()
    job = await world.job("PENGAWAS")
    p1, p2 = await world.position(unit, job, is_head=True), await world.position(await world.unit(), job, is_head=True)
    emp = await world.employee("III/c")
    await world.assign(emp, p1, tmt="2019-01-02")
    act = await world.ok("POST", "/api/v1/personnel-actions", json={
        "kind": "ROTATION", "title": "Rotasi", "tmt": "2025-02-03",
        "moves": [{"employee_id": emp["id"], "to_position_id": p2["id"]}]})
    url = f"/api/v1/personnel-actions/{act['id']}"
    expected = {"decide": ["ppk"], "review": ["review_team"], "submit": ["agency_admin"], "apply": ["agency_admin"],
                "cancel": ["agency_admin"], "refresh-checks": ["agency_admin", "review_team", "ppk"]}
    others = {"agency_admin", "ppk", "panel_member", "review_team", "unit_admin", "supervisor", "employee"}
    bodies = {"decide": {"decision": "approve", "decision_date": "2025-01-20", "sk_number": "SK-1",
                         "sk_date": "2025-01-20"}, "review": {"recommendation": "approve", "note": "Sesuai"}}
    for action, roles in expected.items():
        r = await world.c.post(f"{url}/{action}", json=bodies.get(action), headers={**world.h("employee", employee_id=emp["id"]), **EN})
        assert r.status_code == 403, (action, r.text)
        detail = r.json()["detail"]
        named = {role for role in others if role in detail}
        assert named == set(roles), (action, detail)
    # In draft only the agency admin may refresh the checks: a review team member is told exactly that.
    r = await world.c.post(f"{url}/refresh-checks", headers={**world.h("review_team"), **EN})
    assert r.status_code == 403
    assert "agency_admin" in r.json()["detail"] and "review_team" not in r.json()["detail"]
    assert (await world.ok("GET", url, status=200))["status"] == "draft"


async def test_positions_employee_read_403_states_who_may_read(world) -> None:
    budi, colleague = await world.employee(), await world.employee()
    r = await world.c.get(f"/api/v1/employees/{colleague['id']}", headers={**world.h("employee", employee_id=budi["id"]), **EN})
    assert r.status_code == 403
    detail = r.json()["detail"]
    assert "the employee themself" in detail and "supervisors" in detail and "unit admin" in detail
    assert "agency admins" in detail and "your unit" not in detail


@pytest.mark.parametrize("path,extra", [("org-units", {}), ("jobs", {}), ("positions", {})])
async def test_positions_codes_unique_ignoring_case(world, path: str, extra: dict) -> None:
    unit = await world.unit()
    job = await world.job()

    async def make(code: str) -> httpx.Response:
        body: dict[str, Any] = {"code": code}
        if path == "org-units":
            body |= {"name": "Bidang", "kind": "BIDANG", "parent_id": unit["id"], "valid_from": "2015-01-01"}
        elif path == "jobs":
            body |= {"name": "Pengadministrasi", "kind": "PELAKSANA", "kelas_jabatan": 5}
        else:
            body |= {"unit_id": unit["id"], "job_id": job["id"], "required_seats": 2}
        return await world.c.post(f"/api/v1/{path}", json=body, headers=world.admin)

    first = await make("BKPSDM-X")
    assert first.status_code == 201, first.text
    clash = await make("bkpsdm-x")
    assert clash.status_code == 409 and clash.json()["code"].endswith("_code_taken"), clash.text
    # PATCH to a case variant of another record's code is refused too.
    other = await make("OTHER-1")
    r = await world.c.patch(f"/api/v1/{path}/{other.json()['id']}", json={"code": "Bkpsdm-X"}, headers=world.admin)
    assert r.status_code == 409, r.text
    # Simultaneous case variants race past the check: the database index lets exactly one in.
    results = await asyncio.gather(make("RACE-A"), make("race-a"), make("Race-A"))
    assert sorted(r.status_code for r in results) == [201, 409, 409], [r.text for r in results]
    # Another agency may use the same code.
    world = await type(world)(world.c, world.tokens).setup()
    unit, job = await world.unit(), await world.job()
    assert (await make("bkpsdm-x")).status_code == 201

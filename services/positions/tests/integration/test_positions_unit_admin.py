"""A unit admin manages assignments and reads employees inside their unit subtree, and nothing outside it."""

from __future__ import annotations


async def _scene(world):
    root = await world.unit("Dinas Pendidikan")
    child = await world.unit("Bidang SD", parent=root["id"], kind="BIDANG")
    other = await world.unit("Dinas Kesehatan")
    job = await world.job()
    inside, inside2 = (await world.position(child, job, required_seats=3),
                       await world.position(root, job, required_seats=3))
    outside = await world.position(other, job, required_seats=3)
    e_in, e_out, e_free = await world.employee(), await world.employee(), await world.employee()
    a_in = await world.assign(e_in, inside)
    a_out = await world.assign(e_out, outside)
    ua = world.h("unit_admin", unit_id=root["id"], sub="ua-pendidikan")
    return root, inside, inside2, outside, e_in, e_out, e_free, a_in, a_out, ua


def _body(emp: dict, pos: dict, **kw) -> dict:
    return {"employee_id": emp["id"], "position_id": pos["id"], "kind": "definitive", "tmt_start": "2024-07-01",
            "sk_number": "SK-UA", "sk_date": "2024-06-20", "reason": "rotation", **kw}


async def test_positions_unit_admin_moves_people_within_subtree(world) -> None:
    root, inside, inside2, outside, e_in, e_out, e_free, a_in, a_out, ua = await _scene(world)
    moved = await world.ok("POST", "/api/v1/assignments", headers=ua,
                           json=_body(e_in, inside2, end_current_definitive=True))
    assert moved["ended_assignment_id"] == a_in["id"]
    assert (await world.c.get(f"/api/v1/employees/{e_in['id']}", headers=ua)).status_code == 200
    mine = await world.ok("GET", "/api/v1/assignments", status=200, headers=ua)
    assert {a["employee_id"] for a in mine["items"]} == {e_in["id"]} and mine["total"] == 2
    await world.ok("POST", f"/api/v1/assignments/{moved['id']}/end", status=200, headers=ua,
                   json={"tmt_end": "2024-12-31", "end_reason": "rotation"})
    listed = await world.ok("GET", "/api/v1/employees", status=200, headers=ua)
    assert e_out["id"] not in {e["id"] for e in listed["items"]}


async def test_positions_unit_admin_denied_outside_subtree(world) -> None:
    root, inside, inside2, outside, e_in, e_out, e_free, a_in, a_out, ua = await _scene(world)
    audit_before = (await world.ok("GET", "/api/v1/position-audit", status=200))["total"]
    denials = [
        ("POST", "/api/v1/assignments", _body(e_in, outside, end_current_definitive=True)),  # seat outside
        ("POST", "/api/v1/assignments", _body(e_out, inside)),  # person outside
        ("POST", "/api/v1/assignments", _body(e_free, inside)),  # person placed nowhere: the agency admin's job
        ("POST", f"/api/v1/assignments/{a_out['id']}/end", {"tmt_end": "2024-12-31", "end_reason": "rotation"}),
        ("GET", f"/api/v1/assignments/{a_out['id']}", None),
        ("GET", f"/api/v1/employees/{e_out['id']}", None),
        ("GET", f"/api/v1/employees/{e_out['id']}/career", None),
        ("GET", f"/api/v1/employees/by-nip/{e_out['nip']}", None),
        ("PATCH", f"/api/v1/employees/{e_in['id']}", {"name": "Nama Baru"}),  # reading is not editing
        ("GET", "/api/v1/position-audit", None),
    ]
    for method, url, body in denials:
        r = await world.c.request(method, url, json=body, headers=ua)
        assert r.status_code == 403, (method, url, r.text)
        assert r.json()["code"] == "forbidden"
    assert (await world.ok("GET", "/api/v1/position-audit", status=200))["total"] == audit_before
    # Unknown ids stay 404 (not 403) so a unit admin learns nothing about ids.
    r = await world.c.post("/api/v1/assignments", headers=ua,
                           json={**_body(e_in, inside), "position_id": "00000000-0000-4000-8000-000000000000"})
    assert r.status_code == 404 and r.json()["errors"][0]["loc"] == ["body", "position_id"]
    # A unit admin of another agency sees nothing at all.
    foreign = world.tokens.headers("unit_admin", agency_id="11111111-1111-4111-8111-111111111111",
                                   unit_id=root["id"])
    assert (await world.c.get(f"/api/v1/assignments/{a_in['id']}", headers=foreign)).status_code == 404

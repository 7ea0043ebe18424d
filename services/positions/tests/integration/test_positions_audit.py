"""The agency admin reads the audit trail (shared audit helper), filtered and paginated; others cannot."""
from __future__ import annotations

from merit_shared import clock


async def test_positions_audit_trail_filters_and_pages(world) -> None:
    unit = await world.unit()
    pos = await world.position(unit, await world.job(), required_seats=2)
    emp = await world.employee()
    a = await world.assign(emp, pos)
    await world.ok("POST", f"/api/v1/assignments/{a['id']}/end", status=200,
                   json={"tmt_end": "2024-12-31", "end_reason": "rotation"})
    everything = await world.ok("GET", "/api/v1/position-audit?limit=200", status=200)
    assert everything["total"] >= 6 and {"org_unit", "job", "position", "employee", "assignment"} <= {
        i["entity"] for i in everything["items"]}
    one = await world.ok("GET", f"/api/v1/position-audit?entity=assignment&entity_id={a['id']}", status=200)
    assert [i["action"] for i in one["items"]] == ["assignment.end", "assignment.create"]
    ended = one["items"][0]
    assert ended["before"]["tmt_end"] is None and ended["after"]["tmt_end"] == "2024-12-31"
    assert ended["actor"] == "admin" and ended["agency_id"] == str(world.agency_id)
    page = await world.ok("GET", "/api/v1/position-audit?limit=2&offset=1", status=200)
    assert len(page["items"]) == 2 and page["total"] == everything["total"] and page["offset"] == 1
    today = clock.today().isoformat()
    assert (await world.ok("GET", f"/api/v1/position-audit?date_from={today}&date_to={today}",
                           status=200))["total"] == everything["total"]
    assert (await world.ok("GET", "/api/v1/position-audit?date_to=2000-01-01", status=200))["total"] == 0
    assert (await world.ok("GET", "/api/v1/position-audit?actor=nobody", status=200))["total"] == 0
    for role in ("unit_admin", "employee"):
        assert (await world.c.get("/api/v1/position-audit", headers=world.h(role))).status_code == 403
    # the PPK reads the audit trails too (merit_shared.authz.AuditReader), as does the inspectorate's auditor
    assert (await world.c.get("/api/v1/position-audit", headers=world.h("ppk"))).status_code == 200
    other = world.tokens.headers("agency_admin", agency_id="22222222-2222-4222-8222-222222222222")
    assert (await world.ok("GET", "/api/v1/position-audit", status=200, headers=other))["total"] == 0

"""Seat holders' NIPs and employee ids reach a caller only when the caller's scope covers that person.

Two agencies, every role: the people a role identifies through a position read are exactly the people whose
employee record it may read (`GET /employees/{id}`), because both come from `covers_person`.
"""

from __future__ import annotations

from typing import Any as World

PEOPLE = ("kabid", "e1", "e2", "e3")


async def _scene(world: World) -> dict:
    dinas = await world.unit("Dinas Pendidikan")
    bidang = await world.unit("Bidang SD", parent=dinas["id"], kind="BIDANG")
    other = await world.unit("Dinas Kesehatan")
    staff = await world.job()
    kabid_pos = await world.position(bidang, await world.job("ADMINISTRATOR"), is_head=True)
    inside = await world.position(bidang, staff, required_seats=3)
    outside = await world.position(other, staff, required_seats=3)
    vacant_head = await world.position(other, await world.job("ADMINISTRATOR"), is_head=True)
    people = {k: await world.employee() for k in PEOPLE}
    for who, pos in (("kabid", kabid_pos), ("e1", inside), ("e2", inside), ("e3", outside)):
        await world.assign(people[who], pos)
    await world.long_acting()
    await world.assign(people["e1"], vacant_head, kind="plt", tmt="2024-01-02", tmt_end="2030-12-31")  # an acting official is a person too
    return {"dinas": dinas, "other": other, "inside": inside, "outside": outside, "kabid_pos": kabid_pos,
            "vacant_head": vacant_head, "people": people}


DEFINITIVE = {"inside": {"e1", "e2"}, "outside": {"e3"}, "kabid_pos": {"kabid"}, "vacant_head": set()}
ACTING = {"inside": set(), "outside": set(), "kabid_pos": set(), "vacant_head": {"e1"}}


def _roles(world: World, s: dict) -> dict[str, tuple[dict, set[str], set[str]]]:
    """Each actor, the people its scope covers (keys of ``s["people"]``) and, for a unit admin, the positions
    of its subtree (whose every holder it may identify)."""
    p = s["people"]
    return {
        "agency_admin": (world.admin, set(PEOPLE), set()),
        "ppk": (world.h("ppk", sub="ppk"), set(PEOPLE), set()),
        "service": (world.service, set(PEOPLE), set()),
        "unit_admin_dinas": (world.h("unit_admin", unit_id=s["dinas"]["id"], sub="ua1"), {"kabid", "e1", "e2"},
                             {"inside", "kabid_pos"}),
        "unit_admin_other": (world.h("unit_admin", unit_id=s["other"]["id"], sub="ua2"), {"e3"},
                             {"outside", "vacant_head"}),
        "supervisor_kabid": (world.h("supervisor", employee_id=p["kabid"]["id"], sub="kabid"), {"kabid", "e1", "e2"},
                             set()),
        "employee_e1": (world.h("employee", employee_id=p["e1"]["id"], sub="e1"), {"e1"}, set()),
        "panel_member": (world.h("panel_member", sub="pm"), set(), set()),
    }


def _seen(holders: list[dict], people: dict) -> set[str]:
    by_nip = {v["nip"]: k for k, v in people.items()}
    out = set()
    for h in holders:
        assert (h["nip"] is None) == (h["employee_id"] is None), h  # both shown or both hidden
        assert h["display_name"], h  # the name is always kept
        if h["nip"] is not None:
            assert people[by_nip[h["nip"]]]["id"] == h["employee_id"]
            out.add(by_nip[h["nip"]])
    return out


async def test_positions_holder_identity_follows_caller_scope(world: World, client, tokens) -> None:
    s = await _scene(world)
    people = s["people"]
    for role, (h, covered, subtree) in _roles(world, s).items():
        readable = {k for k, e in people.items()
                    if (await client.get(f"/api/v1/employees/{e['id']}", headers=h)).status_code == 200}
        assert readable == covered, role  # the employee read and the position reads share one rule
        for pos_key in DEFINITIVE:
            pid = s[pos_key]["id"]
            sees = set(PEOPLE) if pos_key in subtree else covered  # a unit admin: both
            detail = await world.ok("GET", f"/api/v1/positions/{pid}", status=200, headers=h)
            assert _seen(detail["holders"], people) == DEFINITIVE[pos_key] & sees, (role, pos_key)
            assert _seen(detail["acting"], people) == ACTING[pos_key] & sees, (role, pos_key)
            assert len(detail["holders"]) == detail["filled"] == len(DEFINITIVE[pos_key])
            assert len(detail["acting"]) == len(ACTING[pos_key])
            everyone = DEFINITIVE[pos_key] | ACTING[pos_key]
            on = (await world.ok("GET", f"/api/v1/positions/{pid}/holders", status=200, headers=h))["items"]
            assert len(on) == len(everyone) and _seen(on, people) == everyone & sees, (role, pos_key)
            hist = (await world.ok("GET", f"/api/v1/positions/{pid}/assignments", status=200, headers=h))["items"]
            assert len(hist) == len(everyone) and _seen(hist, people) == everyone & sees, (role, pos_key)


async def test_positions_unit_admin_lists_assignments_of_own_subtree_only(world: World, client, tokens) -> None:
    s = await _scene(world)
    people = s["people"]
    ids = {v["id"]: k for k, v in people.items()}
    for role, (h, covered, subtree) in _roles(world, s).items():
        q = {"agency_id": str(world.agency_id)} if role == "service" else {}
        r = await client.get("/api/v1/assignments", params=q, headers=h)
        if role in ("supervisor_kabid", "employee_e1", "panel_member"):
            assert r.status_code == 403, (role, r.text)
            continue
        assert r.status_code == 200, (role, r.text)
        listed = {(ids[a["employee_id"]], a["position_id"]) for a in r.json()["items"]}
        expected = {(who, s[k]["id"]) for k in DEFINITIVE for who in DEFINITIVE[k] | ACTING[k]
                    if not subtree or k in subtree}
        assert listed == expected, role
        # Naming a person or a seat outside the subtree as a filter reveals nothing either.
        for who in set(PEOPLE) - {w for w, _ in expected}:
            r = await client.get("/api/v1/assignments", params={**q, "employee_id": people[who]["id"]}, headers=h)
            assert r.status_code == 200 and r.json()["items"] == [] and r.json()["total"] == 0, (role, who)
        if "e3" not in covered:
            r = await client.get("/api/v1/assignments", params={**q, "position_id": s["outside"]["id"]}, headers=h)
            assert r.json()["total"] == 0, role


async def test_positions_other_agency_reads_no_holders(world: World, client, tokens) -> None:
    s = await _scene(world)
    other = await type(world)(client, tokens).setup()
    theirs = await _scene(other)
    for h in (other.admin, other.h("ppk"), other.h("unit_admin", unit_id=theirs["dinas"]["id"]),
              other.h("employee", employee_id=theirs["people"]["e1"]["id"]),
              other.h("supervisor", employee_id=theirs["people"]["kabid"]["id"])):
        for url in ("", "/holders", "/assignments"):
            r = await client.get(f"/api/v1/positions/{s['inside']['id']}{url}", headers=h)
            assert r.status_code == 404, (url, r.text)
        r = await client.get("/api/v1/assignments", params={"position_id": s["inside"]["id"]}, headers=other.admin)
        assert r.status_code == 200 and r.json()["total"] == 0
    # A person of the other agency with the same employee id cannot exist, but the same role name does nothing:
    # agency A's supervisor token does not reach B's subordinates.
    h = world.h("supervisor", employee_id=s["people"]["kabid"]["id"])
    r = await client.get(f"/api/v1/positions/{theirs['inside']['id']}", headers=h)
    assert r.status_code == 404

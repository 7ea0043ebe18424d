"""A seat holder's NIP and employee id reach only those who may read that person (README, Roles); everyone else
of the agency sees the name. Two agencies, every role."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from merit_shared.testing import TokenFactory


async def test_positions_holder_nip_follows_the_read_rule(world: Any, client: httpx.AsyncClient,
                                                          tokens: TokenFactory) -> None:
    dinas = await world.unit("Dinas")
    bidang = await world.unit("Bidang", parent=dinas["id"], kind="BIDANG")
    badan = await world.unit("Badan", kind="BADAN")
    staff_job = await world.job()
    seat = await world.position(bidang, staff_job, required_seats=2)
    holder, colleague = await world.employee(), await world.employee()
    await world.assign(holder, seat)
    await world.assign(colleague, seat)
    pid = seat["id"]
    sees = {"admin": world.admin, "ppk": world.h("ppk"), "self": world.h("employee", employee_id=holder["id"]),
            "unit admin of the subtree": world.h("unit_admin", unit_id=dinas["id"])}
    blind = {"colleague": world.h("employee", employee_id=colleague["id"]),
             "unit admin elsewhere": world.h("unit_admin", unit_id=badan["id"]),
             "panel member": world.h("panel_member", employee_id=str(uuid.uuid4()))}
    urls = [f"/api/v1/positions/{pid}", f"/api/v1/positions/{pid}/holders", f"/api/v1/positions/{pid}/assignments"]

    def rows(url: str, body: object) -> list[dict]:
        return body["holders"] if url.endswith(pid) else body["items"]  # type: ignore[index,return-value]

    for who, h in {**sees, **blind}.items():
        for url in urls:
            r = await client.get(url, headers=h)
            assert r.status_code == 200, (who, url, r.text)
            got = {row["display_name"]: row for row in rows(url, r.json())}
            assert len(got) == 2
            if who in sees:
                assert holder["nip"] in {row["nip"] for row in got.values()}, (who, url)
            else:
                assert holder["nip"] not in r.text and holder["id"] not in r.text, (who, url)
                assert all(row["display_name"] for row in got.values())  # names stay visible
    # The colleague still sees their own NIP; another agency sees nothing at all.
    r = await client.get(f"/api/v1/positions/{pid}/holders", headers=blind["colleague"])
    assert colleague["nip"] in r.text
    stranger = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    for url in urls:
        assert (await client.get(url, headers=stranger)).status_code == 404

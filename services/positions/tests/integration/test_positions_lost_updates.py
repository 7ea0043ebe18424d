"""Ten concurrent writers sending the same If-Match: exactly one wins, nine get 412, the version moves by one.

The requests run concurrently through the ASGI app, each in its own request session and transaction.
"""

from __future__ import annotations

import asyncio
from typing import Any

N = 10


async def _race(world: Any, read_url: str, method: str, url: str, bodies: list[dict]) -> tuple[list[int], dict]:
    first = await world.c.get(read_url, headers=world.admin)
    assert first.status_code == 200, first.text
    etag = first.headers["ETag"]
    rs = await asyncio.gather(*[world.c.request(method, url, json=b, headers={**world.admin, "If-Match": etag})
                                for b in bodies])
    statuses = sorted(r.status_code for r in rs)
    for r in rs:
        if r.status_code == 412:
            assert r.json()["code"] == "precondition_failed", r.text
    after = await world.c.get(read_url, headers=world.admin)
    assert after.json()["version"] == first.json()["version"] + 1, (statuses, after.text)
    assert after.headers["ETag"] != etag
    winner = next(r for r in rs if r.status_code == 200)
    # the same version (a read's ETag adds a digest of what was shown: merit_shared.conventions.with_body_digest)
    assert winner.headers["ETag"].split(".")[0].strip('"') == after.headers["ETag"].split(".")[0].strip('"')
    return statuses, after.json()


async def _audit(world: Any, action: str, entity_id: str) -> int:
    page = await world.ok("GET", "/api/v1/position-audit", status=200, params={"limit": 200})
    return sum(1 for e in page["items"] if e["action"] == action and str(e["entity_id"]) == entity_id)


async def test_positions_org_unit_patch_one_writer_wins(world) -> None:
    unit = await world.unit("Dinas Uji")
    statuses, after = await _race(world, f"/api/v1/org-units/{unit['id']}", "PATCH", f"/api/v1/org-units/{unit['id']}",
                                  [{"siasn_unor_id": f"NAT-{i}"} for i in range(N)])
    assert statuses == [200] + [412] * (N - 1)
    assert await _audit(world, "org_unit.update", unit["id"]) == 1


async def test_positions_org_unit_rename_one_writer_wins(world) -> None:
    unit = await world.unit("Dinas Uji")
    statuses, after = await _race(world, f"/api/v1/org-units/{unit['id']}", "POST",
                                  f"/api/v1/org-units/{unit['id']}/rename",
                                  [{"name": f"Dinas Baru {i}", "effective_date": "2024-01-01"} for i in range(N)])
    assert statuses == [200] + [412] * (N - 1)
    history = await world.ok("GET", f"/api/v1/org-units/{unit['id']}/history", status=200)
    assert [v["name"] for v in history["items"]] == ["Dinas Uji", after["name"]]  # one rename kept, the winner's


async def test_positions_agency_patch_one_writer_wins(world) -> None:
    url = f"/api/v1/agencies/{world.agency_id}"
    statuses, after = await _race(world, url, "PATCH", url, [{"name": f"Pemerintah Kota Uji {i}"} for i in range(N)])
    assert statuses == [200] + [412] * (N - 1)


async def test_positions_agency_policy_put_one_writer_wins(world) -> None:
    url = f"/api/v1/agencies/{world.agency_id}/policy"
    bodies = [{"blackout_windows": [{"start": f"2025-0{1 + i % 9}-01", "end": f"2025-0{1 + i % 9}-20",
                                     "reason": f"Pilkada {i}"}]} for i in range(N)]
    statuses, after = await _race(world, url, "PUT", url, bodies)
    assert statuses == [200] + [412] * (N - 1)
    assert len(after["blackout_windows"]) == 1
    # A second round on the row that now exists behaves the same.
    statuses, _ = await _race(world, url, "PUT", url, bodies)
    assert statuses == [200] + [412] * (N - 1)


async def test_positions_stale_if_match_is_refused_and_changes_nothing(world) -> None:
    unit = await world.unit("Dinas Uji")
    url = f"/api/v1/org-units/{unit['id']}"
    etag = (await world.c.get(url, headers=world.admin)).headers["ETag"]
    await world.ok("PATCH", url, status=200, json={"siasn_unor_id": "A"}, headers={**world.admin, "If-Match": etag})
    r = await world.c.patch(url, json={"siasn_unor_id": "B"}, headers={**world.admin, "If-Match": etag})
    assert r.status_code == 412 and r.json()["code"] == "precondition_failed"
    assert (await world.ok("GET", url, status=200))["siasn_unor_id"] == "A"


async def test_positions_job_position_employee_patch_one_writer_wins(world) -> None:
    unit = await world.unit("Dinas Uji")
    job = await world.job()
    pos = await world.position(unit, job, required_seats=3)
    emp = await world.employee()
    for kind, entity, bodies in (
        ("jobs", job, [{"name": f"Jabatan Baru {i}"} for i in range(N)]),
        ("positions", pos, [{"required_seats": 4 + i} for i in range(N)]),
        ("employees", emp, [{"name": f"Pegawai Baru {i}"} for i in range(N)]),
    ):
        url = f"/api/v1/{kind}/{entity['id']}"
        statuses, _ = await _race(world, url, "PATCH", url, bodies)
        assert statuses == [200] + [412] * (N - 1), kind

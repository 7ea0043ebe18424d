"""Ten concurrent writers holding the same ETag: exactly one wins, nine get 412 (agency and its policy)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


async def _race(client: httpx.AsyncClient, world: Any, method: str, url: str, bodies: list[dict]) -> list[int]:
    etag = (await client.get(url, headers=world.admin)).headers["etag"]
    answers = await asyncio.gather(*[client.request(method, url, json=b, headers={**world.admin, "If-Match": etag})
                                     for b in bodies])
    return sorted(r.status_code for r in answers)


async def test_positions_agency_patch_concurrent_writers_one_wins(client: httpx.AsyncClient, world: Any) -> None:
    url = f"/api/v1/agencies/{world.agency_id}"
    before = (await client.get(url, headers=world.admin)).json()
    codes = await _race(client, world, "PATCH", url, [{"name": f"Pemerintah Kota Uji {i}"} for i in range(10)])
    assert codes == [200] + [412] * 9, codes
    after = (await client.get(url, headers=world.admin)).json()
    assert after["version"] == before["version"] + 1


async def test_positions_policy_put_concurrent_writers_one_wins(client: httpx.AsyncClient, world: Any) -> None:
    url = f"/api/v1/agencies/{world.agency_id}/policy"
    first = await client.put(url, json={"blackout_windows": []}, headers=world.admin)  # the row exists from here on
    assert first.status_code == 200, first.text
    codes = await _race(client, world, "PUT", url, [{"blackout_windows": []} for _ in range(10)])
    assert codes == [200] + [412] * 9, codes

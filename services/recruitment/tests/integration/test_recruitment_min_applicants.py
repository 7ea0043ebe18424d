"""Too few applicants at the end of registration: closing it extends registration instead, as the process policy
says (by default up to twice by 7 days), and each extension is recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from merit_shared import clock


def _after(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day) + timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=6)


async def _apply(client: httpx.AsyncClient, world: Any, sid: str) -> None:
    person = world.employee()
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])
    assert r.status_code == 201, r.text


async def test_recruitment_too_few_applicants_extend_registration_twice_then_it_closes(
        client: httpx.AsyncClient, world: Any) -> None:
    sel = await world.open_selection()
    sid, end = sel["id"], sel["schedule"]["registration_end"]
    await _apply(client, world, sid)
    ends = [end]
    for n in (1, 2):
        with clock.frozen(_after(ends[-1])):
            out = await world.act(sid, "close-registration")
        assert out["status"] == "REGISTRATION" and out["registration_extensions"] == n, out
        new_end = out["schedule"]["registration_end"]
        assert date.fromisoformat(new_end) == date.fromisoformat(ends[-1]) + timedelta(days=7)
        ends.append(new_end)
    rows = (await client.get(f"/api/v1/selections/{sid}/extensions", headers=world.admin)).json()["items"]
    assert [(x["number"], x["previous_registration_end"], x["new_registration_end"], x["applicant_count"])
            for x in rows] == [(1, ends[0], ends[1], 1), (2, ends[1], ends[2], 1)]
    assert all("otomatis" in x["reason"] for x in rows)
    with clock.frozen(_after(ends[-1])):  # no extension left: registration closes
        out = await world.act(sid, "close-registration")
    assert out["status"] == "SCREENING" and out["registration_extensions"] == 2
    # The other agency sees none of it.
    other = type(world)(client, world.tokens, world.dir)
    r = await client.get(f"/api/v1/selections/{sid}/extensions", headers=other.admin)
    assert r.status_code == 404


async def test_recruitment_enough_applicants_an_early_close_or_the_policy_off_close_at_once(
        client: httpx.AsyncClient, world: Any) -> None:
    full = await world.open_selection()
    for _ in range(4):
        await _apply(client, world, full["id"])
    with clock.frozen(_after(full["schedule"]["registration_end"])):
        assert (await world.act(full["id"], "close-registration"))["status"] == "SCREENING"
    early = await world.open_selection()
    out = await world.act(early["id"], "close-registration", {"reason": "Disetujui panitia; ditutup lebih awal."})
    assert out["status"] == "SCREENING"
    off = await world.open_selection(policies={"process": {"auto_extend_registration": False}})
    with clock.frozen(_after(off["schedule"]["registration_end"])):
        assert (await world.act(off["id"], "close-registration"))["status"] == "SCREENING"
    for sel in (full, early, off):
        assert (await client.get(f"/api/v1/selections/{sel['id']}/extensions", headers=world.admin)).json()["items"] == []

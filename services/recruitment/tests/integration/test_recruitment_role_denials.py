"""Who may read the committee's side of a selection, and acts only their own actor may take (two agencies;
positions faked). Rules: tests/authz/rules.py; each case was a leak in tests/authz/leaks.py."""

from __future__ import annotations

import uuid
from typing import Any

import httpx


def _staff(tokens: Any, agency: uuid.UUID, role: str) -> dict[str, str]:
    return tokens.headers(role, agency_id=agency, unit_id=uuid.uuid4(), employee_id=uuid.uuid4(),
                          sub=f"{role}-{uuid.uuid4().hex[:6]}")


async def _with_committee(world: Any, client: httpx.AsyncClient) -> tuple[str, list[dict[str, str]]]:
    sel = await world.open_selection()
    members, heads = world.committee_body()
    r = await client.put(f"/api/v1/selections/{sel['id']}/committee", json={"members": members}, headers=world.admin)
    assert r.status_code == 200, r.text
    return sel["id"], heads


async def test_recruitment_committee_side_is_for_admin_ppk_and_committee(client: httpx.AsyncClient, world: Any,
                                                                         tokens: Any, directory: Any) -> None:
    """Members and their logins, conflict declarations and the events' actors: agency admin, PPK and the
    selection's committee; unit admins and supervisors, who read the selection's settings, get 403; another
    agency (its admin, or a member of its own committee) gets 404."""
    sid, heads = await _with_committee(world, client)
    other = type(world)(client, tokens, directory)
    other_sid, other_heads = await _with_committee(other, client)
    allowed = [world.admin, _staff(tokens, world.agency, "ppk"), heads[0], heads[-1]]  # chair (internal), external
    denied = [_staff(tokens, world.agency, "unit_admin"), _staff(tokens, world.agency, "supervisor")]
    strangers = [other.admin, _staff(tokens, other.agency, "ppk"), other_heads[-1]]
    for h in denied:  # they read the selection itself
        assert (await client.get(f"/api/v1/selections/{sid}", headers=h)).status_code == 200
    for path in ("committee", "committee/declarations", "events"):
        url = f"/api/v1/selections/{sid}/{path}"
        for h in allowed:
            assert (await client.get(url, headers=h)).status_code == 200, (path, h)
        for h in denied:
            r = await client.get(url, headers=h)
            assert r.status_code == 403, (path, r.text)
            assert "panel-" not in r.text  # no member's login in the refusal
        for h in strangers:
            assert (await client.get(url, headers=h)).status_code == 404, path
        # the other agency's committee still reads its own
        assert (await client.get(f"/api/v1/selections/{other_sid}/{path}", headers=other_heads[-1])).status_code == 200


async def test_recruitment_appeals_are_not_for_unit_admins(client: httpx.AsyncClient, world: Any, tokens: Any,
                                                           directory: Any) -> None:
    sid, heads = await _with_committee(world, client)
    other = type(world)(client, tokens, directory)
    url = f"/api/v1/selections/{sid}/appeals"
    for h in (world.admin, _staff(tokens, world.agency, "ppk"), _staff(tokens, world.agency, "supervisor"), heads[1]):
        assert (await client.get(url, headers=h)).status_code == 200
    assert (await client.get(url, headers=_staff(tokens, world.agency, "unit_admin"))).status_code == 403
    for h in (other.admin, _staff(tokens, other.agency, "unit_admin")):
        assert (await client.get(url, headers=h)).status_code == 404

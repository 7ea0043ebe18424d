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


async def _apply(client: httpx.AsyncClient, world: Any, sid: str) -> tuple[str, dict[str, Any]]:
    person = world.employee(name="Ratna Sari")
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])
    assert r.status_code == 201, r.text
    return r.json()["id"], person


async def test_recruitment_verification_is_the_agency_admins(client: httpx.AsyncClient, world: Any, tokens: Any,
                                                             directory: Any) -> None:
    """A committee member reads the applications of their selection but does not verify them (the BKPSDM's
    administrative act): 403, not listed, nothing changed. Another agency's admin gets 404."""
    sid, heads = await _with_committee(world, client)
    app_id, _ = await _apply(client, world, sid)
    other = type(world)(client, tokens, directory)
    _, other_heads = await _with_committee(other, client)
    url = f"/api/v1/applications/{app_id}"
    body = {"decision": "ACCEPT"}
    for h in (heads[0], heads[-1]):
        got = await client.get(url, headers=h)
        assert got.status_code == 200 and "verify" not in got.json()["allowed_actions"], got.text
        r = await client.post(f"{url}/verify", json=body, headers=h)
        assert r.status_code == 403, r.text
    for h in (other.admin, other_heads[0]):
        assert (await client.post(f"{url}/verify", json=body, headers=h)).status_code == 404
    assert (await client.get(url, headers=world.admin)).json()["status"] == "SUBMITTED"
    await world.complete_documents(app_id)
    assert "verify" in (await client.get(url, headers=world.admin)).json()["allowed_actions"]
    r = await client.post(f"{url}/verify", json=body, headers=world.admin)
    assert r.status_code == 200 and r.json()["status"] == "VERIFIED", r.text


async def test_recruitment_only_the_applicant_withdraws(client: httpx.AsyncClient, world: Any, tokens: Any,
                                                        directory: Any) -> None:
    """The agency admin reads an application but does not withdraw it in the applicant's name: 403, not listed,
    nothing changed; another agency's admin gets 404; the applicant withdraws."""
    sel = await world.open_selection()
    app_id, person = await _apply(client, world, sel["id"])
    other = type(world)(client, tokens, directory)
    url = f"/api/v1/applications/{app_id}"
    got = (await client.get(url, headers=world.admin)).json()
    assert "withdraw" not in got["allowed_actions"], got["allowed_actions"]
    r = await client.post(f"{url}/withdraw", headers=world.admin)
    assert r.status_code == 403, r.text
    assert (await client.post(f"{url}/withdraw", headers=other.admin)).status_code == 404
    mine = (await client.get(url, headers=person["headers"])).json()
    assert mine["status"] == "SUBMITTED" and "withdraw" in mine["allowed_actions"]
    r = await client.post(f"{url}/withdraw", headers=person["headers"])
    assert r.status_code == 200 and r.json()["status"] == "WITHDRAWN", r.text


async def test_recruitment_only_the_member_files_their_declaration(client: httpx.AsyncClient, world: Any,
                                                                  tokens: Any, directory: Any) -> None:
    """A conflict declaration is the member's own statement: the agency admin (or another member, or a unit
    admin) filing it in the member's name gets 403 and nothing is stored; another agency's admin gets 404."""
    sid, heads = await _with_committee(world, client)
    app_id, _ = await _apply(client, world, sid)
    other = type(world)(client, tokens, directory)
    committee = (await client.get(f"/api/v1/selections/{sid}/committee", headers=world.admin)).json()
    member = next(m for m in committee["members"] if m["role"] == "CHAIR")  # heads[0]
    url = f"/api/v1/selections/{sid}/committee/{member['id']}/declarations/{app_id}"
    body = {"has_conflict": True, "reason": "Diisi atas nama anggota"}
    for h in (world.admin, heads[1], _staff(tokens, world.agency, "unit_admin")):
        r = await client.put(url, json=body, headers=h)
        assert r.status_code == 403, r.text
    assert (await client.put(url, json=body, headers=other.admin)).status_code == 404
    declarations = f"/api/v1/selections/{sid}/committee/declarations"
    assert (await client.get(declarations, headers=world.admin)).json()["items"] == []
    r = await client.put(url, json={"has_conflict": False}, headers=heads[0])
    assert r.status_code == 200 and r.json()["has_conflict"] is False, r.text
    assert [d["member_id"] for d in (await client.get(declarations, headers=world.admin)).json()["items"]] == [member["id"]]


async def test_recruitment_selection_allowed_actions_are_the_callers(client: httpx.AsyncClient, world: Any,
                                                                     tokens: Any, directory: Any) -> None:
    """During registration the agency admin is offered extend/close/cancel and may take them; a unit admin,
    supervisor, PPK or committee member who reads the selection is offered nothing and each action answers 403;
    another agency's admin reads nothing and each action answers 404. Nothing changes on a refusal."""
    sid, heads = await _with_committee(world, client)
    other = type(world)(client, tokens, directory)
    url = f"/api/v1/selections/{sid}"
    admin_actions = ["extend_registration", "close_registration", "cancel"]
    reason = {"reason": "Uji: tindakan atas nama admin instansi"}
    got = (await client.get(url, headers=world.admin)).json()
    assert got["allowed_actions"] == admin_actions, got["allowed_actions"]
    readers = {role: _staff(tokens, world.agency, role) for role in ("unit_admin", "supervisor", "ppk")}
    for who, h in {**readers, "chair": heads[0]}.items():
        got = await client.get(url, headers=h)
        assert got.status_code == 200 and got.json()["allowed_actions"] == [], (who, got.text)
        for action in admin_actions:
            r = await client.post(f"{url}/{action.replace('_', '-')}", json=reason, headers=h)
            assert r.status_code == 403, (who, action, r.text)
        # the role is checked before the body is read: a refused caller learns nothing from a 422
        assert (await client.post(f"{url}/cancel", json={}, headers=h)).status_code == 403, who
    assert (await client.get(url, headers=other.admin)).status_code == 404
    for action in admin_actions:
        r = await client.post(f"{url}/{action.replace('_', '-')}", json=reason, headers=other.admin)
        assert r.status_code == 404, (action, r.text)
    after = (await client.get(url, headers=world.admin)).json()
    assert after["status"] == "REGISTRATION" and after["version"] == got.json()["version"]
    assert after["registration_extensions"] == 0
    r = await client.post(f"{url}/extend-registration", json=reason, headers=world.admin)
    assert r.status_code == 201, r.text


async def test_recruitment_decision_actions_are_the_ppks(client: httpx.AsyncClient, world: Any, tokens: Any) -> None:
    """Before the proposal the PPK is offered nothing; deciding is refused to the agency admin (403), another
    agency's PPK (404) and, whatever the state, answers 403 before 409 to a role that may not decide."""
    sel = await world.open_selection()
    url = f"/api/v1/selections/{sel['id']}"
    ppk = _staff(tokens, world.agency, "ppk")
    assert (await client.get(url, headers=ppk)).json()["allowed_actions"] == []
    body = {"sk_number": "821/UJI", "sk_date": "2025-06-01", "tmt_start": "2025-06-02",
            "chosen_application_id": str(uuid.uuid4())}
    assert (await client.post(f"{url}/decide", json=body, headers=world.admin)).status_code == 403
    assert (await client.post(f"{url}/decide", json={}, headers=world.admin)).status_code == 403  # before the body
    assert (await client.post(f"{url}/decide", json=body,
                              headers=_staff(tokens, uuid.uuid4(), "ppk"))).status_code == 404
    r = await client.post(f"{url}/decide", json=body, headers=ppk)
    assert r.status_code == 409 and r.json()["code"] == "transition_not_allowed", r.text

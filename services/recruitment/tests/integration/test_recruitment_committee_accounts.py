"""Committee seats name gateway accounts: a seat is held by the account's tokens only, never by another account
(of any agency) that registered the same username; a subject alone is resolved once, when the committee is saved;
accounts that cannot sit are refused (422), an unreachable gateway answers 503 (accounts faked)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import sqlalchemy as sa

EARLY = {"reason": "Calon sudah cukup; ditutup lebih awal atas persetujuan panitia."}


async def _assessing(client: httpx.AsyncClient, world: Any, members: list[dict[str, Any]]) -> tuple[str, str, str]:
    """A selection in assessment with one qualified application and ``members`` as its committee."""
    sel = await world.open_selection(**world.NO_APPEAL_WINDOW)
    sid = sel["id"]
    applicant = world.employee(name="Rudi Hartono")
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=applicant["headers"])
    assert r.status_code == 201, r.text
    app_id = r.json()["id"]
    await world.qualify(app_id)
    await world.act(sid, "close-registration", EARLY)
    assert (await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "SCREENING"},
                              headers=world.admin)).status_code == 201
    r = await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin)
    assert r.status_code == 200, r.text
    sel = await world.act(sid, "start-assessment")
    code = next(s["code"] for s in sel["stages"] if s["kind"] != "PASS_FAIL")
    return sid, app_id, code


def _squatter(world: Any, tokens: Any, username: str, agency: Any = None) -> dict[str, str]:
    """Another agency's account that registered ``username``: its token carries the same ``sub``."""
    agency = agency or uuid.uuid4()
    acc_id = str(uuid.uuid4())  # an account the committee does not name (the gateway keeps usernames unique,
    # but across issuers, or after a rename, one login name can belong to another account)
    return tokens.headers("panel_member", sub=username, agency_id=agency, account_id=acc_id)


async def _cannot_touch(client: httpx.AsyncClient, sid: str, app_id: str, code: str, h: dict[str, str]) -> None:
    assert (await client.get(f"/api/v1/selections/{sid}", headers=h)).status_code in (403, 404)
    assert (await client.get(f"/api/v1/applications/{app_id}", headers=h)).status_code in (403, 404)
    assert (await client.get(f"/api/v1/selections/{sid}/applications", headers=h)).status_code in (403, 404)
    assert app_id not in [a["id"] for a in (await client.get("/api/v1/applications", headers=h)).json()["items"]]
    assert sid not in [s["id"] for s in (await client.get("/api/v1/selections", headers=h)).json()["items"]]
    r = await client.put(f"/api/v1/applications/{app_id}/stages/{code}/scores", json={"criteria": {"a": 99}},
                         headers=h)
    assert r.status_code in (403, 404), r.text


async def test_recruitment_external_seat_is_not_taken_by_same_username(client: httpx.AsyncClient, world: Any,
                                                                       tokens: Any) -> None:
    members, heads = world.committee_body()
    external = members[-1]
    for m in members:
        del m["subject"]  # named by account id only (the new body)
    sid, app_id, code = await _assessing(client, world, members)
    com = (await client.get(f"/api/v1/selections/{sid}/committee", headers=world.admin)).json()
    seat = next(m for m in com["members"] if m["account_id"] == external["account_id"])
    username = seat["subject"]
    assert username == world.dir.accounts[external["account_id"]]["username"]  # the stored login is the account's
    # Another agency's account with the same login name: no read, no score.
    squatter = _squatter(world, tokens, username)
    await _cannot_touch(client, sid, app_id, code, squatter)
    # Nor a token of the selection's own agency with that login (an internal look-alike), nor one without account.
    await _cannot_touch(client, sid, app_id, code, _squatter(world, tokens, username, world.agency))
    await _cannot_touch(client, sid, app_id, code, tokens.headers("panel_member", sub=username,
                                                                  agency_id=uuid.uuid4()))
    r = await client.put(f"/api/v1/selections/{sid}/committee/{seat['id']}/declarations/{app_id}",
                         json={"has_conflict": False}, headers=squatter)
    assert r.status_code in (403, 404), r.text
    assert (await client.get(f"/api/v1/applications/{app_id}/scores", headers=world.admin)).json()["items"] == []
    # The named account holds the seat, whatever agency its token names.
    real = heads[-1]
    await world.declare(sid, members[-1:], [real], [app_id])
    assert (await client.get(f"/api/v1/applications/{app_id}", headers=real)).status_code == 200
    r = await client.put(f"/api/v1/applications/{app_id}/stages/{code}/scores", json={"criteria": {"a": 70}},
                         headers=real)
    assert r.status_code == 200, r.text


async def test_recruitment_subject_is_resolved_once_when_saved(client: httpx.AsyncClient, world: Any,
                                                               tokens: Any) -> None:
    """The deprecated body (subject only) stores the account that had the username at PUT time; an account that
    takes that username later (the owner's account renamed or removed) never takes the seat."""
    members, heads = world.committee_body()
    for m in members:
        del m["account_id"]
    sid, app_id, code = await _assessing(client, world, members)
    com = (await client.get(f"/api/v1/selections/{sid}/committee", headers=world.admin)).json()
    by_subject = {m["subject"]: m for m in com["members"]}
    owner = next(a for a in world.dir.accounts.values() if a["username"] == members[-1]["subject"])
    assert by_subject[members[-1]["subject"]]["account_id"] == owner["id"]
    # The username now belongs to another account (of another agency).
    owner["username"] = f"renamed-{uuid.uuid4().hex[:6]}"
    other_agency = uuid.uuid4()
    late = world.dir.add_account(members[-1]["subject"], agency_id=other_agency)
    late_h = tokens.headers("panel_member", sub=late["username"], agency_id=other_agency, account_id=late["id"])
    await _cannot_touch(client, sid, app_id, code, late_h)
    await world.declare(sid, members[-1:], heads[-1:], [app_id])
    r = await client.put(f"/api/v1/applications/{app_id}/stages/{code}/scores", json={"criteria": {"a": 70}},
                         headers=heads[-1])
    assert r.status_code == 200, r.text


async def test_recruitment_legacy_seat_keeps_matching_by_login_until_saved(client: httpx.AsyncClient, app: Any,
                                                                           world: Any, tokens: Any) -> None:
    """A seat stored before accounts were named (account_id NULL) keeps today's rule; saving the committee again
    names the account, and then only that account holds it."""
    from merit_recruitment.committee.models import CommitteeMember

    sel = await world.open_selection()
    sid = sel["id"]
    members, heads = world.committee_body()
    assert (await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members},
                             headers=world.admin)).status_code == 200
    async with app.state.db.sessionmaker() as s:
        await s.execute(sa.update(CommitteeMember).where(CommitteeMember.selection_id == uuid.UUID(sid))
                        .values(account_id=None))
        await s.commit()
    username = members[-1]["subject"]
    lookalike = tokens.headers("panel_member", sub=username, agency_id=uuid.uuid4())
    assert (await client.get(f"/api/v1/selections/{sid}", headers=lookalike)).status_code == 200  # legacy rule
    com = (await client.get(f"/api/v1/selections/{sid}/committee", headers=world.admin)).json()
    assert all(m["account_id"] is None for m in com["members"])
    ids_before = {m["subject"]: m["id"] for m in com["members"]}
    assert (await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members},
                             headers=world.admin)).status_code == 200
    com = (await client.get(f"/api/v1/selections/{sid}/committee", headers=world.admin)).json()
    assert {m["subject"]: m["id"] for m in com["members"]} == ids_before  # the same seats, now named by account
    assert {m["account_id"] for m in com["members"]} == {m["account_id"] for m in members}
    assert (await client.get(f"/api/v1/selections/{sid}", headers=lookalike)).status_code in (403, 404)
    assert (await client.get(f"/api/v1/selections/{sid}", headers=heads[-1])).status_code == 200


async def _put(client: httpx.AsyncClient, world: Any, sid: str, members: list[dict[str, Any]]) -> httpx.Response:
    return await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members},
                            headers={**world.admin, "Accept-Language": "en"})


def _refused(r: httpx.Response, code: str, field: str) -> None:
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == code, body
    assert [".".join(e["loc"]) for e in body["errors"]] == [field], body


async def test_recruitment_committee_refuses_accounts_that_cannot_sit(client: httpx.AsyncClient, world: Any) -> None:
    sel = await world.selection()
    sid = sel["id"]
    members, _ = world.committee_body()
    for m in members:
        del m["subject"]

    unknown = [dict(m) for m in members]
    unknown[3]["account_id"] = str(uuid.uuid4())
    _refused(await _put(client, world, sid, unknown), "unknown_account", "body.members.3.account_id")

    disabled = [dict(m) for m in members]
    disabled[2]["account_id"] = world.dir.add_account(f"off-{uuid.uuid4().hex[:6]}", agency_id=uuid.uuid4(),
                                                      active=False)["id"]
    _refused(await _put(client, world, sid, disabled), "account_disabled", "body.members.2.account_id")

    no_role = [dict(m) for m in members]
    no_role[4]["account_id"] = world.dir.add_account(f"emp-{uuid.uuid4().hex[:6]}", agency_id=world.agency,
                                                     roles=("employee",))["id"]
    _refused(await _put(client, world, sid, no_role), "account_not_panel_member", "body.members.4.account_id")

    foreign = [dict(m) for m in members]  # members 0 and 1 are internal
    foreign[1]["account_id"] = world.dir.add_account(f"b-{uuid.uuid4().hex[:6]}", agency_id=uuid.uuid4())["id"]
    _refused(await _put(client, world, sid, foreign), "account_other_agency", "body.members.1.account_id")

    unknown_name = [dict(m) for m in members]
    unknown_name[0] = {**{k: v for k, v in members[0].items() if k != "account_id"}, "subject": "nobody-here"}
    _refused(await _put(client, world, sid, unknown_name), "unknown_account", "body.members.0.subject")

    mismatch = [dict(m) for m in members]
    mismatch[2]["subject"] = "someone-else"
    _refused(await _put(client, world, sid, mismatch), "account_subject_mismatch", "body.members.2.subject")

    anonymous = [dict(m) for m in members]
    del anonymous[1]["account_id"]
    _refused(await _put(client, world, sid, anonymous), "account_required", "body.members.1.account_id")

    twice = [dict(m) for m in members]  # one account named by id and by username
    twice[4] = {**{k: v for k, v in members[4].items() if k != "account_id"},
                "subject": world.dir.accounts[members[3]["account_id"]]["username"]}
    _refused(await _put(client, world, sid, twice), "invalid_committee", "body.members")

    # Nothing was stored by the refusals; the valid body is.
    assert (await client.get(f"/api/v1/selections/{sid}/committee", headers=world.admin)).json()["members"] == []
    r = await _put(client, world, sid, members)
    assert r.status_code == 200, r.text
    assert sorted(m["account_id"] for m in r.json()["members"]) == sorted(m["account_id"] for m in members)


async def test_recruitment_committee_gateway_down_is_503(client: httpx.AsyncClient, world: Any) -> None:
    sel = await world.selection()
    members, _ = world.committee_body()
    world.dir.down.add("gateway")
    r = await _put(client, world, sel["id"], members)
    assert r.status_code == 503, r.text
    assert r.json()["code"] == "upstream_unavailable"
    world.dir.down.discard("gateway")
    assert (await client.get(f"/api/v1/selections/{sel['id']}/committee",
                             headers=world.admin)).json()["members"] == []
    assert (await _put(client, world, sel["id"], members)).status_code == 200


async def test_recruitment_committee_real_client_gateway_unreachable_is_503(client: httpx.AsyncClient, world: Any,
                                                                            app: Any) -> None:
    """The real HTTP directory against a closed gateway port (and with no gateway client at all): 503."""
    from merit_recruitment.directory import HttpDirectory
    from merit_shared.http import ServiceClient, ServiceTokenSource
    from merit_shared.settings import Settings
    from merit_shared.stack import free_port

    sel = await world.selection()
    members, _ = world.committee_body()
    dead = ServiceClient(f"http://127.0.0.1:{free_port()}", ServiceTokenSource(Settings(service_client_id=None)),
                         timeout=0.5, retries=0)
    try:
        for directory in (HttpDirectory({}, gateway=dead), HttpDirectory({})):
            app.state.directory = directory
            r = await _put(client, world, sel["id"], members)
            assert r.status_code == 503, r.text
            assert r.json()["code"] == "upstream_unavailable" and r.json()["service"] == "gateway"
    finally:
        app.state.directory = world.dir
        await dead.aclose()


async def test_recruitment_account_by_username_takes_only_the_exact_username() -> None:
    """A gateway that ignored the ``username`` filter (and listed other accounts) never resolves to one of them."""
    from merit_recruitment.directory import HttpDirectory
    from merit_shared.http import ServiceClient, ServiceTokenSource
    from merit_shared.settings import Settings

    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/users"):
            return httpx.Response(200, json={"items": [{"id": str(uuid.uuid4()), "username": "aaa-first"}],
                                             "total": 1, "limit": 1, "offset": 0})
        return httpx.Response(404, json={"code": "not_found"})

    gw = ServiceClient("http://gateway.test", ServiceTokenSource(Settings(service_client_id=None)), retries=0)
    await gw.client.aclose()
    gw.client = httpx.AsyncClient(base_url="http://gateway.test", transport=httpx.MockTransport(answer))
    try:
        d = HttpDirectory({}, gateway=gw)
        assert await d.account_by_username("ketua") is None
        assert seen[-1].url.params["username"] == "ketua"
        assert await d.account(str(uuid.uuid4())) is None
        assert seen[-1].url.path.startswith("/api/v1/users/")
    finally:
        await gw.aclose()

"""Identity links are checked against the agency when an account is made (through the gateway, real services)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import DEMO_PASSWORD, login
from tests.test_e2e_performance import Agency


def _user(gw: httpx.Client, admin: dict[str, str], **links: Any) -> httpx.Response:
    return gw.post("/api/v1/users", headers=admin, json={
        "username": f"u{uuid.uuid4().hex[:10]}", "password": DEMO_PASSWORD, "name": "Operator", "roles": ["employee"],
        **links})


def test_accounts_link_only_records_of_their_agency(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = Agency(gw, platform), Agency(gw, platform)
    cases = {"employee_id": {"employee_id": b.staff["id"]}, "unit_id": {"unit_id": b.bidang},
             "nip": {"employee_id": a.staff["id"], "nip": b.staff["nip"]}}
    for field, links in cases.items():
        r = _user(gw, a.admin, **links)
        assert r.status_code == 422, (field, r.text)
        assert r.json()["errors"][0]["loc"] == ["body", field], r.text
    unknown = _user(gw, a.admin, employee_id=str(uuid.uuid4()))
    foreign = _user(gw, a.admin, employee_id=b.staff["id"])
    assert unknown.json()["code"] == foreign.json()["code"] == "link_not_in_agency"  # no existence oracle
    assert _user(gw, a.admin, nip=a.staff["nip"]).json()["code"] == "nip_without_employee"
    # The agency's own records link, and the NIP is taken from the employee record.
    r = _user(gw, a.admin, employee_id=a.staff["id"], unit_id=a.bidang)
    assert r.status_code == 201, r.text
    me = gw.get("/api/v1/auth/me", headers=login(gw, r.json()["username"])).json()
    assert me["employee_id"] == a.staff["id"] and me["nip"] == a.staff["nip"] and me["agency_id"] == a.agency_id


def test_a_disabled_account_is_shut_out_at_the_gateway_and_at_every_service(
        gw: httpx.Client, platform: dict[str, str], stack: Any) -> None:
    """Disabling refuses the account's existing tokens (the stack refreshes the list every second here; 30 s by
    default), through the gateway and directly at each service; enabling again does not revive old tokens."""
    import time

    a, b = Agency(gw, platform), Agency(gw, platform)
    staff = a.staff["headers"]
    account = next(u for u in gw.get("/api/v1/users", headers=a.admin, params={"limit": 200}).json()["items"]
                   if u["employee_id"] == a.staff["id"])
    user_id = account["id"]
    reads = {"gateway": f"/api/v1/employees/{a.staff['id']}", "positions": f"/api/v1/employees/{a.staff['id']}",
             "evaluation": f"/api/v1/employee-summaries/{a.staff['id']}",
             "recruitment": "/api/v1/applications"}
    for name, path in reads.items():
        assert httpx.get(stack.url(name) + path, headers=staff).status_code == 200, name
    # Another agency's admin can neither see nor disable the account.
    assert gw.get(f"/api/v1/users/{user_id}", headers=b.admin).status_code == 404
    assert gw.post(f"/api/v1/users/{user_id}/disable", headers=b.admin).status_code == 404
    assert gw.post(f"/api/v1/users/{user_id}/disable", headers=a.staff["headers"]).status_code == 403
    r = gw.post(f"/api/v1/users/{user_id}/disable", headers=a.admin)
    assert r.status_code == 200 and r.json()["active"] is False
    time.sleep(2.5)  # two refresh intervals of this stack
    for name, path in reads.items():
        r = httpx.get(stack.url(name) + path, headers=staff)
        assert r.status_code == 401, (name, r.status_code, r.text)
        assert r.json()["code"] == "token_revoked", (name, r.text)  # not the code of a bad token
    r = gw.get("/api/v1/auth/me", headers={**staff, "Accept-Language": "en"})  # the gateway's own routes too
    assert r.status_code == 401 and r.json()["code"] == "token_revoked" and "log in again" in r.json()["detail"]
    bad = {"Authorization": staff["Authorization"][:-4] + "AAAA"}
    assert gw.get(reads["gateway"], headers=bad).json()["code"] == "unauthenticated"
    assert gw.post("/api/v1/auth/token", data={"grant_type": "password", "username": account["username"],
                                               "password": DEMO_PASSWORD}).status_code == 400  # no new login
    assert gw.post(f"/api/v1/users/{user_id}/enable", headers=a.admin).json()["active"] is True
    time.sleep(1.5)
    assert httpx.get(stack.url("positions") + reads["positions"], headers=staff).status_code == 401  # still old
    fresh = login(gw, account["username"])
    assert httpx.get(stack.url("positions") + reads["positions"], headers=fresh).status_code == 200
    assert gw.get("/api/v1/auth/revocations", headers=a.admin).status_code == 403


def test_weak_passwords_are_refused_with_the_reason(gw: httpx.Client, platform: dict[str, str]) -> None:
    a = Agency(gw, platform)
    before = gw.get("/api/v1/users", headers=a.admin).json()["total"]
    for password in ("pendek-11ch", "bismillah123", "aaaaaaaaaaaaaa", "operator.dinkes-2026"):
        r = gw.post("/api/v1/users", headers={**a.admin, "Accept-Language": "en"}, json={
            "username": "operator.dinkes", "password": password, "name": "Operator", "roles": ["employee"]})
        assert r.status_code == 422 and r.json()["code"] == "weak_password", (password, r.text)
        assert r.json()["errors"][0]["loc"] == ["body", "password"] and "password" in r.json()["detail"]
    assert gw.get("/api/v1/users", headers=a.admin).json()["total"] == before  # nothing was created


def _password_login(gw: httpx.Client, username: str, password: str, **headers: str) -> httpx.Response:
    return gw.post("/api/v1/auth/token", headers=headers,
                   data={"grant_type": "password", "username": username, "password": password})


def test_repeated_failed_logins_lock_the_username(gw: httpx.Client, platform: dict[str, str]) -> None:
    """5 failures within the window (defaults) lock the username: 429 with Retry-After, the right password too."""
    a = Agency(gw, platform)
    username = _user(gw, a.admin).json()["username"]
    for _ in range(5):
        assert _password_login(gw, username, "bukan-kata-sandinya").status_code == 400
    r = _password_login(gw, username, DEMO_PASSWORD, **{"Accept-Language": "en"})
    assert r.status_code == 429 and r.json()["code"] == "too_many_attempts", r.text
    assert 800 < int(r.headers["retry-after"]) <= 900 and "try again in 15 minute" in r.json()["detail"]
    # Other accounts from this address still log in.
    assert _password_login(gw, _user(gw, a.admin).json()["username"], DEMO_PASSWORD).status_code == 200


def _account_of(gw: httpx.Client, admin: dict[str, str], headers: dict[str, str]) -> dict[str, Any]:
    """The account behind ``headers`` as the agency admin lists it (the subject is the username)."""
    username = gw.get("/api/v1/auth/me", headers=headers).json()["subject"]
    return next(u for u in gw.get("/api/v1/users", headers=admin, params={"limit": 200}).json()["items"]
                if u["username"] == username)


def _change(gw: httpx.Client, username: str, current: str, new: str) -> httpx.Response:
    return gw.post("/api/v1/auth/password", headers={"Accept-Language": "en"},
                   json={"username": username, "current_password": current, "new_password": new})


def test_an_admin_resets_a_password_and_its_owner_must_set_a_new_one(
        gw: httpx.Client, platform: dict[str, str], stack: Any) -> None:
    import time

    a, b = Agency(gw, platform), Agency(gw, platform)
    staff = a.staff["headers"]
    account = _account_of(gw, a.admin, staff)
    user_id, username = account["id"], account["username"]
    path = f"/api/v1/users/{user_id}/reset-password"
    # Another agency's admin: not found; people of the agency who are not its admin: forbidden.
    assert gw.post(path, headers=b.admin).status_code == 404
    for who in (staff, a.kabid["headers"], a.ppk):
        assert gw.post(path, headers=who).status_code == 403
    assert gw.post(f"/api/v1/users/{uuid.uuid4()}/reset-password", headers=a.admin).status_code == 404
    # An admin does not reset their own password (they change it with the current one).
    me = _account_of(gw, a.admin, a.admin)
    r = gw.post(f"/api/v1/users/{me['id']}/reset-password", headers=a.admin)
    assert r.status_code == 409 and r.json()["code"] == "cannot_reset_self", r.text
    assert login(gw, me["username"])  # nothing changed

    r = gw.post(path, headers=a.admin)
    assert r.status_code == 200, r.text
    temporary = r.json()["temporary_password"]
    assert r.json()["must_change_password"] is True and len(temporary) >= 12 and r.json()["revoked_at"]
    assert "temporary_password" not in gw.get(f"/api/v1/users/{user_id}", headers=a.admin).json()  # shown once
    time.sleep(2.5)  # two refresh intervals of this stack: the old tokens are refused everywhere
    for base, p in ((stack.url("gateway"), f"/api/v1/employees/{a.staff['id']}"),
                    (stack.url("positions"), f"/api/v1/employees/{a.staff['id']}")):
        r = httpx.get(base + p, headers=staff)
        assert r.status_code == 401 and r.json()["code"] == "token_revoked", r.text
    assert _password_login(gw, username, DEMO_PASSWORD).status_code == 400  # the old password is gone
    r = _password_login(gw, username, temporary, **{"Accept-Language": "en"})
    assert r.status_code == 403 and r.json()["code"] == "password_change_required", r.text
    assert "POST /api/v1/auth/password" in r.json()["detail"]
    assert r.json()["change_password_route"] == "POST /api/v1/auth/password"

    r = _change(gw, username, temporary, "bismillah123")
    assert r.status_code == 422 and r.json()["code"] == "weak_password", r.text
    assert r.json()["errors"][0]["loc"] == ["body", "new_password"]
    assert _change(gw, username, temporary, temporary).json()["code"] == "password_unchanged"
    assert _change(gw, username, "bukan-sementara", "kopi tubruk pagi hujan").status_code == 400
    r = _change(gw, username, temporary, "kopi tubruk pagi hujan")
    assert r.status_code == 200 and r.json()["must_change_password"] is False, r.text
    fresh = login(gw, username, "kopi tubruk pagi hujan")
    assert gw.get(f"/api/v1/employees/{a.staff['id']}", headers=fresh).status_code == 200
    assert _password_login(gw, username, temporary).status_code == 400  # one-time
    assert gw.get(f"/api/v1/users/{user_id}", headers=a.admin).json()["must_change_password"] is False


def test_a_logged_in_person_changes_their_own_password(gw: httpx.Client, platform: dict[str, str]) -> None:
    a = Agency(gw, platform)
    username = _account_of(gw, a.admin, a.kabid["headers"])["username"]
    assert _change(gw, username, DEMO_PASSWORD, "pendek").json()["code"] == "weak_password"
    assert _change(gw, username, DEMO_PASSWORD, f"{username}-baru-2026").json()["code"] == "weak_password"
    r = _change(gw, username, DEMO_PASSWORD, "sapu lidi di teras rumah")
    assert r.status_code == 200, r.text
    assert _password_login(gw, username, DEMO_PASSWORD).status_code == 400
    assert gw.get("/api/v1/auth/me", headers=login(gw, username, "sapu lidi di teras rumah")).status_code == 200
    # Wrong current passwords count as failed logins: the same throttling as POST /auth/token.
    other = _user(gw, a.admin).json()["username"]
    for _ in range(5):
        assert _change(gw, other, "bukan-kata-sandinya", "sapu lidi di teras rumah").status_code == 400
    r = _change(gw, other, DEMO_PASSWORD, "sapu lidi di teras rumah")
    assert r.status_code == 429 and r.json()["code"] == "too_many_attempts" and int(r.headers["retry-after"]) > 0
    assert _password_login(gw, other, DEMO_PASSWORD).status_code == 429


def test_an_admin_cannot_disable_their_own_account(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = Agency(gw, platform), Agency(gw, platform)
    me = _account_of(gw, a.admin, a.admin)
    r = gw.post(f"/api/v1/users/{me['id']}/disable", headers={**a.admin, "Accept-Language": "en"})
    assert r.status_code == 409 and r.json()["code"] == "cannot_disable_self", r.text
    assert "your own account" in r.json()["detail"]
    assert gw.get(f"/api/v1/users/{me['id']}", headers=a.admin).json()["active"] is True
    assert gw.get("/api/v1/auth/me", headers=a.admin).status_code == 200  # still logged in
    # Another agency's admin: not found; a non-admin of the agency: forbidden; the platform may.
    assert gw.post(f"/api/v1/users/{me['id']}/disable", headers=b.admin).status_code == 404
    assert gw.post(f"/api/v1/users/{me['id']}/disable", headers=a.ppk).status_code == 403
    assert gw.post(f"/api/v1/users/{me['id']}/disable", headers=platform).json()["active"] is False

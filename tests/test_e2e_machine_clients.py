"""An agency's machine clients (another government system over REST), through the gateway and the real services:
registered by the agency admin with scopes, held to those scopes and to their agency, rotated and revoked."""

from __future__ import annotations

import time
from typing import Any

import httpx
import jwt

from tests.conftest import ok
from tests.test_e2e_performance import Agency
from tests.world import TODAY

SERVICES = ("positions", "evaluation", "recruitment")


def register(gw: httpx.Client, admin: dict[str, str], *scopes: str, name: str = "e-Kinerja") -> dict[str, Any]:
    client: dict[str, Any] = ok(gw.post("/api/v1/clients", headers=admin, json={"name": name, "scopes": list(scopes)}),
                                201)
    return client


def token_response(gw: httpx.Client, client_id: str, secret: str, **form: str) -> httpx.Response:
    return gw.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                               "client_secret": secret, **form})


def bearer(gw: httpx.Client, client: dict[str, Any], secret: str | None = None) -> dict[str, str]:
    r = token_response(gw, client["client_id"], secret or client["client_secret"])
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def refused_for_scope(r: httpx.Response, scope: str | None) -> None:
    assert r.status_code == 403, f"{r.request.method} {r.request.url} -> {r.status_code}: {r.text}"
    assert r.json()["code"] == "insufficient_scope" and r.json()["required_scope"] == scope, r.text


def test_a_machine_client_calls_only_what_its_scopes_allow_in_its_own_agency(
        gw: httpx.Client, platform: dict[str, str], stack: Any) -> None:
    a, b = Agency(gw, platform), Agency(gw, platform)
    client = register(gw, a.admin, "registry:read")
    assert client["client_id"].startswith("mc-") and len(client["client_secret"]) >= 40
    assert client["scopes"] == ["registry:read"] and client["agency_id"] == a.agency_id and client["active"]
    # Listed for its agency's admin, without any secret; the platform's service clients are never listed.
    listed = gw.get("/api/v1/clients", headers=a.admin)
    assert [c["id"] for c in ok(listed)["items"]] == [client["id"]]
    assert client["client_secret"] not in listed.text and "client_secret" not in listed.text
    assert "svc-" not in gw.get("/api/v1/clients", headers=platform, params={"limit": 200}).text
    one = ok(gw.get(f"/api/v1/clients/{client['id']}", headers=a.admin))
    assert one["client_id"] == client["client_id"] and "client_secret" not in one

    r = token_response(gw, client["client_id"], client["client_secret"])
    assert r.status_code == 200 and r.json()["scope"] == "registry:read", r.text
    mc = {"Authorization": f"Bearer {r.json()['access_token']}"}
    me = ok(gw.get("/api/v1/auth/me", headers=mc))
    assert me["roles"] == ["machine_client"] and me["agency_id"] == a.agency_id and me["subject"] == client["client_id"]

    # registry:read reads the registry of its own agency, through the gateway and at positions itself.
    units = ok(gw.get("/api/v1/org-units", headers=mc, params={"limit": 200}))["items"]
    assert a.dinas in {u["id"] for u in units} and {u["agency_id"] for u in units} == {a.agency_id}
    assert ok(httpx.get(stack.url("positions") + f"/api/v1/employees/{a.staff['id']}", headers=mc))["id"]
    # Every GET of positions: the employee list, assignments and the registry's reports, agency-wide.
    listed = ok(gw.get("/api/v1/employees", headers=mc, params={"limit": 200}))["items"]
    assert a.staff["id"] in {e["id"] for e in listed}
    assert ok(gw.get("/api/v1/assignments", headers=mc))["total"] >= 0
    for report in ("peta-jabatan", "vacancies", "bezetting"):
        assert gw.get(f"/api/v1/position-reports/{report}", headers=mc).status_code == 200, report
    # ... but nothing else: other services' reads name the scope they need; no write is open to any scope.
    refused_for_scope(gw.get("/api/v1/evaluation-periods", headers=mc), "performance:read")
    refused_for_scope(httpx.get(stack.url("evaluation") + "/api/v1/evaluation-periods", headers=mc),
                      "performance:read")
    refused_for_scope(gw.get("/api/v1/selections", headers=mc), "recruitment:read")
    r = gw.post("/api/v1/annual-ratings", headers=mc, json={
        "employee_id": a.staff["id"], "year": TODAY.year - 1, "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
        "rating_perilaku": "SESUAI_EKSPEKTASI"})
    refused_for_scope(r, "ratings:write")
    assert r.headers["www-authenticate"] == 'Bearer error="insufficient_scope", scope="ratings:write"'
    refused_for_scope(gw.post("/api/v1/org-units", headers=mc, json={
        "code": "X-MC", "name": "Unit dari klien mesin", "kind": "BIDANG", "valid_from": "2020-01-01"}), None)
    refused_for_scope(gw.patch(f"/api/v1/employees/{a.staff['id']}", headers=mc, json={"name": "X"}), None)
    assert a.dinas in {u["id"] for u in ok(gw.get("/api/v1/org-units", headers=a.admin,
                                                  params={"limit": 200}))["items"]}
    # The gateway's own routes: no user or client management, no revocation list.
    for method, path in (("GET", "/api/v1/users"), ("POST", "/api/v1/clients"), ("GET", "/api/v1/clients"),
                         ("GET", "/api/v1/auth/revocations")):
        assert gw.request(method, path, headers=mc, json={}).status_code == 403, (method, path)

    # Another agency's records: not found by id, refused by filter, never listed.
    assert gw.get(f"/api/v1/employees/{b.staff['id']}", headers=mc).status_code == 404
    assert gw.get(f"/api/v1/org-units/{b.dinas}", headers=mc).status_code in (403, 404)
    assert gw.get("/api/v1/org-units", headers=mc, params={"agency_id": b.agency_id}).status_code == 403
    assert b.staff["id"] not in gw.get("/api/v1/employees", headers=mc, params={"limit": 200}).text

    # A token asks for a subset of the client's scopes, never for more.
    r = token_response(gw, client["client_id"], client["client_secret"], scope="registry:read ratings:write")
    assert r.status_code == 400 and r.json()["code"] == "invalid_scope", r.text


def test_only_the_agency_admin_registers_and_only_known_scopes(gw: httpx.Client, platform: dict[str, str]) -> None:
    a = Agency(gw, platform)
    body = {"name": "SIASN sync", "scopes": ["registry:read"]}
    for headers in (a.ppk, a.staff["headers"], a.kabid["headers"]):
        assert gw.post("/api/v1/clients", headers=headers, json=body).status_code == 403
        assert gw.get("/api/v1/clients", headers=headers).status_code == 403
    for bad in ({"name": "x", "scopes": ["registry:write"]}, {"name": "x", "scopes": []},
                {"name": "x", "scopes": ["registry:read"], "roles": ["service"]}):
        r = gw.post("/api/v1/clients", headers=a.admin, json=bad)
        assert r.status_code == 422, (bad, r.text)
    assert ok(gw.get("/api/v1/clients", headers=a.admin))["total"] == 0
    mc = bearer(gw, register(gw, a.admin, "registry:read", "performance:read", "ratings:write", "recruitment:read"))
    assert gw.post("/api/v1/clients", headers=mc, json=body).status_code == 403  # a client never makes clients


def test_another_agencys_admin_cannot_see_rotate_or_revoke_a_client(gw: httpx.Client,
                                                                       platform: dict[str, str]) -> None:
    a, b = Agency(gw, platform), Agency(gw, platform)
    client = register(gw, a.admin, "registry:read")
    assert gw.get(f"/api/v1/clients/{client['id']}", headers=b.admin).status_code == 404
    assert gw.post(f"/api/v1/clients/{client['id']}/rotate-secret", headers=b.admin).status_code == 404
    assert gw.post(f"/api/v1/clients/{client['id']}/revoke", headers=b.admin).status_code == 404
    assert client["id"] not in gw.get("/api/v1/clients", headers=b.admin).text
    assert gw.post(f"/api/v1/clients/{client['id']}/revoke", headers=a.ppk).status_code == 403
    # The platform's own service clients are not reachable here either.
    svc = jwt.decode(platform["Authorization"][7:], options={"verify_signature": False})["account_id"]
    for headers in (a.admin, platform):
        assert gw.get(f"/api/v1/clients/{svc}", headers=headers).status_code == 404
    assert gw.post(f"/api/v1/clients/{svc}/rotate-secret", headers=a.admin).status_code == 404
    assert ok(gw.get(f"/api/v1/clients/{client['id']}", headers=a.admin))["active"] is True
    bearer(gw, client)  # untouched: still gets tokens


def test_rotating_the_secret_retires_the_old_one(gw: httpx.Client, platform: dict[str, str], stack: Any) -> None:
    a = Agency(gw, platform)
    client = register(gw, a.admin, "registry:read")
    old_token = bearer(gw, client)
    time.sleep(1.1)  # tokens carry iat in whole seconds: the rotation happens in a later second
    rotated = ok(gw.post(f"/api/v1/clients/{client['id']}/rotate-secret", headers=a.admin))
    assert rotated["client_id"] == client["client_id"] and rotated["client_secret"] != client["client_secret"]
    assert rotated["secret_rotated_at"] and rotated["active"] is True
    r = token_response(gw, client["client_id"], client["client_secret"])
    assert r.status_code == 401 and r.json()["code"] == "invalid_client", r.text
    new_token = bearer(gw, client, rotated["client_secret"])
    time.sleep(2.5)  # two revocation refresh intervals of this stack
    assert ok(httpx.get(stack.url("positions") + "/api/v1/org-units", headers=new_token))["items"]
    assert ok(gw.get("/api/v1/org-units", headers=new_token))["items"]
    # Tokens fetched with the old secret die with it.
    for r in (gw.get("/api/v1/org-units", headers=old_token),
              httpx.get(stack.url("positions") + "/api/v1/org-units", headers=old_token)):
        assert r.status_code == 401 and r.json()["code"] == "token_revoked", r.text


def test_a_revoked_client_is_shut_out_at_the_gateway_and_at_every_service(
        gw: httpx.Client, platform: dict[str, str], stack: Any) -> None:
    a = Agency(gw, platform)
    client = register(gw, a.admin, "registry:read", "performance:read", "recruitment:read", "ratings:write")
    mc = bearer(gw, client)
    reads = {"gateway": "/api/v1/org-units", "positions": f"/api/v1/employees/{a.staff['id']}",
             "evaluation": "/api/v1/annual-ratings", "recruitment": "/api/v1/selections"}
    for name, path in reads.items():
        assert httpx.get(stack.url(name) + path, headers=mc).status_code == 200, name
    # ratings:write imports an annual rating of its agency's employee (never another agency's: 404)
    rating = ok(gw.post("/api/v1/annual-ratings", headers=mc, json={
        "employee_id": a.staff["id"], "year": TODAY.year - 1, "rating_hasil_kerja": "DI_ATAS_EKSPEKTASI",
        "rating_perilaku": "SESUAI_EKSPEKTASI", "note": "Imported from e-Kinerja"}), 201)
    assert rating["agency_id"] == a.agency_id and rating["predikat"]
    b = Agency(gw, platform)
    assert gw.post("/api/v1/annual-ratings", headers=mc, json={
        "employee_id": b.staff["id"], "year": TODAY.year - 1, "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
        "rating_perilaku": "SESUAI_EKSPEKTASI"}).status_code == 404
    assert rating["id"] in {x["id"] for x in ok(gw.get("/api/v1/annual-ratings", headers=mc))["items"]}
    assert ok(gw.get(f"/api/v1/annual-ratings/{rating['id']}", headers=mc))["id"] == rating["id"]

    revoked = ok(gw.post(f"/api/v1/clients/{client['id']}/revoke", headers=a.admin))
    assert revoked["active"] is False and revoked["revoked_at"]
    assert ok(gw.post(f"/api/v1/clients/{client['id']}/revoke", headers=a.admin))["active"] is False  # idempotent
    time.sleep(2.5)  # two refresh intervals of this stack (30 s by default; the gateway's own: 1 s)
    for name, path in reads.items():
        r = httpx.get(stack.url(name) + path, headers=mc)
        assert r.status_code == 401 and r.json()["code"] == "token_revoked", (name, r.text)
    r = token_response(gw, client["client_id"], client["client_secret"])
    assert r.status_code == 401 and r.json()["code"] == "invalid_client", r.text
    r = gw.post(f"/api/v1/clients/{client['id']}/rotate-secret", headers=a.admin)
    assert r.status_code == 409 and r.json()["code"] == "client_revoked", r.text
    assert ok(gw.get("/api/v1/clients", headers=a.admin, params={"active": "false"}))["total"] == 1


def test_recruitment_read_follows_its_own_agencys_selections_and_writes_nothing(
        gw: httpx.Client, platform: dict[str, str]) -> None:
    from tests.world import World

    a, b = World(gw, platform), World(gw, platform)
    mine, theirs = a.open_selection(), b.open_selection()
    mc = bearer(gw, register(gw, a.admin, "recruitment:read", name="Portal karier"))
    listed = ok(gw.get("/api/v1/selections", headers=mc))
    ids = {s["id"] for s in listed["items"]}
    assert mine["id"] in ids and theirs["id"] not in ids
    assert ok(gw.get(f"/api/v1/selections/{mine['id']}", headers=mc))["id"] == mine["id"]
    announced = ok(gw.get(f"/api/v1/selections/{mine['id']}/announcements", headers=mc))
    assert announced == ok(gw.get(f"/api/v1/selections/{mine['id']}/announcements", headers=a.admin))
    assert ok(gw.get(f"/api/v1/selections/{mine['id']}/extensions", headers=mc))["items"] == []
    # applications are personal data: no machine client reads them
    for path in ("/api/v1/applications", f"/api/v1/selections/{mine['id']}/applications"):
        r = gw.get(path, headers=mc)
        assert r.status_code == 403 and r.json()["code"] == "forbidden", (path, r.text)
    for path in (f"/api/v1/selections/{theirs['id']}", f"/api/v1/selections/{theirs['id']}/announcements",
                 f"/api/v1/selections/{theirs['id']}/extensions"):
        r = gw.get(path, headers=mc)
        assert r.status_code == 404 and r.json()["code"] == "not_found", (path, r.text)
    # writes: no scope allows them, whatever the record
    refused_for_scope(gw.post(f"/api/v1/selections/{mine['id']}/cancel", headers=mc, json={"reason": "x"}), None)
    refused_for_scope(gw.post("/api/v1/selections", headers=mc, json={}), None)
    # another service's reads need their own scope
    refused_for_scope(gw.get("/api/v1/org-units", headers=mc), "registry:read")

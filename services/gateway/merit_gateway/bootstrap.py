"""The first agency admin of a new deployment, created through the gateway's API with the platform client.

    python -m merit_gateway.bootstrap --agency-code KOTA-TANGSEL --agency-name "Pemerintah Kota Tangerang Selatan" \
        --agency-kind PEMDA_KOTA --username admin.bkpsdm [--gateway http://127.0.0.1:8000]

    docker compose exec gateway python -m merit_gateway.bootstrap ...   (the same command inside the image)

Reads SERVICE_CLIENT_SECRET (the platform client ``svc-gateway``) from the environment. Creates the agency when no
agency has that code, then the admin account, and prints a one-time password: the first login with it answers 403
``password_change_required`` until the admin sets their own password (POST /api/v1/auth/password). Run again for an
existing username, it resets that account's password to a new one-time password (a lost first password).
"""

from __future__ import annotations

import argparse
import secrets
import sys
from typing import Any

import httpx

from merit_shared.settings import Settings


class BootstrapFailed(SystemExit):
    pass


def _check(r: httpx.Response, what: str, ok: tuple[int, ...]) -> httpx.Response:
    if r.status_code not in ok:
        raise BootstrapFailed(f"bootstrap: {what} failed: HTTP {r.status_code} {r.text}")
    return r


def find_agency(http: httpx.Client, headers: dict[str, str], code: str) -> dict[str, Any] | None:
    offset = 0
    while True:
        doc = _check(http.get("/api/v1/agencies", headers=headers, params={"limit": 200, "offset": offset}),
                     "listing agencies", (200,)).json()
        for agency in doc["items"]:
            if agency.get("code") == code:
                return dict(agency)
        offset += len(doc["items"])
        if not doc["items"] or offset >= doc["total"]:
            return None


def find_user(http: httpx.Client, headers: dict[str, str], username: str) -> dict[str, Any] | None:
    items = _check(http.get("/api/v1/users", headers=headers, params={"username": username}),
                   "looking up the account", (200,)).json()["items"]
    return dict(items[0]) if items else None


def bootstrap_admin(gateway_url: str, client_secret: str, *, agency_code: str, agency_name: str, agency_kind: str,
                    username: str, name: str, time_zone: str = "WIB") -> dict[str, str]:
    """Returns the agency id, the account id and the one-time password."""
    with httpx.Client(base_url=gateway_url, timeout=30) as http:
        token = _check(http.post("/api/v1/auth/token", data={
            "grant_type": "client_credentials", "client_id": "svc-gateway", "client_secret": client_secret}),
            "the platform client's login (check SERVICE_CLIENT_SECRET)", (200,)).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        agency = find_agency(http, headers, agency_code)
        if agency is None:
            agency = _check(http.post("/api/v1/agencies", headers=headers, json={
                "code": agency_code, "name": agency_name, "kind": agency_kind, "time_zone": time_zone}),
                f"creating agency {agency_code}", (201,)).json()
        agency_id = str(agency["id"])
        user = find_user(http, headers, username)
        if user is not None and str(user.get("agency_id")) != agency_id:
            raise BootstrapFailed(f"bootstrap: the username {username} belongs to another agency; choose another")
        if user is None:
            # A throw-away password: the account is reset to a one-time password at once, so the admin must choose
            # their own at the first login.
            r = _check(http.post("/api/v1/users", headers=headers, json={
                "username": username, "password": secrets.token_urlsafe(24), "name": name,
                "roles": ["agency_admin"], "agency_id": agency_id}), f"creating account {username}", (201,))
            user = r.json()
        reset = _check(http.post(f"/api/v1/users/{user['id']}/reset-password", headers=headers),
                       f"setting the one-time password of {username}", (200,)).json()
        return {"agency_id": agency_id, "account_id": str(user["id"]), "password": str(reset["temporary_password"])}


def main(argv: list[str] | None = None) -> None:
    settings = Settings()
    parser = argparse.ArgumentParser(prog="python -m merit_gateway.bootstrap",
                                     description="Create the first agency admin and print a one-time password.")
    parser.add_argument("--gateway", default=settings.gateway_url, help="the gateway's URL (default GATEWAY_URL)")
    parser.add_argument("--agency-code", required=True)
    parser.add_argument("--agency-name", help="needed when the agency does not exist yet")
    parser.add_argument("--agency-kind", default="PEMDA_KOTA")
    parser.add_argument("--time-zone", default="WIB", choices=["WIB", "WITA", "WIT"])
    parser.add_argument("--username", required=True)
    parser.add_argument("--name", help="the admin's display name (default: the username)")
    args = parser.parse_args(argv)
    out = bootstrap_admin(args.gateway, settings.service_client_secret, agency_code=args.agency_code,
                          agency_name=args.agency_name or args.agency_code, agency_kind=args.agency_kind,
                          username=args.username, name=args.name or args.username, time_zone=args.time_zone)
    print(f"agency {args.agency_code}: {out['agency_id']}\n"
          f"admin  {args.username}: {out['account_id']}\n"
          f"one-time password (shown once; the first login must replace it): {out['password']}")


if __name__ == "__main__":
    main(sys.argv[1:])

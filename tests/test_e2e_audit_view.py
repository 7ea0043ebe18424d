"""The inspectorate's audit view, through the gateway (README "Audit view").

One agency takes a selection to an appointment whose assignment appears in positions; its auditor (created by the
agency admin) traces the selection across the services, filters and pages the merged trail, exports it to XLSX,
and finds its own reads on the record. The auditor writes nothing anywhere (every non-GET operation of the merged
OpenAPI, sent with its token, is refused), and every other role, another agency's auditor and a machine client
without a scope are refused the view.
"""

from __future__ import annotations

import io
import re
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.conftest import create_user, login, ok
from tests.test_e2e_selection import decide, run_to_proposal
from tests.world import TODAY, World

VIEW = "/api/v1/audit-trail"
ROUTES = (VIEW, f"{VIEW}/trace", f"{VIEW}/export")


def subject(gw: httpx.Client, headers: dict[str, str]) -> str:
    return str(ok(gw.get("/api/v1/auth/me", headers=headers))["subject"])


def new_auditor(gw: httpx.Client, admin: dict[str, str]) -> dict[str, str]:
    """The agency admin creates the inspectorate's account: the auditor role alone."""
    username = f"inspektorat{uuid.uuid4().hex[:8]}"
    ok(gw.post("/api/v1/users", headers=admin, json={"username": username, "password": "rahasia-uji-123",
                                                      "name": "Auditor Inspektorat", "roles": ["auditor"]}), 201)
    return login(gw, username)


@pytest.fixture(scope="module")
def journey(gw: httpx.Client, platform: dict[str, str]) -> dict[str, Any]:
    world = World(gw, platform)
    people = [world.candidate(n) for n in ("Dewi Lestari", "Budi Santoso")]
    sid, apps = run_to_proposal(world, people)
    decide(world, sid, apps[0]["id"])
    closed = world.wait_for("the appointment to reach positions", lambda: (
        s := ok(gw.get(f"/api/v1/selections/{sid}", headers=world.admin)))["status"] == "CLOSED" and s)
    other = World(gw, platform)
    return {"world": world, "sid": sid, "assignment_id": closed["decision"]["assignment"]["id"],
            "decision": closed["decision"], "people": people, "auditor": new_auditor(gw, world.admin),
            "other": other, "other_auditor": new_auditor(gw, other.admin)}


def test_the_auditor_follows_a_selection_to_its_assignment(gw: httpx.Client, journey: dict[str, Any]) -> None:
    sid, aid, auditor = journey["sid"], journey["assignment_id"], journey["auditor"]
    trace = ok(gw.get(f"{VIEW}/trace", params={"entity": "selection", "id": sid, "limit": 200}, headers=auditor))
    items = trace["items"]
    assert trace["total"] == len(items) and trace["entity"] == "selection" and trace["id"] == sid
    assert [e["at"] for e in items] == sorted(e["at"] for e in items)  # in time order
    assert {e["service"] for e in items} == {"recruitment", "positions"}
    actions = [(e["service"], e["action"]) for e in items]
    decided = next(i for i, e in enumerate(items) if e["action"] == "decide" and "sk_number" in (e["after"] or {}))
    created = actions.index(("positions", "assignment.create"))
    appointed = actions.index(("recruitment", "appoint"))
    # The decision, then the outbox command's assignment in positions. Each entry's `at` is when its transaction
    # began: the relay's 'appoint' (recorded in the transaction that sent the command) may come before it.
    assert decided < created and decided < appointed
    assert items[created]["entity_id"] == aid and items[created]["after"]["reason"] == "selection_result"
    assert items[decided]["after"]["sk_number"] == journey["decision"]["sk_number"]
    assert all(e["entity_id"] in (sid, aid) for e in items)
    assert trace["links"] == [{"from_service": "recruitment", "from_entity": "selection", "from_id": sid,
                               "to_service": "positions", "to_entity": "assignment", "to_id": aid,
                               "via": trace["links"][0]["via"], "verified": True}]
    # From the other end: the assignment leads back to its selection, the same entries.
    back = ok(gw.get(f"{VIEW}/trace", params={"entity": "assignment", "id": aid, "limit": 200}, headers=auditor))
    assert {e["id"] for e in back["items"]} == {e["id"] for e in items} and back["links"] == trace["links"]
    page = ok(gw.get(f"{VIEW}/trace", params={"entity": "selection", "id": sid, "limit": 2, "offset": 1},
                     headers=auditor))
    assert [e["id"] for e in page["items"]] == [e["id"] for e in items[1:3]] and page["total"] == trace["total"]
    # Unknown, and another agency's record: the same 404.
    for who, ident in ((auditor, str(uuid.uuid4())), (journey["other_auditor"], sid)):
        r = gw.get(f"{VIEW}/trace", params={"entity": "selection", "id": ident}, headers=who)
        assert r.status_code == 404 and r.json()["code"] == "not_found", r.text


def test_filters_paging_and_sort_of_the_merged_trail(gw: httpx.Client, journey: dict[str, Any]) -> None:
    world, auditor, sid, aid = journey["world"], journey["auditor"], journey["sid"], journey["assignment_id"]
    for service in ("positions", "evaluation", "recruitment"):
        assert ok(gw.get(VIEW, params={"service": service}, headers=auditor))["total"] >= 1
    everything = ok(gw.get(VIEW, params={"limit": 200}, headers=auditor))
    assert everything["total"] == sum(ok(gw.get(VIEW, params={"service": s, "limit": 1}, headers=auditor))["total"]
                                      for s in ("positions", "evaluation", "recruitment", "gateway")) - 4
    assert {e["agency_id"] for e in everything["items"]} == {world.agency_id}
    ats = [e["at"] for e in everything["items"]]
    assert ats == sorted(ats, reverse=True)  # newest first
    # The same order page by page, across services (oldest first: each read adds an entry of the gateway's on top).
    head = ok(gw.get(VIEW, params={"sort": "at", "limit": 30}, headers=auditor))["items"]
    pages = [ok(gw.get(VIEW, params={"sort": "at", "limit": 15, "offset": o}, headers=auditor))["items"]
             for o in (0, 15)]
    assert [e["id"] for e in pages[0] + pages[1]] == [e["id"] for e in head]
    assert {"positions", "evaluation"} <= {e["service"] for e in head}
    oldest = ok(gw.get(VIEW, params={"sort": "at", "limit": 3, "service": "positions"}, headers=auditor))
    assert [e["at"] for e in oldest["items"]] == sorted(e["at"] for e in oldest["items"])
    assert {e["service"] for e in oldest["items"]} == {"positions"}
    # A record, an action, an actor, a day.
    record = ok(gw.get(VIEW, params={"entity": "assignment", "entity_id": aid}, headers=auditor))
    assert record["total"] >= 1 and {(e["service"], e["entity_id"]) for e in record["items"]} == {("positions", aid)}
    ppk = subject(gw, world.ppk)
    decisions = ok(gw.get(VIEW, params={"action": "decide", "actor": ppk}, headers=auditor))
    # the PPK's decision and the lifecycle's transition it made, both in the same transaction
    assert decisions["total"] == 2 and {(e["service"], e["entity_id"], e["actor"]) for e in decisions["items"]} == {
        ("recruitment", sid, ppk)}
    today = ok(gw.get(VIEW, params={"date_from": TODAY.isoformat(), "date_to": TODAY.isoformat(),
                                     "service": "evaluation"}, headers=auditor))
    assert today["total"] >= 6 and {e["action"] for e in today["items"]} >= {"annual_rating.create"}
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert ok(gw.get(VIEW, params={"date_from": tomorrow, "service": "positions"}, headers=auditor))["total"] == 0
    r = gw.get(VIEW, params={"date_from": tomorrow, "date_to": TODAY.isoformat()}, headers=auditor)
    assert r.status_code == 422 and r.json()["code"] == "date_range_reversed", r.text
    r = gw.get(VIEW, params={"offset": 9_990, "limit": 50}, headers=auditor)
    assert r.status_code == 422 and r.json()["code"] == "audit_window_exceeded", r.text
    # Another agency's auditor sees none of it, also when naming the record.
    theirs = ok(gw.get(VIEW, params={"entity": "selection", "entity_id": sid}, headers=journey["other_auditor"]))
    assert theirs["total"] == 0 and theirs["items"] == []
    mine = ok(gw.get(VIEW, params={"limit": 200}, headers=journey["other_auditor"]))
    assert {e["agency_id"] for e in mine["items"]} == {journey["other"].agency_id}
    # The agency admin and the PPK read the view too.
    for reader in (world.admin, world.ppk):
        assert ok(gw.get(VIEW, params={"entity": "selection", "entity_id": sid}, headers=reader))["total"] >= 5


def test_the_filtered_view_exports_to_xlsx(gw: httpx.Client, journey: dict[str, Any]) -> None:
    auditor, sid = journey["auditor"], journey["sid"]
    listed = ok(gw.get(VIEW, params={"entity": "selection", "entity_id": sid, "limit": 200}, headers=auditor))
    r = gw.get(f"{VIEW}/export", params={"entity": "selection", "entity_id": sid}, headers=auditor)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert re.fullmatch(r'attachment; filename="audit-trail-\d{4}-\d{2}-\d{2}\.xlsx"',
                        r.headers["content-disposition"])
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Jejak audit" and rows[2][:4] == ("Waktu", "Layanan", "Pelaku", "Tindakan")
    body = rows[3:]
    assert len(body) == listed["total"]
    assert [row[8] for row in body] == [e["id"] for e in listed["items"]]  # the same order as the list
    assert {row[1] for row in body} == {"recruitment"} and {row[5] for row in body} == {sid}
    decide_row = next(row for row in body if row[3] == "decide" and "sk_number" in row[7])
    assert journey["decision"]["sk_number"] in decide_row[7] and decide_row[0].endswith("+07:00")  # WIB
    csv = gw.get(f"{VIEW}/export", params={"entity": "selection", "entity_id": sid, "format": "csv"},
                 headers={**auditor, "Accept-Language": "en"})
    assert csv.status_code == 200 and csv.text.splitlines()[0].lstrip("\ufeff").startswith("At,Service,Actor")


def test_the_auditors_reads_are_on_the_record(gw: httpx.Client, journey: dict[str, Any]) -> None:
    auditor, sid = journey["auditor"], journey["sid"]
    me = subject(gw, auditor)
    ok(gw.get(VIEW, params={"action": "decide", "service": "recruitment"}, headers=auditor))
    ok(gw.get(f"{VIEW}/trace", params={"entity": "selection", "id": sid}, headers=auditor))
    assert gw.get(f"{VIEW}/export", params={"entity": "selection", "entity_id": sid}, headers=auditor).status_code == 200
    reads = ok(gw.get(VIEW, params={"service": "gateway", "actor": me, "limit": 200}, headers=journey["world"].admin))
    newest = reads["items"][:3]
    assert [e["action"] for e in newest] == ["audit_trail.export", "audit_trail.trace", "audit_trail.read"]
    assert {(e["service"], e["entity"], e["actor"], e["agency_id"]) for e in newest} == {
        ("gateway", "audit_trail", me, journey["world"].agency_id)}
    assert newest[2]["after"]["filters"] == {"action": "decide", "service": "recruitment"}
    assert newest[1]["after"]["entity"] == "selection" and newest[1]["after"]["id"] == sid
    assert newest[0]["after"]["filters"] == {"entity": "selection", "entity_id": sid}
    assert newest[0]["after"]["format"] == "xlsx"
    # Another agency never sees them.
    theirs = ok(gw.get(VIEW, params={"service": "gateway", "actor": me}, headers=journey["other_auditor"]))
    assert theirs["total"] == 0


# --- the auditor writes nothing -------------------------------------------------------------------------------

#: Operations that authenticate with a username and password (or a client secret), never with a token: the
#: auditor logs in and changes its password there like anyone; with its token alone they answer no 2xx either.
CREDENTIAL_ROUTES = {("POST", "/api/v1/auth/token"), ("POST", "/api/v1/auth/password")}


def concrete(path: str, own: dict[str, str]) -> str:
    def value(m: re.Match[str]) -> str:
        return own.get(m.group(1)) or {"year": str(TODAY.year), "nip": "198001012005011001",
                                       "stage_code": "WAWANCARA", "kind": "employees"}.get(m.group(1), str(uuid.uuid4()))
    return re.sub(r"\{(\w+)\}", value, path)


def test_the_auditor_writes_nothing_anywhere(gw: httpx.Client, journey: dict[str, Any]) -> None:
    """Every non-GET operation of every service's OpenAPI (merged at the gateway), with the auditor's token: its
    own agency's real records where the path names them (the selection, the assignment, its position), a body."""
    world, auditor = journey["world"], journey["auditor"]
    own = {"selection_id": journey["sid"], "assignment_id": journey["assignment_id"],
           "position_id": world.head_position, "unit_id": world.dinas, "employee_id": journey["people"][0]["id"],
           "agency_id": world.agency_id}
    doc = gw.get("/openapi.json").json()
    assert "x-unavailable-services" not in doc["info"], doc["info"]
    ops = sorted((m.upper(), p) for p, item in doc["paths"].items() for m in item
                 if m in ("post", "put", "patch", "delete"))
    assert len(ops) > 80, ops
    answers: dict[tuple[str, str], int] = {}
    for method, path in ops:
        r = gw.request(method, concrete(path, own), json={}, headers=auditor)
        answers[(method, path)] = r.status_code
        assert not 200 <= r.status_code < 300, f"{method} {path} answered {r.status_code} to the auditor"
        if (method, path) not in CREDENTIAL_ROUTES:
            assert r.status_code in (403, 404), f"{method} {path} -> {r.status_code}: {r.text[:300]}"
            if r.status_code == 403:
                assert r.json()["code"] == "read_only_role", r.text
    assert sum(1 for s in answers.values() if s == 403) >= len(ops) - len(CREDENTIAL_ROUTES)
    # The agency admin gives the auditor no other role.
    r = gw.post("/api/v1/users", headers=world.admin, json={
        "username": f"aud{uuid.uuid4().hex[:8]}", "password": "rahasia-uji-123", "name": "Auditor dan Admin",
        "roles": ["auditor", "agency_admin"]})
    assert r.status_code == 422 and r.json()["code"] == "auditor_role_exclusive", r.text


def test_the_auditor_reads_the_audit_trails_and_not_the_records(gw: httpx.Client, journey: dict[str, Any]) -> None:
    auditor, world = journey["auditor"], journey["world"]
    for path in ("/api/v1/position-audit", "/api/v1/evaluation-audit", "/api/v1/selections/audit-log"):
        assert ok(gw.get(path, headers=auditor))["total"] >= 1
    for path in ("/api/v1/employees", f"/api/v1/employees/{journey['people'][0]['id']}", "/api/v1/annual-ratings",
                 "/api/v1/users", f"/api/v1/selections/{journey['sid']}"):
        r = gw.get(path, headers=auditor)
        # refused, or a list scoped to the caller's own records: the auditor has none
        assert r.status_code in (403, 404) or (r.status_code == 200 and r.json()["items"] == []), \
            f"{path} -> {r.status_code}: {r.text[:200]}"
    assert ok(gw.get("/api/v1/auth/me", headers=auditor))["roles"] == ["auditor"]
    assert world.agency_id == ok(gw.get("/api/v1/auth/me", headers=auditor))["agency_id"]


# --- who may not read the view --------------------------------------------------------------------------------

def test_other_roles_and_machine_clients_are_refused(gw: httpx.Client, platform: dict[str, str],
                                                     journey: dict[str, Any]) -> None:
    world, sid = journey["world"], journey["sid"]
    unit_admin = login(gw, create_user(gw, platform, world.agency_id, ["unit_admin"], unit_id=world.dinas))
    client = ok(gw.post("/api/v1/clients", headers=world.admin,
                        json={"name": "Sistem Uji Audit", "scopes": ["registry:read"]}), 201)
    token = ok(gw.post("/api/v1/auth/token", data={"grant_type": "client_credentials",
                                                   "client_id": client["client_id"],
                                                   "client_secret": client["client_secret"]}))["access_token"]
    refused = {"employee": journey["people"][1]["headers"], "unit_admin": unit_admin,
               "supervisor": world.supervisor, "machine_client": {"Authorization": f"Bearer {token}"}}
    query = {"entity": "selection", "id": sid, "entity_id": sid}
    for role, headers in refused.items():
        for route in ROUTES:
            r = gw.get(route, params=query, headers=headers)
            assert r.status_code == 403, f"{route} as {role} -> {r.status_code}: {r.text[:200]}"
            expected = "insufficient_scope" if role == "machine_client" else "forbidden"
            assert r.json()["code"] == expected, r.text
    for route in ROUTES:
        assert gw.get(route, params=query).status_code == 401

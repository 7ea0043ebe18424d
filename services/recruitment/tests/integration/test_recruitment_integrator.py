"""What an integrator relies on: safe retries (Idempotency-Key), a schedule that protects applicants, the audit
trail for the agency admin, and a public portal that never shows personal data."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from merit_recruitment.selections.models import Selection
from merit_shared import clock

EARLY = {"reason": "Calon sudah cukup; ditutup lebih awal atas persetujuan panitia."}


async def _count(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> int:
    r = await client.get(path, headers=headers)
    assert r.status_code == 200, r.text
    return int(r.json()["total"])


# --- Idempotency-Key ---------------------------------------------------------------------------------------------

async def test_recruitment_create_selection_retry_with_same_key_replays(client: httpx.AsyncClient, world: Any) -> None:
    body = {"title": "Seleksi Terbuka JPT Pratama Kepala Bappeda", "kind": "JPT_PRATAMA",
            "position_ids": [world.position_id]}
    key = {**world.admin, "Idempotency-Key": f"sel-{uuid.uuid4()}"}
    first = await client.post("/api/v1/selections", json=body, headers=key)
    assert first.status_code == 201 and "Idempotent-Replay" not in first.headers
    again = await client.post("/api/v1/selections", json=body, headers=key)
    assert again.status_code == 201 and again.headers["Idempotent-Replay"] == "true"
    assert again.json() == first.json() and again.headers["ETag"] == first.headers["ETag"]
    assert await _count(client, "/api/v1/selections", world.admin) == 1
    r = await client.post("/api/v1/selections", json={**body, "title": "Seleksi lain sama sekali"}, headers=key)
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"
    assert r.json()["errors"][0]["loc"] == ["header", "idempotency-key"]
    # The key is the caller's: another admin's same key is another request.
    other = world.tokens.headers("agency_admin", agency_id=world.agency, sub="admin-kedua")
    r = await client.post("/api/v1/selections", json=body, headers={**other, "Idempotency-Key": key["Idempotency-Key"]})
    assert r.status_code == 201 and "Idempotent-Replay" not in r.headers
    assert await _count(client, "/api/v1/selections", world.admin) == 2
    # Without a key every request is its own.
    assert (await client.post("/api/v1/selections", json=body, headers=world.admin)).status_code == 201
    assert await _count(client, "/api/v1/selections", world.admin) == 3


async def test_recruitment_concurrent_requests_with_one_key_create_once(client: httpx.AsyncClient, world: Any) -> None:
    body = {"title": "Seleksi Terbuka Kepala Dinas Pendidikan", "kind": "JPT_PRATAMA"}
    key = {**world.admin, "Idempotency-Key": "integrator-42"}
    rs = await asyncio.gather(*[client.post("/api/v1/selections", json=body, headers=key) for _ in range(6)])
    assert [r.status_code for r in rs] == [201] * 6
    assert len({r.json()["id"] for r in rs}) == 1
    assert sum(r.headers.get("Idempotent-Replay") == "true" for r in rs) == 5
    assert await _count(client, "/api/v1/selections", world.admin) == 1
    audit = (await client.get("/api/v1/selections/audit-log", params={"action": "create"}, headers=world.admin)).json()
    assert audit["total"] == 1


async def test_recruitment_application_retry_and_concurrent_keys(client: httpx.AsyncClient, world: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    person = world.employee()
    key = {**person["headers"], "Idempotency-Key": "lamaran-budi-1"}
    rs = await asyncio.gather(*[client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=key)
                                for _ in range(4)])
    assert [r.status_code for r in rs] == [201] * 4 and len({r.json()["id"] for r in rs}) == 1
    assert sum(r.headers.get("Idempotent-Replay") == "true" for r in rs) == 3
    assert await _count(client, f"/api/v1/selections/{sid}/applications", world.admin) == 1
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={"documents": [
        {"code": "CV", "reference": "dms://cv"}]}, headers=key)
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"
    # A refused request stores nothing: after fixing the input the same key works.
    fresh = world.employee(name="Sari Dewi")
    bad = {**fresh["headers"], "Idempotency-Key": "lamaran-sari"}
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={"documents": [
        {"code": "PASFOTO", "reference": "x"}]}, headers=bad)
    assert r.status_code == 422 and r.json()["code"] == "unknown_document"
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={"documents": [
        {"code": "PASFOTO", "reference": "x"}]}, headers=bad)
    assert r.status_code == 422 and r.json()["code"] == "unknown_document"
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=bad)
    assert r.status_code == 201 and "Idempotent-Replay" not in r.headers
    # The same key on another selection is another request.
    other = await world.open_selection(title="Seleksi Terbuka JPT Pratama Kepala Dinas Sosial")
    r = await client.post(f"/api/v1/selections/{other['id']}/applications", json={}, headers=key)
    assert r.status_code == 201 and "Idempotent-Replay" not in r.headers


# --- the schedule protects applicants ----------------------------------------------------------------------------

async def test_recruitment_closing_registration_early_needs_a_recorded_reason(client: httpx.AsyncClient,
                                                                             world: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    for body in (None, {}, {"reason": None}):
        r = await client.post(f"/api/v1/selections/{sid}/close-registration", json=body, headers=world.admin)
        assert r.status_code == 422 and r.json()["code"] == "reason_required", r.text
        assert r.json()["registration_end"] == sel["schedule"]["registration_end"]
    assert (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()["status"] == "REGISTRATION"
    closed = await world.act(sid, "close-registration", EARLY)
    assert closed["status"] == "SCREENING"
    events = (await client.get(f"/api/v1/selections/{sid}/events", headers=world.admin)).json()["items"]
    detail = next(e["detail"] for e in events if e["action"] == "close_registration")
    assert detail == {"reason": EARLY["reason"], "early": True, "registration_end": sel["schedule"]["registration_end"]}
    audit = (await client.get("/api/v1/selections/audit-log", params={"entity_id": sid, "action": "close_registration"},
                              headers=world.admin)).json()["items"]
    assert audit[0]["after"]["reason"] == EARLY["reason"] and audit[0]["before"] == {"status": "REGISTRATION"}


async def _move_schedule(app: Any, sid: str, days: int) -> None:
    async with app.state.db.sessionmaker() as s, s.begin():
        row = (await s.execute(sa.select(Selection).where(Selection.id == uuid.UUID(sid)))).scalar_one()
        sch = dict(row.schedule)
        for k in ("announcement_start", "announcement_end", "registration_start", "registration_end"):
            sch[k] = (date.fromisoformat(sch[k]) + timedelta(days=days)).isoformat()
        sch["stage_dates"] = [(date.fromisoformat(d) + timedelta(days=days)).isoformat() for d in sch["stage_dates"]]
        row.schedule = sch


async def test_recruitment_after_registration_end_no_application_and_no_reason_needed(
        client: httpx.AsyncClient, world: Any, app: Any) -> None:
    # No automatic extension for too few applicants (test_recruitment_min_applicants.py covers it).
    sel = await world.open_selection(policies={"process": {"auto_extend_registration": False}})
    sid = sel["id"]
    await _move_schedule(app, sid, -30)  # registration ended 10 days ago
    person = world.employee()
    r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])
    assert r.status_code == 409 and r.json()["code"] == "registration_ended"
    assert await _count(client, f"/api/v1/selections/{sid}/applications", world.admin) == 0
    closed = await world.act(sid, "close-registration")  # on schedule: no reason needed
    assert closed["status"] == "SCREENING"


async def test_recruitment_announcing_after_the_scheduled_start_is_refused(client: httpx.AsyncClient, world: Any,
                                                                          app: Any) -> None:
    sel = await world.selection()
    await _move_schedule(app, sel["id"], -1)
    r = await client.post(f"/api/v1/selections/{sel['id']}/announce", headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "schedule_passed"
    assert (await client.get(f"/api/v1/selections/{sel['id']}", headers=world.admin)).json()["status"] == "DRAFT"
    # Registration may open as soon as the selection is announced, before registration_start.
    fresh = await world.selection()
    await world.act(fresh["id"], "announce")
    opened = await world.act(fresh["id"], "open-registration")
    assert opened["status"] == "REGISTRATION" and date.fromisoformat(
        opened["schedule"]["registration_start"]) > clock.today()


# --- audit trail -------------------------------------------------------------------------------------------------

async def test_recruitment_audit_log_filters_and_pages(client: httpx.AsyncClient, world: Any, tokens: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    person = world.employee()
    application = (await client.post(f"/api/v1/selections/{sid}/applications", json={},
                                     headers=person["headers"])).json()
    page = (await client.get("/api/v1/selections/audit-log", params={"limit": 2}, headers=world.admin)).json()
    assert page["total"] >= 4 and len(page["items"]) == 2 and page["limit"] == 2
    actions = [e["action"] for e in (await client.get("/api/v1/selections/audit-log", headers=world.admin)
                                     ).json()["items"]]
    # Newest first (entries of one transaction share its timestamp: announce and its opening announcement).
    assert actions[:2] == ["apply", "open_registration"] and set(actions[2:4]) == {"publish", "announce"}
    by_entity = (await client.get("/api/v1/selections/audit-log", params={"entity": "application",
                                                                          "entity_id": application["id"]},
                                  headers=world.admin)).json()
    assert by_entity["total"] == 1 and by_entity["items"][0]["after"]["nip"] == person["nip"]
    assert by_entity["items"][0]["actor"] == f"emp-{person['nip']}"
    by_actor = (await client.get("/api/v1/selections/audit-log", params={"actor": f"emp-{person['nip']}"},
                                 headers=world.admin)).json()
    assert by_actor["total"] == 1
    today = clock.today()
    r = await client.get("/api/v1/selections/audit-log", params={"date_from": (today + timedelta(days=2)).isoformat()},
                         headers=world.admin)
    assert r.json()["total"] == 0
    # Only the agency admin, and only their agency's entries.
    other = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    assert (await client.get("/api/v1/selections/audit-log", headers=other)).json()["total"] == 0
    r = await client.get("/api/v1/selections/audit-log", params={"agency_id": str(world.agency)}, headers=other)
    assert r.status_code == 422 and r.json()["code"] == "agency_mismatch"
    for role in ("supervisor", "panel_member"):
        r = await client.get("/api/v1/selections/audit-log", headers=tokens.headers(role, agency_id=world.agency))
        assert r.status_code == 403, role
    # the PPK and the inspectorate's auditor read the audit trails (merit_shared.authz.AuditReader)
    for role in ("ppk", "auditor"):
        r = await client.get("/api/v1/selections/audit-log", headers=tokens.headers(role, agency_id=world.agency))
        assert r.status_code == 200, role


# --- the public portal shows no personal data --------------------------------------------------------------------

PRIVATE_KEYS = {"employee_id", "nik", "birth_date", "tanggal_lahir", "phone", "telepon", "address", "alamat",
                "email", "nip", "declared", "facts", "documents_submitted"}


def _walk(doc: Any, path: str = "$") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.append((f"{path}.{k}", k))
            out.extend(_walk(v, f"{path}.{k}"))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.extend(_walk(v, f"{path}[{i}]"))
    else:
        out.append((path, doc))
    return out


async def test_recruitment_public_portal_never_shows_personal_data(client: httpx.AsyncClient, world: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    people = [world.employee(name=n, birth=b) for n, b in (("Siti Rahmawati", "1976-03-04"),
                                                           ("Agus Setiawan", "1978-11-30"))]
    for person in people:
        r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])
        assert r.status_code == 201, r.text
        await world.qualify(r.json()["id"])
    external = {"applicant_type": "EXTERNAL", "nip": "198203032008012003", "name": "Dewi Lestari",
                "current_agency": "Kabupaten Bogor", "documents": [
                    {"code": d["code"], "reference": "dms://x"} for d in sel["documents"]],
                "declared": {"education": "S2", "rank": "IV/b", "birth_date": "1982-03-03"}}
    r = await client.post(f"/api/v1/selections/{sid}/applications", json=external, headers=world.admin)
    assert r.status_code == 201, r.text
    r = await client.post(f"/api/v1/applications/{r.json()['id']}/verify", json={"decision": "REJECT",
                          "note": "Ijazah tidak dilegalisir."}, headers=world.admin)
    sup = world.tokens.headers("supervisor", agency_id=world.agency, sub="sup-portal")
    r = await client.post(f"/api/v1/applications/{r.json()['id']}/second-check", json={"decision": "REJECT"},
                          headers=sup)
    assert r.status_code == 200 and r.json()["status"] == "REJECTED", r.text
    await world.act(sid, "close-registration", EARLY)
    ann = (await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "SCREENING"},
                             headers=world.admin)).json()
    private: dict[str, str] = {}
    for person in people:
        emp = world.dir.employees[person["id"]]
        private.update({f"employee_id {person['name']}": person["id"], f"nip {person['name']}": person["nip"],
                        f"birth {person['name']}": emp["birth_date"]})
    private.update({"external nip": external["nip"], "external birth": "1982-03-03"})
    public = ["/api/v1/public/selections", "/api/v1/public/selections?phase=all",
              f"/api/v1/public/selections/{sid}", f"/api/v1/public/announcements/{ann['id']}"]
    public += [f"/api/v1/public/announcements/{a['id']}"
               for a in (await client.get(f"/api/v1/public/selections/{sid}")).json()["announcements"]]
    # Every route tagged public in the OpenAPI document is walked.
    spec = (await client.get("/openapi.json")).json()
    templates = {p for p, ops in spec["paths"].items() if any("public" in o.get("tags", []) for o in ops.values())}
    assert templates == {"/api/v1/public/selections", "/api/v1/public/selections/{selection_id}",
                         "/api/v1/public/announcements/{announcement_id}"}
    assert {re.sub(r"[0-9a-f-]{36}", "{id}", p.split("?")[0]) for p in public} == {
        "/api/v1/public/selections", "/api/v1/public/selections/{id}", "/api/v1/public/announcements/{id}"}
    names_seen = False
    for path in public:
        r = await client.get(path)
        assert r.status_code == 200, (path, r.text)
        for where, item in _walk(r.json()):
            if where.endswith(tuple(f".{k}" for k in PRIVATE_KEYS)) and item in PRIVATE_KEYS:
                pytest.fail(f"{path}: private key at {where}")
            for what, value in private.items():
                assert not (isinstance(item, str) and value in item), f"{path}: {what} at {where}"
        names_seen = names_seen or "Siti Rahmawati" in r.text
        assert "Dewi Lestari" not in r.text, path  # rejected: counted, never named
    assert names_seen  # the announcement does show those who pass, so the walk saw applicant rows
    doc = (await client.get(f"/api/v1/public/announcements/{ann['id']}")).json()["snapshot"]
    assert doc["not_passed_count"] == 1 and doc["passed_count"] == len(doc["entries"]) == len(people)


# --- OpenAPI -----------------------------------------------------------------------------------------------------

async def test_recruitment_openapi_documents_every_route(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]

    def examples(schema: dict[str, Any]) -> bool:
        for s in [schema, *schema.get("anyOf", [])]:
            if s.get("examples"):
                return True
            if "$ref" in s and schemas[s["$ref"].split("/")[-1]].get("examples"):
                return True
        return False

    missing = []
    for path, ops in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, op in ops.items():
            where = f"{method.upper()} {path}"
            if not op.get("summary"):
                missing.append(f"{where}: summary")
            if (method != "get" or "{" in path or "audit" in path) and not op.get("description") and not any(
                    w in op["summary"] for w in ("list", "List", "Your", "Individual", "history", "The committee",
                                                 "Announcements", "Appeals", "extensions", "with its", "with their",
                                                 "Applicants,", "same figures", "Open registration", "A selection")):
                missing.append(f"{where}: description")
            ok = [c for c in op["responses"] if c.startswith("2")]
            if ok != ["204"] and (not ok or not any(v.get("schema") for c in ok
                                                    for v in op["responses"][c].get("content", {}).values())):
                missing.append(f"{where}: typed response")
            problems = [c for c in op["responses"] if c[0] in "45"]
            if not problems or any("Problem" not in str(op["responses"][c]) for c in problems):
                missing.append(f"{where}: problem responses")
            if "requestBody" in op:
                body = next(iter(op["requestBody"]["content"].values()))["schema"]
                if not examples(body):
                    missing.append(f"{where}: body examples")
    assert missing == [], "\n".join(missing)

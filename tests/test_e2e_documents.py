"""Applicant documents through the gateway (issue #12): the applicant uploads and replaces them while
registration is open; the checklist shows what is missing; verification cannot ACCEPT without them; another
applicant and another agency cannot read or replace them."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from tests.conftest import ok
from tests.world import PDF, World


@pytest.fixture
def world(gw: httpx.Client, platform: dict[str, str]) -> World:
    return World(gw, platform)


def test_documents_checklist_limits_denials_and_verification(world: World, gw: httpx.Client,
                                                             platform: dict[str, str]) -> None:
    other_agency = World(gw, platform)
    siti, agus = world.candidate("Siti Rahmawati"), world.candidate("Agus Setiawan")
    sid = world.open_selection()["id"]
    app = ok(gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=siti["headers"]), 201)
    agus_app = ok(gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=agus["headers"]), 201)
    assert len(app["missing_documents"]) == 9
    assert "verify" not in ok(gw.get(f"/api/v1/applications/{app['id']}", headers=world.admin))["allowed_actions"]
    r = gw.post(f"/api/v1/applications/{app['id']}/verify", json={"decision": "ACCEPT"}, headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "documents_missing", r.text
    assert len(r.json()["missing"]) == 9
    base = f"/api/v1/applications/{app['id']}/documents"
    pdf = {**siti["headers"], "Content-Type": "application/pdf"}
    # Type and size limits, checked on the bytes.
    r = gw.put(f"{base}/CV", content=b"MZ\x90\x00 not a pdf", headers=pdf)
    assert r.status_code == 415 and r.json()["code"] == "document_type_not_allowed", r.text
    r = gw.put(f"{base}/CV", content=PDF + b"x" * (5 * 1024 * 1024), headers=pdf)
    assert r.status_code == 413 and r.json()["code"] == "document_too_large", r.text
    r = gw.put(f"{base}/PASFOTO", content=PDF, headers=pdf)
    assert r.status_code == 422 and r.json()["code"] == "unknown_document", r.text
    # Upload, then replace (multipart this time); the checklist and the download follow.
    ok(gw.put(f"{base}/CV", content=PDF + b"v1", headers=pdf))
    second = PDF + b"v2"
    doc = ok(gw.put(f"{base}/CV", files={"file": ("cv.pdf", second, "application/pdf")}, headers=siti["headers"]))
    assert doc["sha256"] == hashlib.sha256(second).hexdigest() and doc["size_bytes"] == len(second)
    checklist = ok(gw.get(base, headers=siti["headers"]))
    assert "CV" not in checklist["missing"] and len(checklist["missing"]) == 8 and checklist["editable"]
    got = gw.get(f"{base}/CV", headers=world.admin)
    assert got.status_code == 200 and got.content == second and got.headers["content-type"] == "application/pdf"
    # Denials: another applicant, the admin (reads, does not write), another agency.
    agus_pdf = {**agus["headers"], "Content-Type": "application/pdf"}
    assert gw.get(f"{base}/CV", headers=agus["headers"]).status_code == 404
    assert gw.get(base, headers=agus["headers"]).status_code == 404
    assert gw.put(f"{base}/CV", content=PDF + b"evil", headers=agus_pdf).status_code == 404
    assert gw.delete(f"{base}/CV", headers=agus["headers"]).status_code == 404
    r = gw.put(f"{base}/CV", content=PDF, headers={**world.admin, "Content-Type": "application/pdf"})
    assert r.status_code == 403, r.text
    assert gw.get(f"{base}/CV", headers=other_agency.admin).status_code == 404
    assert gw.get(base, headers=other_agency.admin).status_code == 404
    assert gw.get(f"{base}/CV", headers=world.admin).content == second  # nothing changed
    # Delete and upload again; with everything present the verification accepts.
    assert "CV" in ok(gw.delete(f"{base}/CV", headers=siti["headers"]))["missing"]
    assert "CV" in ok(gw.get(base, headers=siti["headers"]))["missing"]
    world.upload_documents(ok(gw.get(f"/api/v1/applications/{app['id']}", headers=siti["headers"])), siti["headers"])
    mine = ok(gw.get(f"/api/v1/applications/{app['id']}", headers=world.admin))
    assert mine["missing_documents"] == [] and "verify" in mine["allowed_actions"]
    ok(gw.post(f"/api/v1/applications/{app['id']}/verify", json={"decision": "ACCEPT"}, headers=world.admin))
    # REJECT stays possible with documents missing.
    ok(gw.post(f"/api/v1/applications/{agus_app['id']}/verify", json={"decision": "REJECT", "note": "Berkas kurang"},
               headers=world.admin))
    # After registration closes, documents are locked.
    world.act(sid, "close-registration", {"reason": "Uji dokumen"})
    r = gw.put(f"{base}/CV", content=PDF + b"late", headers=pdf)
    assert r.status_code == 409 and r.json()["code"] == "documents_locked", r.text

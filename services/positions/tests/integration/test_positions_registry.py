"""Agencies, org units, jobs and positions: creation, validation, tenancy."""

from __future__ import annotations

import uuid

import httpx

from merit_shared.testing import TokenFactory


async def test_positions_agency_only_service_creates(client: httpx.AsyncClient, tokens: TokenFactory) -> None:
    aid = uuid.uuid4()
    body = {"id": str(aid), "code": f"X-{aid.hex[:8]}", "name": "Kota X", "kind": "PEMDA_KOTA"}
    r = await client.post("/api/v1/agencies", json=body, headers=tokens.headers("agency_admin", agency_id=aid))
    assert r.status_code == 403
    r = await client.post("/api/v1/agencies", json=body, headers=tokens.headers("service"))
    assert r.status_code == 201, r.text
    r = await client.post("/api/v1/agencies", json=body, headers=tokens.headers("service"))
    assert r.status_code == 409 and r.json()["code"] == "agency_code_taken"
    other = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    assert (await client.get(f"/api/v1/agencies/{aid}", headers=other)).status_code == 404


async def test_positions_agency_policy_blackout(world) -> None:
    url = f"/api/v1/agencies/{world.agency_id}/policy"
    r = await world.c.get(url, headers=world.admin)
    assert r.status_code == 200 and r.json()["effective"]["min_years_in_position"] == 2
    bad = {"blackout_windows": [{"start": "2029-12-01", "end": "2029-01-01"}]}
    r = await world.c.put(url, json=bad, headers=world.admin)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "blackout_windows", "0", "end"]
    good = {"blackout_windows": [{"start": "2029-01-01", "end": "2029-12-31", "reason": "Pilkada"}],
            "overrides": {"max_years_in_position": 4}}
    r = await world.c.put(url, json=good, headers={**world.admin, "If-Match": r.headers.get("ETag", "*")})
    assert r.status_code == 200, r.text
    assert r.json()["effective"]["max_years_in_position"] == 4
    r2 = await world.c.put(url, json=good, headers={**world.admin, "If-Match": '"stale"'})
    assert r2.status_code == 412
    r3 = await world.c.put(url, json=good, headers=world.h("employee"))
    assert r3.status_code == 403


async def test_positions_unit_tree_move_no_cycle_and_history(world) -> None:
    a = await world.unit("Dinas A")
    b = await world.unit("Bidang B", parent=a["id"], kind="BIDANG")
    c = await world.unit("Seksi C", parent=b["id"], kind="SEKSI")
    r = await world.c.post(f"/api/v1/org-units/{a['id']}/move", json={"parent_id": c["id"],
                           "effective_date": "2024-01-01"}, headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "unit_cycle"
    d = await world.unit("Dinas D")
    r = await world.c.post(f"/api/v1/org-units/{c['id']}/move", json={"parent_id": d["id"],
                           "effective_date": "2024-01-01"}, headers=world.admin)
    assert r.status_code == 200 and r.json()["parent_id"] == d["id"]
    r = await world.c.post(f"/api/v1/org-units/{c['id']}/rename", json={"name": "Seksi C Baru",
                           "effective_date": "2024-06-01"}, headers=world.admin)
    assert r.status_code == 200
    old = (await world.c.get("/api/v1/org-units/tree?as_of=2023-12-31", headers=world.admin)).json()
    new = (await world.c.get("/api/v1/org-units/tree?as_of=2024-07-01", headers=world.admin)).json()

    def find(nodes, uid, parent=None):
        for n in nodes:
            if n["id"] == uid:
                return n, parent
            got = find(n["children"], uid, n)
            if got:
                return got
        return None

    node, parent = find(old["roots"], c["id"])
    assert parent["id"] == b["id"] and node["name"] == "Seksi C"
    node, parent = find(new["roots"], c["id"])
    assert parent["id"] == d["id"] and node["name"] == "Seksi C Baru"
    hist = (await world.c.get(f"/api/v1/org-units/{c['id']}/history", headers=world.admin)).json()["items"]
    assert [h["change"] for h in hist] == ["created", "moved", "renamed"]


async def test_positions_dissolve_unit_with_filled_positions_needs_target(world) -> None:
    a = await world.unit("Dinas A")
    b = await world.unit("Dinas B")
    job = await world.job("PELAKSANA")
    pos = await world.position(a, job, required_seats=2)
    emp = await world.employee()
    await world.assign(emp, pos)
    r = await world.c.post(f"/api/v1/org-units/{a['id']}/dissolve", json={"effective_date": "2025-01-01"},
                           headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "unit_has_filled_positions"
    r = await world.c.post(f"/api/v1/org-units/{a['id']}/dissolve",
                           json={"effective_date": "2025-01-01", "transfer_positions_to": b["id"]}, headers=world.admin)
    assert r.status_code == 200 and r.json()["valid_to"] == "2024-12-31"
    p = (await world.c.get(f"/api/v1/positions/{pos['id']}", headers=world.admin)).json()
    assert p["unit_id"] == b["id"] and p["filled"] == 1


async def test_positions_job_rules(world) -> None:
    r = await world.c.post("/api/v1/jobs", json={"name": "Analis", "kind": "FUNGSIONAL", "kelas_jabatan": 9},
                           headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "jenjang_required"
    r = await world.c.post("/api/v1/jobs", json={"name": "Analis", "kind": "PELAKSANA", "jenjang": "AHLI_MUDA",
                                                 "kelas_jabatan": 9}, headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "jenjang_not_applicable"
    r = await world.c.post("/api/v1/jobs", json={"name": "Analis", "kind": "FUNGSIONAL", "jenjang": "AHLI_MUDA",
                                                 "kelas_jabatan": 9, "min_rank": "IV/a"}, headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "rank_outside_jenjang_range"
    assert r.json()["errors"][0]["loc"] == ["body", "min_rank"]
    r = await world.c.post("/api/v1/jobs", json={"name": "Analis", "kind": "FUNGSIONAL", "jenjang": "AHLI_MUDA",
                                                 "kelas_jabatan": 18}, headers=world.admin)
    assert r.status_code == 422
    r = await world.c.post("/api/v1/jobs", json={"name": "Kabid", "kind": "ADMINISTRATOR", "kelas_jabatan": 12,
                                                 "competency_standard": {"M.09": 3}}, headers=world.admin)
    assert r.status_code == 422
    # national codes only: a technical one is checked against evaluation's dictionary (tests/test_e2e_regfix.py)
    job = await world.job("ADMINISTRATOR", competency_standard={"M.01": 4, "SK.01": 3})
    assert job["min_rank"] == "III/d" and job["min_rank_is_default"] and job["bup"] == 58
    jf = await world.job("FUNGSIONAL", jenjang="AHLI_UTAMA")
    assert jf["min_rank"] == "IV/d" and jf["bup"] == 65


async def test_positions_managerial_one_seat_one_head(world) -> None:
    unit = await world.unit()
    kabid = await world.job("ADMINISTRATOR")
    r = await world.c.post("/api/v1/positions", json={"unit_id": unit["id"], "job_id": kabid["id"],
                                                      "required_seats": 2}, headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "managerial_requires_one_seat"
    head = await world.position(unit, kabid, is_head=True)
    assert head["is_head"] and head["vacant"] == 1 and head["job"]["kind"] == "ADMINISTRATOR"
    r = await world.c.post("/api/v1/positions", json={"unit_id": unit["id"], "job_id": kabid["id"],
                                                      "is_head": True}, headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "unit_has_head"


async def test_positions_tenancy_other_agency_is_404(world, tokens: TokenFactory) -> None:
    unit = await world.unit()
    job = await world.job()
    pos = await world.position(unit, job)
    emp = await world.employee()
    other = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    for url in (f"/api/v1/org-units/{unit['id']}", f"/api/v1/jobs/{job['id']}", f"/api/v1/positions/{pos['id']}",
                f"/api/v1/employees/{emp['id']}"):
        r = await world.c.get(url, headers=other)
        assert r.status_code == 404, url
    r = await world.c.post("/api/v1/positions", json={"unit_id": unit["id"], "job_id": job["id"]}, headers=other)
    assert r.status_code == 404


async def test_positions_abk_need_and_efficiency(world) -> None:
    unit = await world.unit()
    pos = await world.position(unit, await world.job("PELAKSANA"), required_seats=1)
    body = {"tasks": [{"name": "Surat", "volume_per_year": 1000, "norm_minutes": 90},
                      {"name": "Arsip", "volume_per_year": 500, "norm_minutes": 45}], "apply_to_required_seats": True}
    abk = await world.ok("PUT", f"/api/v1/positions/{pos['id']}/abk/2025", status=200, json=body)
    assert abk["workload_minutes"] == 112500 and abk["need_exact"] == 1.5 and abk["need_rounded"] == 2
    assert abk["rounding"] == "HALF_UP" and abk["job_efficiency"] is None
    p = await world.ok("GET", f"/api/v1/positions/{pos['id']}", status=200)
    assert p["required_seats"] == 2
    bad = {"tasks": [{"name": "x", "volume_per_year": 1, "norm_minutes": 0}]}
    r = await world.c.put(f"/api/v1/positions/{pos['id']}/abk/2025", json=bad, headers=world.admin)
    assert r.status_code == 422

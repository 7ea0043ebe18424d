"""Employees: NIP decoding and contradictions, contract shape, authorization per role, search."""

from __future__ import annotations

import uuid

import pytest

from merit_shared.testing import TokenFactory


@pytest.mark.parametrize(("nip", "extra", "code", "loc"), [
    ("19800101200503100", {}, "nip_invalid_length", ["body", "nip"]),
    ("19801301200503 1001", {}, "nip_invalid_birth_date", ["body", "nip"]),
    ("198001012005031A01", {}, "nip_invalid_characters", ["body", "nip"]),
    ("198001011995031001", {}, "nip_cpns_before_18", ["body", "nip"]),
    ("198001012005033001", {}, "nip_invalid_gender", ["body", "nip"]),
    ("198001012005031001", {"birth_date": "1980-01-02"}, "nip_birth_date_mismatch", ["body", "birth_date"]),
    ("198001012005031001", {"gender": "P"}, "nip_gender_mismatch", ["body", "gender"]),
])
async def test_positions_nip_rejected_naming_the_part(world, nip, extra, code, loc) -> None:
    r = await world.c.post("/api/v1/employees", json={"nip": nip, "name": "Siti", "employment_type": "PNS", **extra},
                           headers={**world.admin, "Accept-Language": "en"})
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == code and body["errors"][0]["loc"] == loc
    listing = await world.c.get("/api/v1/employees", headers=world.admin)
    assert listing.json()["total"] == 0  # nothing changed


async def test_positions_employee_contract_shape(world) -> None:
    unit = await world.unit("Dinas Kesehatan")
    job = await world.job("FUNGSIONAL", jenjang="AHLI_MADYA", name="Dokter Ahli Madya")
    pos = await world.position(unit, job, required_seats=3)
    emp = await world.employee("IV/a", birth="19700215", cpns="199603", front_title="dr.", back_title="M.Kes.",
                               name="Ani", educations=[{"level": "S1", "major": "Kedokteran"},
                                                       {"level": "S2", "major": "Kesehatan Masyarakat"}])
    assert emp["birth_date"] == "1970-02-15" and emp["gender"] == "L" and emp["display_name"] == "dr. Ani, M.Kes."
    assert emp["rank"] == {"golongan": "IV/a", "tmt": "2015-04-01"}
    assert emp["education"]["level"] == "S2" and emp["current_assignment"] is None
    assert emp["retirement_date"] == "2028-03-01"  # default BUP 58
    a = await world.assign(emp, pos)
    got = await world.ok("GET", f"/api/v1/employees/{emp['id']}", status=200)
    cur = got["current_assignment"]
    assert cur["id"] == a["id"] and cur["job_kind"] == "FUNGSIONAL" and cur["jenjang"] == "AHLI_MADYA"
    assert cur["unit_name"] == "Dinas Kesehatan" and cur["kind"] == "definitive"
    assert got["retirement_date"] == "2030-03-01"  # BUP 60 for Ahli Madya
    by_nip = await world.ok("GET", f"/api/v1/employees/by-nip/{emp['nip']}", status=200)
    assert by_nip["id"] == emp["id"]
    svc = await world.ok("GET", f"/api/v1/employees/by-nip/{emp['nip']}", status=200, headers=world.service)
    assert svc["id"] == emp["id"]
    r = await world.c.post("/api/v1/employees", json={"nip": emp["nip"], "name": "Dup", "employment_type": "PNS"},
                           headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "nip_taken"


async def test_positions_employee_read_authorization(world, tokens: TokenFactory) -> None:
    dinas = await world.unit("Dinas")
    bidang = await world.unit("Bidang", parent=dinas["id"], kind="BIDANG")
    other_unit = await world.unit("Dinas Lain")
    kadis = await world.position(dinas, await world.job("JPT_PRATAMA"), is_head=True)
    kabid = await world.position(bidang, await world.job("ADMINISTRATOR"), is_head=True)
    staff = await world.position(bidang, await world.job("PELAKSANA"), required_seats=5)
    lain = await world.position(other_unit, await world.job("PELAKSANA"), required_seats=5)
    e_kadis, e_kabid, e_staff, e_lain = (await world.employee("IV/c"), await world.employee("IV/a"),
                                         await world.employee("II/c"), await world.employee("II/c"))
    for e, p in ((e_kadis, kadis), (e_kabid, kabid), (e_staff, staff), (e_lain, lain)):
        await world.assign(e, p)
    url = f"/api/v1/employees/{e_staff['id']}"
    allowed = [world.admin, world.service, world.h("employee", employee_id=e_staff["id"]),
               world.h("supervisor", employee_id=e_kabid["id"]), world.h("supervisor", employee_id=e_kadis["id"]),
               world.h("unit_admin", unit_id=dinas["id"]), world.h("unit_admin", unit_id=bidang["id"])]
    for h in allowed:
        assert (await world.c.get(url, headers=h)).status_code == 200
    denied = [world.h("employee", employee_id=e_lain["id"]), world.h("supervisor", employee_id=e_lain["id"]),
              world.h("unit_admin", unit_id=other_unit["id"]), world.h("panel_member")]
    for h in denied:
        r = await world.c.get(url, headers=h)
        assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    for sub in ("career", "supervisors"):
        assert (await world.c.get(f"{url}/{sub}", headers=world.h("employee", employee_id=e_lain["id"]))
                ).status_code == 403
    assert (await world.c.get(url)).status_code == 401
    assert (await world.c.get(url, headers=tokens.headers("agency_admin", agency_id=uuid.uuid4()))).status_code == 404
    # unit admin lists only their subtree; employees cannot list
    listed = await world.ok("GET", "/api/v1/employees", status=200, headers=world.h("unit_admin", unit_id=bidang["id"]))
    assert {i["id"] for i in listed["items"]} == {e_kabid["id"], e_staff["id"]}
    assert (await world.c.get("/api/v1/employees", headers=world.h("employee"))).status_code == 403
    # writes: only the agency admin
    r = await world.c.patch(url, json={"name": "Nama Baru"}, headers=world.h("unit_admin", unit_id=bidang["id"]))
    assert r.status_code == 403


async def test_positions_supervisors_chain(world) -> None:
    dinas = await world.unit("Dinas")
    bidang = await world.unit("Bidang", parent=dinas["id"], kind="BIDANG")
    kadis = await world.position(dinas, await world.job("JPT_PRATAMA"), is_head=True)
    kabid = await world.position(bidang, await world.job("ADMINISTRATOR"), is_head=True)
    staff = await world.position(bidang, await world.job("PELAKSANA"), required_seats=5)
    e_kadis, e_kabid, e_staff = await world.employee("IV/c"), await world.employee("IV/a"), await world.employee()
    await world.assign(e_kadis, kadis)
    await world.assign(e_staff, staff)
    sup = await world.ok("GET", f"/api/v1/employees/{e_staff['id']}/supervisors", status=200)
    assert sup["evaluator"] is None  # the head of Bidang is vacant and nobody acts
    await world.long_acting()
    await world.assign(e_kabid, kabid, kind="plt", tmt="2021-01-01", tmt_end="2030-12-31")
    sup = await world.ok("GET", f"/api/v1/employees/{e_staff['id']}/supervisors", status=200)
    assert sup["evaluator"]["employee_id"] == e_kabid["id"] and sup["evaluator"]["acting"] is True
    assert sup["evaluator_superior"]["employee_id"] == e_kadis["id"]
    assert sup["evaluator_superior"]["acting"] is False
    sup = await world.ok("GET", f"/api/v1/employees/{e_staff['id']}/supervisors?as_of=2020-06-01", status=200)
    assert sup["evaluator"] is None
    head = await world.ok("GET", f"/api/v1/employees/{e_kadis['id']}/supervisors", status=200)
    assert head == {"evaluator": None, "evaluator_superior": None}


async def test_positions_employee_search_typo_tolerant(world) -> None:
    for name in ("Muhammad Rizki Pratama", "Siti Nurhaliza", "Bambang Sutrisno"):
        await world.employee(name=name)
    found = await world.ok("GET", "/api/v1/employees?q=Nurhaliza", status=200)
    assert found["items"][0]["name"] == "Siti Nurhaliza"
    found = await world.ok("GET", "/api/v1/employees?q=bambang sutrisna", status=200)
    assert found["items"][0]["name"] == "Bambang Sutrisno"
    found = await world.ok("GET", "/api/v1/employees?q=Muhamad Riski", status=200)
    assert found["items"][0]["name"] == "Muhammad Rizki Pratama"
    nip = found["items"][0]["nip"]
    by_nip = await world.ok("GET", f"/api/v1/employees?q={nip[:14]}", status=200)
    assert nip in {i["nip"] for i in by_nip["items"]}


async def test_positions_rank_change_event(world) -> None:
    emp = await world.employee("III/a")
    r = await world.c.post(f"/api/v1/employees/{emp['id']}/ranks", json={"golongan": "III/b", "tmt": "2019-04-01",
                                                                         "sk_number": "SK-KP"}, headers=world.admin)
    assert r.status_code == 201, r.text
    r = await world.c.post(f"/api/v1/employees/{emp['id']}/ranks", json={"golongan": "III/z", "tmt": "2020-04-01"},
                           headers=world.admin)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "golongan"]
    got = await world.ok("GET", f"/api/v1/employees/{emp['id']}", status=200)
    assert got["rank"]["golongan"] == "III/b"
    feed = await world.ok("GET", "/api/v1/position-events?type=rank_changed", status=200)
    assert [e["data"]["golongan"] for e in feed["items"]] == ["III/b"]

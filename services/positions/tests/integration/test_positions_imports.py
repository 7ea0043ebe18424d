"""Bulk import: each bad row reported by line, all-or-nothing, re-runnable without duplicates."""

from __future__ import annotations

import io
import uuid

from openpyxl import Workbook


def _nip(birth: str, cpns: str, gender: str = "1") -> str:
    """A NIP of this test only (a NIP is active in one agency at a time): a birth date no other test uses."""
    return f"{birth}{cpns}{gender}{uuid.uuid4().int % 899 + 101:03d}"


def _csv(*lines: str) -> dict:
    return {"file": ("data.csv", ("\n".join(lines) + "\n").encode(), "text/csv")}


async def test_positions_import_units_positions_employees(world) -> None:
    units = _csv("code,name,kind,parent_code,valid_from",
                 "DISDIK,Dinas Pendidikan,DINAS,,2016-01-01",
                 "DISDIK-SD,Bidang SD,BIDANG,DISDIK,2016-01-01")
    r = await world.c.post("/api/v1/position-imports/org-units", files=units, headers=world.admin)
    assert r.status_code == 200 and r.json()["created"] == 2, r.text
    r = await world.c.post("/api/v1/position-imports/org-units", files=units, headers=world.admin)
    assert r.json()["created"] == 0 and r.json()["unchanged"] == 2
    positions = _csv("code,unit_code,job_code,name,is_head,required_seats,job_kind,job_name,jenjang,kelas_jabatan",
                     "P1,DISDIK,KADIS,Kepala Dinas Pendidikan,ya,1,JPT_PRATAMA,Kepala Dinas,,14",
                     "P2,DISDIK-SD,STAFF,Pengadministrasi,,4,PELAKSANA,Pengadministrasi,,5")
    r = await world.c.post("/api/v1/position-imports/positions", files=positions, headers=world.admin)
    assert r.status_code == 200 and r.json()["created"] == 2, r.text
    r = await world.c.post("/api/v1/position-imports/positions", files=positions, headers=world.admin)
    assert r.json()["unchanged"] == 2
    wb = Workbook()
    ws = wb.active
    ws.append(["nip", "name", "employment_type", "golongan", "tmt_golongan", "education_level"])
    ws.append(["198001012005031001", "Ahmad", "PNS", "III/c", "2015-04-01", "S1"])
    ws.append(["198502022010012002", "Dewi", "PNS", "III/a", "2010-01-01", "D3"])
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = {"file": ("pegawai.xlsx", buf.getvalue(), "application/octet-stream")}
    r = await world.c.post("/api/v1/position-imports/employees", files=xlsx, headers=world.admin)
    assert r.status_code == 200 and r.json()["created"] == 2, r.text
    r = await world.c.post("/api/v1/position-imports/employees", files=xlsx, headers=world.admin)
    assert r.json()["created"] == 0 and r.json()["unchanged"] == 2
    listing = await world.ok("GET", "/api/v1/employees", status=200)
    assert listing["total"] == 2
    dewi = await world.ok("GET", "/api/v1/employees/by-nip/198502022010012002", status=200)
    assert dewi["gender"] == "P" and dewi["rank"]["golongan"] == "III/a" and dewi["education"]["level"] == "D3"


async def test_positions_import_bad_rows_change_nothing(world) -> None:
    bad = _csv("nip,name,employment_type,golongan,tmt_golongan",
               "198001012005031001,Ahmad,PNS,III/c,2015-04-01",
               "19800101200503100,Budi,PNS,,",
               "198001012005033001,Citra,PNS,,",
               "198001012005031001,Ahmad Lagi,PNS,,",
               "198201012007031001,Dodi,PNS,V/a,2015-04-01")
    r = await world.c.post("/api/v1/position-imports/employees", files=bad,
                           headers={**world.admin, "Accept-Language": "en"})
    assert r.status_code == 422 and r.json()["code"] == "import_invalid"
    lines = {(e["line"], e["code"]) for e in r.json()["line_errors"]}
    assert lines == {(3, "nip_invalid_length"), (4, "nip_invalid_gender"), (5, "duplicate"), (6, "rank_invalid")}
    assert (await world.ok("GET", "/api/v1/employees", status=200))["total"] == 0
    r = await world.c.post("/api/v1/position-imports/org-units",
                           files=_csv("code,name,kind,parent_code", "A,Unit A,DINAS,B", "B,Unit B,DINAS,A"),
                           headers=world.admin)
    assert r.status_code == 422 and {e["code"] for e in r.json()["line_errors"]} == {"unit_cycle"}
    r = await world.c.post("/api/v1/position-imports/employees", files=bad, headers=world.h("unit_admin"))
    assert r.status_code == 403


async def test_positions_import_histories_checked_by_the_one_at_a_time_rules(world) -> None:
    """Rank history: the TMT CPNS, one rank per TMT and the one-step order (PP 99/2000) over the whole merged
    history; seat holders: one definitive seat per person, no more holders than seats; nothing written on error."""
    # NIPs of this test only: a NIP is active in one agency at a time, nationally
    ahmad_nip, dewi_nip = _nip("19791231", "200503"), _nip("19841231", "201001", "2")
    await world.c.post("/api/v1/position-imports/org-units", headers=world.admin,
                       files=_csv("code,name,kind,valid_from", "DISDIK,Dinas Pendidikan,DINAS,2000-01-01"))
    r = await world.c.post("/api/v1/position-imports/positions", headers=world.admin, files=_csv(
        "code,unit_code,job_code,required_seats,job_kind,job_name,kelas_jabatan",
        "STAF,DISDIK,STAF,1,PELAKSANA,Pengadministrasi,5", "STAF2,DISDIK,STAF,1,,,"))
    assert r.status_code == 200, r.text
    r = await world.c.post("/api/v1/position-imports/employees", headers=world.admin, files=_csv(
        "nip,name", f"{ahmad_nip},Ahmad", f"{dewi_nip},Dewi"))
    assert r.status_code == 200, r.text
    ranks = _csv("NIP,Golongan,TMT Golongan,Alasan",
                 f"{ahmad_nip},III/c,2013-04-01,",  # skips III/b: needs a reason
                 f"{ahmad_nip},III/a,2005-03-01,",
                 f"{dewi_nip},III/a,2009-01-01,",  # before the TMT CPNS in the NIP (2010-01)
                 f"{dewi_nip},III/a,2010-01-01,",
                 f"{dewi_nip},III/b,2010-01-01,")  # the same TMT twice
    r = await world.c.post("/api/v1/position-imports/ranks", files=ranks, headers=world.admin)
    assert r.status_code == 422, r.text
    assert sorted((e["line"], e["code"]) for e in r.json()["line_errors"]) == [
        (2, "rank_order_reason_required"), (4, "rank_before_cpns"), (6, "rank_tmt_taken")]
    ahmad = await world.ok("GET", f"/api/v1/employees/by-nip/{ahmad_nip}", status=200)
    assert (await world.ok("GET", f"/api/v1/employees/{ahmad['id']}/ranks", status=200))["items"] == []
    ok_ranks = _csv("nip,golongan,tmt,reason", f"{ahmad_nip},III/c,2013-04-01,EXTRAORDINARY_PROMOTION",
                    f"{ahmad_nip},III/a,2005-03-01,")
    r = await world.c.post("/api/v1/position-imports/ranks", files=ok_ranks, headers=world.admin)
    assert r.status_code == 200 and r.json()["created"] == 2, r.text
    seats = _csv("nip,position_code,kind,tmt_start,sk_number,sk_date",
                 f"{ahmad_nip},STAF,definitive,2015-01-02,SK-1,2015-01-02",
                 f"{dewi_nip},STAF,definitive,2016-01-04,SK-2,2016-01-04",  # the one seat is held
                 f"{ahmad_nip},STAF2,definitive,2017-01-02,SK-3,2017-01-02")  # Ahmad already sits
    r = await world.c.post("/api/v1/position-imports/assignments", files=seats, headers=world.admin)
    assert r.status_code == 422, r.text
    assert sorted((e["line"], e["code"]) for e in r.json()["line_errors"]) == [
        (3, "seat_filled"), (4, "employee_has_definitive")]
    assert (await world.ok("GET", "/api/v1/assignments", status=200))["total"] == 0

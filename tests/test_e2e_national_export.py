"""The registry in the national system's vocabulary (issue #15): link the national ids, export every dataset as
JSON and CSV through the gateway, two agencies, and the denials."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import httpx

from merit_positions.rules import national
from tests.conftest import create_user, login, ok
from tests.test_e2e_machine_clients import bearer, register
from tests.test_e2e_scheduler import person, seat
from tests.world import TODAY, World

EXPORT = "/api/v1/national-export"


def export(gw: httpx.Client, headers: dict[str, str], dataset: str, **params: Any) -> dict[str, Any]:
    return dict(ok(gw.get(f"{EXPORT}/{dataset}", headers=headers, params=params)))


def unit_code(w: World, unit_id: str) -> str:
    return str(ok(w.gw.get(f"/api/v1/org-units/{unit_id}", headers=w.admin))["code"])


def test_an_agency_links_its_national_ids_and_exports_every_dataset(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    sek = seat(a, "Sekretaris Dinas Kesehatan")
    dewi = person(a, "Dewi Lestari", date(1978, 5, 17), sek)
    other = person(b, "Orang Kota Lain", date(1979, 3, 3), seat(b, "Sekretaris Lain"))
    ok(gw.post("/api/v1/annual-ratings", headers=a.admin, json={
        "employee_id": dewi["id"], "year": TODAY.year - 1, "rating_hasil_kerja": "DI_ATAS_EKSPEKTASI",
        "rating_perilaku": "SESUAI_EKSPEKTASI"}), 201)

    # the national ids: people by NIP, units by code; all or nothing
    dinas_code = unit_code(a, a.dinas)
    bad = gw.post("/api/v1/national-ids", headers=a.admin, json={
        "pns": [{"nipBaru": dewi["nip"], "pnsId": "PNS-DEWI"}, {"nipBaru": other["nip"], "pnsId": "PNS-LAIN"}]})
    assert bad.status_code == 422 and bad.json()["code"] == "national_key_unknown"
    assert bad.json()["errors"][0]["loc"] == ["body", "pns", "1", "nipBaru"]
    assert export(gw, a.admin, "pns")["items"][0]["pnsId"] is None  # nothing was written
    linked = ok(gw.post("/api/v1/national-ids", headers=a.admin, json={
        "pns": [{"nipBaru": dewi["nip"], "pnsId": "PNS-DEWI"}], "unor": [{"code": dinas_code, "unorId": "UNOR-DINKES"}]}))
    assert linked == {"pns": 1, "unor": 1, "jabatan": 0}
    ok(gw.post("/api/v1/national-ids", headers=b.admin, json={"pns": [{"nipBaru": other["nip"], "pnsId": "PNS-DEWI"}]}))
    taken = gw.post("/api/v1/national-ids", headers=a.admin, json={
        "unor": [{"code": dinas_code, "unorId": "X"}, {"code": dinas_code.lower(), "unorId": "X"}]})
    assert taken.status_code == 422 and taken.json()["code"] == "national_id_taken"

    doc = export(gw, a.admin, "pns")
    assert doc["dataset"] == "pns" and doc["agency_id"] == a.agency_id and doc["as_of"] == TODAY.isoformat()
    [row] = doc["items"]
    assert set(row) == {f.name for f in national.DATASETS["pns"]}
    assert row["nipBaru"] == dewi["nip"] and row["pnsId"] == "PNS-DEWI" and row["nama"] == "Dewi Lestari"
    assert row["golRuangAkhirId"] == "42" and row["tmtGolAkhir"] == "2014-04-01"  # IV/b
    assert row["jenisJabatanId"] == "1" and row["eselonId"] == "31"  # an Administrator seat
    assert row["tmtJabatan"] == "2015-01-05" and row["unorId"] == "UNOR-DINKES" and row["unorIndukId"] == "UNOR-DINKES"
    assert "Orang Kota Lain" not in str(doc)

    jab = {r["namaJabatan"]: r for r in export(gw, a.admin, "jabatan")["items"]}
    assert jab["Sekretaris Dinas Kesehatan"]["kebutuhan"] == 1 and jab["Sekretaris Dinas Kesehatan"]["terisi"] == 1
    [riwayat] = export(gw, a.admin, "riwayat-jabatan")["items"]
    assert riwayat["nomorSk"] == "821/001/2015" and riwayat["penugasan"] == "DEFINITIVE"
    assert riwayat["tmtPelantikan"] is None and riwayat["jenisMutasiId"] is None
    [gol] = export(gw, a.admin, "riwayat-golongan")["items"]
    assert gol["golonganId"] == "42" and gol["tmtGolongan"] == "2014-04-01"
    skp = export(gw, a.admin, "skp22")
    assert skp["items"] == [{"nipBaru": dewi["nip"], "tahun": TODAY.year - 1, "hasilKinerjaNilai": "3",
                             "perilakuKerjaNilai": "2", "kuadranKinerjaNilai": "4", "penilaiNipNrp": None}]
    assert skp["unfilled"] == []

    # CSV: the national field names as header, the same rows
    r = gw.get(f"{EXPORT}/riwayat-golongan", headers=a.admin, params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == [f.name for f in national.DATASETS["riwayat-golongan"]] and rows[0]["golonganId"] == "42"

    # changed since tomorrow: nothing; since today: the person whose pnsId was just linked
    assert export(gw, a.admin, "pns", changed_since=(TODAY + timedelta(days=1)).isoformat())["items"] == []
    assert len(export(gw, a.admin, "pns", changed_since=TODAY.isoformat())["items"]) == 1

    # the field map names what Merit cannot fill
    fmap = {d["name"]: d for d in ok(gw.get(EXPORT, headers=a.ppk))["datasets"]}
    assert "tmtPelantikan" in fmap["riwayat-jabatan"]["unfilled"] and set(fmap) == set(national.DATASETS)


def test_who_may_export_and_link(gw: httpx.Client, platform: dict[str, str]) -> None:
    a = World(gw, platform)
    emp = person(a, "Agus Pegawai", date(1985, 2, 2), None)
    employee = login(gw, create_user(gw, platform, a.agency_id, ["employee"], employee_id=emp["id"]))
    unit_admin = login(gw, create_user(gw, platform, a.agency_id, ["unit_admin"], unit_id=a.dinas))
    for who in (employee, unit_admin, a.supervisor):
        assert gw.get(f"{EXPORT}/pns", headers=who).status_code == 403
        assert gw.get(EXPORT, headers=who).status_code == 403
    assert gw.get(f"{EXPORT}/pns").status_code == 401
    assert gw.post("/api/v1/national-ids", headers=a.ppk, json={}).status_code == 403
    assert len(export(gw, a.ppk, "pns")["items"]) == 1

    registry = bearer(gw, register(gw, a.admin, "registry:read"))
    assert len(export(gw, registry, "riwayat-golongan")["items"]) == 1
    assert gw.get(f"{EXPORT}/skp22", headers=registry).status_code == 403  # ratings need performance:read too
    both = bearer(gw, register(gw, a.admin, "registry:read", "performance:read", name="SIASN sync"))
    assert export(gw, both, "skp22")["items"] == []
    assert gw.post("/api/v1/national-ids", headers=both, json={}).status_code == 403
    assert gw.get(f"{EXPORT}/nomor-induk", headers=a.admin).status_code == 422
    assert gw.get(f"{EXPORT}/pns", headers=a.admin, params={"format": "xml"}).status_code == 422

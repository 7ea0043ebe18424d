"""Onboarding a city from spreadsheets alone (issue #11), through the gateway with every service a real process:
units, jobs, positions, employees, rank and education history, seat holders and past annual ratings are imported
from CSV files written under the templates' Indonesian headers, and a sitting Administrator is then ELIGIBLE for a
JPT Pratama selection on the imported history alone (PP 11/2017 Pasal 107). Another agency's NIP or position code
is a per-row error, dry_run writes nothing, and one failing row rolls the whole file back. Two agencies."""

from __future__ import annotations

import csv
import io
import random
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.conftest import create_user, login, ok
from tests.world import INAUGURATION, TODAY, World, nip_for

PI = "/api/v1/position-imports"
RATINGS = "/api/v1/annual-ratings/import"


@pytest.fixture
def other(gw: httpx.Client, platform: dict[str, str]) -> World:
    return World(gw, platform)


def template_headers(gw: httpx.Client, headers: dict[str, str], path: str) -> list[str]:
    r = gw.get(path, headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), r.text
    return next(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))


def upload(gw: httpx.Client, headers: dict[str, str], path: str, header: list[str], rows: list[list[Any]],
           dry_run: bool = False) -> httpx.Response:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([["" if v is None else str(v) for v in row] for row in rows])
    return gw.post(path, params={"dry_run": str(dry_run).lower()}, headers=headers,
                   files={"file": ("data.csv", buf.getvalue().encode(), "text/csv")})


def imported(r: httpx.Response, created: int) -> dict[str, Any]:
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["created"] == created, body
    return dict(body)


def line_errors(r: httpx.Response) -> list[tuple[int, str, str]]:
    assert r.status_code == 422 and r.json()["code"] == "import_invalid", r.text
    return [(e["line"], e["column"], e["code"]) for e in r.json()["line_errors"]]


def test_a_city_onboarded_from_spreadsheets_is_eligible_on_its_imported_history(gw: httpx.Client,
                                                                                platform: dict[str, str],
                                                                                other: World) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    agency = ok(gw.post("/api/v1/agencies", headers=platform, json={
        "code": f"ONB-{tag}", "name": f"Pemerintah Kota Onboarding {tag}", "kind": "PEMDA_KOTA"}), 201)
    aid = agency["id"]
    admin = login(gw, create_user(gw, platform, aid, ["agency_admin"]))

    def h(kind: str) -> list[str]:
        return template_headers(gw, admin, f"{PI}/{kind}/template")

    # The templates speak Indonesian by default, English on request; XLSX holds the same header row.
    assert h("assignments")[:4] == ["NIP", "Kode Jabatan", "Jenis Penugasan", "TMT Jabatan"]
    en = template_headers(gw, {**admin, "Accept-Language": "en"}, f"{PI}/assignments/template")
    assert en[:4] == ["NIP", "Position Code", "Assignment Kind", "TMT Start"]
    r = gw.get(f"{PI}/ranks/template", params={"format": "xlsx"}, headers=admin)
    assert r.status_code == 200, r.text
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in ws[1]] == h("ranks")
    assert gw.get(f"{PI}/ranks/template", headers=other.supervisor).status_code == 403

    units = [[f"DINKES-{tag}", "Dinas Kesehatan", "DINAS", "", "2010-01-01", ""],
             [f"SEKRE-{tag}", "Sekretariat Dinas Kesehatan", "SEKRETARIAT", f"DINKES-{tag}", "2010-01-01", ""]]
    imported(upload(gw, admin, f"{PI}/org-units", h("org-units"), units), 2)
    jobs = [[f"KADIS-{tag}", "Kepala Dinas Kesehatan", "JPT_PRATAMA", "", 14, "IV/b", ""],
            [f"SEKDIS-{tag}", "Sekretaris Dinas", "ADMINISTRATOR", "", 12, "III/d", ""],
            [f"KASUBAG-{tag}", "Kepala Subbagian Umum", "PENGAWAS", "", 9, "III/b", ""]]
    jh = h("jobs")
    assert jh[:3] == ["Kode Jabatan Katalog", "Nama Jabatan", "Jenis Jabatan"]
    r = upload(gw, admin, f"{PI}/jobs", jh, jobs, dry_run=True)
    assert imported(r, 3)["dry_run"] is True
    assert ok(gw.get("/api/v1/jobs", headers=admin))["total"] == 0  # dry_run wrote nothing
    imported(upload(gw, admin, f"{PI}/jobs", jh, jobs), 3)
    assert imported(upload(gw, admin, f"{PI}/jobs", jh, jobs), 0)["unchanged"] == 3  # a re-run is harmless
    positions = [[f"P-KADIS-{tag}", f"DINKES-{tag}", f"KADIS-{tag}", "Kepala Dinas Kesehatan", "ya", 1],
                 [f"P-SEK-{tag}", f"SEKRE-{tag}", f"SEKDIS-{tag}", "Sekretaris Dinas Kesehatan", "ya", 1],
                 [f"P-UMUM-{tag}", f"SEKRE-{tag}", f"KASUBAG-{tag}", "Kepala Subbagian Umum", "", 1]]
    imported(upload(gw, admin, f"{PI}/positions", h("positions")[:6], positions), 3)

    sek = nip_for(date(1975, random.randint(1, 12), random.randint(1, 28)), date(2000, 3, 1))
    kasubag = nip_for(date(1980, random.randint(1, 12), random.randint(1, 28)), date(2005, 3, 1), gender=2)
    imported(upload(gw, admin, f"{PI}/employees", h("employees")[:2], [[sek, "Siti Sekretaris"],
                                                                        [kasubag, "Dewi Kasubag"]]), 2)
    rank_rows = [[sek, g, tmt, f"823/{i}/{tmt[:4]}", tmt] for i, (g, tmt) in enumerate(
        [("III/a", "2000-03-01"), ("III/b", "2004-04-01"), ("III/c", "2008-04-01"), ("III/d", "2012-04-01"),
         ("IV/a", "2016-04-01"), ("IV/b", "2020-04-01")])]
    rank_rows.append([kasubag, "III/a", "2005-03-01", "823/9/2005", "2005-03-01"])
    rank_rows.append([kasubag, "III/b", "2009-04-01", "823/10/2009", "2009-04-01"])
    imported(upload(gw, admin, f"{PI}/ranks", h("ranks")[:5], list(reversed(rank_rows))), 8)  # any order
    imported(upload(gw, admin, f"{PI}/educations", h("educations"), [
        [sek, "S2", "Kesehatan Masyarakat", "Universitas Indonesia", "2005-08-30"],
        [sek, "S1", "Kedokteran", "Universitas Padjadjaran", "1998-08-30"],
        [kasubag, "S1", "Administrasi Negara", "Universitas Terbuka", "2003-08-30"]]), 3)

    admin_since = TODAY - timedelta(days=3 * 365)
    ah = h("assignments")[:8]
    seats = [[sek, f"P-UMUM-{tag}", "definitive", "2012-01-02", (admin_since - timedelta(days=1)).isoformat(),
              "821/1/2012", "2011-12-20", "initial"],
             [sek, f"P-SEK-{tag}", "definitive", admin_since.isoformat(), "", "821/2/SEK", admin_since.isoformat(),
              "promotion"],
             [kasubag, f"P-UMUM-{tag}", "definitive", admin_since.isoformat(), "", "821/3/UMUM",
              admin_since.isoformat(), "promotion"]]
    # Agency B's NIP and agency B's position code are unknown here: per-row errors, and nothing is written.
    b_nip = other.candidate("Pegawai Instansi Lain")["nip"]
    b_code = f"P-B-{tag}"
    b_unit = f"B-{tag}"
    imported(upload(gw, other.admin, f"{PI}/org-units", ["code", "name", "kind", "valid_from"],
                    [[b_unit, "Dinas Lain", "DINAS", "2010-01-01"]]), 1)
    imported(upload(gw, other.admin, f"{PI}/positions", ["code", "unit_code", "job_code", "job_kind", "job_name",
                                                          "kelas_jabatan"],
                    [[b_code, b_unit, f"JB-{tag}", "PELAKSANA", "Pengadministrasi", 5]]), 1)
    r = upload(gw, admin, f"{PI}/assignments", ah, [*seats, [b_nip, f"P-SEK-{tag}", "definitive", "2020-01-02", "",
                                                             "821/9/2020", "2020-01-02", "initial"],
                                                    [kasubag, b_code, "plt", "2020-01-02", "", "821/8/2020",
                                                     "2020-01-02", "initial"]])
    assert line_errors(r) == [(5, "nip", "employee_unknown"), (6, "position_code", "position_unknown")]
    # A row the appointment rules refuse (a seat before its position exists) rolls back the good rows too.
    r = upload(gw, admin, f"{PI}/assignments", ah, [*seats, [kasubag, f"P-SEK-{tag}", "definitive",
                                                             "2009-01-05", "2009-06-30", "821/7/2009",
                                                             "2009-01-05", "initial"]])
    assert line_errors(r) == [(5, "tmt_start", "tmt_before_position")]
    r = upload(gw, admin, f"{PI}/assignments", ah, seats, dry_run=True)
    assert imported(r, 3)["dry_run"] is True
    emp = ok(gw.get(f"/api/v1/employees/by-nip/{sek}", headers=admin))
    assert ok(gw.get(f"/api/v1/employees/{emp['id']}/career", headers=admin))["items"] == []
    imported(upload(gw, admin, f"{PI}/assignments", ah, seats), 3)
    assert imported(upload(gw, admin, f"{PI}/assignments", ah, seats), 0)["unchanged"] == 3
    assert [c["position_name"] for c in ok(gw.get(f"/api/v1/employees/{emp['id']}/career",
                                                  headers=admin))["items"]][:1] == ["Sekretaris Dinas Kesehatan"]

    rh = template_headers(gw, admin, f"{RATINGS}/template")
    assert rh[:3] == ["NIP", "Tahun", "Predikat"]
    ratings = [[sek, TODAY.year - 2, "BAIK"], [sek, TODAY.year - 1, "SANGAT_BAIK"],
               [kasubag, TODAY.year - 1, "BAIK"]]
    r = upload(gw, admin, RATINGS, rh[:3], [*ratings, [b_nip, TODAY.year - 1, "BAIK"], [sek, TODAY.year, "BAIK"]])
    assert line_errors(r) == [(5, "nip", "employee_unknown"), (6, "year", "import_year_not_past")]
    imported(upload(gw, admin, RATINGS, rh[:3], ratings, dry_run=True), 3)
    assert ok(gw.get("/api/v1/annual-ratings", params={"employee_id": emp["id"]}, headers=admin))["total"] == 0
    imported(upload(gw, admin, RATINGS, rh[:3], ratings), 3)
    stored = ok(gw.get("/api/v1/annual-ratings", params={"employee_id": emp["id"]}, headers=admin))["items"]
    assert {(s["year"], s["predikat"], s["source"]) for s in stored} == {
        (TODAY.year - 2, "BAIK", "import"), (TODAY.year - 1, "SANGAT_BAIK", "import")}
    # The ratings given must yield the predikat given: the server computes, the file only records.
    r = upload(gw, admin, RATINGS, rh[:5], [[kasubag, TODAY.year - 2, "SANGAT_BAIK", "SESUAI_EKSPEKTASI",
                                             "SESUAI_EKSPEKTASI"]])
    assert line_errors(r) == [(2, "predikat", "predikat_disagrees")]
    r = upload(gw, other.admin, RATINGS, rh[:3], [[sek, TODAY.year - 3, "BAIK"]])
    assert line_errors(r) == [(2, "nip", "employee_unknown")]  # agency B cannot rate agency A's people

    # The selection: the sitting Administrator applies and is ELIGIBLE on the imported history alone.
    pos = ok(gw.get("/api/v1/positions", params={"limit": 100}, headers=admin))["items"]
    head = next(p["id"] for p in pos if p["code"] == f"P-KADIS-{tag}")
    t = TODAY
    sel = ok(gw.post("/api/v1/selections", headers=admin, json={
        "title": "Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan", "kind": "JPT_PRATAMA",
        "position_ids": [head], "planned_inauguration_date": INAUGURATION.isoformat(),
        "schedule": {"announcement_start": t.isoformat(), "announcement_end": (t + timedelta(days=14)).isoformat(),
                     "registration_start": (t + timedelta(days=1)).isoformat(),
                     "registration_end": (t + timedelta(days=20)).isoformat(),
                     "stage_dates": [(t + timedelta(days=25 + 3 * i)).isoformat() for i in range(5)]}}), 201)
    ok(gw.post(f"/api/v1/selections/{sel['id']}/announce", headers=admin))
    ok(gw.post(f"/api/v1/selections/{sel['id']}/open-registration", headers=admin))
    who = login(gw, create_user(gw, platform, aid, ["employee"], employee_id=emp["id"], nip=sek))
    app = ok(gw.post(f"/api/v1/selections/{sel['id']}/applications", json={}, headers=who), 201)
    assert app["eligibility_status"] == "ELIGIBLE", app["eligibility"]
    results = {x["code"]: x for x in app["eligibility"]["results"]}
    assert results["PRIOR_POSITION"]["status"] == "PASSED", results
    assert results["RANK"]["value"] == "IV/b", results

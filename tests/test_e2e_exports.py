"""Every report exported as CSV and XLSX through the gateway, in both languages: typed cells, styled header, labels,
formula injection neutralised (OWASP "CSV injection"), and another agency's data never included."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, datetime
from typing import Any

import httpx
from openpyxl import load_workbook

from tests.conftest import create_user, login
from tests.world import World, nip_for

REPORTS = ["peta-jabatan", "vacancies", "rotation-due", "retirement-forecast?months=120", "bezetting"]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _populate(w: World, unit_name: str, person: str) -> dict[str, Any]:
    """A unit under the agency's dinas with two Administrator positions, one vacant, the other held since 2015
    (rotation due) by an employee born 1970 (retires within ten years)."""
    tag = uuid.uuid4().hex[:6].upper()
    unit = w.post("/api/v1/org-units", {"code": f"BAG-{tag}", "name": unit_name, "kind": "BIDANG",
                                        "parent_id": w.dinas, "valid_from": "2010-01-01"})
    seat = w.post("/api/v1/positions", {"unit_id": unit["id"], "job_id": w.adm_job, "required_seats": 1,
                                        "name": f"Kepala {unit_name}"})
    w.post("/api/v1/positions", {"unit_id": unit["id"], "job_id": w.adm_job, "required_seats": 1,
                                 "name": f"Wakil {unit_name}"})  # vacant
    nip = nip_for(date(1970, 5, 10), date(1995, 3, 1))
    emp = w.post("/api/v1/employees", {
        "nip": nip, "name": person, "employment_type": "PNS",
        "rank": {"golongan": "IV/a", "tmt": "2012-04-01", "sk_number": "823/002/2012", "sk_date": "2012-03-20"}})
    w.post("/api/v1/assignments", {"employee_id": emp["id"], "position_id": seat["id"], "kind": "definitive",
                                   "tmt_start": "2015-01-02", "sk_number": f"821/{tag}/2015", "sk_date": "2014-12-20",
                                   "reason": "initial"})
    return {"unit": unit, "seat": seat, "nip": nip, "employee": emp}


def _get(gw: httpx.Client, report: str, fmt: str, lang: str, headers: dict[str, str]) -> httpx.Response:
    sep = "&" if "?" in report else "?"
    r = gw.get(f"/api/v1/position-reports/{report}{sep}format={fmt}", headers={**headers, "Accept-Language": lang})
    assert r.status_code == 200, (report, fmt, r.text)
    assert r.headers["content-language"] == lang
    return r


def test_e2e_exports_typed_labelled_and_escaped(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    mine = _populate(a, "=1+1 Bagian", "@Budi Injeksi")
    _populate(b, "Bagian Rahasia B", "Pegawai Rahasia B")
    for report in REPORTS:
        for lang in ("id", "en"):
            xlsx = _get(gw, report, "xlsx", lang, a.admin)
            assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
            ws = load_workbook(io.BytesIO(xlsx.content)).active
            cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
            assert cells and all(c.data_type != "f" for c in cells), report
            assert not any("Rahasia" in str(c.value) for c in cells), report
            assert ws["A1"].font.b and ws["A2"].value == ("As of" if lang == "en" else "Per tanggal")
            assert isinstance(ws["B2"].value, datetime) and ws["B2"].is_date
            header = [c for c in ws[3] if c.value is not None]
            assert header and all(c.font.b for c in header) and ws.freeze_panes == "A4"
            assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A3:")
            names = [c.value for c in header]
            assert "Unit" in names and ("Jumlah" if lang == "id" else "Total") in names or \
                ("Jabatan" if lang == "id" else "Position") in names, names
            col = {n: i for i, n in enumerate(names)}
            body = list(ws.iter_rows(min_row=4))
            assert body, report
            if "NIP" in col:
                nips = [row[col["NIP"]] for row in body]
                assert mine["nip"] in [c.value for c in nips]
                assert all(c.data_type == "s" and isinstance(c.value, str) for c in nips)
            for name in ("TMT jabatan", "In position since (TMT)", "Tanggal lahir", "Date of birth", "TMT pensiun",
                         "Retirement date (TMT)"):
                if name in col:
                    assert all(row[col[name]].is_date and isinstance(row[col[name]].value, datetime) for row in body)
            for name in ("Kebutuhan", "Required", "Kosong", "Vacant", "Jumlah", "Total", "Bulan dalam jabatan",
                         "Months in position", "BUP", "Retirement age (BUP)"):
                if name in col:
                    assert all(isinstance(row[col[name]].value, int) for row in body), (report, name)
            strings = [c for c in cells if isinstance(c.value, str)]
            injected = [c for c in strings if c.value.startswith(DANGEROUS)]
            assert injected and all(c.data_type == "s" and c.quotePrefix for c in injected), report
            kind_col = "Jenis jabatan" if lang == "id" else "Kind of position"
            if kind_col in col:  # codes are labelled: the dinas head (JPT Pratama) and the bagian head's seat
                kinds = {row[col[kind_col]].value for row in body}
                assert kinds == {"Administrator", "JPT Pratama" if lang == "id"
                                 else "Primary high leadership (JPT Pratama)"}, kinds

            text = _get(gw, report, "csv", lang, a.admin).content.decode("utf-8")
            assert text.startswith("\ufeff") and "Rahasia" not in text
            rows = list(csv.reader(io.StringIO(text[1:])))
            flat = [v for row in rows for v in row]
            assert not any(v.startswith(DANGEROUS) for v in flat), report
            assert any(v.startswith(("'=1+1 Bagian", "'@Budi Injeksi")) for v in flat), report
            if "NIP" in rows[0]:
                assert mine["nip"] in [row[rows[0].index("NIP")] for row in rows[1:]]


def test_e2e_exports_denied_outside_scope(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    employee = login(gw, create_user(gw, platform, a.agency_id, ["employee"]))
    for fmt in ("csv", "xlsx"):
        r = gw.get(f"/api/v1/position-reports/bezetting?format={fmt}", headers=employee)
        assert r.status_code == 403 and r.headers["content-type"].startswith("application/problem+json")
        r = gw.get(f"/api/v1/position-reports/vacancies?format={fmt}&agency_id={b.agency_id}", headers=a.admin)
        assert r.status_code in (403, 404) and r.headers["content-type"].startswith("application/problem+json")

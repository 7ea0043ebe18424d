"""Report export cells: formula injection escaping (OWASP "CSV injection"), typing and code labels."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from merit_positions.reports import service
from merit_positions.rules.labels import JOB_KIND_LABELS, acting_label, jenjang_label, job_kind_label, yes_no
from merit_shared.tabular import escape_csv, export, is_formula_like
from merit_shared.vocab import JobKind


@pytest.mark.parametrize(("raw", "escaped"), [
    ("=1+1 Bagian", "'=1+1 Bagian"),
    ("+62 812", "'+62 812"),
    ("-5", "'-5"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=cmd", "'\t=cmd"),
    ("\r=cmd", "'\r=cmd"),
    ("=HYPERLINK(\"http://x\",\"klik\")", "'=HYPERLINK(\"http://x\",\"klik\")"),
    ("Bagian =1+1", "Bagian =1+1"),
    ("Dinas Pendidikan", "Dinas Pendidikan"),
    ("'sudah", "'sudah"),
    ("", ""),
    (" =spasi", " =spasi"),
    ("199001012020011001", "199001012020011001"),
])
def test_positions_escape_csv(raw: str, escaped: str) -> None:
    assert escape_csv(raw) == escaped
    assert is_formula_like(raw) == (escaped != raw)


@pytest.mark.parametrize(("code", "lang", "label"), [
    ("JPT_PRATAMA", "id", "JPT Pratama"),
    ("JPT_PRATAMA", "en", "Primary high leadership (JPT Pratama)"),
    ("PELAKSANA", "id", "Pelaksana"),
    ("FUNGSIONAL", "en", "Functional (Fungsional)"),
    ("UNKNOWN", "id", "UNKNOWN"),
    (None, "id", None),
])
def test_positions_job_kind_labels(code: str | None, lang: str, label: str | None) -> None:
    assert job_kind_label(code, lang) == label


def test_positions_every_job_kind_has_labels() -> None:
    assert set(JOB_KIND_LABELS) == set(JobKind)
    assert jenjang_label("AHLI_MUDA", "en") == "Ahli Muda" and jenjang_label(None, "id") is None
    assert acting_label("plt", "id") == "Plt." and acting_label("plh", "en") == "Acting, daily (Plh)"
    assert yes_no(True, "id") == "Ya" and yes_no(True, "en") == "Yes" and yes_no(False, "id") == ""


ROWS = [{"nip": "199001012020011001", "display_name": "=1+1 Budi", "birth_date": date(1970, 1, 2), "bup": -3,
         "retirement_date": date(2030, 2, 1), "position_name": "@Kepala", "unit_name": "-Bagian"},
        {"nip": "198505052010012002", "display_name": "Siti", "birth_date": None, "bup": 58,
         "retirement_date": date(2031, 1, 1), "position_name": None, "unit_name": "\tTab"}]


def _xlsx(lang: str):  # type: ignore[no-untyped-def]
    r = export(ROWS, service.RETIREMENT_COLUMNS, "xlsx", "proyeksi-pensiun", title=service.RETIREMENT_TITLE,
               as_of=date(2026, 1, 15), lang=lang)
    return r, load_workbook(io.BytesIO(r.body)).active


def test_positions_xlsx_cells_are_typed_and_never_formulas() -> None:
    r, ws = _xlsx("id")
    assert r.headers["content-disposition"] == 'attachment; filename="proyeksi-pensiun-2026-01-15.xlsx"'
    assert ws["A1"].value == "Proyeksi Pensiun" and ws["A2"].value == "Per tanggal"
    assert ws["B2"].is_date and ws["B2"].value.date() == date(2026, 1, 15)
    assert [c.value for c in ws[3]] == ["NIP", "Nama", "Tanggal lahir", "BUP", "TMT pensiun", "Jabatan", "Unit",
                                     "Lewat BUP"]
    assert all(c.font.b for c in ws[3]) and ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:H5"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    nip, name, birth, bup, ret, pos, unit, _overdue = ws[4]
    assert nip.data_type == "s" and nip.value == "199001012020011001"
    assert name.value == "=1+1 Budi" and name.data_type == "s" and name.quotePrefix
    assert birth.is_date and birth.number_format == "DD/MM/YYYY" and ret.value.date() == date(2030, 2, 1)
    assert bup.value == -3 and bup.data_type == "n"
    assert pos.value == "@Kepala" and unit.value == "-Bagian" and unit.quotePrefix
    assert ws["C5"].value is None and ws["G5"].value == "\tTab"
    assert ws.column_dimensions["A"].width >= 18
    _, en = _xlsx("en")
    assert en["A1"].value == "Retirement Forecast" and en["A3"].value == "NIP" and en["B3"].value == "Name"


def test_positions_csv_escapes_strings_only() -> None:
    r = export(ROWS, service.RETIREMENT_COLUMNS, "csv", "proyeksi-pensiun", title=service.RETIREMENT_TITLE,
               as_of=date(2026, 1, 15), lang="en")
    body = r.body.decode("utf-8")
    assert body.startswith("\ufeff") and r.headers["content-language"] == "en"
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0] == ["NIP", "Name", "Date of birth", "Retirement age (BUP)", "Retirement date (TMT)", "Position",
                       "Unit", "Past BUP"]
    assert rows[1] == ["199001012020011001", "'=1+1 Budi", "1970-01-02", "-3", "2030-02-01", "'@Kepala", "'-Bagian", ""]
    assert rows[2] == ["198505052010012002", "Siti", "", "58", "2031-01-01", "", "'\tTab", ""]


def test_positions_peta_export_labels_codes() -> None:
    tree = {"units": [{"name": "=1+1 Bagian", "code": "B1", "children": [], "positions": [
        {"name": "Kepala", "code": "K1", "is_head": True, "job_kind": "ADMINISTRATOR", "jenjang": None,
         "kelas_jabatan": 12, "required": 1, "filled": 0, "vacant": 1, "holders": [],
         "acting": [{"kind": "plt", "display_name": "Budi", "nip": "199001012020011001"}]}]}]}
    r = export(service.flatten_peta(tree), service.PETA_COLUMNS, "csv", "peta-jabatan", title=service.PETA_TITLE,
               as_of=date(2026, 1, 15), lang="id")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8")[1:])))
    assert rows[1] == ["'=1+1 Bagian", "B1", "Kepala", "K1", "Ya", "Administrator", "", "12", "1", "0", "1", "",
                       "Plt. Budi (199001012020011001)"]


def test_positions_xlsx_error_like_text_stays_text() -> None:
    rows = [{"unit_name": "#N/A", "total": -1}, {"unit_name": "#REF!", "total": 0}]
    r = export(rows, service.bezetting_columns(["-"]), "xlsx", "bezetting", title=service.BEZETTING_TITLE,
               as_of=date(2026, 1, 15), lang="en")
    ws = load_workbook(io.BytesIO(r.body)).active
    assert [c.value for c in ws[3]] == ["Unit", "No rank", "Total"]
    assert [(c.value, c.data_type) for c in ws["A"][3:]] == [("#N/A", "s"), ("#REF!", "s")]
    assert [c.value for c in ws["C"][3:]] == [-1, 0]


def test_positions_decimal_cells_are_plain_numbers() -> None:
    """A numeric column as PostgreSQL returns it (2.6E+5, 28 digits) is a number cell, never exponent notation."""
    from decimal import Decimal

    from merit_shared.tabular import ExportColumn as Column
    cols = [Column("load", "Beban kerja", "Workload"), Column("need", "Kebutuhan", "Need")]
    rows = [{"load": Decimal("2.6E+5"), "need": Decimal(260000) / Decimal(75000)}]
    csv_body = export(rows, cols, "csv", "abk", title=("ABK", "ABK"), as_of=date(2026, 1, 15), lang="en").body
    assert list(csv.reader(io.StringIO(csv_body.decode("utf-8")[1:])))[1] == ["260000", "3.4667"]
    ws = load_workbook(io.BytesIO(export(rows, cols, "xlsx", "abk", title=("ABK", "ABK"), as_of=date(2026, 1, 15),
                                         lang="en").body)).active
    assert (ws["A4"].value, ws["B4"].value, ws["A4"].data_type) == (260000, 3.4667, "n")

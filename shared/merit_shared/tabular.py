"""Spreadsheet imports shared by the services: column definitions, reading CSV/XLSX, downloadable templates.

One list of ``Column`` per import is the single source of truth: the parser maps the Indonesian header, the
English header or the key itself to the key, and the template is written from the same list.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from merit_shared.error_codes import CSV_MALFORMED, FILE_ENCODING, FILE_TOO_LARGE, FILE_UNREADABLE, IMPORT_INVALID
from merit_shared.errors import DomainError
from merit_shared.i18n import validation_message

MAX_ROWS = 200_000
Rows = list[tuple[int, dict[str, Any]]]


@dataclass(frozen=True)
class Column:
    key: str
    id: str  # the Indonesian header of the template
    en: str
    required: bool = False

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


class LineErrors:
    """Every bad row of a file, each naming its line and column; raised together (the import writes nothing)."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, line: int, column: str, code: str, message_id: str, message_en: str) -> None:
        self.items.append({"line": line, "column": column, "code": code, "message_id": message_id,
                           "message_en": message_en})

    def add_error(self, line: int, column: str, exc: DomainError) -> None:
        self.add(line, column, exc.code, exc.message_id, exc.message_en)

    def add_validation(self, line: int, exc: ValidationError, columns: dict[str, str] | None = None) -> None:
        """A body model's refusal of a row: one error per field, named by its column."""
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ())]
            col = (columns or {}).get(loc[0], loc[0]) if loc else "row"
            self.add(line, col, str(e.get("type", "invalid")), f"{col}: {validation_message(dict(e), 'id')}",
                     f"{col}: {validation_message(dict(e), 'en')}")

    def raise_if_any(self, total: int) -> None:
        if not self.items:
            return
        n = len(self.items)
        raise IMPORT_INVALID.error(field="file", n=n, total=total, extra={"line_errors": self.items[:1000],
                                                                        "error_count": n})


def norm(h: Any) -> str:
    return str(h or "").strip().lower().replace(" ", "_").replace("/", "_").replace("-", "_")


def _aliases(columns: Sequence[Column] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in columns or ():
        for name in (c.key, c.id, c.en):
            out[norm(name)] = c.key
    return out


def read_table(filename: str, content: bytes, columns: Sequence[Column] | None = None) -> Rows:
    """(line number, row) pairs; headers given in Indonesian or English become the columns' keys."""
    alias = _aliases(columns)

    def key(h: Any) -> str:
        n = norm(h)
        return alias.get(n, n)

    name = (filename or "").lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:
            raise FILE_UNREADABLE.error(field="file") from None
        rows_iter = wb.active.iter_rows(values_only=True)
        header = [key(h) for h in next(rows_iter, [])]
        out: Rows = []
        for i, values in enumerate(rows_iter, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            out.append((i, {h: _cell(v) for h, v in zip(header, values, strict=False) if h}))
            if len(out) > MAX_ROWS:
                raise FILE_TOO_LARGE.error(field="file", max_rows=MAX_ROWS)
        return out
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FILE_ENCODING.error(field="file") from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [key(h) for h in next(reader, [])]
        out = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            out.append((reader.line_num, {h: (v.strip() or None) for h, v in zip(header, values, strict=False) if h}))
            if len(out) > MAX_ROWS:
                raise FILE_TOO_LARGE.error(field="file", max_rows=MAX_ROWS)
    except csv.Error:  # an unclosed quote or a stray line break inside a field
        raise CSV_MALFORMED.error(field="file") from None
    return out


def _cell(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v).strip()
    return s or None


XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


#: The OpenAPI 200 answer of a template route: a CSV text or an XLSX workbook.
TEMPLATE_RESPONSE: dict[int | str, dict[str, Any]] = {200: {
    "description": "The header row of the import, as a CSV (UTF-8) or XLSX file (`format`).",
    "content": {"text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                    {"schema": {"type": "string", "format": "binary"}}}}}


def template(columns: Sequence[Column], fmt: str, lang: str, name: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of an empty import file: the header row only (an example row would be
    imported if left in)."""
    headers = [c.header(lang) for c in columns]
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = name[:31]
        ws.append(headers)
        for i, cell in enumerate(ws[1], start=1):
            cell.font = Font(bold=True)
            for r in range(2, 1002):  # NIPs and codes stay text, never numbers in scientific notation
                ws.cell(row=r, column=i).number_format = "@"
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue(), XLSX_MEDIA, f"{name}.xlsx"
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(headers)
    return ("\ufeff" + out.getvalue()).encode(), "text/csv; charset=utf-8", f"{name}.csv"

"""Spreadsheets shared by the services: imports (column definitions, reading CSV/XLSX, downloadable templates) and
exports (typed, formula-safe CSV/XLSX of flat rows).

One list of ``Column`` per import is the single source of truth: the parser maps the Indonesian header, the
English header or the key itself to the key, and the template is written from the same list.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import ValidationError
from starlette.responses import Response

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


# --- Exports: CSV and XLSX rendering of flat rows ------------------------------------------------------------
# CSV and XLSX rendering of flat report rows: typed cells, labels in the caller's language, no formulas.
#
# A spreadsheet runs any cell that begins with ``=``, ``+``, ``-`` or ``@`` (and some programs also after a leading
# tab or carriage return) as a formula: a unit named ``=HYPERLINK(...)`` would run on the clerk's machine (OWASP
# "CSV injection"). CSV string cells that begin with one of these get a leading apostrophe; XLSX string cells are
# written as strings (never formulas) with Excel's quote prefix, so they stay text even when edited.

#: Leading characters a spreadsheet may interpret as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Kind = Literal["text", "int", "date", "nip"]
_DATE_FORMAT = {"id": "DD/MM/YYYY", "en": "YYYY-MM-DD"}
_AS_OF = {"id": "Per tanggal", "en": "As of"}
_MAX_WIDTH, _MIN_WIDTH = 60, 8


@dataclass(frozen=True)
class ExportColumn:
    """One exported column: row key, header in Indonesian and English, cell type, optional code -> label."""

    key: str
    id: str
    en: str
    kind: Kind = "text"
    label: Callable[[Any, str], Any] | None = None

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


def is_formula_like(s: str) -> bool:
    return s.startswith(FORMULA_STARTS)


def escape_csv(s: str) -> str:
    """Prefix a formula-like string with an apostrophe (OWASP); any other string is returned unchanged."""
    return "'" + s if is_formula_like(s) else s


def _value(col: ExportColumn, v: Any, lang: str) -> Any:
    """The typed value of a cell: None, str, int/float, or date; lists are joined, codes are labelled."""
    if col.label is not None:
        v = col.label(v, lang)
    if v is None:
        return None
    if isinstance(v, list):
        return "; ".join(str(x) for x in v)
    if col.kind == "nip":
        return str(v)
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, datetime):
        return v.date() if col.kind == "date" else v.isoformat()
    if isinstance(v, Decimal):
        # A number cell, never str(Decimal): PostgreSQL's numeric prints as "2.6E+5" or with 28 digits.
        return int(v) if v == v.to_integral_value() else float(round(v, 4))
    if isinstance(v, int | float | str | date):
        return v
    return str(v)


def _csv(rows: Sequence[dict[str, Any]], columns: Sequence[ExportColumn], lang: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([escape_csv(c.header(lang)) for c in columns])
    for r in rows:
        out = []
        for c in columns:
            v = _value(c, r.get(c.key), lang)
            # Only strings are escaped: a negative number stays a number.
            out.append("" if v is None else escape_csv(v) if isinstance(v, str) else
                       v.isoformat() if isinstance(v, date) else v)
        w.writerow(out)
    # BOM so spreadsheet programs open UTF-8 names correctly.
    return "\ufeff" + buf.getvalue()


def _width(v: Any) -> int:
    if v is None:
        return 0
    if isinstance(v, date):
        return 10
    return max((len(line) for line in str(v).split("\n")), default=0)


def _xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[ExportColumn], lang: str, sheet: str, title: str,
          as_of: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    values = [[_value(c, r.get(c.key), lang) for c in columns] for r in rows]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    headers = [c.header(lang) for c in columns]
    for i in range(len(columns)):
        widest = max([len(headers[i])] + [_width(row[i]) for row in values])
        ws.column_dimensions[get_column_letter(i + 1)].width = min(_MAX_WIDTH, max(_MIN_WIDTH, widest + 3))  # room for the filter button
    header_row = 3
    ws.freeze_panes = f"A{header_row + 1}"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + len(values)}"

    def text(s: str, **style: Any) -> Any:
        cell = WriteOnlyCell(ws)
        cell.value = s
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if is_formula_like(s):
            cell.quotePrefix = True
        for k, v in style.items():
            setattr(cell, k, v)
        return cell

    date_format = _DATE_FORMAT.get(lang, _DATE_FORMAT["id"])
    as_of_cell = WriteOnlyCell(ws, value=as_of)
    as_of_cell.number_format = date_format
    ws.append([text(title, font=Font(bold=True, size=14))])
    ws.append([text(_AS_OF.get(lang, _AS_OF["id"])), as_of_cell])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ws.append([text(h, font=bold, fill=fill) for h in headers])
    # One styled cell per column, reused row after row: the write-only sheet serialises each row as it is
    # appended, and building a styled cell per value would double the time of a 10,000-row export.
    dated, quoted = [WriteOnlyCell(ws) for _ in columns], [text("=", quotePrefix=True) for _ in columns]
    nips = [WriteOnlyCell(ws) for _ in columns]
    for i in range(len(columns)):
        dated[i].number_format = date_format
        nips[i].number_format = "@"
    for row in values:
        out: list[Any] = []
        for i, (c, v) in enumerate(zip(columns, row, strict=True)):
            if isinstance(v, str):
                cell = nips[i] if c.kind == "nip" else quoted[i] if is_formula_like(v) or v.startswith("#") else None
                if cell is None:
                    out.append(v)  # plain text: openpyxl stores it as a string
                    continue
                cell.value = v
                cell.data_type = "s"  # never a formula or an error value
                out.append(cell)
            elif isinstance(v, date):
                dated[i].value = v
                out.append(dated[i])
            else:
                out.append(v)
        ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export(rows: Sequence[dict[str, Any]], columns: Sequence[ExportColumn], fmt: str, name: str, *,
           title: tuple[str, str], as_of: date, lang: str) -> Response:
    """A CSV or XLSX attachment named ``<name>-<as_of>``; headers, labels and title in ``lang`` ("id"/"en")."""
    heading = title[1] if lang == "en" else title[0]
    filename = f"{name}-{as_of.isoformat()}"
    headers = {"Content-Language": lang}
    if fmt == "csv":
        return Response(_csv(rows, columns, lang), media_type="text/csv; charset=utf-8",
                        headers={**headers, "Content-Disposition": f'attachment; filename="{filename}.csv"'})
    return Response(_xlsx(rows, columns, lang, name, heading, as_of), media_type=XLSX_MEDIA,
                    headers={**headers, "Content-Disposition": f'attachment; filename="{filename}.xlsx"'})

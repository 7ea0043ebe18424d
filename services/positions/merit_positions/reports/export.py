"""CSV and XLSX rendering of flat report rows: typed cells, labels in the caller's language, no formulas.

A spreadsheet runs any cell that begins with ``=``, ``+``, ``-`` or ``@`` (and some programs also after a leading
tab or carriage return) as a formula: a unit named ``=HYPERLINK(...)`` would run on the clerk's machine (OWASP
"CSV injection"). CSV string cells that begin with one of these get a leading apostrophe; XLSX string cells are
written as strings (never formulas) with Excel's quote prefix, so they stay text even when edited.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from starlette.responses import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Leading characters a spreadsheet may interpret as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Kind = Literal["text", "int", "date", "nip"]
_DATE_FORMAT = {"id": "DD/MM/YYYY", "en": "YYYY-MM-DD"}
_AS_OF = {"id": "Per tanggal", "en": "As of"}
_MAX_WIDTH, _MIN_WIDTH = 60, 8


@dataclass(frozen=True)
class Column:
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


def _value(col: Column, v: Any, lang: str) -> Any:
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


def _csv(rows: Sequence[dict[str, Any]], columns: Sequence[Column], lang: str) -> str:
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


def _xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[Column], lang: str, sheet: str, title: str,
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


def export(rows: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: str, name: str, *,
           title: tuple[str, str], as_of: date, lang: str) -> Response:
    """A CSV or XLSX attachment named ``<name>-<as_of>``; headers, labels and title in ``lang`` ("id"/"en")."""
    heading = title[1] if lang == "en" else title[0]
    filename = f"{name}-{as_of.isoformat()}"
    headers = {"Content-Language": lang}
    if fmt == "csv":
        return Response(_csv(rows, columns, lang), media_type="text/csv; charset=utf-8",
                        headers={**headers, "Content-Disposition": f'attachment; filename="{filename}.csv"'})
    return Response(_xlsx(rows, columns, lang, name, heading, as_of), media_type=XLSX,
                    headers={**headers, "Content-Disposition": f'attachment; filename="{filename}.xlsx"'})

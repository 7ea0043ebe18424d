"""Reading an uploaded CSV or XLSX into (line number, row) pairs with normalised headers."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from merit_positions.imports.errors import CSV_MALFORMED, FILE_ENCODING, FILE_TOO_LARGE, FILE_UNREADABLE

MAX_ROWS = 200_000


def _norm(h: Any) -> str:
    return str(h or "").strip().lower().replace(" ", "_")


def read_table(filename: str, content: bytes) -> list[tuple[int, dict[str, Any]]]:
    name = (filename or "").lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:
            raise FILE_UNREADABLE.error(field="file") from None
        rows_iter = wb.active.iter_rows(values_only=True)
        header = [_norm(h) for h in next(rows_iter, [])]
        out = []
        for i, values in enumerate(rows_iter, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            out.append((i, {h: _cell(v) for h, v in zip(header, values, strict=False) if h}))
        return out
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FILE_ENCODING.error(field="file") from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _csv_rows(reader)
    except csv.Error:
        raise CSV_MALFORMED.error(field="file") from None


def _csv_rows(reader: Any) -> list[tuple[int, dict[str, Any]]]:
    header = [_norm(h) for h in next(reader, [])]
    out = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        out.append((reader.line_num, {h: (v.strip() or None) for h, v in zip(header, values, strict=False) if h}))
        if len(out) > MAX_ROWS:
            raise FILE_TOO_LARGE.error(field="file", max_rows=MAX_ROWS)
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

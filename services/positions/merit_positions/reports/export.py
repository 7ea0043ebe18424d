"""CSV and XLSX rendering of flat report rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from starlette.responses import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, list):
        return "; ".join(str(x) for x in v)
    return v if isinstance(v, int | float | str) else str(v)


def export(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], fmt: str, name: str) -> Response:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([h for _, h in columns])
        for r in rows:
            w.writerow([_cell(r.get(k)) for k, _ in columns])
        # BOM so spreadsheet programs open UTF-8 names correctly.
        return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(name[:31])
    ws.append([h for _, h in columns])
    for r in rows:
        ws.append([_cell(r.get(k)) for k, _ in columns])
    out = io.BytesIO()
    wb.save(out)
    return Response(out.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})

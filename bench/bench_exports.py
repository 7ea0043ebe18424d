"""Report export rendering at 10,000 rows: CSV and XLSX with typed cells, labels, header styling and escaping.

Renders the peta jabatan (13 columns) and retirement forecast (7 columns, dates and NIP) exports in-process
(no database, no HTTP) for 10,000 synthetic rows, one in ten carrying a formula-like name. The baseline, measured
in the same run, is the plain export this replaced: ``csv.writer`` / openpyxl write-only ``append`` of the raw
values, with no labels, styles or escaping. Reports the median of ``--repeat`` runs and the ratio.

    .venv/bin/python bench/bench_exports.py [--rows 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any

from openpyxl import Workbook

from merit_positions.reports import service
from merit_shared.tabular import export

KINDS = ["JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS", "PELAKSANA", "FUNGSIONAL"]


def peta_rows(n: int) -> list[dict[str, Any]]:
    return [{"unit_path": f"Dinas {i % 40} / {'=1+1 ' if i % 10 == 0 else ''}Bidang {i % 300}",
             "unit_code": f"U{i % 300:04d}", "position": f"Jabatan {i}", "code": f"P{i:06d}", "is_head": i % 7 == 0,
             "job_kind": KINDS[i % 5], "jenjang": "AHLI_MUDA" if i % 5 == 4 else None, "kelas_jabatan": 5 + i % 10,
             "required": 1 + i % 3, "filled": i % 3, "vacant": 1, "holders": [f"Pegawai {i} (19700510199503100{i % 10})"],
             "acting": [{"kind": "plt", "display_name": f"Plt {i}", "nip": "197005101995031001"}] if i % 9 == 0 else []}
            for i in range(n)]


def retirement_rows(n: int) -> list[dict[str, Any]]:
    start = date(1966, 1, 1)
    return [{"nip": f"19700510199503{i:04d}", "display_name": f"{'@' if i % 10 == 0 else ''}Pegawai {i}",
             "birth_date": start + timedelta(days=i % 3000), "bup": 58,
             "retirement_date": date(2027, 1, 1) + timedelta(days=i % 3000), "position_name": f"Jabatan {i}",
             "unit_name": f"Bidang {i % 300}"} for i in range(n)]


def baseline(rows: list[dict[str, Any]], keys: list[str], fmt: str) -> bytes:
    def cell(v: Any) -> Any:
        if v is None:
            return ""
        if isinstance(v, list):
            return "; ".join(str(x) for x in v)
        return v if isinstance(v, int | float | str) else str(v)

    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(keys)
        for r in rows:
            w.writerow([cell(r.get(k)) for k in keys])
        return buf.getvalue().encode()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    ws.append(keys)
    for r in rows:
        ws.append([cell(r.get(k)) for k in keys])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def render(rows: list[dict[str, Any]], cols: Any, fmt: str, name: str, title: tuple[str, str]) -> bytes:
    return bytes(export(rows, cols, fmt, name, title=title, as_of=date(2026, 1, 1), lang="id").body)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        size = len(fn())
        times.append(time.perf_counter() - t)
    return statistics.median(times), size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    cases = [("peta-jabatan", peta_rows(args.rows), service.PETA_COLUMNS, service.PETA_TITLE),
             ("proyeksi-pensiun", retirement_rows(args.rows), service.RETIREMENT_COLUMNS, service.RETIREMENT_TITLE)]
    print(f"{'report':<18}{'fmt':<6}{'rows':>7}{'export s':>10}{'baseline s':>12}{'ratio':>7}{'size KB':>9}")
    for name, rows, cols, title in cases:
        for fmt in ("csv", "xlsx"):
            new, size = timed(partial(render, rows, cols, fmt, name, title), args.repeat)
            old, _ = timed(partial(baseline, rows, [c.key for c in cols], fmt), args.repeat)
            print(f"{name:<18}{fmt:<6}{len(rows):>7}{new:>10.3f}{old:>12.3f}{new / old:>7.2f}{size / 1024:>9.0f}")


if __name__ == "__main__":
    main()

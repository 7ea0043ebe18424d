"""The registry's CSV and XLSX exports: the shared formula-safe rendering (merit_shared.tabular), under the names
the reports and the directory of officials use."""

from __future__ import annotations

from merit_shared.tabular import FORMULA_STARTS, XLSX_MEDIA, escape_csv, export, is_formula_like
from merit_shared.tabular import ExportColumn as Column

XLSX = XLSX_MEDIA
__all__ = ["FORMULA_STARTS", "XLSX", "Column", "escape_csv", "export", "is_formula_like"]

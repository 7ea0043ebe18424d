"""The registry's report files: the shared CSV/XLSX rendering (merit_shared.tabular), under the names this service
has always imported."""

from merit_shared.tabular import XLSX_MEDIA as XLSX
from merit_shared.tabular import ExportColumn as Column
from merit_shared.tabular import escape_csv, export, is_formula_like

__all__ = ["XLSX", "Column", "escape_csv", "export", "is_formula_like"]

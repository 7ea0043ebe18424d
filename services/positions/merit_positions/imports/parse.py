"""Reading an uploaded CSV or XLSX into (line number, row) pairs keyed by the import's column keys."""

from __future__ import annotations

from merit_shared.tabular import MAX_ROWS, read_table

__all__ = ["MAX_ROWS", "read_table"]

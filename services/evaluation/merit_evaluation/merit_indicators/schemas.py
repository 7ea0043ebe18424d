"""Answers of evaluation's indicator routes: the shared indicator documents (merit_shared.indicators)."""

from __future__ import annotations

from merit_shared.indicators import IndicatorSetOut, RecordRefOut

__all__ = ["IndicatorSetOut", "RecordRefOut"]

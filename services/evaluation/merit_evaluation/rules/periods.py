"""SKP periods (LOW/MED): the annual SKP runs January–December; periodic evaluations are
quarterly (TRIWULAN I–IV, the official example form) by default, or monthly — ``PeriodPolicy``.
All bounds are inclusive calendar dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ._common import parse_enum, require_int


class Granularity(StrEnum):
    QUARTERLY = "QUARTERLY"
    MONTHLY = "MONTHLY"


MONTH_NAMES = ("JANUARI", "FEBRUARI", "MARET", "APRIL", "MEI", "JUNI", "JULI",
               "AGUSTUS", "SEPTEMBER", "OKTOBER", "NOVEMBER", "DESEMBER")
QUARTER_NAMES = ("TRIWULAN I", "TRIWULAN II", "TRIWULAN III", "TRIWULAN IV")
ANNUAL_LABEL = "TAHUNAN"


@dataclass(frozen=True)
class PeriodPolicy:
    """Periodic evaluation granularity (default quarterly)."""

    granularity: Granularity = Granularity.QUARTERLY

    def to_dict(self) -> dict[str, Any]:
        return {"granularity": self.granularity.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PeriodPolicy:
        g = data.get("granularity")
        return cls() if g is None else cls(parse_enum(Granularity, g, "granularity", "invalid_period_policy"))


DEFAULT_PERIOD_POLICY = PeriodPolicy()


@dataclass(frozen=True)
class Period:
    """One evaluation period; ``number`` is 1-based within the year (quarter or month number)."""

    label: str
    start: dt.date
    end: dt.date
    number: int
    granularity: Granularity | None  # None for the annual period

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "number": self.number, "granularity": None if self.granularity is None else self.granularity.value}


def _year(year: int) -> int:
    return require_int(year, "year", dt.MINYEAR, dt.MAXYEAR, code="invalid_year")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def annual_period(year: int) -> Period:
    """The annual SKP period, 1 January to 31 December."""
    y = _year(year)
    return Period(ANNUAL_LABEL, dt.date(y, 1, 1), dt.date(y, 12, 31), 1, None)


def annual_final_from(year: int) -> dt.date:
    """The first day the annual SKP of ``year`` may be finalised (rated for the year): PermenPANRB 6/2022 puts the
    annual evaluation at the end of the period, so not before its last day, 31 December, in the agency's
    calendar. Before it the year's work is not done and the year's rating cannot be final."""
    return annual_period(year).end


def may_finalise_year(year: int, today: dt.date) -> bool:
    """Whether the annual SKP of ``year`` may be finalised on ``today``."""
    return today >= annual_final_from(year)


def periods(year: int, granularity: Granularity | str | PeriodPolicy = DEFAULT_PERIOD_POLICY) -> list[Period]:
    """Periodic evaluation periods of ``year`` in order (4 quarters or 12 months)."""
    y = _year(year)
    g = granularity.granularity if isinstance(granularity, PeriodPolicy) else \
        parse_enum(Granularity, granularity, "granularity", "invalid_granularity")
    if g is Granularity.MONTHLY:
        return [Period(MONTH_NAMES[m - 1], dt.date(y, m, 1), _month_end(y, m), m, g) for m in range(1, 13)]
    return [Period(QUARTER_NAMES[q - 1], dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), q, g) for q in range(1, 5)]

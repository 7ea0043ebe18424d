"""Calendar durations for tenure, experience and age (PP 11/2017 Pasal 107: "pengalaman ... paling singkat N
tahun", "sedang atau pernah menduduki jabatan ... paling singkat 2 tahun").

Counted in calendar years, months and days, never in days / 365.25:

* a period runs from its first day to its last day, **both counted** (an assignment's TMT end is the last day
  in office; the next post starts the day after);
* the anniversary of a day ``k`` months later is the same day of that month, or the first day of the next
  month when that day does not exist (31 January + 1 month = 1 March; 29 February + 1 year = 1 March). This is
  the same convention as age: a person born on 29 February turns a year older on 1 March in common years;
* a period from S to E covers ``k`` months when E is on or after the day before the ``k``-month anniversary of S:
  1 June 2023 .. 31 May 2025 is exactly 2 years;
* periods are merged before counting: consecutive posts (end, then start the next day) lose no day, and
  overlapping posts are not counted twice;
* separated blocks (a gap between posts) are added up in years, months and days, 30 left-over days of the
  blocks together making a month (documented choice); one unbroken period is exactly its calendar length.
* several sources (the registry, history the applicant declared with its SK once verified): :func:`attribute`
  gives each day to one source only, the first in priority order (the registry before a declaration), so an
  overlap is counted once and the breakdown says where each counted day came from.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import TypeVar

__all__ = ["Duration", "Period", "age_on", "anniversary", "attribute", "covered", "duration_between", "merge"]

_ONE_DAY = timedelta(days=1)
T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Duration:
    years: int = 0
    months: int = 0
    days: int = 0

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def covers_years(self, years: Decimal | int) -> bool:
        """"At least ``years``": the period covers that many whole months (1 year 11 months 30 days is not 2
        years); a fraction of a month left in the requirement (2.99 years) is counted in days of 30."""
        need_months = Decimal(years) * 12
        whole = int(need_months)
        if self.total_months != whole:
            return self.total_months > whole
        return Decimal(self.days) >= (need_months - whole) * 30

    def as_years(self) -> Decimal:
        """Years and months as a decimal, 2 places down (exactly 9 years is 9.00; 1 year 11 months is 1.91)."""
        value = Decimal(self.years) + Decimal(self.months) / 12
        return value.quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    def to_dict(self) -> dict[str, int]:
        return {"years": self.years, "months": self.months, "days": self.days}

    def label_id(self) -> str:
        return f"{self.years} tahun {self.months} bulan {self.days} hari"

    def label_en(self) -> str:
        return f"{self.years} years {self.months} months {self.days} days"


@dataclass(frozen=True, order=True)
class Period:
    """First and last day, both inclusive."""

    start: date
    end: date


def anniversary(start: date, months: int) -> date:
    """The same day ``months`` later; the first day of the following month when that day does not exist."""
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    return date(year + month // 12, month % 12 + 1, 1)


def duration_between(start: date, end: date) -> Duration:
    """Length of the period ``start`` .. ``end``, both days counted; empty (0) when ``end`` precedes ``start``."""
    if end < start:
        return Duration()
    after = end + _ONE_DAY  # the first day no longer in the period
    months = (after.year - start.year) * 12 + after.month - start.month
    while months > 0 and anniversary(start, months) > after:
        months -= 1
    days = (after - anniversary(start, months)).days
    return Duration(months // 12, months % 12, days)


def merge(periods: Iterable[Period]) -> list[Period]:
    """Overlapping or consecutive periods (the next starting on the day after) joined into one."""
    out: list[Period] = []
    for p in sorted(p for p in periods if p.end >= p.start):
        if out and p.start <= out[-1].end + _ONE_DAY:
            if p.end > out[-1].end:
                out[-1] = Period(out[-1].start, p.end)
        else:
            out.append(p)
    return out


def covered(periods: Iterable[Period]) -> Duration:
    """Total calendar time covered by ``periods`` (merged first, so no day is lost or counted twice)."""
    blocks = merge(periods)
    if len(blocks) == 1:  # one unbroken period: exactly its calendar length
        return duration_between(blocks[0].start, blocks[0].end)
    years = months = days = 0
    for block in blocks:
        d = duration_between(block.start, block.end)
        years, months, days = years + d.years, months + d.months, days + d.days
    months += days // 30
    return Duration(years + months // 12, months % 12, days % 30)


def _minus(p: Period, taken: list[Period]) -> list[Period]:
    """The parts of ``p`` outside the (merged, sorted) ``taken`` periods."""
    out, start = [], p.start
    for t in taken:
        if t.end < start or t.start > p.end:
            continue
        if t.start > start:
            out.append(Period(start, t.start - _ONE_DAY))
        start = max(start, t.end + _ONE_DAY)
        if start > p.end:
            return out
    if start <= p.end:
        out.append(Period(start, p.end))
    return out


def attribute(sourced: Iterable[tuple[Period, T]], priority: Callable[[T], int]) -> list[tuple[Period, T]]:
    """Disjoint pieces covering exactly the union of the periods, each piece tagged with the period it is counted
    from: a day covered by several is given to the one of lowest ``priority`` (then the earliest start), so no day
    is counted twice. Together the pieces cover what :func:`covered` counts for the periods."""
    taken: list[Period] = []
    out: list[tuple[Period, T]] = []
    for p, tag in sorted(((p, t) for p, t in sourced if p.end >= p.start),
                         key=lambda x: (priority(x[1]), x[0].start, x[0].end)):
        pieces = _minus(p, taken)
        out.extend((piece, tag) for piece in pieces)
        taken = merge([*taken, *pieces])
    return sorted(out, key=lambda x: (x[0].start, x[0].end))


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on ``on``: the birthday (its anniversary, see above) has been reached."""
    if on < birth_date:
        return 0
    years = on.year - birth_date.year
    if anniversary(birth_date, 12 * years) > on:
        years -= 1
    return years

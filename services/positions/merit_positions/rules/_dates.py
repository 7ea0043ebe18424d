"""Calendar arithmetic shared by the rules.

Personnel rules count whole months and years on the calendar, not in days, so these helpers
clamp to the end of the month (31 January + 1 month = 28/29 February; 29 February + 1 year =
28 February) the way a human reading an SK would.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(d: date, months: int) -> date:
    """Return ``d`` moved by ``months`` calendar months, clamping the day to the month's end."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last_day))


def add_years(d: date, years: int) -> date:
    """Return ``d`` moved by ``years``; 29 February becomes 28 February in a common year."""
    return add_months(d, 12 * years)


def full_months_between(start: date, end: date) -> int:
    """Count completed calendar months from ``start`` to ``end`` (``end`` >= ``start``).

    Consistent with :func:`add_months`: ``add_months(start, n) <= end`` exactly for n <= result.
    """
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months


def first_of_next_month(year: int, month: int) -> date:
    """First day of the month after (year, month)."""
    return date(year + month // 12, month % 12 + 1, 1)

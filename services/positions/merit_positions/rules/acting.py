"""Acting officials (Plt / Plh): how long an acting assignment lasts and when its end is announced.

The length is LOW-confidence agency policy (``PositionsPolicy.acting_months``, 3 months, once extendable by
``acting_extension_months``; a BKN circular on Plt/Plh): an acting assignment given without an end date ends on the
day before the same day ``acting_months`` later.
"""

from __future__ import annotations

from datetime import date, timedelta

from ._dates import add_months
from .policy import DEFAULT_POLICY, PositionsPolicy


def acting_end(tmt_start: date, policy: PositionsPolicy = DEFAULT_POLICY) -> date:
    """Last day of an acting assignment that starts on ``tmt_start`` and was given no end."""
    return add_months(tmt_start, policy.acting_months) - timedelta(days=1)


def acting_max_end(tmt_start: date, policy: PositionsPolicy = DEFAULT_POLICY) -> date:
    """Last day an acting assignment may reach with its one extension."""
    return add_months(tmt_start, policy.acting_months + policy.acting_extension_months) - timedelta(days=1)


def acting_expired(tmt_end: date, run_date: date) -> bool:
    """The acting assignment is over on ``run_date`` (its last day has passed)."""
    return tmt_end < run_date


def acting_expiring(tmt_end: date, run_date: date, policy: PositionsPolicy = DEFAULT_POLICY) -> bool:
    """Still in force on ``run_date`` and ending within the warning window (last day included)."""
    return acting_ends_within(tmt_end, run_date, policy.acting_expiry_warning_days)


def acting_ends_within(tmt_end: date, run_date: date, days: int) -> bool:
    """Its last day is ``run_date`` or one of the ``days`` days after it."""
    return run_date <= tmt_end <= run_date + timedelta(days=days)


def acting_length_ok(tmt_start: date, tmt_end: date, policy: PositionsPolicy = DEFAULT_POLICY) -> bool:
    """An acting assignment is given for at most ``acting_months`` (its end on or before ``acting_end``)."""
    return tmt_end <= acting_end(tmt_start, policy)


def acting_extension_end(tmt_start: date, tmt_end: date, policy: PositionsPolicy = DEFAULT_POLICY) -> date:
    """The latest new last day of the one extension: ``acting_extension_months`` past the current end, and never
    past ``acting_max_end``."""
    by_extension = add_months(tmt_end + timedelta(days=1), policy.acting_extension_months) - timedelta(days=1)
    return min(by_extension, acting_max_end(tmt_start, policy))


def plh_covered(tmt_start: date, tmt_end: date, absences: list[tuple[date, date]]) -> bool:
    """A Plh stands in only while the definitive holder is away: its whole period inside one dated absence
    (an absence's first and last days included)."""
    return any(start <= tmt_start and tmt_end <= end for start, end in absences)

"""The rules the daily jobs apply: who is due for retirement on a day, how long an acting assignment lasts, and
when its end is announced (PP 11/2017 batas usia pensiun; Plt/Plh length is agency policy)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from merit_positions.rules import (
    DEFAULT_POLICY,
    acting_end,
    acting_expired,
    acting_expiring,
    acting_max_end,
    blocks_status_end,
    retirement_due,
)
from merit_shared.errors import Invalid


@pytest.mark.parametrize(("birth", "bup", "run_date", "expected"), [
    (date(1968, 6, 15), 58, date(2026, 6, 30), None),  # birthday reached, retirement is 1 July
    (date(1968, 6, 15), 58, date(2026, 7, 1), date(2026, 7, 1)),  # the day itself
    (date(1968, 6, 15), 58, date(2026, 9, 3), date(2026, 7, 1)),  # a late run still retires on 1 July
    (date(1968, 6, 1), 58, date(2026, 7, 1), date(2026, 7, 1)),  # born on the 1st: the same day
    (date(1966, 12, 31), 60, date(2027, 1, 1), date(2027, 1, 1)),  # over the year end
    (date(1966, 12, 31), 60, date(2026, 12, 31), None),
    (date(1964, 2, 29), 65, date(2029, 3, 1), date(2029, 3, 1)),  # 29 February: 1 March
])
def test_retirement_due(birth: date, bup: int, run_date: date, expected: date | None) -> None:
    assert retirement_due(birth, bup, run_date) == expected


@pytest.mark.parametrize(("start", "end", "blocks"), [
    (date(2020, 1, 2), None, False),  # held since before: ended on the last day
    (date(2026, 6, 30), None, False),  # starts on the last day itself: ended on it (one day held)
    (date(2026, 7, 1), None, True),  # starts on the retirement date: cannot be ended before it starts
    (date(2026, 8, 1), date(2026, 10, 31), True),  # a later acting assignment
    (date(2026, 7, 1), date(2026, 6, 30), False),  # not in force after the last day (nothing to end)
])
def test_an_assignment_starting_after_the_last_day_blocks_the_status_change(start: date, end: date | None,
                                                                            blocks: bool) -> None:
    # Retirement on 1 July 2026: the last day of service is 30 June (PP 11/2017).
    assert blocks_status_end(start, end, date(2026, 6, 30)) is blocks


def test_retirement_due_refuses_a_bad_bup() -> None:
    with pytest.raises(Invalid) as e:
        retirement_due(date(1970, 1, 1), 0, date(2026, 1, 1))
    assert e.value.code == "bup_invalid"


@pytest.mark.parametrize(("start", "end", "max_end"), [
    (date(2026, 1, 2), date(2026, 4, 1), date(2026, 7, 1)),
    (date(2026, 11, 30), date(2027, 2, 27), date(2027, 5, 29)),  # 30 Feb clamps to 28 Feb, minus a day
    (date(2026, 1, 1), date(2026, 3, 31), date(2026, 6, 30)),
])
def test_acting_lasts_three_months_extendable_once_by_three(start: date, end: date, max_end: date) -> None:
    assert acting_end(start) == end
    assert acting_max_end(start) == max_end


def test_acting_length_is_agency_policy() -> None:
    policy = replace(DEFAULT_POLICY, acting_months=6, acting_expiry_warning_days=30)
    assert acting_end(date(2026, 1, 1), policy) == date(2026, 6, 30)
    assert acting_expiring(date(2026, 2, 28), date(2026, 1, 31), policy)
    with pytest.raises(Invalid):
        replace(DEFAULT_POLICY, acting_months=0)


@pytest.mark.parametrize(("last_day", "run_date", "expired", "expiring"), [
    (date(2026, 3, 31), date(2026, 3, 16), False, False),  # 15 days ahead: outside the 14-day window
    (date(2026, 3, 31), date(2026, 3, 17), False, True),  # 14 days ahead
    (date(2026, 3, 31), date(2026, 3, 31), False, True),  # the last day is still in force
    (date(2026, 3, 31), date(2026, 4, 1), True, False),  # over
])
def test_acting_expired_and_expiring(last_day: date, run_date: date, expired: bool, expiring: bool) -> None:
    assert acting_expired(last_day, run_date) is expired
    assert acting_expiring(last_day, run_date) is expiring

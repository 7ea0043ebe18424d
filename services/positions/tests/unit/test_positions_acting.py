"""Acting officials (Plt/Plh): the acting length, the one extension, and a Plh inside a recorded absence (LOW-confidence
agency policy: 3 months, extendable once by at most 3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from merit_positions.rules import (
    DEFAULT_POLICY,
    acting_ends_within,
    acting_extension_end,
    acting_length_ok,
    plh_covered,
)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2025, 1, 2), date(2025, 4, 1), True),  # exactly three months
    (date(2025, 1, 2), date(2025, 4, 2), False),  # one day more
    (date(2025, 1, 2), date(2025, 1, 2), True),  # a single day
    (date(2024, 11, 30), date(2025, 2, 27), True),  # month end: "30 February" is clamped to the 28th
    (date(2024, 11, 30), date(2025, 3, 1), False),
])
def test_acting_length(start: date, end: date, expected: bool) -> None:
    assert acting_length_ok(start, end) is expected


def test_acting_length_follows_the_agency_policy() -> None:
    six = replace(DEFAULT_POLICY, acting_months=6)
    assert acting_length_ok(date(2025, 1, 2), date(2025, 7, 1), six)
    assert not acting_length_ok(date(2025, 1, 2), date(2025, 7, 1))


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2025, 1, 2), date(2025, 4, 1), date(2025, 7, 1)),  # full length: three more months, the cap
    (date(2025, 1, 2), date(2025, 1, 31), date(2025, 4, 30)),  # a short one: three months past its end
    (date(2025, 1, 2), date(2025, 3, 15), date(2025, 6, 15)),
])
def test_extension_end(start: date, end: date, expected: date) -> None:
    assert acting_extension_end(start, end) == expected


def test_no_extension_when_the_policy_gives_none() -> None:
    none = replace(DEFAULT_POLICY, acting_extension_months=0)
    assert acting_extension_end(date(2025, 1, 2), date(2025, 4, 1), none) == date(2025, 4, 1)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2025, 3, 3), date(2025, 3, 28), True),  # the absence itself
    (date(2025, 3, 10), date(2025, 3, 20), True),  # inside
    (date(2025, 3, 2), date(2025, 3, 20), False),  # starts before it
    (date(2025, 3, 10), date(2025, 3, 29), False),  # runs past it
    (date(2025, 4, 1), date(2025, 4, 10), True),  # inside the second absence
    (date(2025, 3, 20), date(2025, 4, 5), False),  # across two absences with a gap: not one absence
])
def test_plh_covered(start: date, end: date, expected: bool) -> None:
    absences = [(date(2025, 3, 3), date(2025, 3, 28)), (date(2025, 4, 1), date(2025, 4, 30))]
    assert plh_covered(start, end, absences) is expected


def test_plh_needs_an_absence() -> None:
    assert not plh_covered(date(2025, 3, 3), date(2025, 3, 4), [])


@pytest.mark.parametrize(("end", "days", "expected"), [
    (date(2025, 3, 10), 0, True), (date(2025, 3, 24), 14, True), (date(2025, 3, 25), 14, False),
    (date(2025, 3, 9), 14, False)])
def test_ends_within(end: date, days: int, expected: bool) -> None:
    assert acting_ends_within(end, date(2025, 3, 10), days) is expected

"""What the registry's merit indicators count as complete (rules.merit)."""

from __future__ import annotations

import pytest

from merit_positions.rules.merit import NATIONAL_CODES, seats_match_need, standard_complete

FULL = {c: 3 for c in NATIONAL_CODES}


@pytest.mark.parametrize(("standard", "complete"), [
    ({**FULL, "T.KEU.01": 2}, True),  # managerial, socio-cultural and technical (PermenPANRB 38/2017)
    (FULL, False),  # no technical competency
    ({**{c: 3 for c in NATIONAL_CODES if c != "M.08"}, "T.KEU.01": 2}, False),  # a managerial one missing
    ({**FULL, "SK.01": 0, "T.KEU.01": 2}, False),  # level 0 is not a standard
    ({**FULL, "M.01": 6, "T.KEU.01": 2}, False),  # levels are 1-5
    ({**FULL, "T.KEU.01": True}, False),
    ({}, False), (None, False),
])
def test_standard_complete(standard: dict[str, object] | None, complete: bool) -> None:
    assert standard_complete(standard) is complete


@pytest.mark.parametrize(("seats", "need", "match"), [(2, 2, True), (3, 1, False), (0, 0, True)])
def test_seats_match_need(seats: int, need: int, match: bool) -> None:
    assert seats_match_need(seats, need) is match

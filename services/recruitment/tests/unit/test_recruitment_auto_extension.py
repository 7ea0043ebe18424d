"""When closing registration extends it instead (rules/lifecycle.py ``auto_extension_due``)."""

from __future__ import annotations

import pytest

from merit_recruitment.rules import ProcessPolicy, SelectionState, SelectionStatus, auto_extension_due

OPEN = SelectionStatus.REGISTRATION


@pytest.mark.parametrize(("status", "extensions", "count", "ended", "policy", "due"), [
    (OPEN, 0, 0, True, ProcessPolicy(), True),
    (OPEN, 0, 3, True, ProcessPolicy(), True),     # fewer than 4
    (OPEN, 1, 3, True, ProcessPolicy(), True),     # the second extension
    (OPEN, 0, 4, True, ProcessPolicy(), False),    # enough applicants
    (OPEN, 2, 0, True, ProcessPolicy(), False),    # both extensions used
    (OPEN, 0, 0, False, ProcessPolicy(), False),   # an early close is the admin's choice
    (OPEN, 0, 0, True, ProcessPolicy(auto_extend_registration=False), False),
    (OPEN, 2, 0, True, ProcessPolicy(max_registration_extensions=3), True),
    (OPEN, 0, 5, True, ProcessPolicy(extension_applicant_threshold=6), True),
    (SelectionStatus.SCREENING, 0, 0, True, ProcessPolicy(), False),
])
def test_auto_extension_due(status: SelectionStatus, extensions: int, count: int, ended: bool,
                            policy: ProcessPolicy, due: bool) -> None:
    state = SelectionState(status, 5, None, extensions)
    assert auto_extension_due(state, policy, count, registration_ended=ended) is due


def test_the_setting_is_stored_with_the_policy() -> None:
    p = ProcessPolicy(auto_extend_registration=False)
    assert ProcessPolicy.from_dict(p.to_dict()) == p and p.to_dict()["auto_extend_registration"] is False

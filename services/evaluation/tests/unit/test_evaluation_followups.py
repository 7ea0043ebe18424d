"""Which follow-up a final predikat or a nine-box placement calls for, its due date and its lifecycle (pure rules).

Cases: PermenPANRB 6/2022's five predikat (reward for Sangat Baik, coaching for the three below expectation) and
PermenPANRB 3/2020's nine boxes (awards and succession for 7–9, coaching/counselling for 1–3).
"""

from __future__ import annotations

from datetime import date

import pytest

from merit_evaluation.rules import (
    DEFAULT_FOLLOWUP_POLICY,
    CoachingOutcome,
    FollowupAction,
    FollowupKind,
    FollowupPolicy,
    FollowupState,
    followup_kind,
    is_overdue,
)
from merit_evaluation.rules.followups import allowed_actions, due_on, transition
from merit_shared.errors import DomainError

R, C = FollowupKind.REWARD, FollowupKind.COACHING


@pytest.mark.parametrize(("predikat", "expected"), [
    ("SANGAT_BAIK", R),  # di atas x di atas
    ("BAIK", None),
    ("BUTUH_PERBAIKAN", C),  # hasil kerja di bawah ekspektasi
    ("KURANG", C),  # Kurang/Misconduct: perilaku di bawah ekspektasi
    ("SANGAT_KURANG", C),  # both below
])
def test_predikat_decides_the_followup(predikat: str, expected: FollowupKind | None) -> None:
    assert followup_kind(predikat=predikat) is expected


@pytest.mark.parametrize(("box", "expected"), [
    (1, C), (2, C), (3, C), (4, None), (5, None), (6, None), (7, R), (8, R), (9, R)])
def test_box_decides_the_followup(box: int, expected: FollowupKind | None) -> None:
    assert followup_kind(box=box) is expected


@pytest.mark.parametrize(("source", "expected"), [("recorded", C), ("skp", C), ("import", None)])
def test_the_policy_names_the_rating_sources(source: str, expected: FollowupKind | None) -> None:
    policy = FollowupPolicy.from_dict({"rating_sources": ["recorded", "skp"]})
    assert followup_kind(policy, predikat="SANGAT_KURANG", rating_source=source) is expected


def test_an_agency_changes_the_table() -> None:
    policy = FollowupPolicy.from_dict({"by_predikat": {"BAIK": "REWARD", "BUTUH_PERBAIKAN": "NONE"},
                                       "by_box": {"6": "COACHING"}, "due_days": {"COACHING": 90},
                                       "reward_options": ["RECOGNITION"]})
    assert followup_kind(policy, predikat="BAIK") is R
    assert followup_kind(policy, predikat="BUTUH_PERBAIKAN") is None
    assert followup_kind(policy, box=6) is C
    assert due_on(date(2026, 1, 10), C, policy) == date(2026, 4, 10)
    assert FollowupPolicy.from_dict(policy.to_dict()) == policy
    assert FollowupPolicy.from_dict({}) == DEFAULT_FOLLOWUP_POLICY


@pytest.mark.parametrize(("doc", "field"), [
    ({"by_predikat": {"BAIK": "PROMOTE"}}, "by_predikat.BAIK"),
    ({"by_box": {"10": "REWARD"}}, "by_box.10"),
    ({"due_days": {"REWARD": 0}}, "due_days.REWARD"),
    ({"due_days": {"COACHING": True}}, "due_days.COACHING"),
    ({"reward_options": []}, "reward_options"),
    ({"reward_options": ["RECOGNITION", "RECOGNITION"]}, "reward_options"),
    ({"rating_sources": ["manual"]}, "rating_sources"),
    ({"by_predicate": {}}, "by_predicate"),
])
def test_a_wrong_policy_names_the_setting(doc: dict, field: str) -> None:
    with pytest.raises(DomainError) as err:
        FollowupPolicy.from_dict(doc)
    assert err.value.code == "invalid_followup_policy" and err.value.field == field


def test_due_dates_are_calendar_days() -> None:
    assert due_on(date(2025, 12, 31), R) == date(2026, 1, 30)
    assert due_on(date(2024, 1, 1), C) == date(2024, 6, 29)  # 2024 is a leap year: 180 days


@pytest.mark.parametrize(("state", "due", "milestones", "today", "expected"), [
    ("ACTIVE", date(2026, 6, 1), [], date(2026, 6, 1), False),  # due today is not overdue yet
    ("ACTIVE", date(2026, 6, 1), [], date(2026, 6, 2), True),
    ("DRAFT", date(2026, 6, 1), [date(2026, 2, 1)], date(2026, 2, 2), True),  # a milestone passed
    ("ACTIVE", date(2026, 6, 1), [date(2026, 2, 1)], date(2026, 2, 1), False),
    ("COMPLETED", date(2026, 6, 1), [date(2026, 2, 1)], date(2027, 1, 1), False),  # closed is never overdue
    ("OPEN", date(2026, 1, 1), [], date(2026, 1, 2), True),
    ("DECLINED", date(2026, 1, 1), [], date(2026, 1, 2), False),
])
def test_overdue(state: str, due: date, milestones: list[date], today: date, expected: bool) -> None:
    assert is_overdue(state, due, milestones, today) is expected


A = FollowupAction


@pytest.mark.parametrize(("kind", "state", "relations", "expected"), [
    (R, "OPEN", {"owner"}, [A.DECIDE, A.DECLINE]),
    (R, "OPEN", {"admin"}, [A.DECIDE, A.DECLINE, A.CANCEL]),
    (R, "OPEN", {"employee"}, []),
    (R, "DECIDED", {"admin"}, []),
    (C, "DRAFT", {"owner"}, [A.UPDATE_PLAN, A.ACTIVATE]),
    (C, "DRAFT", {"employee"}, []),
    (C, "ACTIVE", {"employee"}, [A.ADD_NOTE]),
    (C, "ACTIVE", {"owner"}, [A.UPDATE_PLAN, A.ADD_NOTE, A.CLOSE]),
    (C, "ACTIVE", {"admin", "owner"}, [A.UPDATE_PLAN, A.ADD_NOTE, A.CLOSE, A.CANCEL]),
    (C, "ESCALATED", {"admin"}, []),
    (C, "ACTIVE", set(), []),
])
def test_allowed_actions(kind: FollowupKind, state: str, relations: set[str], expected: list[FollowupAction]) -> None:
    assert allowed_actions(kind, state, relations) == expected


@pytest.mark.parametrize(("outcome", "state"), [
    (CoachingOutcome.IMPROVED, FollowupState.COMPLETED), (CoachingOutcome.NOT_IMPROVED, FollowupState.COMPLETED),
    (CoachingOutcome.ESCALATED, FollowupState.ESCALATED)])
def test_closing_a_plan(outcome: CoachingOutcome, state: FollowupState) -> None:
    assert transition(C, "ACTIVE", A.CLOSE, outcome) is state


def test_a_transition_the_state_does_not_allow_names_the_allowed() -> None:
    with pytest.raises(DomainError) as err:
        transition(C, "DRAFT", A.CLOSE)
    assert err.value.status == 409 and err.value.code == "followup_transition_not_allowed"
    assert err.value.extra["allowed_actions"] == ["UPDATE_PLAN", "ACTIVATE", "CANCEL"]

from dataclasses import replace
from datetime import date, timedelta

import pytest

from merit_recruitment.rules import (
    ProcessPolicy,
    Schedule,
    SelectionAction,
    SelectionState,
    SelectionStatus,
    allowed_actions,
    announcement_days,
    extend_schedule,
    schedule_errors,
    transition,
    validate_schedule,
)
from merit_shared.errors import Conflict, Invalid

S, A = SelectionStatus, SelectionAction


@pytest.mark.parametrize("status, action, expected", [
    (S.DRAFT, A.ANNOUNCE, S.ANNOUNCED),
    (S.ANNOUNCED, A.OPEN_REGISTRATION, S.REGISTRATION),
    (S.REGISTRATION, A.CLOSE_REGISTRATION, S.SCREENING),
    (S.SCREENING, A.START_ASSESSMENT, S.ASSESSMENT),
    (S.FINAL_RANKING, A.SUBMIT_PROPOSAL, S.PROPOSAL),
    (S.PROPOSAL, A.DECIDE, S.DECISION),
    (S.DECISION, A.APPOINT, S.APPOINTED),
    (S.APPOINTED, A.CLOSE, S.CLOSED),
    (S.DRAFT, A.CANCEL, S.CANCELLED),
    (S.ASSESSMENT, A.CANCEL, S.CANCELLED),
    (S.APPOINTED, A.CANCEL, S.CANCELLED),
])
def test_allowed_transitions(status, action, expected):
    state = SelectionState(status, stage_count=3, current_stage=0 if status is S.ASSESSMENT else None)
    assert transition(state, action).status is expected


@pytest.mark.parametrize("status, action", [
    (S.DRAFT, A.OPEN_REGISTRATION),
    (S.ANNOUNCED, A.CLOSE_REGISTRATION),
    (S.REGISTRATION, A.ANNOUNCE),
    (S.SCREENING, A.ADVANCE_STAGE),
    (S.FINAL_RANKING, A.APPOINT),  # no skipping proposal and decision
    (S.PROPOSAL, A.CLOSE),
    (S.CLOSED, A.CANCEL),          # terminal
    (S.CANCELLED, A.ANNOUNCE),
    (S.DRAFT, "FLY"),
])
def test_forbidden_transitions_name_allowed_actions(status, action):
    state = SelectionState(status)
    with pytest.raises(Conflict) as e:
        transition(state, action)
    allowed = [a.value for a in allowed_actions(state)]
    assert e.value.code == "transition_not_allowed"
    assert e.value.extra["allowed_actions"] == allowed
    for name in allowed:
        assert name in e.value.message_id and name in e.value.message_en


def test_stages_run_in_order_then_final_ranking():
    state = transition(SelectionState(S.SCREENING, stage_count=3), A.START_ASSESSMENT)
    seen = [state.current_stage]
    while state.status is S.ASSESSMENT:
        state = transition(state, A.ADVANCE_STAGE)
        seen.append(state.current_stage)
    assert seen == [0, 1, 2, None]
    assert state.status is S.FINAL_RANKING


def test_start_assessment_needs_stages():
    with pytest.raises(Conflict):
        transition(SelectionState(S.SCREENING, stage_count=0), A.START_ASSESSMENT)


@pytest.mark.parametrize("status, expected", [
    (S.DRAFT, (A.ANNOUNCE, A.CANCEL)),
    (S.ASSESSMENT, (A.ADVANCE_STAGE, A.CANCEL)),
    (S.CLOSED, ()),
    (S.CANCELLED, ()),
])
def test_allowed_actions(status, expected):
    assert allowed_actions(SelectionState(status, current_stage=0)) == expected


@pytest.mark.parametrize("used, applicants, allowed", [
    (0, 3, True),
    (1, 3, True),
    (2, 3, False),     # at most 2 extensions
    (0, 4, False),     # only with fewer than 4 applicants
    (0, 0, True),
    (0, None, False),  # applicant count unknown
])
def test_extend_registration_guard(used, applicants, allowed):
    state = SelectionState(S.REGISTRATION, registration_extensions=used)
    assert (A.EXTEND_REGISTRATION in allowed_actions(state, applicant_count=applicants)) is allowed
    if allowed:
        new = transition(state, A.EXTEND_REGISTRATION, applicant_count=applicants)
        assert new.status is S.REGISTRATION and new.registration_extensions == used + 1
    else:
        with pytest.raises(Conflict) as e:
            transition(state, A.EXTEND_REGISTRATION, applicant_count=applicants)
        assert e.value.code == "registration_extension_not_allowed"
        assert "CLOSE_REGISTRATION" in e.value.extra["allowed_actions"]


def test_extension_outside_registration_is_a_plain_transition_conflict():
    with pytest.raises(Conflict) as e:
        transition(SelectionState(S.SCREENING), A.EXTEND_REGISTRATION, applicant_count=1)
    assert e.value.code == "transition_not_allowed"


def test_extend_schedule_moves_registration_end_and_stages():
    s = Schedule(date(2025, 1, 1), date(2025, 1, 15), date(2025, 1, 2), date(2025, 1, 15), (date(2025, 1, 20),))
    e = extend_schedule(s)
    assert e.registration_end == date(2025, 1, 22) and e.stage_dates == (date(2025, 1, 27),)
    assert e.announcement_end == s.announcement_end
    validate_schedule(e)


GOOD = Schedule(
    announcement_start=date(2025, 1, 1), announcement_end=date(2025, 1, 15),
    registration_start=date(2025, 1, 2), registration_end=date(2025, 1, 16),
    stage_dates=(date(2025, 1, 20), date(2025, 1, 20), date(2025, 1, 27)),
)


@pytest.mark.parametrize("changes, field", [
    ({}, None),
    ({"announcement_end": date(2025, 1, 14)}, "announcement_end"),            # 14 days < 15
    ({"announcement_end": date(2024, 12, 31)}, "announcement_end"),           # ends before start
    ({"registration_start": date(2025, 1, 1)}, "registration_start"),         # same day as announcement
    ({"registration_start": date(2024, 12, 31)}, "registration_start"),
    ({"registration_end": date(2025, 1, 1)}, "registration_end"),             # before registration start
    ({"stage_dates": (date(2025, 1, 16),)}, "stage_dates[0]"),                # on registration end
    ({"stage_dates": (date(2025, 1, 20), date(2025, 1, 19))}, "stage_dates[1]"),  # out of order
])
def test_schedule_validation(changes, field):
    s = replace(GOOD, **changes)
    if field is None:
        validate_schedule(s)
        assert schedule_errors(s) == []
    else:
        with pytest.raises(Invalid) as e:
            validate_schedule(s)
        assert e.value.field == field
        assert field in e.value.message_en or field in e.value.message_id or e.value.code == "announcement_too_short"


def test_announcement_length_counts_both_days_and_is_policy():
    assert announcement_days(GOOD) == 15
    short = Schedule(date(2025, 1, 1), date(2025, 1, 10), date(2025, 1, 2), date(2025, 1, 10))
    assert schedule_errors(short, ProcessPolicy(min_announcement_days=10)) == []
    errs = schedule_errors(short)
    assert [e.code for e in errs] == ["announcement_too_short"] and errs[0].extra["days"] == 10


def test_same_day_registration_policy_and_all_errors_listed():
    s = Schedule(date(2025, 1, 1), date(2025, 1, 3), date(2025, 1, 1), date(2025, 1, 15), (date(2025, 1, 10),))
    assert [e.field for e in schedule_errors(s, ProcessPolicy(registration_may_start_on_announcement_day=True,
                                                              min_announcement_days=3))] == ["stage_dates[0]"]
    with pytest.raises(Invalid) as e:
        validate_schedule(s)
    assert [x["field"] for x in e.value.extra["errors"]] == ["announcement_end", "registration_start",
                                                             "stage_dates[0]"]


def test_process_policy_round_trip_and_schedule_round_trip():
    p = ProcessPolicy(min_announcement_days=10, max_registration_extensions=1)
    assert ProcessPolicy.from_dict(p.to_dict()) == p
    assert Schedule.from_dict(GOOD.to_dict()) == GOOD
    assert timedelta(days=p.registration_extension_days) == timedelta(days=7)

import pytest

from merit_evaluation.rules.lifecycle import (
    SkpAction as A,
)
from merit_evaluation.rules.lifecycle import (
    SkpState as S,
)
from merit_evaluation.rules.lifecycle import (
    allowed_actions,
    creates_new_version,
    transition,
)
from merit_shared.errors import Conflict, Invalid

ALLOWED = {
    S.DRAFT: {A.SUBMIT: S.SUBMITTED},
    S.SUBMITTED: {A.APPROVE: S.APPROVED, A.RETURN: S.DRAFT},
    S.APPROVED: {A.START: S.IN_PROGRESS, A.AMEND: S.DRAFT},
    S.IN_PROGRESS: {A.FINALIZE: S.FINAL, A.AMEND: S.DRAFT},
    S.FINAL: {},
}


@pytest.mark.parametrize("state", list(S))
def test_allowed_actions(state):
    assert set(allowed_actions(state)) == set(ALLOWED[state])


@pytest.mark.parametrize("state, action", [(s, a) for s in S for a in A])
def test_every_state_action_pair(state, action):
    expected = ALLOWED[state].get(action)
    if expected is not None:
        assert transition(state, action) is expected
    else:
        with pytest.raises(Conflict) as e:
            transition(state, action)
        err = e.value
        assert err.status == 409 and err.code == "invalid_skp_transition"
        assert err.extra["allowed_actions"] == [a.value for a in allowed_actions(state)]
        for a in allowed_actions(state):
            assert a.value in err.message_id and a.value in err.message_en


def test_happy_path_with_codes():
    s = "DRAFT"
    for action in ["SUBMIT", "RETURN", "SUBMIT", "APPROVE", "START", "FINALIZE"]:
        s = transition(s, action)
    assert s is S.FINAL


def test_new_version():
    assert creates_new_version(A.AMEND) is True
    assert not any(creates_new_version(a) for a in A if a is not A.AMEND)


def test_unknown_state_or_action():
    with pytest.raises(Invalid):
        transition("ARCHIVED", A.SUBMIT)
    with pytest.raises(Invalid):
        transition(S.DRAFT, "PUBLISH")

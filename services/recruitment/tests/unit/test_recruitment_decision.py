from datetime import UTC, datetime

import pytest

from merit_recruitment.rules import (
    Application,
    ProposalPolicy,
    StageConfig,
    StageKind,
    propose,
    rank,
    validate_choice,
)
from merit_shared.errors import Conflict, Invalid

T0 = datetime(2025, 3, 1, tzinfo=UTC)
STAGES = (StageConfig("A", "A", StageKind.SCORED, 100),)


def ranking(scores):
    return rank([Application(f"app{i}", f"p{i}", T0, {"A": {"x": {"k": s}}}) for i, s in enumerate(scores)], STAGES)


@pytest.mark.parametrize("scores, expected", [
    ([70, 90, 80, 60, 85], ("app1", "app4", "app2")),
    ([70, 90], ("app1", "app0")),
    ([70], ("app0",)),
])
def test_proposal_is_top_three(scores, expected):
    assert propose(ranking(scores)) == expected


def test_proposal_from_plain_ids_and_policy():
    assert propose(["a", "b", "c", "d"]) == ("a", "b", "c")
    assert propose(["a", "b", "c", "d"], ProposalPolicy(proposal_size=2)) == ("a", "b")
    assert ProposalPolicy.from_dict(ProposalPolicy().to_dict()) == ProposalPolicy()


def test_nothing_to_propose():
    with pytest.raises(Conflict) as e:
        propose([])
    assert e.value.code == "nothing_to_propose"


@pytest.mark.parametrize("chosen, proposed, error, code", [
    ("a", ["a", "b", "c"], None, None),
    ("c", ["a", "b", "c"], None, None),
    ("b", ["a", "b"], None, None),
    ("d", ["a", "b", "c"], Invalid, "choice_not_proposed"),   # fourth-ranked may not be chosen
    ("x", ["a"], Invalid, "choice_not_proposed"),
    ("a", [], Conflict, "no_proposal"),
    ("a", ["a", "b", "c", "d"], Conflict, "invalid_proposal"),  # more than three proposed
    ("a", ["a", "a", "b"], Conflict, "invalid_proposal"),
])
def test_top_three_rule(chosen, proposed, error, code):
    if error is None:
        validate_choice(chosen, proposed)
        return
    with pytest.raises(error) as e:
        validate_choice(chosen, proposed)
    assert e.value.code == code
    if error is Invalid:
        assert e.value.field == "chosen_application_id"
        assert chosen in e.value.message_id and chosen in e.value.message_en

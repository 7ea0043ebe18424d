from decimal import Decimal

import pytest

from merit_recruitment.rules import (
    CommitteeMember,
    CommitteePolicy,
    CommitteeRole,
    CommitteeRule,
    ConflictOfInterest,
    can_score,
    ensure_can_score,
    ensure_valid_committee,
    validate_committee,
)
from merit_shared.errors import Conflict, Invalid

NO_ODD = CommitteePolicy(require_odd_size=False)


def committee(size: int, internal: int, chairs: int = 1) -> list[CommitteeMember]:
    out = []
    for i in range(size):
        role = CommitteeRole.CHAIR if i < chairs else CommitteeRole.SECRETARY if i == chairs else CommitteeRole.MEMBER
        out.append(CommitteeMember(f"m{i}", role, internal=i < internal))
    return out


@pytest.mark.parametrize("size, internal, ok", [
    (5, 2, True),    # 40%
    (5, 3, False),   # 60%
    (7, 3, True),    # 42.9%
    (7, 4, False),   # 57.1%
    (9, 4, True),    # 44.4%
    (9, 5, False),   # 55.6%
    (20, 9, True),   # exactly 45%
    (20, 10, False), # 50%
    (11, 5, False),  # 45.45% > 45% (exact fraction comparison)
    (11, 4, True),   # 36.4%
])
def test_internal_share_at_most_45_percent(size, internal, ok):
    report = validate_committee(committee(size, internal), NO_ODD)
    assert report.failed(CommitteeRule.INTERNAL_SHARE) is (not ok)
    assert report.internal_count == internal


def test_internal_share_failure_explains_the_limit():
    report = validate_committee(committee(5, 3))
    f = next(x for x in report.failures if x.rule is CommitteeRule.INTERNAL_SHARE)
    assert "maksimal 2" in f.message_id and "at most 2" in f.message_en and "45%" in f.message_en


@pytest.mark.parametrize("size, chairs, expected", [
    (5, 1, set()),
    (5, 0, {CommitteeRule.ONE_CHAIR}),
    (5, 2, {CommitteeRule.ONE_CHAIR}),
    (3, 1, {CommitteeRule.MIN_SIZE}),
    (6, 1, {CommitteeRule.ODD_SIZE}),
    (4, 0, {CommitteeRule.MIN_SIZE, CommitteeRule.ODD_SIZE, CommitteeRule.ONE_CHAIR}),  # every failure reported
    (0, 0, {CommitteeRule.MIN_SIZE, CommitteeRule.ODD_SIZE, CommitteeRule.ONE_CHAIR}),
])
def test_composition_rules_each_reported(size, chairs, expected):
    report = validate_committee(committee(size, 0, chairs))
    assert {f.rule for f in report.failures} == expected
    assert report.valid is (not expected)


def test_duplicates_secretaries_and_max_size():
    members = committee(5, 0) + [CommitteeMember("m1", CommitteeRole.SECRETARY, False),
                                 CommitteeMember("m9", CommitteeRole.MEMBER, False)]
    report = validate_committee(members, CommitteePolicy(max_size=5))
    assert {f.rule for f in report.failures} == {CommitteeRule.UNIQUE_MEMBERS, CommitteeRule.MAX_SECRETARIES,
                                                 CommitteeRule.MAX_SIZE}


def test_policy_can_change_share_and_round_trips():
    policy = CommitteePolicy(max_internal_share=Decimal("0.5"), min_size=3)
    assert validate_committee(committee(5, 2), policy).valid
    assert not validate_committee(committee(3, 2), policy).valid
    assert CommitteePolicy.from_dict(policy.to_dict()) == policy
    with pytest.raises(Invalid):
        CommitteePolicy(max_internal_share=Decimal("1.2"))


def test_ensure_valid_committee_raises_with_all_failures():
    with pytest.raises(Invalid) as e:
        ensure_valid_committee(committee(4, 3, chairs=0))
    assert e.value.field == "members"
    assert {f["rule"] for f in e.value.extra["failures"]} == {"ODD_SIZE", "MIN_SIZE", "INTERNAL_SHARE", "ONE_CHAIR"}
    assert ensure_valid_committee(committee(5, 2)).valid


CONFLICTS = [ConflictOfInterest("m1", "p1", "former subordinate"), ConflictOfInterest("m2", "p2")]


@pytest.mark.parametrize("member, applicant, allowed", [
    ("m1", "p1", False), ("m2", "p2", False), ("m1", "p2", True), ("m2", "p1", True), ("m3", "p1", True),
])
def test_conflict_of_interest_blocks_scoring(member, applicant, allowed):
    assert can_score(member, applicant, CONFLICTS) is allowed
    if allowed:
        ensure_can_score(member, applicant, CONFLICTS)
    else:
        with pytest.raises(Conflict) as e:
            ensure_can_score(member, applicant, CONFLICTS)
        assert e.value.code == "conflict_of_interest" and e.value.status == 409
        assert e.value.extra["member_id"] == member and e.value.extra["applicant_id"] == applicant
        assert member in e.value.message_id and applicant in e.value.message_en

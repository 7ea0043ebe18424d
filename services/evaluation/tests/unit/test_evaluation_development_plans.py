"""Development kinds (vocabulary and the older names), the training-needs ranking, the IDP state machine."""

from __future__ import annotations

from decimal import Decimal

import pytest

from merit_evaluation.rules import (
    DevelopmentKind,
    DevelopmentPolicy,
    IdpAction,
    IdpState,
    Need,
    SourceNeed,
    idp_actions,
    idp_transition,
    merge_sources,
    parse_kind,
    rank_needs,
)
from merit_shared.errors import Conflict, Invalid

K = DevelopmentKind


@pytest.mark.parametrize(("text", "kind"), [
    ("TRAINING", K.TRAINING), ("training", K.TRAINING), ("PELATIHAN", K.TRAINING), ("Diklat", K.TRAINING),
    ("bimtek", K.TRAINING), ("Bimbingan Teknis", K.TRAINING), ("Workshop", K.SEMINAR), ("webinar", K.SEMINAR),
    ("lokakarya", K.SEMINAR), ("Kursus", K.COURSE), ("course", K.COURSE), ("coaching", K.COACHING),
    ("mentoring", K.MENTORING), ("magang", K.JOB_ROTATION), ("Detasering", K.JOB_ROTATION),
    ("job rotation", K.JOB_ROTATION), ("job-rotation", K.JOB_ROTATION), (" e-learning ", K.E_LEARNING),
    ("ELEARNING", K.E_LEARNING), ("pelatihan jarak jauh", K.E_LEARNING), (K.MENTORING, K.MENTORING),
])
def test_kind_mapping(text, kind):
    assert parse_kind(text) is kind


@pytest.mark.parametrize("text", ["", "rapat", "PELATIHAN_X", "seminar nasional", 7, None])
def test_unknown_kind_is_refused_naming_the_vocabulary(text):
    with pytest.raises(Invalid) as exc:
        parse_kind(text, "body.kind")
    assert exc.value.code == "unknown_development_kind" and exc.value.field == "body.kind"
    assert exc.value.extra["allowed"] == [k.value for k in DevelopmentKind]


def _n(code, people, gap_sum, max_gap=1):
    return Need(code, people, gap_sum, max_gap)


@pytest.mark.parametrize(("needs", "expected"), [
    # larger total shortfall first
    ([_n("M.01", 2, 2), _n("M.02", 1, 3, 3)], [("M.02", 1), ("M.01", 2)]),
    # equal shortfall: more people first (wide before deep)
    ([_n("M.01", 1, 4, 4), _n("M.02", 4, 4)], [("M.02", 1), ("M.01", 2)]),
    # equal shortfall and people: larger mean gap is the same then -> shared rank, code order
    ([_n("M.03", 2, 4, 2), _n("M.01", 2, 4, 3)], [("M.01", 1), ("M.03", 1)]),
    # competition ranking: 1, 2, 2, 4
    ([_n("A", 1, 9), _n("B", 3, 6), _n("C", 3, 6), _n("D", 1, 1)], [("A", 1), ("B", 2), ("C", 2), ("D", 4)]),
    ([], []),
])
def test_rank_needs(needs, expected):
    assert [(r.need.code, r.rank) for r in rank_needs(needs)] == expected


def test_mean_gap_and_dict():
    r = rank_needs([Need("M.03", 3, 4, 2, {"jpm": SourceNeed("M.03", 3, 4, 2)})])[0]
    assert r.need.mean_gap == Decimal(4) / 3
    assert r.to_dict() == {"rank": 1, "competency_code": "M.03", "people": 3, "gap_sum": 4, "mean_gap": "1.33",
                           "max_gap": 2, "sources": {"jpm": {"people": 3, "gap_sum": 4, "max_gap": 2}}}


def test_merge_sources_sums_per_code_and_keeps_each_share():
    merged = {n.code: n for n in merge_sources({
        "jpm": [SourceNeed("M.01", 3, 4, 2), SourceNeed("M.02", 1, 1, 1), SourceNeed("M.05", 0, 0, 0)],
        "other": [SourceNeed("M.01", 1, 2, 2), SourceNeed("M.04", 2, 2, 1)],
    })}
    assert set(merged) == {"M.01", "M.02", "M.04"}  # a row without people or gap is no need
    m1 = merged["M.01"]
    assert (m1.people, m1.gap_sum, m1.max_gap) == (4, 6, 2) and set(m1.by_source) == {"jpm", "other"}
    assert merged["M.04"].by_source["other"].people == 2


@pytest.mark.parametrize(("state", "action", "after"), [
    ("DRAFT", "SUBMIT", IdpState.SUBMITTED), ("SUBMITTED", "APPROVE", IdpState.APPROVED),
    ("SUBMITTED", "RETURN", IdpState.DRAFT), ("APPROVED", "REOPEN", IdpState.DRAFT),
])
def test_idp_transitions(state, action, after):
    assert idp_transition(state, action) is after


@pytest.mark.parametrize(("state", "action"), [
    ("DRAFT", "APPROVE"), ("DRAFT", "RETURN"), ("DRAFT", "REOPEN"), ("SUBMITTED", "SUBMIT"),
    ("SUBMITTED", "REOPEN"), ("APPROVED", "APPROVE"), ("APPROVED", "SUBMIT"), ("APPROVED", "RETURN"),
])
def test_idp_refused_transitions_name_the_allowed_ones(state, action):
    with pytest.raises(Conflict) as exc:
        idp_transition(state, action)
    assert exc.value.code == "invalid_development_plan_transition"
    assert exc.value.extra["allowed_actions"] == [a.value for a in idp_actions(state)]


def test_idp_actions_per_state():
    assert idp_actions("DRAFT") == (IdpAction.SUBMIT,)
    assert idp_actions("SUBMITTED") == (IdpAction.APPROVE, IdpAction.RETURN)
    assert idp_actions("APPROVED") == (IdpAction.REOPEN,)


@pytest.mark.parametrize(("value", "ok"), [("20", True), ("24.5", True), ("1000", True), ("19.99", False),
                                           ("0", False), ("1001", False), ("NaN", False), ("abc", False)])
def test_development_policy_keeps_the_national_floor(value, ok):
    if ok:
        assert DevelopmentPolicy.from_dict({"required_jp_per_year": value}).required_jp_per_year == Decimal(value)
    else:
        with pytest.raises(Invalid) as exc:
            DevelopmentPolicy.from_dict({"required_jp_per_year": value})
        assert exc.value.code == "invalid_development_policy"
    assert DevelopmentPolicy.from_dict({}).required_jp_per_year == Decimal(20)

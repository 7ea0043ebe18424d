from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from merit_recruitment.rules import (
    Application,
    NotRankedReason,
    ScoringPolicy,
    StageConfig,
    StageKind,
    TieBreak,
    default_stages,
    display,
    evaluate,
    final_score,
    rank,
    stage_units,
    validate_stages,
)
from merit_shared.errors import Invalid

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
D = Decimal


def sc(code, weight, pass_mark=None):
    return StageConfig(code, code.title(), StageKind.SCORED, D(weight), None if pass_mark is None else D(pass_mark))


def pf(code):
    return StageConfig(code, code.title(), StageKind.PASS_FAIL)


# Stage A weight 50, B 30, C 20 (tie-break order A, B, C), plus a pass/fail health test.
STAGES = (sc("B", 30), sc("A", 50), sc("C", 20), pf("HEALTH"))


def one(score):
    """A sheet with a single assessor and a single criterion."""
    return {"as1": {"k": score}}


def app(aid, a, b, c, *, applicant=None, at=T0, health=True):
    return Application(aid, applicant or f"p-{aid}", at, {"A": one(a), "B": one(b), "C": one(c)},
                       {"HEALTH": health})


# --- stage configuration ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("stages, ok", [
    ((sc("A", 60), sc("B", 40)), True),
    ((sc("A", "33.33"), sc("B", "33.33"), sc("C", "33.34")), True),
    ((sc("A", 60), sc("B", 39)), False),
    ((sc("A", 60), sc("B", 41)), False),
    ((sc("A", "33.33"), sc("B", "33.33"), sc("C", "33.33")), False),  # 99.99, not 100
    ((sc("A", "50.005"), sc("B", "49.995")), False),  # more than 2 decimals
    ((sc("A", 100), pf("H")), True),
    ((sc("A", 100), StageConfig("H", "H", StageKind.PASS_FAIL, D(10))), False),  # pass/fail has weight 0
    ((sc("A", 50), sc("A", 50)), False),  # duplicate code
    ((pf("H"),), False),  # no scored stage
    ((), False),
    ((sc("A", 100, 101),), False),  # pass mark above 100
])
def test_weights_must_sum_to_exactly_100(stages, ok):
    if ok:
        validate_stages(stages)
    else:
        with pytest.raises(Invalid) as e:
            validate_stages(stages)
        assert e.value.field and e.value.field.startswith("stages")


@pytest.mark.parametrize("kind", ["JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS", "FUNGSIONAL"])
def test_default_stage_templates_are_valid(kind):
    stages = default_stages(kind)
    validate_stages(stages)
    assert sum(s.weight for s in stages if s.kind is StageKind.SCORED) == 100


# --- stage score --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sheet, expected", [
    ({"a1": {"k1": 80}}, "80.0000"),
    ({"a1": {"k1": 80, "k2": 90}, "a2": {"k1": 70, "k2": 60}}, "75.0000"),
    # assessors weigh equally even with different criterion counts: mean(70, mean(80, 90, 100)) = 80
    ({"a1": {"k1": 70}, "a2": {"k1": 80, "k2": 90, "k3": 100}}, "80.0000"),
    ({"a1": {"k1": 70, "k2": 71, "k3": 71}}, "70.6667"),  # 70.66666.. half-up to 4 dp
    ({"a1": {"k": 0}, "a2": {"k": 0}, "a3": {"k": 1}}, "0.3333"),
    ({"a1": {"k": D("85.25")}, "a2": {"k": "90.5"}}, "87.8750"),
    ({"a1": {"k1": 100, "k2": 100}}, "100.0000"),
    # 1/8 of a hundredth: 0.00125 -> 0.0013 (half up on the 5th decimal after exact computation)
    ({f"a{i}": {"k": D("0.01") if i == 0 else 0} for i in range(8)}, "0.0013"),
])
def test_stage_units_mean_of_means(sheet, expected):
    # stage_units is what the stage-finishing path (assessment/service.py) compares with the pass mark
    assert stage_units(sheet) == int(D(expected).scaleb(4))


@pytest.mark.parametrize("bad", [101, -1, 80.5, True, "abc", D("80.125"), D("NaN")])
def test_invalid_scores_rejected_with_field(bad):
    with pytest.raises(Invalid) as e:
        stage_units({"a1": {"k1": bad}}, "scores.A")
    assert e.value.field == "scores.A.a1.k1"


def test_empty_sheets_rejected():
    with pytest.raises(Invalid):
        stage_units({})
    with pytest.raises(Invalid):
        stage_units({"a1": {}})


# --- final score --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, c, expected", [
    (80, 70, 60, "73.0000"),     # (50*80 + 30*70 + 20*60)/100
    (100, 100, 100, "100.0000"),
    (0, 0, 0, "0.0000"),
    (D("80.01"), D("70.01"), D("60.01"), "73.0100"),
])
def test_final_weighted_score(a, b, c, expected):
    res = evaluate(app("x", a, b, c), STAGES)
    assert res.final_score == D(expected)
    assert final_score({"A": D(a), "B": D(b), "C": D(c)}, STAGES) == D(expected)


def test_final_score_rounds_half_up_at_4_decimals():
    stages = (sc("A", "33.33"), sc("B", "33.33"), sc("C", "33.34"))
    # 33.33*70.6667 + 33.33*50 + 33.34*50 = 5688.821111 -> /100 = 56.88821111 -> 56.8882
    assert final_score({"A": D("70.6667"), "B": D("50"), "C": D("50")}, stages) == D("56.8882")
    # 0.005 at the 5th decimal rounds up: weights 50/50, stage scores 0.0001 and 0 -> 0.00005 -> 0.0001
    assert final_score({"A": D("0.0001"), "B": D("0")}, (sc("A", 50), sc("B", 50))) == D("0.0001")


@pytest.mark.parametrize("value, shown", [
    (D("81.2350"), "81.24"), (D("81.2349"), "81.23"), (D("100.0000"), "100.00"), (D("0.0050"), "0.01"),
])
def test_display_two_decimals_half_up(value, shown):
    assert display(value) == shown


# --- pass marks and exclusion --------------------------------------------------------------------------------

@pytest.mark.parametrize("score, pass_mark, rankable", [
    (60, 60, True),   # boundary inclusive
    (D("59.99"), 60, False),
    (61, 60, True),
    (0, None, True),  # no pass mark
])
def test_pass_mark_inclusive(score, pass_mark, rankable):
    stages = (sc("A", 100, pass_mark),)
    res = evaluate(Application("x", "p", T0, {"A": one(score)}), stages)
    assert res.rankable is rankable
    if not rankable:
        assert res.reasons[0].code is NotRankedReason.BELOW_PASS_MARK


def test_failed_pass_fail_stage_and_missing_results_are_not_ranked():
    apps = [
        app("ok", 80, 80, 80),
        app("sick", 99, 99, 99, health=False),
        Application("nohealth", "p-nohealth", T0, {"A": one(90), "B": one(90), "C": one(90)}, {}),
        Application("noscore", "p-noscore", T0, {"A": one(90), "B": one(90)}, {"HEALTH": True}),
    ]
    r = rank(apps, STAGES)
    assert r.ranked_ids == ("ok",)
    reasons = {x.application_id: [y.code for y in x.reasons] for x in r.not_ranked}
    assert reasons == {"sick": [NotRankedReason.FAILED_STAGE], "nohealth": [NotRankedReason.MISSING_RESULT],
                       "noscore": [NotRankedReason.MISSING_RESULT]}
    assert all(y.message_id and y.message_en for x in r.not_ranked for y in x.reasons)


def test_final_pass_mark_policy():
    policy = ScoringPolicy(final_pass_mark=D("73"))
    r = rank([app("eq", 80, 70, 60), app("low", 80, 70, D("59.99"))], STAGES, policy)
    assert r.ranked_ids == ("eq",)
    assert r.not_ranked[0].reasons[0].code is NotRankedReason.BELOW_FINAL_PASS_MARK
    assert ScoringPolicy.from_dict(policy.to_dict()) == policy


def test_min_assessors_policy():
    policy = ScoringPolicy(min_assessors=2)
    res = evaluate(app("x", 80, 80, 80), STAGES, policy)
    assert not res.rankable and res.reasons[0].code is NotRankedReason.MISSING_RESULT


# --- ranking and tie-breakers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("apps, expected_order, decided_by", [
    # (1) final score desc
    ([app("x", 70, 70, 70), app("y", 90, 90, 90), app("z", 80, 80, 80)], ["y", "z", "x"],
     [None, TieBreak.FINAL_SCORE, TieBreak.FINAL_SCORE]),
    # (1b) y 76.00 beats x 73.00 although x is better on the heaviest stage
    ([app("x", 80, 70, 60), app("y", 70, 80, 85)], ["y", "x"], [None, TieBreak.FINAL_SCORE]),
    # (2) equal final 76: x has A=76 (weight 50) vs y A=70 -> x first
    ([app("y", 70, 90, 70), app("x", 76, 80, 70)], ["x", "y"], [None, TieBreak.STAGE_SCORE]),
    # (2b) equal final and equal A; B (weight 30) decides: y B=80 beats x B=70
    ([app("x", 80, 70, 90), app("y", 80, 80, 75)], ["y", "x"], [None, TieBreak.STAGE_SCORE]),
    # (3) identical scores: earlier registration first
    ([app("x", 80, 80, 80, at=T0 + timedelta(seconds=1)), app("y", 80, 80, 80, at=T0)], ["y", "x"],
     [None, TieBreak.REGISTERED_AT]),
    # (4) identical scores and timestamps: applicant id ascending
    ([app("x", 80, 80, 80, applicant="P2"), app("y", 80, 80, 80, applicant="P1")], ["y", "x"],
     [None, TieBreak.APPLICANT_ID]),
])
def test_rank_tie_breakers(apps, expected_order, decided_by):
    r = rank(apps, STAGES)
    assert list(r.ranked_ids) == expected_order
    assert [x.decided_by for x in r.ranked] == decided_by
    assert [x.position for x in r.ranked] == list(range(1, len(apps) + 1))


def test_stage_tie_break_fixtures_really_tie_on_final():
    # Guard the fixtures above: equal finals, so the stage tie-breaker is what decided.
    assert evaluate(app("y", 70, 90, 70), STAGES).final_score == evaluate(app("x", 76, 80, 70), STAGES).final_score
    assert evaluate(app("x", 80, 70, 90), STAGES).final_score == evaluate(app("y", 80, 80, 75), STAGES).final_score


def test_stage_tie_break_names_the_stage_and_uses_weight_order():
    r = rank([app("y", 70, 90, 70), app("x", 76, 80, 70)], STAGES)
    assert r.tie_break_stage_order == ("A", "B", "C")
    assert r.ranked[1].decided_by_stage == "A"


def test_timestamps_compare_as_instants_across_timezones():
    wib = timezone(timedelta(hours=7))
    early = app("x", 80, 80, 80, at=datetime(2025, 3, 1, 14, 0, tzinfo=wib))  # 07:00 UTC
    late = app("y", 80, 80, 80, at=T0)  # 08:00 UTC
    assert rank([late, early], STAGES).ranked_ids == ("x", "y")


def test_ranking_is_independent_of_input_order():
    apps = [app(f"a{i}", 60 + i % 7, 60 + i % 5, 60 + i % 3, at=T0 + timedelta(seconds=i % 4)) for i in range(40)]
    assert rank(apps, STAGES).ranked_ids == rank(list(reversed(apps)), STAGES).ranked_ids


@pytest.mark.parametrize("apps, field", [
    ([app("x", 80, 80, 80), app("x", 70, 70, 70, applicant="other")], "applications[1].application_id"),
    ([app("x", 80, 80, 80, applicant="P"), app("y", 70, 70, 70, applicant="P")], "applications[1].applicant_id"),
    ([app("x", 80, 80, 80, at=datetime(2025, 1, 1))], "applications[0].registered_at"),
    ([Application("x", "p", T0, {"Z": one(1)})], "applications[0].scores.Z"),
    ([app("x", 80, 101, 80)], "applications[0].scores.B.as1.k"),
])
def test_rank_rejects_bad_input(apps, field):
    with pytest.raises(Invalid) as e:
        rank(apps, STAGES)
    assert e.value.field == field


def test_stage_config_round_trip():
    for s in STAGES + (sc("X", "12.5", "60.25"),):
        assert StageConfig.from_dict(s.to_dict()) == s

from datetime import date
from decimal import Decimal

import pytest

from merit_evaluation.rules.talent import (
    DEFAULT_TALENT_POLICY,
    DISCIPLINE_LABELS,
    NINE_BOX,
    AxisThresholds,
    DisciplineRecord,
    SuccessionReadiness,
    TalentPolicy,
    box_of,
    in_talent_pool,
    levels_of,
    performance_level_from_predikats,
    place,
    potential_score,
    talent_pool_status,
    years_before,
)
from merit_evaluation.rules.talent import (
    PerformanceLevel as F,
)
from merit_evaluation.rules.talent import (
    PotentialLevel as L,
)
from merit_shared.errors import Invalid
from merit_shared.vocab import DisciplineLevel as D
from merit_shared.vocab import Predikat as P

LAYOUT = [
    (L.TINGGI, F.DI_BAWAH_EKSPEKTASI, 6), (L.TINGGI, F.SESUAI_EKSPEKTASI, 8), (L.TINGGI, F.DI_ATAS_EKSPEKTASI, 9),
    (L.MENENGAH, F.DI_BAWAH_EKSPEKTASI, 3), (L.MENENGAH, F.SESUAI_EKSPEKTASI, 5), (L.MENENGAH, F.DI_ATAS_EKSPEKTASI, 7),
    (L.RENDAH, F.DI_BAWAH_EKSPEKTASI, 1), (L.RENDAH, F.SESUAI_EKSPEKTASI, 2), (L.RENDAH, F.DI_ATAS_EKSPEKTASI, 4),
]


@pytest.mark.parametrize("pot, perf, box", LAYOUT)
def test_layout(pot, perf, box):
    assert box_of(pot, perf) == box
    assert levels_of(box) == (pot, perf)
    assert NINE_BOX[(pot, perf)] == box


# Scores chosen on each side of each 60/80 boundary (lower bound inclusive).
@pytest.mark.parametrize(
    "pot_score, perf_score, box",
    [
        (80, 59.99, 6), (100, 60, 8), (80, 80, 9),
        (60, 0, 3), (79.99, 79.99, 5), (60, 100, 7),
        (0, 59.99, 1), (59.99, 60, 2), ("59.99", "80", 4),
    ],
)
def test_place_every_box_by_score(pot_score, perf_score, box):
    pl = place(pot_score, perf_score)
    assert pl.box == box
    assert pl.thresholds["potential"] == {"middle_min": "60", "high_min": "80"}
    assert pl.thresholds["performance"] == {"basis": "SCORE", "middle_min": "60", "high_min": "80"}
    assert [a.code for a in pl.actions] == list(DEFAULT_TALENT_POLICY.box_actions[box])


@pytest.mark.parametrize(
    "score, level",
    [("0", L.RENDAH), ("59.99", L.RENDAH), ("60", L.MENENGAH), ("79.99", L.MENENGAH), ("80", L.TINGGI), ("100", L.TINGGI)],
)
def test_potential_threshold_boundaries(score, level):
    assert place(Decimal(score), 70).potential_level is level


@pytest.mark.parametrize(
    "score, level",
    [("59.99", F.DI_BAWAH_EKSPEKTASI), ("60", F.SESUAI_EKSPEKTASI), ("79.99", F.SESUAI_EKSPEKTASI),
     ("80", F.DI_ATAS_EKSPEKTASI)],
)
def test_performance_threshold_boundaries(score, level):
    assert place(70, Decimal(score)).performance_level is level


@pytest.mark.parametrize(
    "predikats, level",
    [
        ([P.SANGAT_BAIK, P.SANGAT_BAIK], F.DI_ATAS_EKSPEKTASI),
        ([P.SANGAT_BAIK, P.BAIK], F.SESUAI_EKSPEKTASI),
        ([P.BAIK, P.SANGAT_BAIK], F.SESUAI_EKSPEKTASI),
        ([P.BAIK, P.BAIK], F.SESUAI_EKSPEKTASI),
        ([P.SANGAT_BAIK, P.BUTUH_PERBAIKAN], F.DI_BAWAH_EKSPEKTASI),
        ([P.BAIK, P.KURANG], F.DI_BAWAH_EKSPEKTASI),
        (["SANGAT_KURANG", "SANGAT_BAIK"], F.DI_BAWAH_EKSPEKTASI),
    ],
)
def test_performance_from_last_two_predikat(predikats, level):
    assert performance_level_from_predikats(predikats) is level


def test_place_by_predikat_records_basis():
    pl = place(85, [P.SANGAT_BAIK, P.SANGAT_BAIK])
    assert pl.box == 9 and pl.performance_score is None
    assert pl.performance_predikats == (P.SANGAT_BAIK, P.SANGAT_BAIK)
    assert pl.thresholds["performance"]["basis"] == "PREDIKAT_LOWEST"
    assert pl.thresholds["performance"]["predikat_levels"]["BAIK"] == "SESUAI_EKSPEKTASI"
    assert pl.to_dict()["box"] == 9
    assert place(85, (P.BAIK, P.SANGAT_BAIK)).box == 8


@pytest.mark.parametrize("preds", [[P.BAIK], [P.BAIK, P.BAIK, P.BAIK], []])
def test_needs_exactly_two_years(preds):
    with pytest.raises(Invalid) as e:
        place(85, preds)
    assert e.value.code == "invalid_performance_history"


@pytest.mark.parametrize("score", [-0.01, 100.01, "x", None])
def test_scores_validated(score):
    with pytest.raises(Invalid):
        place(score, 70)
    with pytest.raises(Invalid):
        place(70, score)


def test_actions():
    a = DEFAULT_TALENT_POLICY.actions_for
    assert [x.code for x in a(9)] == ["PROMOTE", "RETAIN", "SUCCESSION_GROUP", "AWARD"]
    assert [x.code for x in a(1)] == ["REGULATORY_HANDLING"]
    assert [x.code for x in a(4)] == ["ROTATION", "COMPETENCY_DEVELOPMENT"]
    assert "STUDY_ASSIGNMENT" in [x.code for x in a(7)]
    assert all(x.label_id and x.label_en for b in range(1, 10) for x in a(b))


def test_potential_score_weights():
    assert potential_score({"JPM": 100, "TRACK_RECORD": 50, "OTHER": 0}) == Decimal(65)
    with pytest.raises(Invalid) as e:
        potential_score({"JPM": 100, "TRACK_RECORD": 50})
    assert "OTHER" in e.value.message_en
    with pytest.raises(Invalid):
        potential_score({"JPM": 120, "TRACK_RECORD": 50, "OTHER": 0})


def test_custom_policy_round_trip_and_effect():
    data = DEFAULT_TALENT_POLICY.to_dict()
    data["potential_thresholds"] = {"middle_min": "50", "high_min": "70"}
    data["potential_weights"] = {"JPM": "1"}
    policy = TalentPolicy.from_dict(data)
    assert place(70, 70, policy).potential_level is L.TINGGI
    assert place(70, 70).potential_level is L.MENENGAH
    assert place(70, 70, policy).thresholds["potential"] == {"middle_min": "50", "high_min": "70"}
    assert potential_score({"JPM": 77}, policy) == Decimal(77)
    assert TalentPolicy.from_dict(policy.to_dict()) == policy
    assert TalentPolicy.from_dict(DEFAULT_TALENT_POLICY.to_dict()) == DEFAULT_TALENT_POLICY


@pytest.mark.parametrize(
    "change",
    [
        {"potential_thresholds": {"middle_min": "80", "high_min": "60"}},
        {"potential_weights": {"JPM": "0.5", "OTHER": "0.4"}},
        {"box_actions": {"9": ["AWARD"]}},
        {"box_actions": {str(b): ["NOPE"] for b in range(1, 10)}},
        {"predikat_levels": {"BAIK": "SESUAI_EKSPEKTASI"}},
    ],
)
def test_bad_policy_rejected(change):
    with pytest.raises(Invalid):
        TalentPolicy.from_dict({**DEFAULT_TALENT_POLICY.to_dict(), **change})


def test_axis_thresholds_validation():
    with pytest.raises(Invalid):
        AxisThresholds(Decimal(60), Decimal(60))


AS_OF = date(2025, 6, 15)


@pytest.mark.parametrize(
    "box, records, expected",
    [
        (9, [], True), (8, [], True), (7, [], True),
        (6, [], False), (5, [], False), (4, [], False), (3, [], False), (2, [], False), (1, [], False),
        (9, [(D.LIGHT, date(2025, 1, 1))], True),
        (9, [(D.MODERATE, date(2025, 1, 1))], False),
        (9, [(D.HEAVY, date(2024, 1, 1))], False),
        (8, [(D.MODERATE, date(2023, 6, 15))], False),   # exactly 2 years ago: still excluded
        (8, [(D.HEAVY, date(2023, 6, 14))], True),       # 2 years and 1 day ago: no longer
        (7, [(D.HEAVY, date(2025, 6, 15))], False),      # on as_of
        (7, [(D.HEAVY, date(2025, 6, 16))], True),       # after as_of: ignored
        (7, [DisciplineRecord(D.LIGHT, date(2025, 1, 1)), DisciplineRecord(D.HEAVY, date(2020, 1, 1))], True),
        (7, [("MODERATE", date(2024, 12, 31))], False),
    ],
)
def test_talent_pool(box, records, expected):
    assert in_talent_pool(box, records, AS_OF) is expected


def test_pool_status_explains():
    s = talent_pool_status(9, [(D.HEAVY, date(2024, 1, 1)), (D.LIGHT, date(2024, 2, 1))], AS_OF)
    assert not s.eligible and s.box_in_pool
    assert s.blocking_records == (DisciplineRecord(D.HEAVY, date(2024, 1, 1)),)
    assert s.window_start == date(2023, 6, 15)
    assert s.to_dict()["blocking_records"] == [{"level": "HEAVY", "decided_on": "2024-01-01"}]


def test_leap_day_window():
    assert years_before(date(2024, 2, 29), 2) == date(2022, 2, 28)
    assert in_talent_pool(9, [(D.HEAVY, date(2022, 2, 28))], date(2024, 2, 29)) is False
    assert in_talent_pool(9, [(D.HEAVY, date(2022, 2, 27))], date(2024, 2, 29)) is True


@pytest.mark.parametrize("box", [0, 10, "9", None])
def test_bad_box(box):
    with pytest.raises(Invalid):
        in_talent_pool(box, [], AS_OF)


def test_bad_record():
    with pytest.raises(Invalid):
        in_talent_pool(9, [("HEAVY", "2024-01-01")], AS_OF)
    with pytest.raises(Invalid):
        in_talent_pool(9, [("SEVERE", date(2024, 1, 1))], AS_OF)


def test_enums_labels():
    assert [DISCIPLINE_LABELS[d] for d in D] == ["Ringan", "Sedang", "Berat"]
    assert [r.value for r in SuccessionReadiness] == ["READY_NOW", "READY_1_2_YEARS", "READY_LATER"]

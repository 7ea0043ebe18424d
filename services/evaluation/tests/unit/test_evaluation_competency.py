from decimal import Decimal

import pytest

from merit_evaluation.rules.competency import (
    COMPETENCIES,
    CompetencyGroup,
    JpmPolicy,
    gaps,
    jpm,
    jpm_category,
    jpm_detail,
)
from merit_evaluation.rules.competency import (
    JpmCategory as C,
)
from merit_shared.errors import Invalid

STD = {"M.01": 3, "M.02": 3, "M.03": 3, "M.04": 3, "M.05": 3, "M.06": 3, "M.07": 3, "M.08": 3, "SK.01": 3}


def test_dictionary():
    assert list(COMPETENCIES) == ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01"]
    assert COMPETENCIES["M.06"].name == "Pengembangan Diri dan Orang Lain"
    assert COMPETENCIES["M.08"].name == "Pengambilan Keputusan"
    assert COMPETENCIES["SK.01"].name == "Perekat Bangsa"
    assert COMPETENCIES["SK.01"].group is CompetencyGroup.SOSIAL_KULTURAL


@pytest.mark.parametrize(
    "individual, standard, expected",
    [
        ({"M.01": 3, "M.02": 3}, {"M.01": 3, "M.02": 3}, Decimal(100)),
        ({"M.01": 2, "M.02": 3}, {"M.01": 3, "M.02": 3}, Decimal(500) / 6),
        ({"M.01": 4, "M.02": 4}, {"M.01": 3, "M.02": 3}, Decimal(800) / 6),  # above standard > 100
        ({"M.01": 3}, {"M.01": 3, "M.02": 3}, Decimal(50)),                   # missing counts 0
        ({"M.01": 3, "M.02": 5, "M.03": 5}, {"M.01": 3, "M.02": 1}, Decimal(200)),  # M.03 ignored
    ],
)
def test_jpm(individual, standard, expected):
    assert jpm(individual, standard) == expected


def test_detail_reports_missing_ignored_gaps():
    r = jpm_detail({"M.01": 4, "M.03": 2}, {"M.01": 3, "M.02": 3})
    assert r.missing == ("M.02",)
    assert r.ignored == ("M.03",)
    assert r.gaps == {"M.01": 1, "M.02": -3}
    assert (r.individual_sum, r.standard_sum) == (4, 6)
    assert str(r.display) == "66.67"
    assert r.category is C.KURANG_OPTIMAL
    assert r.thresholds == {"optimal_min": "90", "cukup_optimal_min": "78"}


def test_gaps():
    assert gaps({"M.01": 2, "SK.01": 5}, {"M.01": 3, "SK.01": 4, "M.05": 2}) == {"M.01": -1, "SK.01": 1, "M.05": -2}


@pytest.mark.parametrize(
    "percent, expected",
    [
        ("0", C.KURANG_OPTIMAL), ("77.99", C.KURANG_OPTIMAL), ("78", C.CUKUP_OPTIMAL), ("78.00", C.CUKUP_OPTIMAL),
        ("89.99", C.CUKUP_OPTIMAL), ("89.9999", C.CUKUP_OPTIMAL), ("90", C.OPTIMAL), ("133.33", C.OPTIMAL),
    ],
)
def test_category_boundaries(percent, expected):
    assert jpm_category(Decimal(percent)) is expected


def test_category_from_real_jpm():
    # 9 competencies at standard 3 (sum 27): individual sums 27 -> 100, 24 -> 88.9, 21 -> 77.8
    def with_sum(total):
        levels = dict.fromkeys(STD, 3)
        for code in list(levels)[: 27 - total]:
            levels[code] = 2
        return levels

    assert jpm_detail(with_sum(27), STD).category is C.OPTIMAL
    assert jpm_detail(with_sum(24), STD).category is C.CUKUP_OPTIMAL
    assert jpm_detail(with_sum(21), STD).category is C.KURANG_OPTIMAL


@pytest.mark.parametrize(
    "ind_sum, std_sum, expected",
    [(39, 50, C.CUKUP_OPTIMAL), (45, 50, C.OPTIMAL), (44, 50, C.CUKUP_OPTIMAL), (38, 50, C.KURANG_OPTIMAL)],
)
def test_category_exact_percent_from_sums(ind_sum, std_sum, expected):
    # technical codes (allow_unknown) let us build arbitrary sums with levels 1..5
    std = {f"T.{i:02}": 5 for i in range(std_sum // 5)}
    ind = {}
    remaining = ind_sum
    for code in std:
        take = min(5, remaining - (len(std) - len(ind) - 1))
        ind[code] = take
        remaining -= take
    assert sum(ind.values()) == ind_sum and sum(std.values()) == std_sum
    r = jpm_detail(ind, std, allow_unknown=True)
    assert r.percent == Decimal(ind_sum * 100) / std_sum
    assert r.category is expected


def test_policy_changes_categories_and_round_trips():
    policy = JpmPolicy.from_dict({"optimal_min": "85", "cukup_optimal_min": "70"})
    assert jpm_category(Decimal("86"), policy) is C.OPTIMAL
    assert jpm_category(Decimal("70"), policy) is C.CUKUP_OPTIMAL
    assert JpmPolicy.from_dict(policy.to_dict()) == policy
    with pytest.raises(Invalid):
        JpmPolicy(optimal_min=Decimal(70), cukup_optimal_min=Decimal(80))


@pytest.mark.parametrize("level", [0, 6, -1, 2.5, "3", None, True])
def test_levels_validated(level):
    with pytest.raises(Invalid) as e:
        jpm({"M.01": level}, {"M.01": 3})
    assert e.value.code == "invalid_competency_level"
    assert e.value.field == "individual.M.01"


@pytest.mark.parametrize("level", [1, 5])
def test_level_bounds_accepted(level):
    assert jpm({"M.01": level}, {"M.01": 5}) == Decimal(level * 20)


def test_standard_level_validated():
    with pytest.raises(Invalid) as e:
        jpm({"M.01": 3}, {"M.01": 0})
    assert e.value.field == "standard.M.01"


def test_unknown_code_rejected_unless_allowed():
    with pytest.raises(Invalid) as e:
        jpm({"M.09": 3}, {"M.01": 3})
    assert e.value.code == "unknown_builtin_competency"
    assert jpm({"T.01": 3}, {"T.01": 3, "M.01": 3}, allow_unknown=True) == Decimal(50)


def test_empty_standard_rejected():
    with pytest.raises(Invalid) as e:
        jpm({"M.01": 3}, {})
    assert e.value.code == "empty_competency_standard"

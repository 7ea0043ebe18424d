from decimal import Decimal

import pytest

from merit_evaluation.rules.curve import (
    DEFAULT_CURVE_POLICY,
    DEFAULT_CURVE_RULES,
    CurvePolicy,
    CurveRule,
    Operator,
    check_curve,
)
from merit_evaluation.rules.curve import (
    OrgPredikat as O,
)
from merit_shared.errors import Invalid
from merit_shared.vocab import Predikat as P

SB, B, BP, K, SK = P.SANGAT_BAIK, P.BAIK, P.BUTUH_PERBAIKAN, P.KURANG, P.SANGAT_KURANG


def unit(**counts: int) -> list[P]:
    """unit(SB=7, B=3) -> list of predikat."""
    out: list[P] = []
    for code, n in counts.items():
        out += [{"SB": SB, "B": B, "BP": BP, "K": K, "SK": SK}[code]] * n
    return out


def codes(org, preds, rules=DEFAULT_CURVE_POLICY):
    return [v.rule_code for v in check_curve(org, preds, rules)]


def test_rule_table_matches_reference():
    table = {(r.code, r.org_predikat, r.predikats, r.operator, r.share, r.count) for r in DEFAULT_CURVE_RULES}
    assert table == {
        ("ISTIMEWA_SANGAT_BAIK_MAX_70", O.ISTIMEWA, frozenset({SB}), Operator.AT_MOST, Decimal("0.70"), None),
        ("BAIK_BAIK_MAX_70", O.BAIK, frozenset({B}), Operator.AT_MOST, Decimal("0.70"), None),
        ("BAIK_BP_OR_KURANG_MIN_1", O.BAIK, frozenset({BP, K}), Operator.AT_LEAST, None, 1),
        ("BUTUH_PERBAIKAN_BP_MIN_60", O.BUTUH_PERBAIKAN, frozenset({BP}), Operator.AT_LEAST, Decimal("0.60"), None),
        ("BUTUH_PERBAIKAN_SANGAT_BAIK_MAX_10", O.BUTUH_PERBAIKAN, frozenset({SB}), Operator.AT_MOST, Decimal("0.10"), None),
        ("KURANG_KURANG_MIN_60", O.KURANG, frozenset({K}), Operator.AT_LEAST, Decimal("0.60"), None),
        ("KURANG_BP_MIN_10", O.KURANG, frozenset({BP}), Operator.AT_LEAST, Decimal("0.10"), None),
        ("KURANG_SANGAT_BAIK_MAX_10", O.KURANG, frozenset({SB}), Operator.AT_MOST, Decimal("0.10"), None),
        ("SANGAT_KURANG_SANGAT_KURANG_MIN_60", O.SANGAT_KURANG, frozenset({SK}), Operator.AT_LEAST, Decimal("0.60"), None),
        ("SANGAT_KURANG_KURANG_OR_BP_MIN_10", O.SANGAT_KURANG, frozenset({K, BP}), Operator.AT_LEAST, Decimal("0.10"), None),
        ("SANGAT_KURANG_SANGAT_BAIK_NONE", O.SANGAT_KURANG, frozenset({SB}), Operator.AT_MOST, None, 0),
    }


@pytest.mark.parametrize(
    "org, preds, expected",
    [
        # Istimewa: SB at most 70%
        (O.ISTIMEWA, unit(SB=7, B=3), []),                      # exactly 70%
        (O.ISTIMEWA, unit(SB=8, B=2), ["ISTIMEWA_SANGAT_BAIK_MAX_70"]),  # one over
        (O.ISTIMEWA, unit(SB=2, SK=1), []),                     # 70% of 3 -> 2 allowed
        (O.ISTIMEWA, unit(SB=3), ["ISTIMEWA_SANGAT_BAIK_MAX_70"]),
        (O.ISTIMEWA, unit(B=5, SK=5), []),                      # rest any
        # Baik: B at most 70%, at least one BP and/or K
        (O.BAIK, unit(B=7, BP=1, SB=2), []),
        (O.BAIK, unit(B=8, K=1, SK=1), ["BAIK_BAIK_MAX_70"]),
        (O.BAIK, unit(B=7, SB=3), ["BAIK_BP_OR_KURANG_MIN_1"]),  # zero BP/K
        (O.BAIK, unit(B=10), ["BAIK_BAIK_MAX_70", "BAIK_BP_OR_KURANG_MIN_1"]),
        (O.BAIK, unit(SB=5, SK=4, K=1), []),                    # SB / SK allowed
        (O.BAIK, unit(B=1, BP=1), []),                          # 70% of 2 -> 1
        # Butuh Perbaikan: BP at least 60%, SB at most 10%
        (O.BUTUH_PERBAIKAN, unit(BP=6, SB=1, B=3), []),
        (O.BUTUH_PERBAIKAN, unit(BP=5, B=5), ["BUTUH_PERBAIKAN_BP_MIN_60"]),
        (O.BUTUH_PERBAIKAN, unit(BP=6, SB=2, B=2), ["BUTUH_PERBAIKAN_SANGAT_BAIK_MAX_10"]),
        (O.BUTUH_PERBAIKAN, unit(BP=2, B=1), []),               # 60% of 3 -> ceil 1.8 = 2
        (O.BUTUH_PERBAIKAN, unit(BP=1, B=2), ["BUTUH_PERBAIKAN_BP_MIN_60"]),
        (O.BUTUH_PERBAIKAN, unit(BP=4, SB=1), ["BUTUH_PERBAIKAN_SANGAT_BAIK_MAX_10"]),  # 10% of 5 -> 0
        # Kurang: K at least 60%, BP at least 10%, SB at most 10%
        (O.KURANG, unit(K=6, BP=1, SB=1, B=2), []),
        (O.KURANG, unit(K=5, BP=1, B=4), ["KURANG_KURANG_MIN_60"]),
        (O.KURANG, unit(K=6, B=4), ["KURANG_BP_MIN_10"]),
        (O.KURANG, unit(K=6, BP=1, SB=2, B=1), ["KURANG_SANGAT_BAIK_MAX_10"]),
        (O.KURANG, unit(K=3, BP=1, SB=1), ["KURANG_SANGAT_BAIK_MAX_10"]),  # 10% of 5 -> 0 SB
        (O.KURANG, unit(K=1), ["KURANG_BP_MIN_10"]),             # 1-person unit cannot satisfy both
        # Sangat Kurang: SK at least 60%, K and/or BP at least 10%, no SB
        (O.SANGAT_KURANG, unit(SK=6, K=1, B=3), []),
        (O.SANGAT_KURANG, unit(SK=6, BP=1, B=3), []),
        (O.SANGAT_KURANG, unit(SK=5, K=1, B=4), ["SANGAT_KURANG_SANGAT_KURANG_MIN_60"]),
        (O.SANGAT_KURANG, unit(SK=6, B=4), ["SANGAT_KURANG_KURANG_OR_BP_MIN_10"]),
        (O.SANGAT_KURANG, unit(SK=8, K=1, SB=1), ["SANGAT_KURANG_SANGAT_BAIK_NONE"]),  # one SB
        (O.SANGAT_KURANG, unit(SB=1), ["SANGAT_KURANG_SANGAT_KURANG_MIN_60", "SANGAT_KURANG_KURANG_OR_BP_MIN_10",
                                       "SANGAT_KURANG_SANGAT_BAIK_NONE"]),
    ],
)
def test_rules(org, preds, expected):
    assert codes(org, preds) == expected


@pytest.mark.parametrize("org", list(O))
def test_empty_unit_has_no_violations(org):
    assert check_curve(org, []) == []


@pytest.mark.parametrize(
    "n, share, operator, expected",
    [
        (3, "0.70", Operator.AT_MOST, 2),
        (10, "0.70", Operator.AT_MOST, 7),
        (5, "0.10", Operator.AT_MOST, 0),
        (10, "0.10", Operator.AT_MOST, 1),
        (3, "0.60", Operator.AT_LEAST, 2),
        (5, "0.60", Operator.AT_LEAST, 3),
        (10, "0.60", Operator.AT_LEAST, 6),
        (5, "0.10", Operator.AT_LEAST, 1),
        (11, "0.10", Operator.AT_LEAST, 2),
    ],
)
def test_small_unit_rounding(n, share, operator, expected):
    rule = CurveRule("X", O.BAIK, frozenset({B}), operator, share=Decimal(share))
    assert DEFAULT_CURVE_POLICY.limit(rule, n) == expected


def test_violation_details():
    [v] = check_curve("ISTIMEWA", unit(SB=8, B=2))
    assert v.rule_code == "ISTIMEWA_SANGAT_BAIK_MAX_70"
    assert (v.unit_size, v.actual_count, v.allowed_count) == (10, 8, 7)
    assert v.actual_share == Decimal("0.8")
    assert v.share == Decimal("0.70") and v.operator is Operator.AT_MOST
    assert "70%" in v.message_id and "paling banyak 7" in v.message_id
    assert "at most 7" in v.message_en
    assert v.to_dict()["allowed_count"] == 7


def test_at_least_violation_reports_required_count():
    [v] = check_curve(O.BUTUH_PERBAIKAN, unit(BP=5, B=5))
    assert (v.actual_count, v.allowed_count) == (5, 6)
    assert "paling sedikit 6" in v.message_id


def test_custom_rules_and_rounding_from_data():
    data = DEFAULT_CURVE_POLICY.to_dict()
    data["at_most_rounding"] = "HALF_UP"
    policy = CurvePolicy.from_dict(data)
    # 10% of 5 = 0.5 -> HALF_UP allows 1 SB
    assert codes(O.BUTUH_PERBAIKAN, unit(BP=3, SB=1, B=1), policy) == []
    assert codes(O.BUTUH_PERBAIKAN, unit(BP=3, SB=1, B=1)) == ["BUTUH_PERBAIKAN_SANGAT_BAIK_MAX_10"]
    only = [r for r in DEFAULT_CURVE_RULES if r.code == "BAIK_BAIK_MAX_70"]
    assert codes(O.BAIK, unit(B=7, SB=3), only) == []  # plain rule list accepted


def test_policy_round_trip():
    assert CurvePolicy.from_dict(DEFAULT_CURVE_POLICY.to_dict()) == DEFAULT_CURVE_POLICY


@pytest.mark.parametrize(
    "rule",
    [
        {"code": "X", "org_predikat": "BAIK", "predikats": ["BAIK"], "operator": "AT_MOST", "share": "70"},
        {"code": "X", "org_predikat": "BAIK", "predikats": ["BAIK"], "operator": "AT_MOST", "share": "0.7", "count": 1},
        {"code": "X", "org_predikat": "BAIK", "predikats": [], "operator": "AT_MOST", "count": 1},
        {"code": "X", "org_predikat": "BAIK", "predikats": ["BAIK"], "operator": "AT_MOST", "count": -1},
        {"code": "X", "org_predikat": "BAGUS", "predikats": ["BAIK"], "operator": "AT_MOST", "count": 1},
    ],
)
def test_bad_policy_rejected(rule):
    with pytest.raises(Invalid):
        CurvePolicy.from_dict({"rules": [rule]})


def test_duplicate_rule_codes_rejected():
    with pytest.raises(Invalid):
        CurvePolicy(rules=DEFAULT_CURVE_RULES + DEFAULT_CURVE_RULES[:1])


def test_invalid_employee_predikat_named():
    with pytest.raises(Invalid) as e:
        check_curve(O.BAIK, [B, "CUKUP"])
    assert e.value.field == "employee_predikats[1]"

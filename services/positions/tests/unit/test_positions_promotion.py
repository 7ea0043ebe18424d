"""Kenaikan pangkat reguler (4 years MED; ratings MED; ceilings by education and periods LOW, all policy)."""

from dataclasses import replace
from datetime import date

import pytest

from merit_positions.rules.policy import DEFAULT_POLICY, PositionsPolicy
from merit_positions.rules.predikat import Predikat
from merit_positions.rules.promotion import (
    PromotionFacts,
    PromotionStatus,
    check_period,
    next_period,
    promotion_due,
    rating_years,
)
from merit_positions.rules.ranks import Rank
from merit_shared.errors import Invalid

P = date(2027, 4, 1)
GOOD = {2025: Predikat.BAIK, 2026: Predikat.SANGAT_BAIK}


def facts(rank: Rank | None = Rank.III_C, tmt: date | None = date(2023, 4, 1), education: str | None = "S1",
          ratings: dict[int, Predikat] | None = GOOD, retirement: date | None = date(2040, 1, 1)) -> PromotionFacts:
    return PromotionFacts(rank=rank, rank_tmt=tmt, education=education, ratings=ratings, retirement_date=retirement)


@pytest.mark.parametrize(("f", "status", "codes"), [
    (facts(), PromotionStatus.ELIGIBLE, []),  # exactly 4 years on the period
    (facts(tmt=date(2023, 4, 2)), PromotionStatus.NOT_ELIGIBLE, ["years_in_rank_short"]),
    (facts(ratings={2025: Predikat.BUTUH_PERBAIKAN, 2026: Predikat.BAIK}), PromotionStatus.NOT_ELIGIBLE,
     ["rating_below_minimum"]),
    (facts(ratings={2026: Predikat.BAIK}), PromotionStatus.UNKNOWN, ["rating_missing"]),
    (facts(ratings=None), PromotionStatus.UNKNOWN, ["ratings_unavailable"]),
    (facts(rank=Rank.III_D), PromotionStatus.NOT_ELIGIBLE, ["ceiling_by_education_reached"]),  # S1: III/d
    (facts(rank=Rank.III_D, education="S2"), PromotionStatus.ELIGIBLE, []),
    (facts(rank=Rank.III_B, education="SMA"), PromotionStatus.NOT_ELIGIBLE, ["ceiling_by_education_reached"]),
    (facts(rank=Rank.III_B, education="D3"), PromotionStatus.ELIGIBLE, []),
    (facts(rank=Rank.III_C, education="D3"), PromotionStatus.NOT_ELIGIBLE, ["ceiling_by_education_reached"]),
    (facts(rank=Rank.IV_A, education="S2"), PromotionStatus.NOT_ELIGIBLE, ["ceiling_by_education_reached"]),
    (facts(rank=Rank.IV_A, education="S3"), PromotionStatus.ELIGIBLE, []),  # no default ceiling for S3
    (facts(education=None), PromotionStatus.UNKNOWN, ["education_unknown"]),
    (facts(rank=Rank.IV_E, education="S3"), PromotionStatus.NOT_ELIGIBLE, ["highest_rank"]),
    (facts(rank=None, tmt=None), PromotionStatus.UNKNOWN, ["rank_unknown"]),
    (facts(retirement=date(2027, 4, 1)), PromotionStatus.NOT_ELIGIBLE, ["retires_before_period"]),
    (facts(tmt=P), PromotionStatus.NOT_ELIGIBLE, ["already_promoted"]),
    (facts(tmt=date(2025, 4, 1), ratings={2025: Predikat.KURANG}), PromotionStatus.NOT_ELIGIBLE,
     ["years_in_rank_short", "rating_below_minimum", "rating_missing"]),  # every reason, not only the first
])
def test_promotion_due(f: PromotionFacts, status: PromotionStatus, codes: list[str]) -> None:
    due = promotion_due(f, P)
    assert due.status is status
    assert [r.code for r in due.reasons] == codes
    assert all(r.message_id and r.message_en for r in due.reasons)


def test_reasons_carry_dates_and_years() -> None:
    due = promotion_due(facts(tmt=date(2024, 10, 1), ratings={2025: Predikat.BUTUH_PERBAIKAN,
                                                              2026: Predikat.BAIK}), P)
    short, low = due.reasons
    assert short.until == date(2028, 10, 1) and due.eligible_from == date(2028, 10, 1)
    assert low.year == 2025 and "2025" in low.message_en
    assert due.next_rank is Rank.III_D


def test_eligible_from_is_the_next_period() -> None:
    assert promotion_due(facts(tmt=date(2023, 5, 15)), P).eligible_from == date(2027, 10, 1)
    assert promotion_due(facts(tmt=date(2023, 10, 2)), P).eligible_from == date(2028, 4, 1)


@pytest.mark.parametrize(("on", "expected"), [
    (date(2027, 1, 1), date(2027, 4, 1)), (date(2027, 4, 1), date(2027, 4, 1)), (date(2027, 4, 2), date(2027, 10, 1)),
    (date(2027, 10, 2), date(2028, 4, 1)),
])
def test_next_period(on: date, expected: date) -> None:
    assert next_period(on) == expected


def test_check_period() -> None:
    assert check_period(date(2027, 10, 1)) == date(2027, 10, 1)
    with pytest.raises(Invalid) as exc:
        check_period(date(2027, 5, 1))
    assert (exc.value.code, exc.value.field) == ("promotion_period_invalid", "query.period")


def test_rating_years() -> None:
    assert rating_years(P) == [2025, 2026]
    assert rating_years(P, replace(DEFAULT_POLICY, kp_rating_years=0)) == []


def test_policy_changes_the_rules() -> None:
    policy = replace(DEFAULT_POLICY, kp_min_years_in_rank=2, kp_periods=((1, 1), (4, 1), (7, 1), (10, 1)),
                     kp_ceiling_by_education={**DEFAULT_POLICY.kp_ceiling_by_education, "S1": Rank.IV_A},
                     kp_min_predikat=Predikat.SANGAT_BAIK)
    due = promotion_due(facts(rank=Rank.III_D, tmt=date(2025, 4, 1)), P, policy)
    assert [r.code for r in due.reasons] == ["rating_below_minimum"]  # 2025 is Baik, below Sangat Baik
    assert next_period(date(2027, 4, 2), policy) == date(2027, 7, 1)


@pytest.mark.parametrize("change", [
    {"kp_min_years_in_rank": 0}, {"kp_rating_years": 6}, {"kp_periods": ()}, {"kp_periods": ((2, 29),)},
    {"kp_periods": ((13, 1),)}, {"kp_ceiling_by_education": {"SLTA": Rank.III_B}},
])
def test_policy_validates_promotion_values(change: dict) -> None:
    with pytest.raises(Invalid) as exc:
        PositionsPolicy(**change)
    assert exc.value.code == "policy_invalid"

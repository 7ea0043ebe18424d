"""rules.career: the one order of career planning ("closest") and the readiness succession plans use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from merit_evaluation.rules import JpmPolicy, SuccessionReadiness
from merit_evaluation.rules.career import CareerPolicy, closeness, closeness_key, rank_order, readiness

AS_OF = date(2026, 6, 1)


def chk(name: str, status: str, **kw: Any) -> dict[str, Any]:
    return {"name": name, "status": status, **kw}


MET = [chk("rank", "passed", value="III/c", required="III/a"), chk("education", "passed"),
       chk("time_in_position", "warning", value={"position_start": "2018-01-02"}, required=2),
       chk("performance", "passed")]


def test_closeness_counts_requirements_only() -> None:
    checks = [chk("rank", "failed"), chk("education", "unknown"), chk("performance", "passed"),
              chk("regular_promotion", "failed")]  # informative: how the rank gap would close
    c = closeness(checks, Decimal("80"), {"M.01": -1, "M.02": 0, "SK.01": -2})
    assert (c.failed, c.unknown, c.shortfall) == (1, 1, 3)


@pytest.mark.parametrize(("closer", "further"), [
    ((0, 0, Decimal("70"), 5), (1, 0, Decimal("100"), 0)),  # a requirement failed outweighs any JPM
    ((0, 0, Decimal("70"), 5), (0, 1, Decimal("100"), 0)),  # unknown is never as good as met
    ((0, 0, Decimal("90"), 1), (0, 0, Decimal("85"), 0)),  # then the higher JPM
    ((0, 0, Decimal("50"), 9), (0, 0, None, 0)),  # no JPM comes after every JPM
    ((0, 0, Decimal("85"), 1), (0, 0, Decimal("85"), 2)),  # then fewer levels short
])
def test_the_closest_first(closer: tuple[Any, ...], further: tuple[Any, ...]) -> None:
    def key(t: tuple[Any, ...]) -> tuple[Any, ...]:
        failed, unknown, jpm, short = t
        checks = [chk("rank", "failed")] * failed + [chk("education", "unknown")] * unknown
        return closeness_key(closeness(checks, jpm, {"M.01": -short} if short else {}))
    assert key(closer) < key(further)


@pytest.mark.parametrize(("checks", "jpm", "gaps", "expected"), [
    (MET, Decimal("78"), {"M.01": -1}, SuccessionReadiness.READY_NOW),  # Cukup Optimal from 78 (MED policy)
    (MET, Decimal("77.99"), {"M.01": -1}, SuccessionReadiness.READY_1_2_YEARS),  # Kurang Optimal, 1 level short
    (MET, Decimal("60"), {"M.01": -2}, SuccessionReadiness.READY_LATER),  # 2 levels short of one competency
    (MET, None, None, SuccessionReadiness.READY_LATER),  # no valid assessment
    ([*MET[:3], chk("performance", "failed")], Decimal("95"), {}, SuccessionReadiness.READY_1_2_YEARS),
    ([*MET[:3], chk("performance", "unknown")], Decimal("95"), {}, SuccessionReadiness.READY_1_2_YEARS),
    ([MET[0], chk("education", "failed", value="D3", required="S1"), *MET[2:]], Decimal("95"), {},
     SuccessionReadiness.READY_LATER),  # a degree is not earned by waiting
])
def test_readiness(checks: list[dict[str, Any]], jpm: Decimal | None, gaps: dict[str, int] | None,
                   expected: SuccessionReadiness) -> None:
    assert readiness(checks, jpm, gaps, AS_OF) is expected


@pytest.mark.parametrize(("start", "expected"), [
    ("2025-01-01", SuccessionReadiness.READY_1_2_YEARS),  # 2 years in the seat reached 2027-01-01, within 2 years
    ("2024-06-02", SuccessionReadiness.READY_1_2_YEARS),
])
def test_time_in_position_closes_by_waiting(start: str, expected: SuccessionReadiness) -> None:
    checks = [MET[0], MET[1], chk("time_in_position", "failed", value={"position_start": start}, required=2), MET[3]]
    assert readiness(checks, Decimal("90"), {}, AS_OF) is expected
    longer = [MET[0], MET[1], chk("time_in_position", "failed", value={"position_start": "2026-05-01"}, required=3),
              MET[3]]
    assert readiness(longer, Decimal("90"), {}, AS_OF) is SuccessionReadiness.READY_LATER  # 3 years: beyond 2


def kp(next_rank: str, eligible_from: str | None, reasons: list[str]) -> dict[str, Any]:
    return chk("regular_promotion", "failed", value={"next_rank": next_rank, "eligible_from": eligible_from,
                                                      "period": "2026-10-01", "reasons": reasons})


@pytest.mark.parametrize(("rank_req", "promo", "expected"), [
    ("III/d", kp("III/d", "2026-10-01", []), SuccessionReadiness.READY_1_2_YEARS),  # one regular promotion away
    ("III/d", kp("III/d", "2029-04-01", ["years_in_rank_short"]), SuccessionReadiness.READY_LATER),  # 4 years in rank
    ("IV/a", kp("III/d", "2026-10-01", []), SuccessionReadiness.READY_LATER),  # two ranks away
    ("III/d", kp("III/d", "2026-10-01", ["ceiling_by_education_reached"]), SuccessionReadiness.READY_LATER),
    ("III/d", kp("III/d", "2026-10-01", ["rating_below_minimum"]), SuccessionReadiness.READY_LATER),  # not Baik
])
def test_a_rank_gap_closes_only_by_the_next_regular_promotion(rank_req: str, promo: dict[str, Any],
                                                              expected: SuccessionReadiness) -> None:
    checks = [chk("rank", "failed", value="III/c", required=rank_req), *MET[1:], promo]
    assert readiness(checks, Decimal("90"), {}, AS_OF) is expected


def test_policies_move_the_lines() -> None:
    assert readiness(MET, Decimal("80"), {}, AS_OF, JpmPolicy(Decimal(95), Decimal(85))) is \
        SuccessionReadiness.READY_1_2_YEARS
    assert readiness(MET, Decimal("60"), {"M.01": -2}, AS_OF, policy=CareerPolicy(max_level_gap=2)) is \
        SuccessionReadiness.READY_1_2_YEARS


@pytest.mark.parametrize(("golongan", "order"), [("III/c", (3, "C")), ("iv/a", (4, "A")), ("IX", None), (None, None)])
def test_rank_order(golongan: str | None, order: tuple[int, str] | None) -> None:
    assert rank_order(golongan) == order

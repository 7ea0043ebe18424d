"""Eligibility checks for personnel actions (reference 4.6, 5.1, 3; predikat order from 1.1)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from merit_positions.rules.mutation import (
    ActionKind,
    ActionRequest,
    CheckResult,
    CheckStatus,
    Outcome,
    check_action,
    check_blackout,
    check_competency,
    check_performance,
    check_rank,
    check_time_in_position,
    decide,
    jpm_category,
    required_performance_years,
    rotation_due,
)
from merit_positions.rules.policy import DEFAULT_POLICY, PositionsPolicy
from merit_positions.rules.predikat import PREDIKAT_RANK, Predikat, parse_predikat, predikat_at_least
from merit_positions.rules.ranks import PppkGolongan, Rank
from merit_shared.errors import Invalid
from merit_shared.vocab import JobKind

P = Predikat


# --- predikat ---------------------------------------------------------------------------------

def test_predikat_order() -> None:
    expected = [P.SANGAT_KURANG, P.KURANG, P.BUTUH_PERBAIKAN, P.BAIK, P.SANGAT_BAIK]
    assert sorted([P.BAIK, P.SANGAT_KURANG, P.SANGAT_BAIK, P.KURANG, P.BUTUH_PERBAIKAN], key=PREDIKAT_RANK.get) == expected
    assert all(PREDIKAT_RANK[a] < PREDIKAT_RANK[b] for a, b in zip(expected, expected[1:], strict=False))
    assert set(PREDIKAT_RANK) == set(Predikat)


@pytest.mark.parametrize(("text", "expected"), [
    ("SANGAT_BAIK", P.SANGAT_BAIK), ("Sangat Baik", P.SANGAT_BAIK), ("baik", P.BAIK),
    ("Butuh Perbaikan", P.BUTUH_PERBAIKAN), ("Cukup", P.BUTUH_PERBAIKAN), ("Kurang/Misconduct", P.KURANG),
    ("KURANG", P.KURANG), ("sangat kurang", P.SANGAT_KURANG),
])
def test_parse_predikat(text: str, expected: Predikat) -> None:
    assert parse_predikat(text) is expected
    assert expected.value in {"SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"}


@pytest.mark.parametrize(("value", "minimum", "ok"), [
    ("SANGAT_BAIK", "BAIK", True), ("BAIK", "BAIK", True), ("BUTUH_PERBAIKAN", "BAIK", False),
    ("KURANG", "BUTUH_PERBAIKAN", False), ("SANGAT_KURANG", "KURANG", False), ("KURANG", "SANGAT_KURANG", True),
])
def test_predikat_at_least(value: str, minimum: str, ok: bool) -> None:
    assert predikat_at_least(value, minimum) is ok


def test_parse_predikat_rejects() -> None:
    with pytest.raises(Invalid) as exc:
        parse_predikat("Istimewa")  # an organisation predikat, not an employee's
    assert exc.value.code == "predikat_invalid"


# --- (a) time in position ---------------------------------------------------------------------

@pytest.mark.parametrize(("start", "tmt", "status", "months"), [
    (date(2022, 1, 15), date(2022, 1, 15), "failed", 0),
    (date(2022, 1, 15), date(2024, 1, 14), "failed", 23),  # one day short of 2 years
    (date(2022, 1, 15), date(2024, 1, 15), "passed", 24),  # exactly 2 years
    (date(2022, 1, 15), date(2027, 1, 15), "passed", 60),  # exactly 5 years: not yet over
    (date(2022, 1, 15), date(2027, 1, 16), "warning", 60),  # over 5 years
    (date(2020, 2, 29), date(2022, 2, 27), "failed", 23),
    (date(2020, 2, 29), date(2022, 2, 28), "passed", 24),  # anniversary of a leap day in a common year
    (date(2021, 8, 31), date(2023, 8, 30), "failed", 23),
])
def test_time_in_position(start: date, tmt: date, status: str, months: int) -> None:
    result = check_time_in_position(start, tmt)
    assert result.name == "time_in_position"
    assert result.status == status
    assert result.value["months"] == months
    assert result.required == 2
    assert result.reason_id and result.reason_en


def test_time_in_position_unknown_and_invalid() -> None:
    assert check_time_in_position(None, date(2024, 1, 1)).status == CheckStatus.UNKNOWN
    with pytest.raises(Invalid) as exc:
        check_time_in_position(date(2024, 1, 2), date(2024, 1, 1))
    assert (exc.value.code, exc.value.field) == ("tmt_before_position_start", "tmt")


def test_time_in_position_follows_policy() -> None:
    policy = replace(DEFAULT_POLICY, min_years_in_position=1, max_years_in_position=3)
    assert check_time_in_position(date(2022, 1, 15), date(2023, 1, 15), policy).status == "passed"
    assert check_time_in_position(date(2022, 1, 15), date(2025, 1, 16), policy).status == "warning"
    with pytest.raises(Invalid):
        PositionsPolicy(min_years_in_position=6, max_years_in_position=5)


@pytest.mark.parametrize(("start", "as_of", "years", "due"), [
    (date(2019, 7, 1), date(2024, 6, 30), None, False),
    (date(2019, 7, 1), date(2024, 7, 1), None, True),
    (date(2019, 7, 1), date(2026, 1, 1), None, True),
    (date(2022, 7, 1), date(2024, 7, 1), 2, True),
    (date(2022, 7, 1), date(2024, 6, 30), 2, False),
    (date(2020, 2, 29), date(2025, 2, 28), None, True),
])
def test_rotation_due(start: date, as_of: date, years: int | None, due: bool) -> None:
    assert rotation_due(start, as_of, years) is due


def test_rotation_due_rejects_reversed_dates() -> None:
    with pytest.raises(Invalid) as exc:
        rotation_due(date(2024, 1, 2), date(2024, 1, 1))
    assert exc.value.field == "as_of"


# --- (b) rank ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("rank", "minimum", "status"), [
    (Rank.III_C, Rank.III_D, "failed"), (Rank.III_D, Rank.III_D, "passed"), (Rank.IV_A, Rank.III_D, "passed"),
    (Rank.IV_A, Rank.IV_B, "failed"), (None, Rank.III_D, "unknown"), (Rank.II_A, None, "passed"),
    (PppkGolongan.IX, Rank.III_A, "unknown"),
])
def test_check_rank(rank: Rank | None, minimum: Rank | None, status: str) -> None:
    result = check_rank(rank, minimum)
    assert (result.name, result.status) == ("rank", status)
    if rank is not None and minimum is not None:
        assert (result.value, result.required) == (str(rank), str(minimum))


# --- (c) performance --------------------------------------------------------------------------

AS_OF = date(2025, 3, 1)  # requires the 2024 and 2023 annual predikat


def test_required_performance_years() -> None:
    assert required_performance_years(AS_OF) == [2024, 2023]
    assert required_performance_years(date(2025, 12, 31)) == [2024, 2023]
    assert required_performance_years(AS_OF, replace(DEFAULT_POLICY, performance_years=3)) == [2024, 2023, 2022]


@pytest.mark.parametrize(("records", "status", "mentions"), [
    (None, "unknown", None),
    ([(2024, P.BAIK), (2023, P.SANGAT_BAIK)], "passed", None),
    ([(2024, "Baik"), (2023, "Baik")], "passed", None),
    ([(2024, P.SANGAT_BAIK), (2023, P.BAIK), (2022, P.SANGAT_KURANG)], "passed", None),  # older years ignored
    ([(2024, "Baik"), (2023, "Butuh Perbaikan")], "failed", "2023"),
    ([(2024, P.KURANG), (2023, P.BAIK)], "failed", "2024"),
    ([(2024, "Cukup"), (2023, P.BAIK)], "failed", "2024"),
    ([(2024, P.SANGAT_KURANG), (2023, P.SANGAT_KURANG)], "failed", "2023"),
    ([(2024, P.BAIK)], "failed", "2023"),  # missing year
    ([], "failed", "2023, 2024"),
    ([(2025, P.BAIK), (2024, P.BAIK)], "failed", "2023"),  # the current, unfinished year does not count
])
def test_check_performance(records: list[tuple[int, object]] | None, status: str, mentions: str | None) -> None:
    result = check_performance(records, AS_OF)  # type: ignore[arg-type]
    assert (result.name, result.status, result.required) == ("performance", status, "BAIK")
    if mentions:
        assert mentions in result.reason_id and mentions in result.reason_en
    if records is not None:
        assert set(result.value) == {2024, 2023}


def test_check_performance_reports_missing_and_low_together() -> None:
    result = check_performance([(2024, P.BUTUH_PERBAIKAN)], AS_OF)
    assert result.status == "failed"
    assert result.value == {2024: "BUTUH_PERBAIKAN", 2023: None}
    assert "no predikat for 2023" in result.reason_en and "2024: Butuh Perbaikan" in result.reason_en


@pytest.mark.parametrize(("records", "code"), [
    ([(2024, P.BAIK), (2024, P.SANGAT_BAIK)], "performance_duplicate_year"),
    ([(2024, "Istimewa")], "predikat_invalid"),
])
def test_check_performance_rejects_bad_input(records: list[tuple[int, object]], code: str) -> None:
    with pytest.raises(Invalid) as exc:
        check_performance(records, AS_OF)  # type: ignore[arg-type]
    assert exc.value.code == code


def test_performance_minimum_is_policy() -> None:
    strict = replace(DEFAULT_POLICY, min_predikat=P.SANGAT_BAIK)
    assert check_performance([(2024, P.BAIK), (2023, P.SANGAT_BAIK)], AS_OF, strict).status == "failed"


# --- (d) competency ---------------------------------------------------------------------------

@pytest.mark.parametrize(("jpm", "status"), [
    (None, "unknown"), (78, "passed"), ("78.0", "passed"), (Decimal("77.99"), "failed"), (0, "failed"),
    (100, "passed"), (120, "passed"), (89.5, "passed"), (77, "failed"),
])
def test_check_competency(jpm: object, status: str) -> None:
    result = check_competency(jpm)  # type: ignore[arg-type]
    assert (result.name, result.status, result.required) == ("competency", status, Decimal(78))


def test_check_competency_rejects_and_follows_policy() -> None:
    with pytest.raises(Invalid) as exc:
        check_competency(-1)
    assert exc.value.field == "jpm_percent"
    assert check_competency(79, replace(DEFAULT_POLICY, jpm_min_percent=Decimal(80))).status == "failed"


@pytest.mark.parametrize(("jpm", "category"), [
    (100, "OPTIMAL"), (90, "OPTIMAL"), ("89.99", "CUKUP_OPTIMAL"), (78, "CUKUP_OPTIMAL"),
    ("77.99", "KURANG_OPTIMAL"), (0, "KURANG_OPTIMAL"),
])
def test_jpm_category(jpm: object, category: str) -> None:
    assert jpm_category(jpm) == category  # type: ignore[arg-type]


# --- (e) blackout -----------------------------------------------------------------------------

WINDOW = replace(DEFAULT_POLICY, blackout_windows=((date(2024, 6, 1), date(2024, 12, 31)),))


@pytest.mark.parametrize(("day", "override", "status"), [
    (date(2024, 5, 31), None, "passed"),
    (date(2024, 6, 1), None, "failed"),
    (date(2024, 9, 15), None, "failed"),
    (date(2024, 12, 31), None, "failed"),
    (date(2025, 1, 1), None, "passed"),
    (date(2024, 9, 15), "B/123/M.PAN-RB/09/2024", "warning"),
    (date(2024, 9, 15), "   ", "failed"),  # a blank reference is no approval
    (date(2024, 5, 31), "B/123", "passed"),
])
def test_check_blackout(day: date, override: str | None, status: str) -> None:
    result = check_blackout(day, override, WINDOW)
    assert (result.name, result.status) == ("blackout", status)
    if status != "passed":
        assert "2024-06-01" in result.reason_id and "2024-12-31" in result.reason_en


def test_no_blackout_by_default_and_reversed_window_rejected() -> None:
    assert check_blackout(date(2024, 9, 15)).status == "passed"
    with pytest.raises(Invalid) as exc:
        PositionsPolicy(blackout_windows=((date(2024, 12, 31), date(2024, 6, 1)),))
    assert exc.value.field == "policy.blackout_windows"


# --- decide -----------------------------------------------------------------------------------

def _c(name: str, status: str) -> CheckResult:
    return CheckResult(name, CheckStatus(status), "alasan", "reason")


@pytest.mark.parametrize(("statuses", "outcome", "eligible", "review"), [
    (["passed", "passed"], Outcome.ELIGIBLE, True, False),
    (["passed", "warning"], Outcome.ELIGIBLE, True, False),
    (["passed", "unknown"], Outcome.NEEDS_REVIEW, False, True),
    (["unknown", "warning"], Outcome.NEEDS_REVIEW, False, True),
    (["failed", "passed"], Outcome.NOT_ELIGIBLE, False, False),
    (["failed", "unknown"], Outcome.NOT_ELIGIBLE, False, False),
])
def test_decide(statuses: list[str], outcome: Outcome, eligible: bool, review: bool) -> None:
    checks = [_c(f"c{i}", s) for i, s in enumerate(statuses)]
    decision = decide(checks)
    assert (decision.outcome, decision.eligible, decision.needs_human_review) == (outcome, eligible, review)
    assert decision.failed == tuple(c.name for c in checks if c.status == "failed")
    assert decision.unknown == tuple(c.name for c in checks if c.status == "unknown")
    assert decision.warnings == tuple(c.name for c in checks if c.status == "warning")
    for name in decision.failed + decision.unknown:
        assert name in decision.reason_id and name in decision.reason_en


def test_decide_accepts_plain_string_statuses_and_rejects_empty() -> None:
    assert decide([CheckResult("x", "failed", "a", "b")]).outcome is Outcome.NOT_ELIGIBLE  # type: ignore[arg-type]
    with pytest.raises(Invalid):
        decide([])


# --- check_action -----------------------------------------------------------------------------

def _request(**changes: object) -> ActionRequest:
    base = ActionRequest(
        action=ActionKind.PROMOTION, tmt=date(2025, 4, 1), decision_date=date(2025, 3, 1),
        current_position_start=date(2022, 1, 1), rank=Rank.IV_A, target_kind=JobKind.ADMINISTRATOR,
        performance=[(2024, P.BAIK), (2023, P.SANGAT_BAIK)], jpm_percent=Decimal(85),
    )
    return replace(base, **changes)


def test_check_action_happy_path() -> None:
    checks = check_action(_request())
    assert [c.name for c in checks] == ["time_in_position", "rank", "performance", "competency", "blackout"]
    assert all(c.status == "passed" for c in checks)
    assert decide(checks).eligible


def test_check_action_uses_policy_min_rank_for_managerial_target() -> None:
    checks = {c.name: c for c in check_action(_request(rank=Rank.III_C))}
    assert (checks["rank"].status, checks["rank"].required) == ("failed", "III/d")
    job_min = {c.name: c for c in check_action(_request(rank=Rank.IV_A, target_min_rank=Rank.IV_B))}
    assert job_min["rank"].status == "failed"


def test_check_action_unreachable_evaluation_needs_review() -> None:
    decision = decide(check_action(_request(performance=None)))
    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert decision.unknown == ("performance",)
    assert not decision.eligible


def test_check_action_demotion_skips_earned_checks() -> None:
    checks = check_action(_request(action=ActionKind.DEMOTION, current_position_start=None, performance=[]))
    assert [c.name for c in checks] == ["rank", "competency", "blackout"]


def test_check_action_blackout() -> None:
    decision = decide(check_action(_request(decision_date=date(2024, 9, 15), tmt=date(2024, 10, 1),
                                            performance=[(2023, P.BAIK), (2022, P.BAIK)]), WINDOW))
    assert decision.failed == ("blackout",)

"""Calendar tenure and age (PP 11/2017 Pasal 107): both ends counted, exactly N years is N, no day lost at a
change of post, overlaps counted once, month ends and 29 February."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from merit_recruitment.rules import (
    ApplicantFacts,
    CareerPeriod,
    Duration,
    EligibilityStatus,
    Fact,
    Period,
    PositionKind,
    RankRecord,
    RuleCode,
    RuleStatus,
    age_on,
    anniversary,
    check,
    covered,
    default_requirements,
    duration_between,
)
from merit_recruitment.rules.vocab import age_in_completed_years

D = date


@pytest.mark.parametrize("start, months, expected", [
    (D(2024, 1, 31), 1, D(2024, 3, 1)),   # 31 February does not exist: the day after 29 February
    (D(2023, 1, 31), 1, D(2023, 3, 1)),
    (D(2024, 1, 30), 1, D(2024, 3, 1)),
    (D(2024, 1, 29), 1, D(2024, 2, 29)),
    (D(2024, 2, 29), 12, D(2025, 3, 1)),  # 29 February + 1 year in a common year
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2024, 12, 15), 1, D(2025, 1, 15)),
    (D(2024, 3, 31), -1, D(2024, 3, 1)),
])
def test_anniversary(start, months, expected):
    assert anniversary(start, months) == expected


@pytest.mark.parametrize("start, end, expected", [
    (D(2023, 6, 1), D(2025, 5, 30), Duration(1, 11, 30)),  # a day before two years
    (D(2023, 6, 1), D(2025, 5, 31), Duration(2, 0, 0)),    # exactly two years, both ends counted
    (D(2023, 6, 1), D(2025, 6, 1), Duration(2, 0, 1)),     # a day after
    (D(2025, 6, 1), D(2025, 6, 1), Duration(0, 0, 1)),     # one day
    (D(2025, 6, 2), D(2025, 6, 1), Duration()),            # empty
    (D(2025, 1, 1), D(2025, 12, 31), Duration(1, 0, 0)),
    (D(2024, 1, 31), D(2024, 2, 29), Duration(0, 1, 0)),   # 31 January through the end of February: a month
    (D(2024, 1, 31), D(2024, 2, 28), Duration(0, 0, 29)),
    (D(2023, 1, 31), D(2023, 2, 28), Duration(0, 1, 0)),
    (D(2024, 2, 29), D(2025, 2, 27), Duration(0, 11, 30)),
    (D(2024, 2, 29), D(2025, 2, 28), Duration(1, 0, 0)),   # started 29 February: a year ends 28 February
    (D(2020, 2, 29), D(2024, 2, 28), Duration(4, 0, 0)),
    (D(2016, 1, 1), D(2024, 12, 31), Duration(9, 0, 0)),   # 9 calendar years are 9, not 8.99
    (D(2013, 1, 1), D(2024, 12, 31), Duration(12, 0, 0)),
])
def test_duration_between_counts_both_ends(start, end, expected):
    assert duration_between(start, end) == expected


def test_consecutive_posts_lose_no_day_and_overlaps_count_once():
    two_posts = [Period(D(2016, 1, 1), D(2019, 6, 30)), Period(D(2019, 7, 1), D(2024, 12, 31))]
    assert covered(two_posts) == Duration(9, 0, 0)
    five_posts = [Period(anniversary(D(2015, 1, 1), 24 * i), anniversary(D(2015, 1, 1), 24 * (i + 1)) - timedelta(1))
                  for i in range(5)]
    assert covered(five_posts) == Duration(10, 0, 0)
    overlapping = [Period(D(2020, 1, 1), D(2022, 12, 31)), Period(D(2022, 1, 1), D(2023, 12, 31))]
    assert covered(overlapping) == Duration(4, 0, 0)
    inside = [Period(D(2020, 1, 1), D(2023, 12, 31)), Period(D(2021, 5, 5), D(2021, 6, 6))]
    assert covered(inside) == Duration(4, 0, 0)
    gap = [Period(D(2020, 1, 1), D(2020, 12, 31)), Period(D(2022, 1, 1), D(2022, 6, 30))]
    assert covered(gap) == Duration(1, 6, 0)
    # separated blocks: 20 + 15 left-over days make a month and 5 days
    assert covered([Period(D(2020, 1, 1), D(2020, 1, 20)), Period(D(2021, 3, 1), D(2021, 3, 15))]) == Duration(0, 1, 5)


@pytest.mark.parametrize("duration, years, ok", [
    (Duration(2, 0, 0), 2, True), (Duration(1, 11, 30), 2, False), (Duration(2, 0, 1), 2, True),
    (Duration(1, 6, 0), Decimal("1.5"), True), (Duration(1, 5, 29), Decimal("1.5"), False),
    (Duration(0, 0, 0), 0, True),
])
def test_covers_years(duration, years, ok):
    assert duration.covers_years(years) is ok


def test_decimal_years_are_computed_from_the_calendar():
    assert duration_between(D(2016, 1, 1), D(2024, 12, 31)).as_years() == Decimal("9.00")
    assert Duration(1, 11, 29).as_years() == Decimal("1.91")


@pytest.mark.parametrize("birth, on, age", [
    (D(1969, 6, 1), D(2025, 5, 31), 55),   # a day before the 56th birthday
    (D(1969, 6, 1), D(2025, 6, 1), 56),    # on it
    (D(1969, 6, 1), D(2025, 6, 2), 56),
    (D(1968, 2, 29), D(2025, 2, 28), 56),  # born 29 February: a year older on 1 March in a common year
    (D(1968, 2, 29), D(2025, 3, 1), 57),
    (D(1968, 2, 29), D(2024, 2, 29), 56),
    (D(1968, 2, 29), D(2024, 2, 28), 55),
])
def test_age_on(birth, on, age):
    assert age_on(birth, on) == age == age_in_completed_years(birth, on)


# --- the rules on career periods ------------------------------------------------------------------------------

REF = D(2025, 6, 1)
PRATAMA = default_requirements("JPT_PRATAMA")
MADYA = default_requirements("JPT_MADYA")


def facts(periods, **over) -> ApplicantFacts:
    base = dict(education=Fact("S2", "positions"), birth_date=Fact(D(1975, 1, 1), "positions"),
                rank=Fact("IV/c", "positions"), predikat_by_year=Fact({2023: "BAIK", 2024: "BAIK"}, "evaluation"),
                discipline_records=Fact((), "evaluation"), career_periods=Fact(periods, "positions:career"))
    base.update(over)
    return ApplicantFacts(**base)


def rule(req, f, code, ref=REF):
    res = check(req, f, ref).result(code)
    assert res is not None
    return res


def prior_from(start: date, kind=PositionKind.ADMINISTRATOR, first=PositionKind.PENGAWAS):
    """A career of more than 5 years ending in ``kind`` held since ``start`` (still held)."""
    return [CareerPeriod(first, D(2010, 1, 1), start - timedelta(days=1)), CareerPeriod(kind, start, None)]


@pytest.mark.parametrize("start, status", [
    (D(2023, 6, 3), RuleStatus.FAILED),   # a day short of 2 years up to 1 June 2025 inclusive
    (D(2023, 6, 2), RuleStatus.PASSED),   # exactly 2 years (2 June 2023 .. 1 June 2025)
    (D(2023, 6, 1), RuleStatus.PASSED),   # a day more
])
def test_prior_position_boundary_on_the_calendar(start, status):
    r = rule(PRATAMA, facts(prior_from(start)), RuleCode.PRIOR_POSITION)
    assert r.status is status
    if status is RuleStatus.PASSED and start == D(2023, 6, 2):
        assert r.value == "2.00" and r.duration == Duration(2, 0, 0)
        assert r.to_dict()["duration"] == {"years": 2, "months": 0, "days": 0}


@pytest.mark.parametrize("start, ref, status", [
    (D(2023, 3, 1), D(2025, 2, 27), RuleStatus.FAILED),
    (D(2023, 3, 1), D(2025, 2, 28), RuleStatus.PASSED),   # 1 March 2023 .. 28 February 2025: 2 years
    (D(2020, 2, 29), D(2022, 2, 27), RuleStatus.FAILED),
    (D(2020, 2, 29), D(2022, 2, 28), RuleStatus.PASSED),  # started 29 February: 2 years end 28 February
    (D(2022, 3, 1), D(2024, 2, 28), RuleStatus.FAILED),   # the leap day 29 February 2024 is still to come
    (D(2022, 3, 1), D(2024, 2, 29), RuleStatus.PASSED),
])
def test_prior_position_around_29_february(start, ref, status):
    assert rule(PRATAMA, facts(prior_from(start)), RuleCode.PRIOR_POSITION, ref).status is status


def test_future_posts_do_not_count():
    future = [CareerPeriod(PositionKind.ADMINISTRATOR, D(2026, 1, 1), None)]
    r = rule(PRATAMA, facts(future), RuleCode.PRIOR_POSITION)
    assert r.status is RuleStatus.FAILED and r.duration == Duration()


def test_prior_position_union_over_accepted_kinds_loses_no_day():
    # 1 year 5 months as Administrator, then 7 months as JF Ahli Madya: exactly 2 years together
    periods = [CareerPeriod(PositionKind.PENGAWAS, D(2015, 1, 1), D(2022, 12, 31)),
               CareerPeriod(PositionKind.ADMINISTRATOR, D(2023, 1, 1), D(2024, 5, 31)),
               CareerPeriod(PositionKind.JF_AHLI_MADYA, D(2024, 6, 1), D(2024, 12, 31))]
    r = rule(PRATAMA, facts(periods), RuleCode.PRIOR_POSITION, D(2025, 6, 1))
    assert r.status is RuleStatus.PASSED and r.duration == Duration(2, 0, 0)


@pytest.mark.parametrize("kind, prior, status", [
    ("JPT_UTAMA", PositionKind.JPT_MADYA, RuleStatus.PASSED),
    ("JPT_UTAMA", PositionKind.JF_AHLI_UTAMA, RuleStatus.PASSED),
    ("JPT_UTAMA", PositionKind.JPT_PRATAMA, RuleStatus.FAILED),
    ("JPT_MADYA", PositionKind.JPT_PRATAMA, RuleStatus.PASSED),  # a sitting JPT Pratama
    ("JPT_MADYA", PositionKind.JF_AHLI_UTAMA, RuleStatus.PASSED),
    ("JPT_MADYA", PositionKind.ADMINISTRATOR, RuleStatus.FAILED),
    ("JPT_MADYA", PositionKind.JF_AHLI_MADYA, RuleStatus.FAILED),
    ("JPT_PRATAMA", PositionKind.ADMINISTRATOR, RuleStatus.PASSED),
    ("JPT_PRATAMA", PositionKind.JF_AHLI_MADYA, RuleStatus.PASSED),
    ("JPT_PRATAMA", PositionKind.PENGAWAS, RuleStatus.FAILED),
    ("ADMINISTRATOR", PositionKind.PENGAWAS, RuleStatus.PASSED),
    ("ADMINISTRATOR", PositionKind.PELAKSANA, RuleStatus.FAILED),
    ("PENGAWAS", PositionKind.PELAKSANA, RuleStatus.PASSED),
    ("PENGAWAS", PositionKind.ADMINISTRATOR, RuleStatus.FAILED),
])
def test_prior_position_table_per_level(kind, prior, status):
    """PP 11/2017 Pasal 107 (JPT, 2 years), Pasal 54-55 (Administrator 3 years as Pengawas, Pengawas 4 as
    Pelaksana): a post held since exactly the required years before the reference date, still held."""
    req = default_requirements(kind)
    need = int(req.prior_position_min_years or 0)
    start = anniversary(REF, -12 * need) + timedelta(days=1)
    r = rule(req, facts([CareerPeriod(prior, start, None)]), RuleCode.PRIOR_POSITION)
    assert r.status is status
    if status is RuleStatus.PASSED:  # and a day less is not enough
        short = facts([CareerPeriod(prior, start + timedelta(days=1), None)])
        assert rule(req, short, RuleCode.PRIOR_POSITION).status is RuleStatus.FAILED


@pytest.mark.parametrize("start, status", [
    (D(2020, 6, 3), RuleStatus.FAILED),  # a day short of 5 years
    (D(2020, 6, 2), RuleStatus.PASSED),  # exactly 5
])
def test_experience_is_the_career_on_the_calendar(start, status):
    periods = [CareerPeriod(PositionKind.PENGAWAS, start, D(2022, 12, 31)),
               CareerPeriod(PositionKind.ADMINISTRATOR, D(2023, 1, 1), None)]
    assert rule(PRATAMA, facts(periods), RuleCode.EXPERIENCE).status is status


def test_declared_experience_wins_over_the_career():
    periods = [CareerPeriod(PositionKind.ADMINISTRATOR, D(2024, 1, 1), None)]
    f = facts(periods, experience_years=Fact(Decimal("12"), "declared"))
    r = rule(PRATAMA, f, RuleCode.EXPERIENCE)
    assert r.status is RuleStatus.PASSED and r.source == "declared"


def test_unreadable_period_is_unknown_not_a_crash():
    f = facts([CareerPeriod("NOT_A_KIND", D(2010, 1, 1), None)])
    assert rule(PRATAMA, f, RuleCode.PRIOR_POSITION).status is RuleStatus.UNKNOWN


@pytest.mark.parametrize("ranks, status, value", [
    ([RankRecord("IV/c", D(2020, 4, 1))], RuleStatus.PASSED, "IV/c"),
    # a promotion to IV/c with TMT after the end of registration is pending: IV/b holds, below Madya's IV/c
    ([RankRecord("IV/c", D(2025, 4, 2)), RankRecord("IV/b", D(2020, 4, 1))], RuleStatus.FAILED, "IV/b"),
    ([RankRecord("IV/c", D(2025, 4, 1)), RankRecord("IV/b", D(2020, 4, 1))], RuleStatus.PASSED, "IV/c"),  # on TMT
    ([RankRecord("IV/d", D(2025, 4, 2))], RuleStatus.UNKNOWN, None),  # nothing in force yet
])
def test_rank_in_force_on_the_end_of_registration(ranks, status, value):
    end_of_registration = D(2025, 4, 1)
    periods = [CareerPeriod(PositionKind.JPT_PRATAMA, D(2015, 1, 1), None)]
    res = check(MADYA, facts(periods, rank=Fact(ranks, "positions:ranks")), REF,
                performance_reference_date=end_of_registration)
    r = res.result(RuleCode.RANK)
    assert r is not None and r.status is status and r.value == value


def test_a_sitting_jpt_pratama_with_exactly_the_years_is_eligible_for_madya():
    start = anniversary(REF, -24) + timedelta(days=1)
    periods = [CareerPeriod(PositionKind.ADMINISTRATOR, anniversary(REF, -84) + timedelta(days=1),
                            start - timedelta(days=1)),
               CareerPeriod(PositionKind.JPT_PRATAMA, start, None)]
    res = check(MADYA, facts(periods), REF)
    assert res.status is EligibilityStatus.ELIGIBLE, [r.to_dict() for r in res.results]
    assert res.result(RuleCode.EXPERIENCE).duration == Duration(7, 0, 0)

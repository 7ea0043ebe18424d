from datetime import date

import pytest

from merit_evaluation.rules.periods import Granularity, PeriodPolicy, annual_period, periods
from merit_shared.errors import Invalid


def test_annual():
    p = annual_period(2025)
    assert (p.start, p.end) == (date(2025, 1, 1), date(2025, 12, 31))


def test_quarterly_default():
    got = [(p.label, p.start, p.end) for p in periods(2024)]
    assert got == [
        ("TRIWULAN I", date(2024, 1, 1), date(2024, 3, 31)),
        ("TRIWULAN II", date(2024, 4, 1), date(2024, 6, 30)),
        ("TRIWULAN III", date(2024, 7, 1), date(2024, 9, 30)),
        ("TRIWULAN IV", date(2024, 10, 1), date(2024, 12, 31)),
    ]


@pytest.mark.parametrize(
    "year, month, label, end",
    [
        (2024, 1, "JANUARI", date(2024, 1, 31)), (2024, 2, "FEBRUARI", date(2024, 2, 29)),
        (2025, 2, "FEBRUARI", date(2025, 2, 28)), (2025, 3, "MARET", date(2025, 3, 31)),
        (2025, 4, "APRIL", date(2025, 4, 30)), (2025, 5, "MEI", date(2025, 5, 31)),
        (2025, 6, "JUNI", date(2025, 6, 30)), (2025, 7, "JULI", date(2025, 7, 31)),
        (2025, 8, "AGUSTUS", date(2025, 8, 31)), (2025, 9, "SEPTEMBER", date(2025, 9, 30)),
        (2025, 10, "OKTOBER", date(2025, 10, 31)), (2025, 11, "NOVEMBER", date(2025, 11, 30)),
        (2025, 12, "DESEMBER", date(2025, 12, 31)),
    ],
)
def test_monthly(year, month, label, end):
    ps = periods(year, Granularity.MONTHLY)
    assert len(ps) == 12
    p = ps[month - 1]
    assert (p.label, p.start, p.end, p.number) == (label, date(year, month, 1), end, month)


@pytest.mark.parametrize("g", [Granularity.QUARTERLY, Granularity.MONTHLY])
def test_periods_tile_the_year(g):
    ps = periods(2023, g)
    assert ps[0].start == date(2023, 1, 1) and ps[-1].end == date(2023, 12, 31)
    for a, b in zip(ps, ps[1:], strict=False):
        assert (b.start - a.end).days == 1


def test_policy_and_codes():
    assert len(periods(2025, PeriodPolicy(Granularity.MONTHLY))) == 12
    assert len(periods(2025, "monthly")) == 12
    assert PeriodPolicy.from_dict(PeriodPolicy(Granularity.MONTHLY).to_dict()) == PeriodPolicy(Granularity.MONTHLY)
    assert PeriodPolicy.from_dict({}).granularity is Granularity.QUARTERLY


@pytest.mark.parametrize("bad", [("2025", "QUARTERLY"), (2025, "WEEKLY"), (True, "QUARTERLY"), (0, "MONTHLY")])
def test_invalid(bad):
    with pytest.raises(Invalid):
        periods(*bad)


@pytest.mark.parametrize(("year", "today", "allowed"), [
    (2025, date(2025, 1, 1), False),
    (2025, date(2025, 6, 30), False),
    (2025, date(2025, 12, 30), False),  # a day of the period is left
    (2025, date(2025, 12, 31), True),  # the end of the period: the annual evaluation (PermenPANRB 6/2022)
    (2025, date(2026, 1, 1), True),
    (2025, date(2030, 3, 1), True),
    (2026, date(2025, 12, 31), False),  # a year not begun
    (2024, date(2024, 12, 31), True),  # leap year: still 31 December
])
def test_annual_finalised_from_the_last_day(year: int, today: date, allowed: bool) -> None:
    from merit_evaluation.rules.periods import annual_final_from, may_finalise_year
    assert annual_final_from(year) == date(year, 12, 31)
    assert may_finalise_year(year, today) is allowed

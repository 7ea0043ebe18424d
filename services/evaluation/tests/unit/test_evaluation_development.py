from datetime import date
from decimal import Decimal

import pytest

from merit_evaluation.rules.development import (
    MIN_JP_PER_YEAR,
    MINUTES_PER_JP,
    compliance,
    jp_to_minutes,
    minutes_to_jp,
    yearly_totals,
)
from merit_shared.errors import Invalid


def test_constants():
    assert MINUTES_PER_JP == 45
    assert MIN_JP_PER_YEAR == 20


@pytest.mark.parametrize(
    "minutes, jp",
    [(0, "0"), (45, "1"), (90, "2"), (900, "20"), (899, "19.97777777777777777777777778"), ("22.5", "0.5")],
)
def test_minutes_to_jp(minutes, jp):
    assert minutes_to_jp(minutes) == Decimal(jp)


def test_jp_to_minutes():
    assert jp_to_minutes(20) == Decimal(900)
    assert jp_to_minutes("1.5") == Decimal("67.5")


@pytest.mark.parametrize("bad", [-1, "abc", None, True, float("nan")])
def test_invalid_minutes(bad):
    with pytest.raises(Invalid):
        minutes_to_jp(bad)


@pytest.mark.parametrize(
    "total, compliant, shortfall",
    [("0", False, "20"), ("19.99", False, "0.01"), ("20", True, "0"), ("20.01", True, "0"), ("40", True, "0")],
)
def test_compliance_boundary(total, compliant, shortfall):
    c = compliance(Decimal(total))
    assert c.compliant is compliant
    assert c.shortfall_jp == Decimal(shortfall)
    assert c.required_jp == 20


def test_agency_may_require_more_not_less():
    assert compliance(24, required_jp=25).compliant is False
    with pytest.raises(Invalid) as e:
        compliance(24, required_jp=19)
    assert e.value.code == "invalid_required_jp"


def test_yearly_totals_and_compliance():
    acts = [(date(2024, 1, 10), 450), (date(2024, 12, 31), 450), (date(2025, 1, 1), 899)]
    assert yearly_totals(acts) == {2024: Decimal(20), 2025: Decimal(899) / 45}
    totals = yearly_totals(acts)  # composed as the development routes do: a year's total, then compliance
    assert compliance(totals[2024]).compliant is True
    assert compliance(totals[2025]).compliant is False  # 899 minutes is one minute short
    none = compliance(totals.get(2026, Decimal(0)))
    assert none.total_jp == 0 and none.compliant is False


def test_bad_activity_rejected():
    with pytest.raises(Invalid) as e:
        yearly_totals([("2024-01-01", 45)])
    assert e.value.field == "activities[0]"
    with pytest.raises(Invalid):
        yearly_totals([(date(2024, 1, 1), -45)])

"""Workload analysis: need, rounding, job efficiency bands (reference 4.7)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from merit_positions.rules.abk import AbkTask, compute_need, ej_band, job_efficiency, round_need, workload_minutes
from merit_positions.rules.policy import DEFAULT_POLICY, EjBand, NeedRounding, PositionsPolicy
from merit_shared.errors import Invalid

D = Decimal


@pytest.mark.parametrize(("tasks", "workload", "need"), [
    ([], D(0), D(0)),
    ([AbkTask(1000, 75)], D(75000), D(1)),
    ([AbkTask(100, 30), AbkTask(50, 60)], D(6000), D("0.08")),
    ([AbkTask(2500, 75)], D(187500), D("2.5")),
    ([AbkTask(0, 30), AbkTask(12, "62.5")], D(750), D("0.01")),
    ([AbkTask("1200", D("31.25")), AbkTask(10, 1)], D(37510), D("0.5001333333333333333333333333")),
    ([AbkTask(0.5, 0.1)], D("0.05"), D("0.05") / D(75000)),  # floats via their repr, no binary noise
])
def test_need_exact(tasks: list[AbkTask], workload: Decimal, need: Decimal) -> None:
    result = compute_need(tasks)
    assert result.workload_minutes == workload == workload_minutes(tasks)
    assert result.need_exact == need
    assert result.effective_minutes == D(75000)


def test_need_keeps_fraction_unrounded() -> None:
    result = compute_need([AbkTask(1, 25000)])
    assert result.need_exact == D(25000) / D(75000)
    assert result.need_exact != D("0.33")
    assert result.need_rounded == 0


@pytest.mark.parametrize(("exact", "half_up", "ceiling", "floor"), [
    ("2.5", 3, 3, 2), ("2.49", 2, 3, 2), ("2.4999999", 2, 3, 2), ("2.51", 3, 3, 2), ("2", 2, 2, 2),
    ("0", 0, 0, 0), ("0.0001", 0, 1, 0), ("0.5", 1, 1, 0), ("1.5", 2, 2, 1), ("0.4999", 0, 1, 0),
])
def test_round_need(exact: str, half_up: int, ceiling: int, floor: int) -> None:
    assert round_need(D(exact), NeedRounding.HALF_UP) == half_up
    assert round_need(D(exact), NeedRounding.CEILING) == ceiling
    assert round_need(D(exact), NeedRounding.FLOOR) == floor


def test_rounding_and_effective_time_are_policy() -> None:
    tasks = [AbkTask(2500, 75)]  # 2.5 persons at 75,000 minutes
    assert compute_need(tasks).need_rounded == 3
    assert compute_need(tasks, replace(DEFAULT_POLICY, need_rounding=NeedRounding.FLOOR)).need_rounded == 2
    alt = compute_need(tasks, replace(DEFAULT_POLICY, effective_minutes_per_year=D(62500)))
    assert (alt.need_exact, alt.need_rounded) == (D(3), 3)


@pytest.mark.parametrize("minutes", [0, -1, "NaN"])
def test_policy_rejects_bad_effective_time(minutes: object) -> None:
    with pytest.raises(Invalid) as exc:
        PositionsPolicy(effective_minutes_per_year=D(minutes))  # type: ignore[arg-type]
    assert exc.value.field == "policy.effective_minutes_per_year"


@pytest.mark.parametrize(("task", "code", "field"), [
    (AbkTask(-1, 30), "abk_volume_negative", "tasks[1].volume_per_year"),
    (AbkTask(10, 0), "abk_norm_not_positive", "tasks[1].norm_minutes"),
    (AbkTask(10, "-5"), "abk_norm_not_positive", "tasks[1].norm_minutes"),
    (AbkTask("abc", 30), "number_invalid", "tasks[1].volume_per_year"),
    (AbkTask(10, "NaN"), "number_invalid", "tasks[1].norm_minutes"),
    (AbkTask("Infinity", 30), "number_invalid", "tasks[1].volume_per_year"),
    (AbkTask(True, 30), "number_invalid", "tasks[1].volume_per_year"),  # type: ignore[arg-type]
    (AbkTask(None, 30), "number_invalid", "tasks[1].volume_per_year"),  # type: ignore[arg-type]
])
def test_task_validation(task: AbkTask, code: str, field: str) -> None:
    with pytest.raises(Invalid) as exc:
        compute_need([AbkTask(1, 1), task])
    assert (exc.value.code, exc.value.field) == (code, field)
    assert "2" in exc.value.message_id and "2" in exc.value.message_en  # names the task (1-based)


@pytest.mark.parametrize(("workload", "persons", "ej"), [
    (150000, 2, D(1)), (67500, 1, D("0.9")), (75001, 1, D(75001) / D(75000)), (0, 3, D(0)),
    ("37500", 1, D("0.5")),
])
def test_job_efficiency(workload: object, persons: int, ej: Decimal) -> None:
    assert job_efficiency(workload, persons) == ej  # type: ignore[arg-type]


def test_job_efficiency_without_persons_is_none() -> None:
    assert job_efficiency(75000, 0) is None
    assert ej_band(job_efficiency(75000, 0)) is None


@pytest.mark.parametrize(("workload", "persons", "code"), [
    (75000, -1, "abk_persons_invalid"), (75000, 1.5, "abk_persons_invalid"), (75000, True, "abk_persons_invalid"),
    (-1, 1, "abk_workload_negative"), ("x", 1, "number_invalid"),
])
def test_job_efficiency_rejects(workload: object, persons: object, code: str) -> None:
    with pytest.raises(Invalid) as exc:
        job_efficiency(workload, persons)  # type: ignore[arg-type]
    assert exc.value.code == code


@pytest.mark.parametrize(("ej", "band"), [
    ("1.5", "A"), ("1.0001", "A"), ("1.00", "B"), ("1", "B"), ("0.95", "B"), ("0.90", "B"),
    ("0.8999", "C"), ("0.895", "C"), ("0.89", "C"), ("0.70", "C"), ("0.6999", "D"), ("0.69", "D"),
    ("0.50", "D"), ("0.4999", "E"), ("0.1", "E"), ("0", "E"),
])
def test_ej_band_boundaries(ej: str, band: str) -> None:
    assert ej_band(D(ej)) == band


def test_ej_bands_are_policy() -> None:
    bands = (EjBand("BAIK", D("0.8")), EjBand("KURANG", None))
    policy = replace(DEFAULT_POLICY, ej_bands=bands)
    assert ej_band(D("0.8"), policy) == "BAIK"
    assert ej_band(D("0.79"), policy) == "KURANG"
    with pytest.raises(Invalid):
        PositionsPolicy(ej_bands=(EjBand("A", D("0.5")), EjBand("B", D("0.9")), EjBand("E", None)))
    with pytest.raises(Invalid):
        PositionsPolicy(ej_bands=(EjBand("A", D("0.5")),))

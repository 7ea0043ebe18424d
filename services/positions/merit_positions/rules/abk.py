"""Workload analysis (analisis beban kerja, ABK; PermenPANRB 1/2020, MED).

need = sum(volume per year x norm minutes) / effective minutes per year. The unrounded need is
kept as a Decimal because rounding is an agency policy (not fixed by the texts), and the
efficiency EJ is graded on the unrounded value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from merit_positions.rules.errors import (
    ABK_NORM_NOT_POSITIVE,
    ABK_PERSONS_INVALID,
    ABK_VOLUME_NEGATIVE,
    ABK_WORKLOAD_NEGATIVE,
    NUMBER_INVALID,
)

from .policy import DEFAULT_POLICY, NeedRounding, PositionsPolicy

_DECIMAL_ROUNDING = {
    NeedRounding.HALF_UP: ROUND_HALF_UP,
    NeedRounding.CEILING: ROUND_CEILING,
    NeedRounding.FLOOR: ROUND_FLOOR,
}

Number = Decimal | int | str


@dataclass(frozen=True)
class AbkTask:
    """One task of a position: how often per year, and the norm time of one occurrence in minutes."""

    volume_per_year: Number
    norm_minutes: Number
    name: str = ""


@dataclass(frozen=True)
class AbkResult:
    workload_minutes: Decimal  # sum(volume x norm)
    effective_minutes: Decimal  # policy value used
    need_exact: Decimal  # unrounded persons
    need_rounded: int  # by ``rounding``
    rounding: NeedRounding


def to_decimal(value: object, field: str) -> Decimal:
    """Convert an int/str/Decimal (or float via its repr) to a finite Decimal, else ``Invalid``."""
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        if isinstance(value, float):
            value = repr(value)
        result = Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        result = Decimal("NaN")
    if not result.is_finite():
        raise NUMBER_INVALID.error(field=field, value=value)
    return result


def _task_product(task: AbkTask, index: int) -> Decimal:
    volume = to_decimal(task.volume_per_year, f"tasks[{index}].volume_per_year")
    norm = to_decimal(task.norm_minutes, f"tasks[{index}].norm_minutes")
    if volume < 0:
        raise ABK_VOLUME_NEGATIVE.error(field=f"tasks[{index}].volume_per_year", index_plus_1=index + 1, volume=volume)
    if norm <= 0:
        raise ABK_NORM_NOT_POSITIVE.error(field=f"tasks[{index}].norm_minutes", index_plus_1=index + 1, norm=norm)
    return volume * norm


def workload_minutes(tasks: Sequence[AbkTask]) -> Decimal:
    """Total yearly workload in minutes, validating each task."""
    return sum((_task_product(t, i) for i, t in enumerate(tasks)), Decimal(0))


def round_need(need_exact: Decimal, rounding: NeedRounding) -> int:
    """Round an exact need to a whole headcount using the policy mode."""
    return int(need_exact.quantize(Decimal(1), rounding=_DECIMAL_ROUNDING[NeedRounding(rounding)]))


def compute_need(tasks: Sequence[AbkTask], policy: PositionsPolicy = DEFAULT_POLICY) -> AbkResult:
    """Persons needed for the tasks, both exact and rounded per policy."""
    workload = workload_minutes(tasks)
    exact = workload / policy.effective_minutes_per_year
    return AbkResult(
        workload_minutes=workload,
        effective_minutes=policy.effective_minutes_per_year,
        need_exact=exact,
        need_rounded=round_need(exact, policy.need_rounding),
        rounding=policy.need_rounding,
    )


def job_efficiency(workload: Number, persons: int, policy: PositionsPolicy = DEFAULT_POLICY) -> Decimal | None:
    """EJ = workload / (persons x effective minutes); None when nobody holds the job (undefined)."""
    if not isinstance(persons, int) or isinstance(persons, bool) or persons < 0:
        raise ABK_PERSONS_INVALID.error(field="persons", persons=persons)
    load = to_decimal(workload, "workload_minutes")
    if load < 0:
        raise ABK_WORKLOAD_NEGATIVE.error(field="workload_minutes", load=load)
    if persons == 0:
        return None
    return load / (persons * policy.effective_minutes_per_year)


def ej_band(ej: Decimal | None, policy: PositionsPolicy = DEFAULT_POLICY) -> str | None:
    """Grade (A..E by default) of an unrounded EJ; None when EJ is undefined."""
    if ej is None:
        return None
    for band in policy.ej_bands:
        if band.contains(ej):
            return band.grade
    raise AssertionError("policy guarantees a catch-all band")  # pragma: no cover

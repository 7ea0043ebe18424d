"""Seats and vacancies of a position.

Only definitive holders fill a seat; acting officials (Plt/Plh) are counted separately because an
acting appointment leaves the position vacant. A managerial position has exactly one seat.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from merit_positions.rules.errors import COUNT_INVALID, MANAGERIAL_REQUIRES_ONE_SEAT

from .ranks import JobKind, is_managerial, parse_job_kind


@dataclass(frozen=True)
class SeatSummary:
    required: int  # seats the position should have (ABK result, or 1 for managerial)
    filled_definitive: int  # seats held by definitive holders
    acting_count: int  # Plt/Plh assignments (do not fill seats)
    vacant: int  # required - filled, never negative
    overfilled: int  # filled - required when above required, else 0

    @property
    def is_vacant(self) -> bool:
        return self.vacant > 0


def _count(value: object, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise COUNT_INVALID.error(field=field, field_name=field, value=value)
    return value


def validate_required_headcount(kind: JobKind | str, required: int) -> int:
    """Managerial positions need exactly one seat; others any whole number >= 0 (from ABK)."""
    k = parse_job_kind(kind)
    n = _count(required, "required")
    if is_managerial(k) and n != 1:
        raise MANAGERIAL_REQUIRES_ONE_SEAT.error(field="required", n=n, value=k.value, extra={"required": n})
    return n


def vacancy(required: int, filled_definitive: int) -> int:
    """Vacant seats: required minus definitive holders, never negative."""
    return max(_count(required, "required") - _count(filled_definitive, "filled_definitive"), 0)


def overfilled(required: int, filled_definitive: int) -> int:
    """Definitive holders beyond the required seats (0 if none)."""
    return max(_count(filled_definitive, "filled_definitive") - _count(required, "required"), 0)


def summarise_position(kind: JobKind | str, required: int, filled_definitive: int,
                       acting_count: int = 0) -> SeatSummary:
    """Seat summary of one position, validating the required headcount for its kind."""
    req = validate_required_headcount(kind, required)
    filled = _count(filled_definitive, "filled_definitive")
    return SeatSummary(
        required=req,
        filled_definitive=filled,
        acting_count=_count(acting_count, "acting_count"),
        vacant=vacancy(req, filled),
        overfilled=overfilled(req, filled),
    )


def total_summary(summaries: Iterable[SeatSummary]) -> SeatSummary:
    """Totals over positions; vacancies and overfills are summed per position (they never cancel out)."""
    items = list(summaries)
    return SeatSummary(
        required=sum(s.required for s in items),
        filled_definitive=sum(s.filled_definitive for s in items),
        acting_count=sum(s.acting_count for s in items),
        vacant=sum(s.vacant for s in items),
        overfilled=sum(s.overfilled for s in items),
    )

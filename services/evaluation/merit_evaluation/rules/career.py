"""Career planning: how close a person is to a position, one rule for both directions (issue #13).

Inputs per (person, position) pair: the requirement checks positions judged for that kind of move (rank against
the job's minimum, education, time in the current seat, performance; statuses ``passed``/``warning``/``failed``/
``unknown``, plus the informative ``regular_promotion``) and the JPM against the job's competency standard
(PermenPANRB 38/2017: Σ individual / Σ standard × 100, HIGH).

**Closest first** (``closeness_key``; documented policy, LOW: no regulation ranks candidates):

1. fewer requirements failed (a requirement the person does not meet today);
2. fewer requirements unknown (a fact missing: never counted as met);
3. higher JPM (a person without a valid assessment, or a job without a standard, comes after every JPM);
4. fewer competency levels short of the standard in total;
then the record id (the caller's tiebreaker), so the order never changes between two reads of the same data.

**Readiness** (``readiness``; the succession plan's vocabulary, ``SuccessionReadiness``; LOW):

* READY_NOW: no requirement failed or unknown, and the JPM is at least Cukup Optimal (``JpmPolicy``);
* READY_1_2_YEARS: a JPM is known and everything short can close within ``CareerPolicy.horizon_years`` (2): time
  in the seat reached by then, the rank reached by the next regular promotion by then, a performance shortfall
  (two new annual ratings), competencies at most ``max_level_gap`` (1) level short each; a requirement only
  unknown (a fact to check) lands here too, never in READY_NOW;
* READY_LATER: anything else (no valid assessment, an education below the minimum, a rank more than one regular
  promotion away or blocked by the education ceiling or a rating below Baik, wider competency gaps).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .competency import DEFAULT_JPM_POLICY, JpmPolicy
from .talent import SuccessionReadiness, years_before

#: The checks that are requirements (``regular_promotion`` only explains how a rank gap would close).
REQUIREMENTS = ("rank", "education", "time_in_position", "performance")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class CareerPolicy:
    """Readiness horizon and the widest per-competency gap that development can close within it (LOW)."""

    horizon_years: int = 2
    max_level_gap: int = 1


DEFAULT_CAREER_POLICY = CareerPolicy()


@dataclass(frozen=True)
class Closeness:
    failed: int
    unknown: int
    jpm_percent: Decimal | None
    shortfall: int  # competency levels short of the standard, summed

    def to_dict(self) -> dict[str, Any]:
        return {"failed": self.failed, "unknown": self.unknown,
                "jpm_percent": None if self.jpm_percent is None else str(self.jpm_percent),
                "shortfall": self.shortfall}


def requirement_counts(checks: Sequence[Mapping[str, Any]]) -> tuple[int, int]:
    """(failed, unknown) among the requirements (``regular_promotion`` only explains a rank gap)."""
    req = [c for c in checks if c.get("name") in REQUIREMENTS]
    return (sum(1 for c in req if c.get("status") == "failed"), sum(1 for c in req if c.get("status") == "unknown"))


def shortfall(gaps: Mapping[str, int] | None) -> int:
    """Competency levels short of the standard, summed (a level above the standard makes up for nothing)."""
    return sum(-g for g in (gaps or {}).values() if g < 0)


def closeness(checks: Sequence[Mapping[str, Any]], jpm_percent: Decimal | None,
              gaps: Mapping[str, int] | None) -> Closeness:
    """Count the requirements' outcome and the competency shortfall of one pair."""
    failed, unknown = requirement_counts(checks)
    return Closeness(failed=failed, unknown=unknown, jpm_percent=jpm_percent, shortfall=shortfall(gaps))


def closeness_key(c: Closeness) -> tuple[int, int, int, Decimal, int]:
    """Sort key, closest first (see the module)."""
    has_jpm = 0 if c.jpm_percent is not None else 1
    return (c.failed, c.unknown, has_jpm, -(c.jpm_percent or Decimal(0)), c.shortfall)


def rank_order(golongan: str | None) -> tuple[int, str] | None:
    """``III/c`` -> (3, 'C'); None for a PPPK golongan or no rank (they are not compared here)."""
    if not golongan or "/" not in golongan:
        return None
    roman, letter = golongan.upper().split("/", 1)
    return (_ROMAN[roman], letter) if roman in _ROMAN else None


def _parse_day(v: Any) -> date | None:
    try:
        return date.fromisoformat(str(v)) if v else None
    except ValueError:
        return None


def _closes_by(check: Mapping[str, Any], by_check: Mapping[str, Mapping[str, Any]], horizon: date) -> bool:
    """Whether one failed requirement can be met by ``horizon`` without anything but time and the usual steps."""
    name = check.get("name")
    if name == "performance":
        return True  # two new annual ratings at least Baik fall within the horizon
    if name == "time_in_position":
        v = check.get("value") or {}
        start, years = _parse_day(v.get("position_start")), check.get("required")
        return start is not None and isinstance(years, int) and years_before(horizon, years) >= start
    if name == "rank":
        kp = by_check.get("regular_promotion") or {}
        v = kp.get("value") or {}
        nxt, need = rank_order(v.get("next_rank")), rank_order(check.get("required"))
        eligible = _parse_day(v.get("eligible_from")) or _parse_day(v.get("period"))
        blocked = {"ceiling_by_education_reached", "highest_rank", "rating_below_minimum"} & set(v.get("reasons") or [])
        return (nxt is not None and need is not None and nxt >= need and eligible is not None
                and eligible <= horizon and not blocked)
    return False  # education, or anything else: not closed by waiting


def readiness(checks: Sequence[Mapping[str, Any]], jpm_percent: Decimal | None, gaps: Mapping[str, int] | None,
              as_of: date, jpm_policy: JpmPolicy = DEFAULT_JPM_POLICY,
              policy: CareerPolicy = DEFAULT_CAREER_POLICY) -> SuccessionReadiness:
    """The succession readiness of one pair (see the module)."""
    by_check = {str(c.get("name")): c for c in checks}
    req = [c for c in checks if c.get("name") in REQUIREMENTS]
    failed = [c for c in req if c.get("status") == "failed"]
    unknown = any(c.get("status") == "unknown" for c in req)
    jpm_ok = jpm_percent is not None and jpm_percent >= jpm_policy.cukup_optimal_min
    if not failed and not unknown and jpm_ok:
        return SuccessionReadiness.READY_NOW
    horizon = date(as_of.year + policy.horizon_years, as_of.month, min(as_of.day, 28))
    gaps_close = jpm_percent is not None and all(-g <= policy.max_level_gap for g in (gaps or {}).values() if g < 0)
    if all(_closes_by(c, by_check, horizon) for c in failed) and (jpm_ok or gaps_close):
        return SuccessionReadiness.READY_1_2_YEARS
    return SuccessionReadiness.READY_LATER

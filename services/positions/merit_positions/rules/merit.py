"""What the registry's merit-system indicators count as "complete" (pure; the SQL of merit_indicators uses these).

A job's competency standard is complete when it names every national managerial competency M.01-M.08, the
socio-cultural SK.01, each at a level 1-5, and at least one technical competency (PermenPANRB 38/2017: a position's
standard has managerial, socio-cultural and technical competencies; technical ones are defined per job).
"""

from __future__ import annotations

from typing import Any

NATIONAL_CODES: tuple[str, ...] = ("M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01")
#: Reasons an assignment starts that are not the filling of a vacancy (data loading, a reorganisation moving the
#: same person, acting): they do not count as managerial vacancies filled.
NOT_A_FILL = ("initial", "restructuring", "acting")


def is_technical(code: str) -> bool:
    return not (code.startswith("M.") or code.startswith("SK."))


def standard_complete(standard: dict[str, Any] | None) -> bool:
    std = standard or {}

    def level_ok(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 5

    return all(level_ok(std.get(c)) for c in NATIONAL_CODES) and any(
        is_technical(c) and level_ok(v) for c, v in std.items())


def seats_match_need(required_seats: int, need_rounded: int) -> bool:
    """The peta jabatan's seats equal the ABK's rounded need (PermenPANRB 1/2020)."""
    return required_seats == need_rounded

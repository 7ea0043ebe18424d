"""Competency dictionary and Job Person Match — PermenPANRB 38/2017.

* Managerial M.01–M.08 and socio-cultural SK.01, levels 1–5 (HIGH). Technical competencies are
  defined per job; pass ``allow_unknown=True`` to include their codes in a JPM.
* ``JPM = Σ individual levels / Σ standard levels × 100`` over the *standard's* competencies (HIGH).
  A standard competency the individual lacks counts as 0 and is listed in ``JpmResult.missing``;
  individual competencies outside the standard are ignored (listed in ``JpmResult.ignored``).
* Category thresholds are agency policy (MED): ``JpmPolicy``. The category is taken from the
  *unrounded* percentage (89.995 is CUKUP_OPTIMAL even though it displays as 90.00).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from merit_evaluation.rules.errors import (
    DUPLICATE_COMPETENCY,
    EMPTY_COMPETENCY_STANDARD,
    INVALID_COMPETENCY_LEVELS,
    INVALID_JPM_POLICY,
    INVALID_JPM_POLICY_DISPLAY_PLACES_MUST,
    UNKNOWN_BUILTIN_COMPETENCY,
)

from ._common import require_int, to_decimal

LEVEL_MIN = 1
LEVEL_MAX = 5


class CompetencyGroup(StrEnum):
    MANAJERIAL = "MANAJERIAL"
    SOSIAL_KULTURAL = "SOSIAL_KULTURAL"
    TEKNIS = "TEKNIS"


@dataclass(frozen=True)
class Competency:
    code: str
    name: str
    name_en: str
    group: CompetencyGroup


#: The national dictionary (HIGH). Keyed by code.
COMPETENCIES: Mapping[str, Competency] = MappingProxyType({c.code: c for c in (
    Competency("M.01", "Integritas", "Integrity", CompetencyGroup.MANAJERIAL),
    Competency("M.02", "Kerjasama", "Teamwork", CompetencyGroup.MANAJERIAL),
    Competency("M.03", "Komunikasi", "Communication", CompetencyGroup.MANAJERIAL),
    Competency("M.04", "Orientasi pada Hasil", "Results orientation", CompetencyGroup.MANAJERIAL),
    Competency("M.05", "Pelayanan Publik", "Public service", CompetencyGroup.MANAJERIAL),
    Competency("M.06", "Pengembangan Diri dan Orang Lain", "Developing self and others", CompetencyGroup.MANAJERIAL),
    Competency("M.07", "Mengelola Perubahan", "Managing change", CompetencyGroup.MANAJERIAL),
    Competency("M.08", "Pengambilan Keputusan", "Decision making", CompetencyGroup.MANAJERIAL),
    Competency("SK.01", "Perekat Bangsa", "Nation unifier", CompetencyGroup.SOSIAL_KULTURAL),
)})

#: Informal one-line summary of each level (not the regulation's per-competency text).
LEVEL_DESCRIPTIONS: Mapping[int, tuple[str, str]] = MappingProxyType({
    1: ("Menerapkan dalam kapasitas pribadi", "Applies it personally"),
    2: ("Mengajak dan membantu rekan kerja", "Engages and helps peers"),
    3: ("Memastikan penerapan di unit kerja yang dipimpin", "Ensures it within the unit led"),
    4: ("Membangun sistem dan budaya di tingkat instansi", "Builds systems and culture across the agency"),
    5: ("Menjadi teladan dan penggerak di tingkat nasional", "Role model and driver at national level"),
})


class JpmCategory(StrEnum):
    OPTIMAL = "OPTIMAL"
    CUKUP_OPTIMAL = "CUKUP_OPTIMAL"
    KURANG_OPTIMAL = "KURANG_OPTIMAL"

    @property
    def label(self) -> str:
        return {"OPTIMAL": "Optimal", "CUKUP_OPTIMAL": "Cukup Optimal", "KURANG_OPTIMAL": "Kurang Optimal"}[self.value]


@dataclass(frozen=True)
class JpmPolicy:
    """JPM category thresholds in percent (MED): OPTIMAL ≥ optimal_min; CUKUP_OPTIMAL ≥ cukup_optimal_min; else KURANG_OPTIMAL."""

    optimal_min: Decimal = Decimal(90)
    cukup_optimal_min: Decimal = Decimal(78)
    display_places: int = 2

    def __post_init__(self) -> None:
        if not (isinstance(self.optimal_min, Decimal) and isinstance(self.cukup_optimal_min, Decimal)
                and Decimal(0) <= self.cukup_optimal_min < self.optimal_min):
            raise INVALID_JPM_POLICY.error()
        if isinstance(self.display_places, bool) or not isinstance(self.display_places, int) or not 0 <= self.display_places <= 6:
            raise INVALID_JPM_POLICY_DISPLAY_PLACES_MUST.error(field="display_places")

    def to_dict(self) -> dict[str, Any]:
        return {"optimal_min": str(self.optimal_min), "cukup_optimal_min": str(self.cukup_optimal_min),
                "display_places": self.display_places}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JpmPolicy:
        d = cls()

        def dec(key: str, default: Decimal) -> Decimal:
            v = data.get(key)
            return default if v is None else to_decimal(v, key, "invalid_jpm_policy")

        return cls(optimal_min=dec("optimal_min", d.optimal_min),
                   cukup_optimal_min=dec("cukup_optimal_min", d.cukup_optimal_min),
                   display_places=data.get("display_places", d.display_places))


DEFAULT_JPM_POLICY = JpmPolicy()


@dataclass(frozen=True)
class JpmResult:
    """Detailed JPM: ``percent`` unrounded, ``display`` rounded half-up."""

    percent: Decimal
    display: Decimal
    category: JpmCategory
    individual_sum: int
    standard_sum: int
    gaps: dict[str, int]
    missing: tuple[str, ...]
    ignored: tuple[str, ...]
    thresholds: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "percent": str(self.percent), "display": str(self.display), "category": self.category.value,
            "individual_sum": self.individual_sum, "standard_sum": self.standard_sum, "gaps": dict(self.gaps),
            "missing": list(self.missing), "ignored": list(self.ignored), "thresholds": dict(self.thresholds),
        }


def _clean(levels: Mapping[str, int], allow_unknown: bool) -> bool:
    """Already in the stored form (upper-case codes, integer levels 1–5): nothing to normalise or report."""
    return all(type(k) is str and k and type(v) is int and LEVEL_MIN <= v <= LEVEL_MAX and k == k.strip().upper()
               and (allow_unknown or k in COMPETENCIES) for k, v in levels.items())


def _levels(levels: Mapping[str, int], name: str, allow_unknown: bool) -> dict[str, int]:
    if isinstance(levels, Mapping) and _clean(levels, allow_unknown):
        return dict(levels)  # the common case (stored assessments and standards): career planning runs 10,000
    if not isinstance(levels, Mapping):
        raise INVALID_COMPETENCY_LEVELS.error(field=name, name=name)
    out: dict[str, int] = {}
    for code, level in levels.items():
        key = code.strip().upper() if isinstance(code, str) else code
        if not isinstance(key, str) or not key or (not allow_unknown and key not in COMPETENCIES):
            known = ", ".join(COMPETENCIES)
            raise UNKNOWN_BUILTIN_COMPETENCY.error(field=f"{name}.{code}", code=code, known=known, name=name)
        if key in out:
            raise DUPLICATE_COMPETENCY.error(field=f"{name}.{code}", key=key, name=name)
        out[key] = require_int(level, f"{name}.{key}", LEVEL_MIN, LEVEL_MAX, code="invalid_competency_level")
    return out


def gaps(individual: Mapping[str, int], standard: Mapping[str, int], allow_unknown: bool = False) -> dict[str, int]:
    """Individual − standard level for each competency of the standard (missing individual level = 0)."""
    ind = _levels(individual, "individual", allow_unknown)
    std = _levels(standard, "standard", allow_unknown)
    return {code: ind.get(code, 0) - lvl for code, lvl in std.items()}


def jpm_category(percent: Decimal | int | str, policy: JpmPolicy = DEFAULT_JPM_POLICY) -> JpmCategory:
    """Category of a JPM percentage (boundaries inclusive at the lower end: 90 → OPTIMAL, 78 → CUKUP_OPTIMAL)."""
    p = to_decimal(percent, "percent")
    if p >= policy.optimal_min:
        return JpmCategory.OPTIMAL
    if p >= policy.cukup_optimal_min:
        return JpmCategory.CUKUP_OPTIMAL
    return JpmCategory.KURANG_OPTIMAL


def jpm_detail(
    individual: Mapping[str, int],
    standard: Mapping[str, int],
    policy: JpmPolicy = DEFAULT_JPM_POLICY,
    allow_unknown: bool = False,
) -> JpmResult:
    """Full JPM: percent, category, per-competency gaps, missing and ignored codes."""
    ind = _levels(individual, "individual", allow_unknown)
    std = _levels(standard, "standard", allow_unknown)
    if not std:
        raise EMPTY_COMPETENCY_STANDARD.error(field="standard")
    ind_sum = sum(ind.get(code, 0) for code in std)
    std_sum = sum(std.values())
    percent = Decimal(ind_sum) * 100 / Decimal(std_sum)
    return JpmResult(
        percent=percent,
        display=percent.quantize(Decimal(1).scaleb(-policy.display_places), rounding=ROUND_HALF_UP),
        category=jpm_category(percent, policy),
        individual_sum=ind_sum,
        standard_sum=std_sum,
        gaps={code: ind.get(code, 0) - lvl for code, lvl in std.items()},
        missing=tuple(code for code in std if code not in ind),
        ignored=tuple(code for code in ind if code not in std),
        thresholds={"optimal_min": str(policy.optimal_min), "cukup_optimal_min": str(policy.cukup_optimal_min)},
    )


def jpm(individual: Mapping[str, int], standard: Mapping[str, int], allow_unknown: bool = False) -> Decimal:
    """JPM percent (unrounded Decimal). Use ``jpm_detail`` for missing codes, gaps and category."""
    return jpm_detail(individual, standard, allow_unknown=allow_unknown).percent

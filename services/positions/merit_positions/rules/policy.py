"""The one place for MED/LOW facts of the positions rules: :class:`PositionsPolicy`.

Every value here is an agency-correctable default, documented with its source and confidence
(the values the regulations leave to the agency, MED/LOW). HIGH facts are *not* here; they are fixed in the rule
modules. To change a value, build a new policy, e.g.::

    from dataclasses import replace
    policy = replace(DEFAULT_POLICY, jpm_min_percent=Decimal(80))

and pass it as ``policy=`` to the rule functions. The policy validates itself on creation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from merit_positions.rules.errors import (
    POLICY_INVALID,
    POLICY_INVALID_ACTING_ASSIGNMENT_LASTS_LEAST,
    POLICY_INVALID_BANDS_MUST_ORDERED_FROM,
    POLICY_INVALID_BLACKOUT_WINDOW_REVERSED_SWAP,
    POLICY_INVALID_BUP_IMPLAUSIBLE_GIVE_AGE,
    POLICY_INVALID_BUP_MUST_GIVEN_FOR,
    POLICY_INVALID_CEILINGS_EDUCATION_MUST_USE,
    POLICY_INVALID_EFFECTIVE_WORKING_TIME_MUST,
    POLICY_INVALID_LEAST_ONE_PROMOTION_PERIOD,
    POLICY_INVALID_LEAST_YEAR_PERFORMANCE_RATINGS,
    POLICY_INVALID_MINIMUM_RANK_MUST_GIVEN,
    POLICY_INVALID_MINIMUM_YEARS_POSITION_MUST,
    POLICY_INVALID_PROMOTION_PERIOD_NOT_DATE,
    POLICY_INVALID_RANK_RANGE_REVERSED,
    POLICY_INVALID_RANK_RANGES_MUST_GIVEN,
    POLICY_INVALID_THE_RATED_YEARS_FOR,
    POLICY_INVALID_YEARS_RANK_FOR_PROMOTION,
)

from .predikat import Predikat
from .ranks import MANAGERIAL_KINDS, Jenjang, JenjangCategory, JobKind, Rank


class NeedRounding(StrEnum):
    """How the ABK need (persons) is rounded to a headcount. The unrounded value is always kept."""

    HALF_UP = "HALF_UP"  # 2.5 -> 3, 2.49 -> 2 (default; PermenPANRB 1/2020)
    CEILING = "CEILING"  # any fraction adds a person: 2.01 -> 3
    FLOOR = "FLOOR"  # only whole persons count: 2.99 -> 2


@dataclass(frozen=True)
class EjBand:
    """One efficiency band: applies when EJ is above ``lower`` (or equal, if ``lower_inclusive``).

    ``lower=None`` marks the catch-all bottom band.
    """

    grade: str
    lower: Decimal | None
    lower_inclusive: bool = True

    def contains(self, ej: Decimal) -> bool:
        if self.lower is None:
            return True
        return ej >= self.lower if self.lower_inclusive else ej > self.lower


# EJ bands (LOW, PermenPANRB 1/2020: A > 1.00, B 0.90-1.00, C 0.70-0.89, D 0.50-0.69, E < 0.50).
# Made exact on Decimal by closing each band at its lower bound: B = [0.90, 1.00], C = [0.70, 0.90),
# D = [0.50, 0.70), E = [0, 0.50). So 0.895 is C and 1.0001 is A.
DEFAULT_EJ_BANDS: tuple[EjBand, ...] = (
    EjBand("A", Decimal("1.00"), lower_inclusive=False),
    EjBand("B", Decimal("0.90")),
    EjBand("C", Decimal("0.70")),
    EjBand("D", Decimal("0.50")),
    EjBand("E", None),
)

# Keterampilan golongan ranges, inclusive (BKN golongan ruang codes): Mahir and Penyelia MED; Terampil MED with an
# uncertain start (II/b is covered by no jenjang with these defaults; widen Terampil to II/b if the agency's
# JF regulation says so); Pemula LOW (II/a only).
_DEFAULT_KETERAMPILAN_RANGES: dict[Jenjang, tuple[Rank, Rank]] = {
    Jenjang.PEMULA: (Rank.II_A, Rank.II_A),
    Jenjang.TERAMPIL: (Rank.II_C, Rank.II_D),
    Jenjang.MAHIR: (Rank.III_A, Rank.III_B),
    Jenjang.PENYELIA: (Rank.III_C, Rank.III_D),
}

# Default minimum rank per managerial kind (LOW: legacy eselon table, no current national table).
# Each kind spans two legacy sub-eselons; the default is the LOWER one's minimum so that a default never
# blocks someone the legacy table allowed. A job's own ``min_rank`` field overrides it.
#   JPT Utama   -> IV/d  (eselon I.a, PP 13/2002; not in the reference table)
#   JPT Madya   -> IV/c  (eselon I.b, PP 13/2002; PP 11/2017 Pasal 107 "commonly IV/c for Madya", MED)
#   JPT Pratama -> IV/b  (eselon II.b; II.a would be IV/c; PP 11/2017 Pasal 107 "commonly IV/b for Pratama")
#   Administrator -> III/d (eselon III.b; III.a would be IV/a)
#   Pengawas    -> III/a (eselon IV.b; IV.a would be III/b)
_DEFAULT_MANAGERIAL_MIN_RANK: dict[JobKind, Rank] = {
    JobKind.JPT_UTAMA: Rank.IV_D,
    JobKind.JPT_MADYA: Rank.IV_C,
    JobKind.JPT_PRATAMA: Rank.IV_B,
    JobKind.ADMINISTRATOR: Rank.III_D,
    JobKind.PENGAWAS: Rank.III_A,
}

# BUP, retirement age (MED, PP 11/2017 batas usia pensiun): 58 administrative, 60 JPT; functional by jenjang below.
_DEFAULT_BUP_BY_KIND: dict[JobKind, int] = {
    JobKind.JPT_UTAMA: 60,
    JobKind.JPT_MADYA: 60,
    JobKind.JPT_PRATAMA: 60,
    JobKind.ADMINISTRATOR: 58,
    JobKind.PENGAWAS: 58,
    JobKind.PELAKSANA: 58,
}
_DEFAULT_BUP_BY_JENJANG: dict[Jenjang, int] = {
    Jenjang.AHLI_UTAMA: 65,
    Jenjang.AHLI_MADYA: 60,
    Jenjang.AHLI_MUDA: 58,
    Jenjang.AHLI_PERTAMA: 58,
    Jenjang.PENYELIA: 58,
    Jenjang.MAHIR: 58,
    Jenjang.TERAMPIL: 58,
    Jenjang.PEMULA: 58,
}


# Regular promotion, kenaikan pangkat reguler (PP 99/2000 jo PP 12/2002): ceiling by highest education (LOW, e.g.
# SLTA III/b, D-III III/c, S1/D-IV III/d, S2 IV/a). Levels without an entry have no ceiling unless the agency sets one.
_DEFAULT_KP_CEILING_BY_EDUCATION: dict[str, Rank] = {
    "SMA": Rank.III_B,
    "D3": Rank.III_C,
    "D4": Rank.III_D,
    "S1": Rank.III_D,
    "S2": Rank.IV_A,
}
#: Education levels known to the registry (the ceiling table may name only these).
EDUCATION_LEVEL_CODES = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class PositionsPolicy:
    """Agency-configurable defaults for the positions rules (all MED/LOW in the reference)."""

    # --- ranks (4.2) ---
    keterampilan_rank_ranges: Mapping[Jenjang, tuple[Rank, Rank]] = field(
        default_factory=lambda: _frozen(_DEFAULT_KETERAMPILAN_RANGES))
    managerial_min_rank: Mapping[JobKind, Rank] = field(
        default_factory=lambda: _frozen(_DEFAULT_MANAGERIAL_MIN_RANK))
    # --- retirement (4.5) ---
    bup_by_kind: Mapping[JobKind, int] = field(default_factory=lambda: _frozen(_DEFAULT_BUP_BY_KIND))
    bup_by_jenjang: Mapping[Jenjang, int] = field(default_factory=lambda: _frozen(_DEFAULT_BUP_BY_JENJANG))
    # --- ABK (4.7, MED/LOW) ---
    effective_minutes_per_year: Decimal = Decimal(75000)  # 1,250 hours
    need_rounding: NeedRounding = NeedRounding.HALF_UP
    ej_bands: tuple[EjBand, ...] = DEFAULT_EJ_BANDS
    # --- mutation / rotation (4.6, 5.1, 3) ---
    min_years_in_position: int = 2  # PP 11/2017 Pasal 190 (HIGH value, kept here for agency exceptions)
    max_years_in_position: int = 5  # beyond this a stay is flagged "warning" (rotation due)
    performance_years: int = 2  # how many previous calendar years must carry a predikat
    min_predikat: Predikat = Predikat.BAIK  # "at least Baik in the last 2 years" (MED)
    jpm_min_percent: Decimal = Decimal(78)  # competency match: at least "Cukup Optimal" (MED)
    jpm_optimal_percent: Decimal = Decimal(90)  # "Optimal" category (MED)
    blackout_windows: tuple[tuple[date, date], ...] = ()  # inclusive (start, end) windows, agency-set
    # --- regular promotion, kenaikan pangkat reguler (PP 99/2000 jo PP 12/2002) ---
    kp_min_years_in_rank: int = 4  # at least 4 years in the current rank (MED)
    kp_rating_years: int = 2  # the completed years before the period's year that must be rated (MED)
    kp_min_predikat: Predikat = Predikat.BAIK  # at least Baik in each of them (MED)
    kp_ceiling_by_education: Mapping[str, Rank] = field(
        default_factory=lambda: _frozen(_DEFAULT_KP_CEILING_BY_EDUCATION))  # LOW
    kp_periods: tuple[tuple[int, int], ...] = ((4, 1), (10, 1))  # (month, day) each year: 1 April, 1 October (LOW)
    # --- acting officials, Plt/Plh (LOW: a BKN circular on Plt/Plh, 3 months, extendable once by 3) ---
    acting_months: int = 3  # an acting assignment given without an end lasts this long
    acting_extension_months: int = 3  # the one extension it may get
    acting_expiry_warning_days: int = 14  # the scheduler announces an acting end this many days ahead
    # --- placements in the open (agency choice; UU 14/2008 keterbukaan informasi publik) ---
    # the start reasons of a definitive managerial appointment that are published as a public placement
    public_placement_reasons: tuple[str, ...] = ("selection_result", "promotion", "rotation", "transfer")

    def __post_init__(self) -> None:
        for name in ("keterampilan_rank_ranges", "managerial_min_rank", "bup_by_kind", "bup_by_jenjang",
                     "kp_ceiling_by_education"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "effective_minutes_per_year", Decimal(self.effective_minutes_per_year))
        object.__setattr__(self, "jpm_min_percent", Decimal(self.jpm_min_percent))
        object.__setattr__(self, "jpm_optimal_percent", Decimal(self.jpm_optimal_percent))
        object.__setattr__(self, "blackout_windows", tuple(tuple(w) for w in self.blackout_windows))
        object.__setattr__(self, "ej_bands", tuple(self.ej_bands))
        object.__setattr__(self, "kp_periods", tuple(sorted(tuple(p) for p in self.kp_periods)))
        object.__setattr__(self, "min_predikat", Predikat(self.min_predikat))
        object.__setattr__(self, "kp_min_predikat", Predikat(self.kp_min_predikat))
        self._check_ranks()
        self._check_bup()
        self._check_abk()
        self._check_mutation()
        self._check_promotion()

    def _check_ranks(self) -> None:
        keterampilan = {j for j in Jenjang if j.category is JenjangCategory.KETERAMPILAN}
        if set(self.keterampilan_rank_ranges) != keterampilan:
            raise POLICY_INVALID_RANK_RANGES_MUST_GIVEN.error(field='policy.keterampilan_rank_ranges')
        for low, high in self.keterampilan_rank_ranges.values():
            if low > high:
                raise POLICY_INVALID_RANK_RANGE_REVERSED.error(field='policy.keterampilan_rank_ranges', high=high, low=low)
        if set(self.managerial_min_rank) != set(MANAGERIAL_KINDS):
            raise POLICY_INVALID_MINIMUM_RANK_MUST_GIVEN.error(field='policy.managerial_min_rank')

    def _check_bup(self) -> None:
        if set(self.bup_by_kind) != set(JobKind) - {JobKind.FUNGSIONAL} or set(self.bup_by_jenjang) != set(Jenjang):
            raise POLICY_INVALID_BUP_MUST_GIVEN_FOR.error(field='policy.bup_by_kind')
        for age in (*self.bup_by_kind.values(), *self.bup_by_jenjang.values()):
            if not isinstance(age, int) or isinstance(age, bool) or not 18 < age <= 100:
                raise POLICY_INVALID_BUP_IMPLAUSIBLE_GIVE_AGE.error(field='policy.bup_by_kind', age=age)

    def _check_abk(self) -> None:
        if not self.effective_minutes_per_year.is_finite() or self.effective_minutes_per_year <= 0:
            raise POLICY_INVALID_EFFECTIVE_WORKING_TIME_MUST.error(field='policy.effective_minutes_per_year')
        bands = self.ej_bands
        lowers = [b.lower for b in bands[:-1]]
        if not bands or bands[-1].lower is not None or any(x is None for x in lowers) or any(
                a <= b for a, b in zip(lowers, lowers[1:], strict=False)):  # type: ignore[operator]
            raise POLICY_INVALID_BANDS_MUST_ORDERED_FROM.error(field='policy.ej_bands')

    def _check_mutation(self) -> None:
        if not 0 <= self.min_years_in_position <= self.max_years_in_position:
            raise POLICY_INVALID_MINIMUM_YEARS_POSITION_MUST.error(field='policy.min_years_in_position')
        if self.acting_months < 1 or self.acting_extension_months < 0 or self.acting_expiry_warning_days < 0:
            raise POLICY_INVALID_ACTING_ASSIGNMENT_LASTS_LEAST.error(field='policy.acting_months')
        if self.performance_years < 1:
            raise POLICY_INVALID_LEAST_YEAR_PERFORMANCE_RATINGS.error(field='policy.performance_years')
        if not 0 <= self.jpm_min_percent <= self.jpm_optimal_percent:
            raise POLICY_INVALID.error(field='policy.jpm_min_percent')
        for start, end in self.blackout_windows:
            if start > end:
                raise POLICY_INVALID_BLACKOUT_WINDOW_REVERSED_SWAP.error(field='policy.blackout_windows', end=end, start=start)

    def _check_promotion(self) -> None:
        if not 1 <= self.kp_min_years_in_rank <= 10:
            raise POLICY_INVALID_YEARS_RANK_FOR_PROMOTION.error(field='policy.kp_min_years_in_rank')
        if not 0 <= self.kp_rating_years <= 5:
            raise POLICY_INVALID_THE_RATED_YEARS_FOR.error(field='policy.kp_rating_years')
        unknown = sorted(set(self.kp_ceiling_by_education) - set(EDUCATION_LEVEL_CODES))
        if unknown or not all(isinstance(r, Rank) for r in self.kp_ceiling_by_education.values()):
            raise POLICY_INVALID_CEILINGS_EDUCATION_MUST_USE.error(
                field='policy.kp_ceiling_by_education',
                join_education_level_codes=', '.join(EDUCATION_LEVEL_CODES),
            )
        if not self.kp_periods:
            raise POLICY_INVALID_LEAST_ONE_PROMOTION_PERIOD.error(field='policy.kp_periods')
        for month, day in self.kp_periods:
            try:
                date(2001, month, day)  # a common year: 29 February cannot be a yearly period
            except (TypeError, ValueError):
                raise POLICY_INVALID_PROMOTION_PERIOD_NOT_DATE.error(field='policy.kp_periods', day=day, month=month) from None


DEFAULT_POLICY = PositionsPolicy()

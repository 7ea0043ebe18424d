"""Competency development hours (PermenPANRB 38/2017 context; HIGH).

1 JP (jam pelajaran) = 45 minutes; every PNS has the right to at least 20 JP per year.
All values are Decimal and unrounded (100 minutes = 2.222… JP); round only for display.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from merit_evaluation.rules.errors import (
    INVALID_ACTIVITY,
    INVALID_DEVELOPMENT_POLICY,
    INVALID_REQUIRED_JP,
    NEGATIVE_DURATION,
    UNKNOWN_DEVELOPMENT_KIND,
)

from ._common import to_decimal

#: Minutes in one JP (HIGH).
MINUTES_PER_JP = Decimal(45)
#: National minimum JP per PNS per year (HIGH). An agency may require more, never less.
MIN_JP_PER_YEAR = Decimal(20)


def _non_negative(value: Any, field: str) -> Decimal:
    d = to_decimal(value, field, code="invalid_duration")
    if d < 0:
        raise NEGATIVE_DURATION.error(field=field, d=d, field_name=field)
    return d


def minutes_to_jp(minutes: int | Decimal | str) -> Decimal:
    """Minutes → JP (unrounded Decimal)."""
    return _non_negative(minutes, "minutes") / MINUTES_PER_JP


def jp_to_minutes(jp: int | Decimal | str) -> Decimal:
    """JP → minutes."""
    return _non_negative(jp, "jp") * MINUTES_PER_JP


def yearly_totals(activities: Iterable[tuple[date, int | Decimal | str]]) -> dict[int, Decimal]:
    """Total JP per calendar year from ``(activity date, minutes)`` pairs; years without activity are absent."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for i, item in enumerate(activities):
        try:
            day, minutes = item
        except (TypeError, ValueError):
            day, minutes = None, None
        if not isinstance(day, date):
            raise INVALID_ACTIVITY.error(field=f"activities[{i}]", i=i)
        totals[day.year] += _non_negative(minutes, f"activities[{i}].minutes") / MINUTES_PER_JP
    return dict(totals)


@dataclass(frozen=True)
class JpCompliance:
    """Whether ``total_jp`` meets ``required_jp`` (``shortfall_jp`` is 0 when compliant)."""

    total_jp: Decimal
    required_jp: Decimal
    shortfall_jp: Decimal
    compliant: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "total_jp": str(self.total_jp),
            "required_jp": str(self.required_jp),
            "shortfall_jp": str(self.shortfall_jp),
            "compliant": self.compliant,
        }


def compliance(total_jp: int | Decimal | str, required_jp: int | Decimal | str = MIN_JP_PER_YEAR) -> JpCompliance:
    """Compare a year's JP with the requirement (default and floor: 20 JP). Exactly 20 JP complies."""
    total = _non_negative(total_jp, "total_jp")
    required = to_decimal(required_jp, "required_jp")
    if required < MIN_JP_PER_YEAR:
        raise INVALID_REQUIRED_JP.error(field="required_jp", min_jp_per_year=MIN_JP_PER_YEAR, required=required)
    shortfall = max(required - total, Decimal(0))
    return JpCompliance(total_jp=total, required_jp=required, shortfall_jp=shortfall, compliant=total >= required)


# ---------------------------------------------------------------- kinds of development activity


class DevelopmentKind(StrEnum):
    """The closed vocabulary of development activities (issue #13), shared by the catalogue and the records.

    PerLAN 10/2018 groups competency development into classical forms (pelatihan, seminar/konferensi,
    kursus, ...) and non-classical ones (coaching, mentoring, e-learning, detasering/secondment, magang, ...).
    """

    TRAINING = "TRAINING"
    SEMINAR = "SEMINAR"
    COURSE = "COURSE"
    COACHING = "COACHING"
    MENTORING = "MENTORING"
    JOB_ROTATION = "JOB_ROTATION"
    E_LEARNING = "E_LEARNING"


#: The free-text kinds development records used before the vocabulary, normalised (upper case, spaces and
#: hyphens as ``_``), mapped to a kind. Migration eva_0008 applies the same table to stored records (a copy
#: frozen in the migration) and maps anything else to TRAINING, keeping the text in ``kind_as_recorded``.
KIND_ALIASES: Mapping[str, DevelopmentKind] = MappingProxyType({
    **{k.value: k for k in DevelopmentKind},
    "PELATIHAN": DevelopmentKind.TRAINING, "DIKLAT": DevelopmentKind.TRAINING,
    "BIMTEK": DevelopmentKind.TRAINING, "BIMBINGAN_TEKNIS": DevelopmentKind.TRAINING,
    "PENATARAN": DevelopmentKind.TRAINING, "WORKSHOP": DevelopmentKind.SEMINAR,
    "LOKAKARYA": DevelopmentKind.SEMINAR, "WEBINAR": DevelopmentKind.SEMINAR,
    "KONFERENSI": DevelopmentKind.SEMINAR, "SARASEHAN": DevelopmentKind.SEMINAR,
    "SOSIALISASI": DevelopmentKind.SEMINAR, "KURSUS": DevelopmentKind.COURSE,
    "PEMBINAAN": DevelopmentKind.COACHING, "BIMBINGAN": DevelopmentKind.MENTORING,
    "ROTASI": DevelopmentKind.JOB_ROTATION, "ROTASI_JABATAN": DevelopmentKind.JOB_ROTATION,
    "DETASERING": DevelopmentKind.JOB_ROTATION, "SECONDMENT": DevelopmentKind.JOB_ROTATION,
    "MAGANG": DevelopmentKind.JOB_ROTATION, "PERTUKARAN_PEGAWAI": DevelopmentKind.JOB_ROTATION,
    "ELEARNING": DevelopmentKind.E_LEARNING, "PEMBELAJARAN_ELEKTRONIK": DevelopmentKind.E_LEARNING,
    "PELATIHAN_JARAK_JAUH": DevelopmentKind.E_LEARNING, "PJJ": DevelopmentKind.E_LEARNING,
})


def normalise_kind_text(value: str) -> str:
    """``" e-learning "`` → ``"E_LEARNING"``: the key ``KIND_ALIASES`` is looked up by."""
    return "_".join(value.strip().upper().replace("-", " ").split())


def parse_kind(value: Any, field: str = "kind") -> DevelopmentKind:
    """A kind of the vocabulary, or one of the older names in ``KIND_ALIASES``; anything else is refused (422
    naming the vocabulary)."""
    if isinstance(value, DevelopmentKind):
        return value
    found = KIND_ALIASES.get(normalise_kind_text(value)) if isinstance(value, str) else None
    if found is None:
        allowed = ", ".join(k.value for k in DevelopmentKind)
        raise UNKNOWN_DEVELOPMENT_KIND.error(field=field, value=value, allowed=allowed,
                                             extra={"allowed": [k.value for k in DevelopmentKind]})
    return found


# ---------------------------------------------------------------- agency policy


@dataclass(frozen=True)
class DevelopmentPolicy:
    """The yearly development hours the agency requires of each PNS: at least the national 20 JP (HIGH), an agency
    may require more, never less."""

    required_jp_per_year: Decimal = MIN_JP_PER_YEAR

    def __post_init__(self) -> None:
        v = self.required_jp_per_year
        if not isinstance(v, Decimal) or not v.is_finite() or not MIN_JP_PER_YEAR <= v <= 1000:
            raise INVALID_DEVELOPMENT_POLICY.error(field="required_jp_per_year", minimum=MIN_JP_PER_YEAR, value=v)

    def to_dict(self) -> dict[str, Any]:
        return {"required_jp_per_year": str(self.required_jp_per_year)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DevelopmentPolicy:
        v = data.get("required_jp_per_year")
        return cls() if v is None else cls(to_decimal(v, "required_jp_per_year", "invalid_development_policy"))


DEFAULT_DEVELOPMENT_POLICY = DevelopmentPolicy()

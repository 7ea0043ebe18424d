"""Angka kredit (credit points) for functional positions — PerBKN 3/2023.

``AK = (months / 12) × percentage(predikat) × koefisien(jenjang)``

Percentages and koefisien are HIGH and fixed here, except the Pemula koefisien (3.75, LOW), which
lives in ``AngkaKreditPolicy``. Computation uses Decimal; the result keeps the unrounded value and
a display value rounded half-up to ``display_places`` (default 3: 2.0833… → 2.083).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from merit_evaluation.rules.errors import INVALID_ANGKA_KREDIT_POLICY, INVALID_ANGKA_KREDIT_POLICY_KOEFISIEN_PEMULA_MUST_DECIMAL
from merit_shared.vocab import Predikat

from ._common import parse_enum, require_int, to_decimal
from .predikat import parse_predikat


class Jenjang(StrEnum):
    """Jenjang of a functional position (keterampilan then keahlian)."""

    PEMULA = "PEMULA"
    TERAMPIL = "TERAMPIL"
    MAHIR = "MAHIR"
    PENYELIA = "PENYELIA"
    AHLI_PERTAMA = "AHLI_PERTAMA"
    AHLI_MUDA = "AHLI_MUDA"
    AHLI_MADYA = "AHLI_MADYA"
    AHLI_UTAMA = "AHLI_UTAMA"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").title()


#: Percentage of the koefisien earned per predikat (HIGH).
PREDIKAT_PERCENTAGE: Mapping[Predikat, Decimal] = MappingProxyType({
    Predikat.SANGAT_BAIK: Decimal(150),
    Predikat.BAIK: Decimal(100),
    Predikat.BUTUH_PERBAIKAN: Decimal(75),
    Predikat.KURANG: Decimal(50),
    Predikat.SANGAT_KURANG: Decimal(25),
})

#: Yearly koefisien per jenjang (HIGH). Pemula is absent on purpose: see ``AngkaKreditPolicy``.
KOEFISIEN: Mapping[Jenjang, Decimal] = MappingProxyType({
    Jenjang.TERAMPIL: Decimal("5"),
    Jenjang.MAHIR: Decimal("12.5"),
    Jenjang.PENYELIA: Decimal("25"),
    Jenjang.AHLI_PERTAMA: Decimal("12.5"),
    Jenjang.AHLI_MUDA: Decimal("25"),
    Jenjang.AHLI_MADYA: Decimal("37.5"),
    Jenjang.AHLI_UTAMA: Decimal("50"),
})


@dataclass(frozen=True)
class AngkaKreditPolicy:
    """LOW/presentation settings for angka kredit.

    ``koefisien_pemula``: yearly koefisien of Pemula (3.75, LOW confidence).
    ``display_places``: decimals of the rounded display value (half-up).
    """

    koefisien_pemula: Decimal = Decimal("3.75")
    display_places: int = 3

    def __post_init__(self) -> None:
        if not isinstance(self.koefisien_pemula, Decimal) or self.koefisien_pemula <= 0:
            raise INVALID_ANGKA_KREDIT_POLICY_KOEFISIEN_PEMULA_MUST_DECIMAL.error(field="koefisien_pemula")
        if isinstance(self.display_places, bool) or not isinstance(self.display_places, int) or not 0 <= self.display_places <= 6:
            raise INVALID_ANGKA_KREDIT_POLICY.error(field="display_places")

    def to_dict(self) -> dict[str, Any]:
        return {"koefisien_pemula": str(self.koefisien_pemula), "display_places": self.display_places}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AngkaKreditPolicy:
        d = cls()
        kp = data.get("koefisien_pemula")
        return cls(
            koefisien_pemula=d.koefisien_pemula if kp is None else to_decimal(kp, "koefisien_pemula", "invalid_angka_kredit_policy"),
            display_places=data.get("display_places", d.display_places),
        )


DEFAULT_ANGKA_KREDIT_POLICY = AngkaKreditPolicy()


@dataclass(frozen=True)
class AngkaKredit:
    """Result of ``angka_kredit``: ``value`` unrounded, ``display`` rounded; inputs echoed for audit."""

    value: Decimal
    display: Decimal
    jenjang: Jenjang
    predikat: Predikat
    months: int
    percentage: Decimal
    koefisien: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": str(self.value),
            "display": str(self.display),
            "jenjang": self.jenjang.value,
            "predikat": self.predikat.value,
            "months": self.months,
            "percentage": str(self.percentage),
            "koefisien": str(self.koefisien),
        }


def parse_jenjang(value: Any, field: str = "jenjang") -> Jenjang:
    return parse_enum(Jenjang, value, field, code="invalid_jenjang")


def koefisien(jenjang: Jenjang | str, policy: AngkaKreditPolicy = DEFAULT_ANGKA_KREDIT_POLICY) -> Decimal:
    """Yearly koefisien of a jenjang (Pemula from the policy)."""
    j = parse_jenjang(jenjang)
    return policy.koefisien_pemula if j is Jenjang.PEMULA else KOEFISIEN[j]


def percentage(p: Predikat | str) -> Decimal:
    """Percentage (e.g. 150 for Sangat Baik) of the koefisien earned for a predikat."""
    return PREDIKAT_PERCENTAGE[parse_predikat(p)]


def angka_kredit(
    jenjang: Jenjang | str,
    predikat: Predikat | str,
    months: int,
    policy: AngkaKreditPolicy = DEFAULT_ANGKA_KREDIT_POLICY,
) -> AngkaKredit:
    """Angka kredit earned in ``months`` (1..12) with ``predikat`` at ``jenjang``."""
    j = parse_jenjang(jenjang)
    p = parse_predikat(predikat)
    m = require_int(months, "months", 1, 12, code="invalid_months")
    pct = PREDIKAT_PERCENTAGE[p]
    koef = koefisien(j, policy)
    value = (Decimal(m) * pct * koef) / Decimal(1200)  # (m/12) × (pct/100) × koef, one division
    display = value.quantize(Decimal(1).scaleb(-policy.display_places), rounding=ROUND_HALF_UP)
    return AngkaKredit(value=value, display=display, jenjang=j, predikat=p, months=m, percentage=pct, koefisien=koef)

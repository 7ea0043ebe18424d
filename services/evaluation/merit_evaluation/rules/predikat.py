"""Employee performance predikat — PermenPANRB 6/2022 (HIGH).

The predikat is computed by the server from the rating of *hasil kerja* (rows) and of
*perilaku kerja* (columns); a client never supplies it::

    hasil \\ perilaku | Di Atas         | Sesuai          | Di Bawah
    Di Atas          | Sangat Baik     | Baik            | Kurang/Misconduct
    Sesuai           | Baik            | Baik            | Kurang/Misconduct
    Di Bawah         | Butuh Perbaikan | Butuh Perbaikan | Sangat Kurang

Note the (Di Atas, Di Bawah) cell is Kurang/Misconduct (some public implementations get it wrong).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from merit_shared.vocab import Predikat

from ._common import parse_enum


class Rating(StrEnum):
    """Rating of hasil kerja or perilaku kerja."""

    DI_ATAS_EKSPEKTASI = "DI_ATAS_EKSPEKTASI"
    SESUAI_EKSPEKTASI = "SESUAI_EKSPEKTASI"
    DI_BAWAH_EKSPEKTASI = "DI_BAWAH_EKSPEKTASI"

    @property
    def label(self) -> str:
        return _RATING_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _RATING_LABELS[self][1]


_RATING_LABELS = {
    Rating.DI_ATAS_EKSPEKTASI: ("Di Atas Ekspektasi", "Above expectations"),
    Rating.SESUAI_EKSPEKTASI: ("Sesuai Ekspektasi", "Meets expectations"),
    Rating.DI_BAWAH_EKSPEKTASI: ("Di Bawah Ekspektasi", "Below expectations"),
}


#: Indonesian and English label of each predikat (``KURANG`` is "Kurang/Misconduct").
PREDIKAT_LABELS: Mapping[Predikat, tuple[str, str]] = MappingProxyType({
    Predikat.SANGAT_BAIK: ("Sangat Baik", "Very good"),
    Predikat.BAIK: ("Baik", "Good"),
    Predikat.BUTUH_PERBAIKAN: ("Butuh Perbaikan", "Needs improvement"),
    Predikat.KURANG: ("Kurang/Misconduct", "Poor/Misconduct"),
    Predikat.SANGAT_KURANG: ("Sangat Kurang", "Very poor"),
})

#: Order of the predikat: 5 for Sangat Baik down to 1 for Sangat Kurang (higher is better).
PREDIKAT_RANK: Mapping[Predikat, int] = MappingProxyType({
    Predikat.SANGAT_BAIK: 5,
    Predikat.BAIK: 4,
    Predikat.BUTUH_PERBAIKAN: 3,
    Predikat.KURANG: 2,
    Predikat.SANGAT_KURANG: 1,
})


def predikat_label(p: Predikat) -> str:
    """Indonesian label, e.g. ``"Kurang/Misconduct"``."""
    return PREDIKAT_LABELS[p][0]


def predikat_label_en(p: Predikat) -> str:
    return PREDIKAT_LABELS[p][1]


_A, _S, _B = Rating.DI_ATAS_EKSPEKTASI, Rating.SESUAI_EKSPEKTASI, Rating.DI_BAWAH_EKSPEKTASI

#: The 6/2022 matrix, keyed by (rating hasil kerja, rating perilaku kerja). HIGH: do not edit.
PREDIKAT_MATRIX: Mapping[tuple[Rating, Rating], Predikat] = MappingProxyType({
    (_A, _A): Predikat.SANGAT_BAIK,
    (_A, _S): Predikat.BAIK,
    (_A, _B): Predikat.KURANG,
    (_S, _A): Predikat.BAIK,
    (_S, _S): Predikat.BAIK,
    (_S, _B): Predikat.KURANG,
    (_B, _A): Predikat.BUTUH_PERBAIKAN,
    (_B, _S): Predikat.BUTUH_PERBAIKAN,
    (_B, _B): Predikat.SANGAT_KURANG,
})


def parse_rating(value: Any, field: str = "rating") -> Rating:
    """Return a ``Rating`` from a member or its code; raise ``Invalid`` otherwise."""
    return parse_enum(Rating, value, field, code="invalid_rating")


def parse_predikat(value: Any, field: str = "predikat") -> Predikat:
    """Return a ``Predikat`` from a member or its code; raise ``Invalid`` otherwise."""
    return parse_enum(Predikat, value, field, code="invalid_predikat")


def predikat(hasil_kerja: Rating | str, perilaku: Rating | str) -> Predikat:
    """Employee predikat for a rating of hasil kerja and a rating of perilaku kerja (6/2022 matrix)."""
    h = parse_rating(hasil_kerja, "hasil_kerja")
    p = parse_rating(perilaku, "perilaku")
    return PREDIKAT_MATRIX[(h, p)]


def rank(p: Predikat | str) -> int:
    """Ordering key: 5 (Sangat Baik) … 1 (Sangat Kurang)."""
    return PREDIKAT_RANK[parse_predikat(p)]


def at_least(p: Predikat | str, minimum: Predikat | str) -> bool:
    """True when ``p`` is ``minimum`` or better (e.g. ``at_least(SANGAT_BAIK, BAIK)``)."""
    return PREDIKAT_RANK[parse_predikat(p, "predikat")] >= PREDIKAT_RANK[parse_predikat(minimum, "minimum")]

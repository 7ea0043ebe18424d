"""Vocabulary of the recruitment rules: education levels, position kinds, ranks, predikat order, discipline spelling.

Pure data and small parsers. ``Predikat`` and ``DisciplineLevel`` are the shared wire vocabulary
(``merit_shared.vocab``); this module keys its order, labels and spelling by them.
Everything here is HIGH-confidence (PermenPANRB 6/2022; UU 20/2023; BKN golongan ruang codes) except the
``CUKUP`` alias noted on :func:`parse_predikat`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from types import MappingProxyType
from typing import Any

from merit_recruitment.rules.errors import INEXACT_NUMBER, INVALID_NUMBER, NAIVE_DATETIME
from merit_shared.vocab import DisciplineLevel, EducationLevel, Predikat

from .duration import age_on

#: Order used for "at least" comparisons. D4 and S1 share a rank, so "minimum S1/D-IV" accepts either.
EDUCATION_RANK: dict[EducationLevel, int] = {
    EducationLevel.SD: 0,
    EducationLevel.SMP: 1,
    EducationLevel.SMA: 2,
    EducationLevel.D1: 3,
    EducationLevel.D2: 4,
    EducationLevel.D3: 5,
    EducationLevel.D4: 6,
    EducationLevel.S1: 6,
    EducationLevel.S2: 7,
    EducationLevel.S3: 8,
}

_EDUCATION_ALIASES = {"D-I": "D1", "D-II": "D2", "D-III": "D3", "D-IV": "D4", "SLTA": "SMA", "SMK": "SMA",
                      "SLTP": "SMP", "DI": "D1", "DII": "D2", "DIII": "D3", "DIV": "D4"}


def parse_education(value: EducationLevel | str) -> EducationLevel:
    """Parse an education code (``S1``, ``D4``, ``D-IV``, ``SMK`` ...); raise ``ValueError`` if unknown."""
    if isinstance(value, EducationLevel):
        return value
    key = str(value).strip().upper()
    return EducationLevel(_EDUCATION_ALIASES.get(key, key))


def education_meets(actual: EducationLevel, minimum: EducationLevel) -> bool:
    """True when ``actual`` is at least ``minimum`` (D4 counts as S1 and vice versa)."""
    return EDUCATION_RANK[actual] >= EDUCATION_RANK[minimum]


class PositionKind(str, Enum):
    """Kinds of position a person can have held (UU 20/2023); JF levels are spelled out."""

    JPT_UTAMA = "JPT_UTAMA"
    JPT_MADYA = "JPT_MADYA"
    JPT_PRATAMA = "JPT_PRATAMA"
    ADMINISTRATOR = "ADMINISTRATOR"
    PENGAWAS = "PENGAWAS"
    PELAKSANA = "PELAKSANA"
    JF_AHLI_UTAMA = "JF_AHLI_UTAMA"
    JF_AHLI_MADYA = "JF_AHLI_MADYA"
    JF_AHLI_MUDA = "JF_AHLI_MUDA"
    JF_AHLI_PERTAMA = "JF_AHLI_PERTAMA"
    JF_PENYELIA = "JF_PENYELIA"
    JF_MAHIR = "JF_MAHIR"
    JF_TERAMPIL = "JF_TERAMPIL"
    JF_PEMULA = "JF_PEMULA"


#: Order of the predikat (``merit_shared.vocab.Predikat``, PermenPANRB 6/2022); higher is better.
PREDIKAT_RANK: dict[Predikat, int] = {
    Predikat.SANGAT_KURANG: 0,
    Predikat.KURANG: 1,
    Predikat.BUTUH_PERBAIKAN: 2,
    Predikat.BAIK: 3,
    Predikat.SANGAT_BAIK: 4,
}

PREDIKAT_LABEL_ID: dict[Predikat, str] = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}


def parse_predikat(value: Predikat | str) -> Predikat:
    """Parse a predikat code; the pre-2022 name ``CUKUP`` maps to ``BUTUH_PERBAIKAN``. ``ValueError`` if unknown."""
    if isinstance(value, Predikat):
        return value
    key = str(value).strip().upper().replace(" ", "_").replace("/MISCONDUCT", "").replace("_MISCONDUCT", "")
    if key == "CUKUP":
        return Predikat.BUTUH_PERBAIKAN
    return Predikat(key)


#: How this service's API and its stored records spell a discipline level (``merit_shared.vocab.DisciplineLevel``):
#: in Indonesian, as its OpenAPI has always published (``DisciplineIn.level``, ``blocking_discipline_levels``).
#: The evaluation service, the source of discipline records, sends the shared values (LIGHT/MODERATE/HEAVY).
DISCIPLINE_CODES: Mapping[DisciplineLevel, str] = MappingProxyType({
    DisciplineLevel.LIGHT: "RINGAN",
    DisciplineLevel.MODERATE: "SEDANG",
    DisciplineLevel.HEAVY: "BERAT",
})
_DISCIPLINE_BY_CODE = {code: level for level, code in DISCIPLINE_CODES.items()}


def discipline_code(level: DisciplineLevel) -> str:
    """This service's spelling of ``level`` (``MODERATE`` -> ``"SEDANG"``)."""
    return DISCIPLINE_CODES[level]


def parse_discipline_code(value: DisciplineLevel | str) -> DisciplineLevel:
    """A level from this service's spelling (``RINGAN``, ``SEDANG``, ``BERAT``); ``ValueError`` for anything else."""
    if isinstance(value, DisciplineLevel):
        return value
    try:
        return _DISCIPLINE_BY_CODE[value]
    except (KeyError, TypeError):
        raise ValueError(f"unknown discipline level {value!r}") from None


def parse_reported_discipline(value: str) -> DisciplineLevel:
    """A level as the evaluation service reports it (the shared ``LIGHT``/``MODERATE``/``HEAVY``); this service's own
    spelling is accepted too. Case-insensitive; ``ValueError`` for anything else."""
    key = str(value).upper()
    return _DISCIPLINE_BY_CODE[key] if key in _DISCIPLINE_BY_CODE else DisciplineLevel(key)


# --- Pangkat / golongan (BKN golongan ruang codes, HIGH) -----------------------------------------------

#: (golongan, BKN code, pangkat name), lowest first.
GOLONGAN: tuple[tuple[str, str, str], ...] = (
    ("I/a", "11", "Juru Muda"), ("I/b", "12", "Juru Muda Tingkat I"), ("I/c", "13", "Juru"),
    ("I/d", "14", "Juru Tingkat I"),
    ("II/a", "21", "Pengatur Muda"), ("II/b", "22", "Pengatur Muda Tingkat I"), ("II/c", "23", "Pengatur"),
    ("II/d", "24", "Pengatur Tingkat I"),
    ("III/a", "31", "Penata Muda"), ("III/b", "32", "Penata Muda Tingkat I"), ("III/c", "33", "Penata"),
    ("III/d", "34", "Penata Tingkat I"),
    ("IV/a", "41", "Pembina"), ("IV/b", "42", "Pembina Tingkat I"), ("IV/c", "43", "Pembina Utama Muda"),
    ("IV/d", "44", "Pembina Utama Madya"), ("IV/e", "45", "Pembina Utama"),
)
_GOLONGAN_ORDER: dict[str, int] = {}
for _i, (_gol, _bkn, _name) in enumerate(GOLONGAN):
    _GOLONGAN_ORDER[_gol.upper()] = _i
    _GOLONGAN_ORDER[_bkn] = _i


def golongan_order(value: str) -> int:
    """Order index of a PNS golongan (``"IV/b"``, case-insensitive, or BKN code ``"42"``); I/a is 0.

    Raises ``ValueError`` for anything else (including PPPK golongan I-XVII, which have no PNS order).
    """
    key = str(value).strip().upper().replace(" ", "")
    if key not in _GOLONGAN_ORDER:
        raise ValueError(f"unknown golongan {value!r}")
    return _GOLONGAN_ORDER[key]


def normalize_golongan(value: str) -> str:
    """Canonical spelling (``"iv/B"`` or ``"42"`` -> ``"IV/b"``)."""
    return GOLONGAN[golongan_order(value)][0]


# --- Small helpers shared by the rule modules -------------------------------------------------------------

def to_decimal(value: Any, field: str) -> Decimal:
    """Exact Decimal from int/Decimal/str; floats and bools are refused (they are inexact or a mistake)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise INEXACT_NUMBER.error(field=field, field_name=field)
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        d = Decimal("NaN")
    if not d.is_finite():
        raise INVALID_NUMBER.error(field=field, field_name=field, value=value)
    return d


def require_aware(value: datetime, field: str) -> datetime:
    """Refuse naive datetimes: every timestamp in these rules is compared in UTC."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise NAIVE_DATETIME.error(field=field, field_name=field)
    return value


def years_before(d: date, years: int) -> date:
    """Same calendar day ``years`` earlier; 29 February falls back to 28 February."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return d.replace(year=d.year - years, day=28)


def age_in_completed_years(birth_date: date, on: date) -> int:
    """Completed years of age on ``on``. Someone born on 29 February turns a year older on 1 March in
    non-leap years (the birthday has not been reached on 28 February)."""
    return age_on(birth_date, on)  # one calendar convention for age and tenure

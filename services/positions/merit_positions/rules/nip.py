"""NIP (Nomor Induk Pegawai), 18 digits (HIGH, BKN NIP format).

Layout: ``YYYYMMDD`` birth date, ``YYYYMM`` TMT CPNS, ``G`` gender (1 male, 2 female), ``NNN`` sequence.
The NIP encodes facts that other data must agree with, so it is parsed once into :class:`Nip` and
every failure names the part that is wrong so the operator can fix exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from merit_shared.errors import Invalid

NIP_LENGTH = 18
MIN_CPNS_AGE = 18
_DIGITS = frozenset("0123456789")


class Gender(StrEnum):
    """Gender as used in Indonesian personnel records: L (laki-laki) / P (perempuan)."""

    L = "L"
    P = "P"

    @property
    def label_id(self) -> str:
        return "laki-laki" if self is Gender.L else "perempuan"

    @property
    def label_en(self) -> str:
        return "male" if self is Gender.L else "female"


_GENDER_DIGIT = {"1": Gender.L, "2": Gender.P}


@dataclass(frozen=True)
class Nip:
    """A valid NIP and the facts it encodes."""

    value: str  # the 18 digits, no spaces
    birth_date: date
    tmt_cpns: date  # first day of the CPNS month
    gender: Gender
    sequence: str  # "001"; kept as text to preserve leading zeros

    @property
    def formatted(self) -> str:
        """Display form ``19660801 198803 1 001``."""
        v = self.value
        return f"{v[:8]} {v[8:14]} {v[14]} {v[15:]}"

    def __str__(self) -> str:
        return self.value


def _invalid(code: str, message_id: str, message_en: str, field: str, **extra: object) -> Invalid:
    return Invalid(code=code, message_id=message_id, message_en=message_en, field=field, **extra)


def normalize_nip(raw: object, field: str = "nip") -> str:
    """Strip whitespace and check the NIP is exactly 18 ASCII digits."""
    if not isinstance(raw, str):
        raise _invalid("nip_not_text",
                       "NIP harus berupa teks 18 angka, mis. '196608011988031001'.",
                       "The NIP must be text of 18 digits, e.g. '196608011988031001'.", field)
    digits = "".join(raw.split())
    bad = sorted({c for c in digits if c not in _DIGITS})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        raise _invalid("nip_invalid_characters",
                       f"NIP hanya boleh berisi angka 0-9 (spasi diabaikan); ditemukan {shown}. "
                       "Hapus karakter tersebut.",
                       f"A NIP may contain only digits 0-9 (spaces are ignored); found {shown}. Remove them.",
                       field, characters=bad)
    if len(digits) != NIP_LENGTH:
        raise _invalid("nip_invalid_length",
                       f"NIP harus 18 angka, tetapi berisi {len(digits)} angka. Periksa angka yang kurang atau lebih.",
                       f"A NIP must have 18 digits but this one has {len(digits)}. Check for missing or extra digits.",
                       field, length=len(digits))
    return digits


def _birth_date(digits: str, field: str) -> date:
    part = digits[:8]
    try:
        return date(int(part[:4]), int(part[4:6]), int(part[6:8]))
    except ValueError:
        raise _invalid("nip_invalid_birth_date",
                       f"Tanggal lahir pada NIP (angka 1-8, '{part}', format TTTTBBHH) bukan tanggal yang ada. "
                       "Periksa tahun, bulan dan tanggal lahirnya.",
                       f"The birth date in the NIP (digits 1-8, '{part}', format YYYYMMDD) is not a real date. "
                       "Check the birth year, month and day.",
                       field, part="birth_date", value=part) from None


def _tmt_cpns(digits: str, field: str) -> date:
    part = digits[8:14]
    try:
        return date(int(part[:4]), int(part[4:6]), 1)
    except ValueError:
        raise _invalid("nip_invalid_tmt_cpns",
                       f"TMT CPNS pada NIP (angka 9-14, '{part}', format TTTTBB) bukan bulan yang ada. "
                       "Periksa tahun dan bulan pengangkatan CPNS.",
                       f"The CPNS start (TMT) in the NIP (digits 9-14, '{part}', format YYYYMM) is not a real month. "
                       "Check the CPNS appointment year and month.",
                       field, part="tmt_cpns", value=part) from None


def _gender(digits: str, field: str) -> Gender:
    part = digits[14]
    if part not in _GENDER_DIGIT:
        raise _invalid("nip_invalid_gender",
                       f"Kode jenis kelamin pada NIP (angka ke-15) adalah '{part}'; harus 1 (laki-laki) "
                       "atau 2 (perempuan).",
                       f"The gender digit of the NIP (digit 15) is '{part}'; it must be 1 (male) or 2 (female).",
                       field, part="gender", value=part)
    return _GENDER_DIGIT[part]


def _check_cpns_age(birth: date, tmt: date, field: str) -> None:
    # Compared at month granularity: TMT CPNS carries only a month, so the 18th-birthday month itself is allowed.
    if (tmt.year, tmt.month) < (birth.year + MIN_CPNS_AGE, birth.month):
        earliest = f"{birth.year + MIN_CPNS_AGE:04d}{birth.month:02d}"
        raise _invalid("nip_cpns_before_18",
                       f"TMT CPNS pada NIP ({tmt:%Y%m}) lebih awal dari bulan ulang tahun ke-18 ({earliest}). "
                       "Periksa tanggal lahir atau TMT CPNS pada NIP.",
                       f"The CPNS start in the NIP ({tmt:%Y%m}) is before the month of the 18th birthday ({earliest}). "
                       "Check the birth date or the CPNS start in the NIP.",
                       field, part="tmt_cpns", earliest=earliest)


def parse_nip(raw: object, field: str = "nip") -> Nip:
    """Parse and validate a NIP (spaces allowed), raising ``Invalid`` that names the wrong part."""
    digits = normalize_nip(raw, field)
    birth = _birth_date(digits, field)
    tmt = _tmt_cpns(digits, field)
    gender = _gender(digits, field)
    _check_cpns_age(birth, tmt, field)
    return Nip(value=digits, birth_date=birth, tmt_cpns=tmt, gender=gender, sequence=digits[15:])


def is_valid_nip(raw: object) -> bool:
    """True if :func:`parse_nip` would accept ``raw``."""
    try:
        parse_nip(raw)
    except Invalid:
        return False
    return True


def parse_gender(value: Gender | str, field: str = "gender") -> Gender:
    """Accept ``Gender``, ``"L"``/``"P"`` (any case) or the NIP digits ``"1"``/``"2"``."""
    if isinstance(value, Gender):
        return value
    if isinstance(value, str):
        text = value.strip().upper()
        if text in Gender.__members__:
            return Gender[text]
        if text in _GENDER_DIGIT:
            return _GENDER_DIGIT[text]
    raise _invalid("gender_invalid",
                   f"Jenis kelamin '{value}' tidak dikenal. Isi 'L' (laki-laki) atau 'P' (perempuan).",
                   f"Unknown gender '{value}'. Use 'L' (male) or 'P' (female).", field, value=str(value))


def check_consistency(nip: Nip | str, birth_date: date | None = None, gender: Gender | str | None = None) -> Nip:
    """Reject a birth date or gender that contradicts the NIP; returns the parsed NIP."""
    parsed = nip if isinstance(nip, Nip) else parse_nip(nip)
    if birth_date is not None and birth_date != parsed.birth_date:
        raise _invalid("nip_birth_date_mismatch",
                       f"Tanggal lahir {birth_date.isoformat()} tidak sesuai dengan NIP {parsed.formatted}, "
                       f"yang mencatat {parsed.birth_date.isoformat()}. Perbaiki tanggal lahir atau NIP-nya.",
                       f"Birth date {birth_date.isoformat()} disagrees with NIP {parsed.formatted}, "
                       f"which records {parsed.birth_date.isoformat()}. Correct the birth date or the NIP.",
                       "birth_date", expected=parsed.birth_date.isoformat())
    if gender is not None:
        given = parse_gender(gender)
        if given is not parsed.gender:
            raise _invalid("nip_gender_mismatch",
                           f"Jenis kelamin {given.label_id} tidak sesuai dengan NIP {parsed.formatted}, "
                           f"yang mencatat {parsed.gender.label_id}. Perbaiki jenis kelamin atau NIP-nya.",
                           f"Gender {given.label_en} disagrees with NIP {parsed.formatted}, "
                           f"which records {parsed.gender.label_en}. Correct the gender or the NIP.",
                           "gender", expected=parsed.gender.value)
    return parsed

"""NIP (Nomor Induk Pegawai) and NI PPPK, 18 digits each.

NIP (HIGH, BKN NIP format): ``YYYYMMDD`` birth date, ``YYYYMM`` TMT CPNS, ``G`` gender (1 male, 2 female),
``NNN`` sequence. NI PPPK (MED: two independent public implementations agree): ``YYYYMMDD`` birth date, ``YYYY``
year of appointment, ``2`` (the PPPK marker, where a NIP has the CPNS month) and one digit 1-9, ``G`` gender,
``NNN`` sequence. Each number encodes facts that other data must agree with, so it is parsed once into
:class:`Nip` / :class:`PppkNumber` and every failure names the part that is wrong so the operator can fix exactly
that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from merit_positions.rules.errors import (
    APPOINTMENT_AFTER_RETIREMENT,
    GENDER_INVALID,
    NI_PPPK_APPOINTED_BEFORE_18,
    NI_PPPK_APPOINTMENT_IN_FUTURE,
    NI_PPPK_INVALID_MARKER,
    NIP_BIRTH_DATE_MISMATCH,
    NIP_CPNS_BEFORE_18,
    NIP_CPNS_IN_FUTURE,
    NIP_GENDER_MISMATCH,
    NIP_INVALID_BIRTH_DATE,
    NIP_INVALID_CHARACTERS,
    NIP_INVALID_GENDER,
    NIP_INVALID_LENGTH,
    NIP_INVALID_TMT_CPNS,
    NIP_IS_NI_PPPK,
    NIP_NOT_TEXT,
)
from merit_shared.errors import Invalid
from merit_shared.vocab import EmploymentType

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


def normalize_nip(raw: object, field: str = "nip") -> str:
    """Strip whitespace and check the NIP is exactly 18 ASCII digits."""
    if not isinstance(raw, str):
        raise NIP_NOT_TEXT.error(field=field)
    digits = "".join(raw.split())
    bad = sorted({c for c in digits if c not in _DIGITS})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        raise NIP_INVALID_CHARACTERS.error(field=field, shown=shown, extra={"characters": bad})
    if len(digits) != NIP_LENGTH:
        raise NIP_INVALID_LENGTH.error(field=field, len_digits=len(digits), extra={"length": len(digits)})
    return digits


def _birth_date(digits: str, field: str) -> date:
    part = digits[:8]
    try:
        return date(int(part[:4]), int(part[4:6]), int(part[6:8]))
    except ValueError:
        raise NIP_INVALID_BIRTH_DATE.error(field=field, part=part, extra={"part": "birth_date", "value": part}) from None


def _tmt_cpns(digits: str, field: str) -> date:
    part = digits[8:14]
    try:
        return date(int(part[:4]), int(part[4:6]), 1)
    except ValueError:
        raise NIP_INVALID_TMT_CPNS.error(field=field, part=part, extra={"part": "tmt_cpns", "value": part}) from None


def _gender(digits: str, field: str) -> Gender:
    part = digits[14]
    if part not in _GENDER_DIGIT:
        raise NIP_INVALID_GENDER.error(field=field, part=part, extra={"part": "gender", "value": part})
    return _GENDER_DIGIT[part]


def _check_cpns_age(birth: date, tmt: date, field: str) -> None:
    # Compared at month granularity: TMT CPNS carries only a month, so the 18th-birthday month itself is allowed.
    if (tmt.year, tmt.month) < (birth.year + MIN_CPNS_AGE, birth.month):
        earliest = f"{birth.year + MIN_CPNS_AGE:04d}{birth.month:02d}"
        raise NIP_CPNS_BEFORE_18.error(field=field, earliest=earliest, tmt=tmt, extra={"part": "tmt_cpns", "earliest": earliest})


def parse_nip(raw: object, field: str = "nip") -> Nip:
    """Parse and validate a NIP (spaces allowed), raising ``Invalid`` that names the wrong part."""
    digits = normalize_nip(raw, field)
    birth = _birth_date(digits, field)
    tmt = _tmt_cpns(digits, field)
    gender = _gender(digits, field)
    _check_cpns_age(birth, tmt, field)
    return Nip(value=digits, birth_date=birth, tmt_cpns=tmt, gender=gender, sequence=digits[15:])


PPPK_MARKER = "2"


@dataclass(frozen=True)
class PppkNumber:
    """A valid NI PPPK and the facts it encodes."""

    value: str
    birth_date: date
    appointment_year: int
    marker: str  # the two digits after the year: "2" and 1-9, e.g. "21"
    gender: Gender
    sequence: str

    @property
    def formatted(self) -> str:
        """Display form ``19890225 2024 21 1 013``."""
        v = self.value
        return f"{v[:8]} {v[8:12]} {v[12:14]} {v[14]} {v[15:]}"

    def __str__(self) -> str:
        return self.value


def _looks_like_pppk(digits: str) -> bool:
    return digits[12] == PPPK_MARKER and digits[13] in "123456789"


def parse_ni_pppk(raw: object, field: str = "nip") -> PppkNumber:
    """Parse and validate an NI PPPK (spaces allowed), with the same precise errors as :func:`parse_nip`."""
    digits = normalize_nip(raw, field)
    birth = _birth_date(digits, field)
    marker = digits[12:14]
    if not _looks_like_pppk(digits):
        hint_id = " Angka ini berbentuk NIP PNS; bila pegawai PNS/CPNS, ubah employment_type." if \
            marker[0] in "01" else ""
        hint_en = " This is shaped like a PNS NIP; if the employee is PNS/CPNS, change employment_type." if \
            marker[0] in "01" else ""
        raise NI_PPPK_INVALID_MARKER.error(
            field=field,
            hint_en=hint_en,
            hint_id=hint_id,
            marker=marker,
            extra={"part": "marker", "value": marker},
        )
    year = int(digits[8:12])
    if year < birth.year + MIN_CPNS_AGE:
        raise NI_PPPK_APPOINTED_BEFORE_18.error(
            field=field,
            value_1=birth.year + MIN_CPNS_AGE,
            year=year,
            extra={"part": "appointment_year", "earliest": str(birth.year + MIN_CPNS_AGE)},
        )
    gender = _gender(digits, field)
    return PppkNumber(value=digits, birth_date=birth, appointment_year=year, marker=marker, gender=gender,
                      sequence=digits[15:])


def parse_employee_number(raw: object, employment_type: EmploymentType | str, field: str = "nip"
                          ) -> Nip | PppkNumber:
    """The number of an employee by their employment type: an NI PPPK for PPPK, a NIP for PNS and CPNS.

    A PNS/CPNS given a PPPK-shaped number is told so, instead of reading the marker as CPNS month 21.
    """
    if EmploymentType(employment_type) is EmploymentType.PPPK:
        return parse_ni_pppk(raw, field)
    digits = normalize_nip(raw, field)
    if _looks_like_pppk(digits):
        raise NIP_IS_NI_PPPK.error(field=field, extra={"part": "tmt_cpns", "value": digits[12:14]})
    return parse_nip(digits, field)


def check_appointment_dates(number: Nip | PppkNumber, today: date, retirement: date, field: str = "nip") -> None:
    """Refuse a CPNS month (or PPPK year of appointment) after today, or on/after the retirement date.

    ``retirement`` is the latest retirement date the person could have (the highest BUP of the policy): nobody
    is appointed on or after it (UU 20/2023: service ends at the retirement age).
    """
    if isinstance(number, Nip):
        start, shown = number.tmt_cpns, f"{number.tmt_cpns:%Y%m}"
        if start > today:
            raise NIP_CPNS_IN_FUTURE.error(field=field, shown=shown, today=today.isoformat(), extra={"part": "tmt_cpns", "value": shown})
    else:
        start, shown = date(number.appointment_year, 1, 1), str(number.appointment_year)
        if number.appointment_year > today.year:
            raise NI_PPPK_APPOINTMENT_IN_FUTURE.error(
                field=field,
                shown=shown,
                today=today.isoformat(),
                extra={"part": "appointment_year", "value": shown},
            )
    if start >= retirement:
        raise APPOINTMENT_AFTER_RETIREMENT.error(
            field=field,
            retirement=retirement.isoformat(),
            shown=shown,
            extra={"part": "appointment", "retirement_date": retirement.isoformat()},
        )


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
    raise GENDER_INVALID.error(field=field, value=value, extra={"value": str(value)})


def check_consistency(nip: Nip | PppkNumber | str, birth_date: date | None = None,
                      gender: Gender | str | None = None) -> Nip | PppkNumber:
    """Reject a birth date or gender that contradicts the NIP (or NI PPPK); returns the parsed number."""
    parsed = nip if isinstance(nip, Nip | PppkNumber) else parse_nip(nip)
    if birth_date is not None and birth_date != parsed.birth_date:
        raise NIP_BIRTH_DATE_MISMATCH.error(
            field="birth_date",
            birth_date=birth_date.isoformat(),
            birth_date_2=parsed.birth_date.isoformat(),
            formatted=parsed.formatted,
            extra={"expected": parsed.birth_date.isoformat()},
        )
    if gender is not None:
        given = parse_gender(gender)
        if given is not parsed.gender:
            raise NIP_GENDER_MISMATCH.error(
                field="gender",
                formatted=parsed.formatted,
                label_en=given.label_en,
                label_en_2=parsed.gender.label_en,
                label_id=given.label_id,
                label_id_2=parsed.gender.label_id,
                extra={"expected": parsed.gender.value},
            )
    return parsed

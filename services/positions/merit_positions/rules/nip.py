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
        raise _invalid("ni_pppk_invalid_marker",
                       f"Angka ke-13 dan ke-14 NI PPPK adalah '{marker}'; harus '2' (penanda PPPK) diikuti angka 1-9, "
                       f"mis. '21'.{hint_id}",
                       f"Digits 13-14 of the NI PPPK are '{marker}'; they must be '2' (the PPPK marker) followed by a "
                       f"digit 1-9, e.g. '21'.{hint_en}",
                       field, part="marker", value=marker)
    year = int(digits[8:12])
    if year < birth.year + MIN_CPNS_AGE:
        raise _invalid("ni_pppk_appointed_before_18",
                       f"Tahun pengangkatan pada NI PPPK ({year}) lebih awal dari tahun ulang tahun ke-18 "
                       f"({birth.year + MIN_CPNS_AGE}). Periksa tanggal lahir atau tahun pengangkatan.",
                       f"The year of appointment in the NI PPPK ({year}) is before the year of the 18th birthday "
                       f"({birth.year + MIN_CPNS_AGE}). Check the birth date or the year of appointment.",
                       field, part="appointment_year", earliest=str(birth.year + MIN_CPNS_AGE))
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
        raise _invalid("nip_is_ni_pppk",
                       "Angka ke-13 dan ke-14 berisi penanda PPPK ('2x'), jadi ini NI PPPK, bukan NIP PNS. Bila "
                       "pegawai PPPK, isi employment_type 'PPPK'; bila PNS/CPNS, periksa bulan TMT CPNS pada NIP.",
                       "Digits 13-14 carry the PPPK marker ('2x'), so this is an NI PPPK, not a PNS NIP. If the "
                       "employee is PPPK, set employment_type 'PPPK'; if PNS/CPNS, check the CPNS month of the NIP.",
                       field, part="tmt_cpns", value=digits[12:14])
    return parse_nip(digits, field)


def check_appointment_dates(number: Nip | PppkNumber, today: date, retirement: date, field: str = "nip") -> None:
    """Refuse a CPNS month (or PPPK year of appointment) after today, or on/after the retirement date.

    ``retirement`` is the latest retirement date the person could have (the highest BUP of the policy): nobody
    is appointed on or after it (UU 20/2023: service ends at the retirement age).
    """
    if isinstance(number, Nip):
        start, shown = number.tmt_cpns, f"{number.tmt_cpns:%Y%m}"
        if start > today:
            raise _invalid("nip_cpns_in_future",
                           f"TMT CPNS pada NIP ({shown}) belum tiba (hari ini {today.isoformat()}). Periksa TMT CPNS "
                           "pada NIP.",
                           f"The CPNS start in the NIP ({shown}) lies in the future (today is {today.isoformat()}). "
                           "Check the CPNS start in the NIP.",
                           field, part="tmt_cpns", value=shown)
    else:
        start, shown = date(number.appointment_year, 1, 1), str(number.appointment_year)
        if number.appointment_year > today.year:
            raise _invalid("ni_pppk_appointment_in_future",
                           f"Tahun pengangkatan pada NI PPPK ({shown}) belum tiba (hari ini {today.isoformat()}). "
                           "Periksa tahun pengangkatannya.",
                           f"The year of appointment in the NI PPPK ({shown}) lies in the future (today is "
                           f"{today.isoformat()}). Check the year of appointment.",
                           field, part="appointment_year", value=shown)
    if start >= retirement:
        raise _invalid("appointment_after_retirement",
                       f"Pengangkatan pada nomor pegawai ({shown}) jatuh pada atau sesudah batas usia pensiun "
                       f"({retirement.isoformat()}). Periksa tanggal lahir atau tanggal pengangkatannya.",
                       f"The appointment in the employee number ({shown}) falls on or after the retirement age "
                       f"({retirement.isoformat()}). Check the birth date or the appointment date.",
                       field, part="appointment", retirement_date=retirement.isoformat())


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


def check_consistency(nip: Nip | PppkNumber | str, birth_date: date | None = None,
                      gender: Gender | str | None = None) -> Nip | PppkNumber:
    """Reject a birth date or gender that contradicts the NIP (or NI PPPK); returns the parsed number."""
    parsed = nip if isinstance(nip, Nip | PppkNumber) else parse_nip(nip)
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

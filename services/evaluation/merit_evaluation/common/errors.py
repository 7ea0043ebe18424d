"""Error codes of merit_evaluation.common: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

FORBIDDEN_YOU_MAY_ONLY_SEE = Spec(
    "forbidden", 403,
    "Anda hanya dapat melihat data Anda sendiri, bawahan yang Anda nilai, atau lingkup admin Anda.",
    "You may only see your own records, those of people you evaluate, or your admin scope.",
)

FORBIDDEN_ONLY_THE_AGENCY_ADMIN = Spec(
    "forbidden", 403,
    "Hanya admin instansi yang boleh melakukan ini.",
    "Only the agency admin may do this.",
)

FORBIDDEN_NOBODY_MAY_RATE_THEMSELVES = Spec(
    "forbidden", 403,
    "Tidak seorang pun boleh menilai dirinya sendiri; penilaian dilakukan pejabat penilai.",
    "Nobody may rate themselves; the rating is given by the evaluator (pejabat penilai).",
)

INVALID_DATE_RANGE = Spec(
    "invalid_date_range", 422,
    "Tanggal akhir tidak boleh sebelum tanggal mulai; perbaiki tanggal akhirnya.",
    "The end date must not be before the start date; correct the end date.",
)

FUTURE_YEAR = Spec(
    "future_year", 422,
    "Tahun {year} belum dimulai; hanya tahun berjalan atau yang sudah lewat yang dapat dicatat.",
    "Year {year} has not started; only the current or a past year can be recorded.",
)

"""Error codes of merit_evaluation.angka_kredit: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

ANGKA_KREDIT_OVERLAP = Spec(
    "angka_kredit_overlap", 409,
    "Periode ini tumpang tindih dengan angka kredit yang sudah dicatat.",
    "This period overlaps angka kredit already recorded for the employee.",
)

NOT_FUNCTIONAL = Spec(
    "not_functional", 409,
    "Angka kredit hanya untuk pegawai pada jabatan fungsional dengan jenjang.",
    "Angka kredit is only for employees in a functional position with a jenjang.",
)

PERIOD_SPANS_YEARS = Spec(
    "period_spans_years", 422,
    "Periode angka kredit harus dalam satu tahun (satu predikat tahunan).",
    "An angka kredit period must lie within one year (one annual predikat).",
)

RATING_MISSING = Spec(
    "rating_missing", 409,
    "Belum ada rating tahunan {year}; catat rating dulu.",
    "There is no annual rating for {year} yet; record it first.",
)

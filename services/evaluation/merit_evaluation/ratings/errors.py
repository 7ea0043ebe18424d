"""Error codes of merit_evaluation.ratings: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

FORBIDDEN_YOU_MAY_NOT_SEE_2 = Spec(
    "forbidden", 403,
    "Anda tidak berhak melihat rating ini.",
    "You may not see this rating.",
)

FORBIDDEN_ONLY_THE_AGENCY_ADMIN_4 = Spec(
    "forbidden", 403,
    "Rating tahunan dicatat langsung hanya oleh admin instansi atau admin unit pegawai ini; pejabat penilai menilai melalui "
    "evaluasi SKP.",
    "Only the agency admin or this employee's unit admin records an annual rating directly; the evaluator rates through the SKP "
    "evaluation.",
)

RATING_EXISTS = Spec(
    "rating_exists", 409,
    "Pegawai ini sudah memiliki rating tahunan {year}; satu rating per pegawai per tahun.",
    "This employee already has an annual rating for {year}; one rating per employee per year.",
)

UNIT_RATINGS_FINAL = Spec(
    "unit_ratings_final", 409,
    "Penilaian unit ini untuk tahun {year} sudah final; rating baru tidak dapat dicatat.",
    "This unit's ratings for {year} are final; no new rating can be recorded.",
)

"""Error codes of merit_evaluation.evaluations: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

EVALUATION_EXISTS = Spec(
    "evaluation_exists", 409,
    "Evaluasi {label} untuk SKP ini sudah ada.",
    "The {label} evaluation of this SKP already exists.",
)

EVALUATION_RATED = Spec(
    "evaluation_rated", 409,
    "Evaluasi ini sudah dinilai dan terkunci.",
    "This evaluation is rated and locked.",
)

FEEDBACK_DATE_OUTSIDE_PERIOD = Spec(
    "feedback_date_outside_period", 422,
    "Tanggal catatan harus antara {year}-01-01 dan {ends_on}.",
    "The note date must be between {year}-01-01 and {ends_on}.",
)

FORBIDDEN_FEEDBACK_NOTES_ARE_WRITTEN = Spec(
    "forbidden", 403,
    "Catatan umpan balik ditulis pejabat penilai.",
    "Feedback notes are written by the evaluator.",
)

FORBIDDEN_EVALUATION_OPENED_THE_EMPLOYEE = Spec(
    "forbidden", 403,
    "Evaluasi dibuka oleh pegawai ybs atau pejabat penilainya.",
    "An evaluation is opened by the employee or their evaluator.",
)

FORBIDDEN_ONLY_THE_EVALUATOR_RECORDED = Spec(
    "forbidden", 403,
    "Hanya pejabat penilai yang tercatat pada SKP yang boleh menilai.",
    "Only the evaluator recorded on the SKP plan may rate.",
)

FORBIDDEN_REALISATION_ENTERED_THE_EMPLOYEE = Spec(
    "forbidden", 403,
    "Realisasi diisi pegawai ybs atau pejabat penilainya.",
    "Realisation is entered by the employee or their evaluator.",
)

HASIL_KERJA_DERIVED = Spec(
    "hasil_kerja_derived", 422,
    "Untuk kepala unit, rating hasil kerja diambil dari predikat kinerja organisasi unitnya; hapus rating_hasil_kerja.",
    "For a head of unit the rating of hasil kerja is the unit's organisation predikat; remove rating_hasil_kerja.",
)

INVALID_PERIOD_NUMBER = Spec(
    "invalid_period_number", 422,
    "Periode {period_number} tidak ada; gunakan 0 (tahunan) atau 1..{len_periods}.",
    "Period {period_number} does not exist; use 0 (annual) or 1..{len_periods}.",
)

ORG_PERFORMANCE_MISSING = Spec(
    "org_performance_missing", 409,
    "Predikat kinerja organisasi unit ini untuk {year} belum dicatat (POST /api/v1/org-performance).",
    "The unit's organisation predikat for {year} is not recorded yet (POST /api/v1/org-performance).",
)

PLAN_NOT_IN_PROGRESS = Spec(
    "plan_not_in_progress", 409,
    "Evaluasi hanya untuk SKP berstatus IN_PROGRESS (sekarang {state}).",
    "Evaluations are only for an SKP in state IN_PROGRESS (now {state}).",
)

RATING_REQUIRED = Spec(
    "rating_required", 422,
    "rating_hasil_kerja wajib diisi.",
    "rating_hasil_kerja is required.",
)

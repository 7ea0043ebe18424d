"""Error codes of merit_evaluation.performance: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

ANNUAL_EVALUATION_MISSING = Spec(
    "annual_evaluation_missing", 409,
    "Evaluasi tahunan belum dinilai; pejabat penilai menilai evaluasi tahunan (period_number 0) sebelum SKP difinalkan.",
    "The annual evaluation is not rated yet; the evaluator rates the annual evaluation (period_number 0) before finalising.",
)

CURVE_VIOLATED = Spec(
    "curve_violated", 409,
    "Sebaran predikat pegawai unit ini melanggar kurva distribusi; perbaiki rating sesuai pelanggaran yang disebut, atau admin "
    "dapat mengubah kebijakan ke 'warn'.",
    "The unit's employee predikat violate the distribution curve; fix the ratings named in violations, or the admin may set the "
    "policy to 'warn'.",
)

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

EVALUATOR_UNRESOLVED = Spec(
    "evaluator_unresolved", 409,
    "Pejabat penilai tidak dapat ditentukan dari struktur jabatan; admin instansi dapat menetapkannya (evaluator_employee_id).",
    "The evaluator cannot be resolved from the position hierarchy; the agency admin can set it (evaluator_employee_id).",
)

FEEDBACK_DATE_OUTSIDE_PERIOD = Spec(
    "feedback_date_outside_period", 422,
    "Tanggal catatan harus antara {year}-01-01 dan {ends_on}.",
    "The note date must be between {year}-01-01 and {ends_on}.",
)

FORBIDDEN_YOU_MAY_NOT_THIS = Spec(
    "forbidden", 403,
    "Anda tidak berhak melakukan {value} pada SKP ini.",
    "You may not {value} this SKP plan.",
)

FORBIDDEN_YOU_MAY_NOT_SEE = Spec(
    "forbidden", 403,
    "Anda tidak berhak melihat SKP ini.",
    "You may not see this SKP plan.",
)

FORBIDDEN_YOU_MAY_NOT_SEE_2 = Spec(
    "forbidden", 403,
    "Anda tidak berhak melihat rating ini.",
    "You may not see this rating.",
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

FORBIDDEN_ONLY_THE_AGENCY_ADMIN_2 = Spec(
    "forbidden", 403,
    "Hanya admin instansi yang boleh mengganti pejabat penilai atau status kepala unit.",
    "Only the agency admin may override the evaluator or the unit-head flag.",
)

FORBIDDEN_ONLY_THE_AGENCY_ADMIN_3 = Spec(
    "forbidden", 403,
    "Hanya admin instansi yang memfinalkan penilaian unit.",
    "Only the agency admin finalises a unit's ratings.",
)

FORBIDDEN_ONLY_THE_EMPLOYEE_THEIR = Spec(
    "forbidden", 403,
    "Hanya pegawai ybs (atau pejabat penilainya) yang mengubah SKP-nya.",
    "Only the employee (or their evaluator) edits the SKP plan.",
)

FORBIDDEN_ONLY_THE_EVALUATOR_RECORDED = Spec(
    "forbidden", 403,
    "Hanya pejabat penilai yang tercatat pada SKP yang boleh menilai.",
    "Only the evaluator recorded on the SKP plan may rate.",
)

FORBIDDEN_ORGANISATION_PERFORMANCE_READ_THE = Spec(
    "forbidden", 403,
    "Kinerja organisasi dibaca admin instansi atau admin unitnya.",
    "Organisation performance is read by the agency admin or the unit's admin.",
)

FORBIDDEN_ONLY_THE_AGENCY_ADMIN_4 = Spec(
    "forbidden", 403,
    "Rating tahunan dicatat langsung hanya oleh admin instansi atau admin unit pegawai ini; pejabat penilai menilai melalui "
    "evaluasi SKP.",
    "Only the agency admin or this employee's unit admin records an annual rating directly; the evaluator rates through the SKP "
    "evaluation.",
)

FORBIDDEN_REALISATION_ENTERED_THE_EMPLOYEE = Spec(
    "forbidden", 403,
    "Realisasi diisi pegawai ybs atau pejabat penilainya.",
    "Realisation is entered by the employee or their evaluator.",
)

FORBIDDEN_SKP_PLAN_CREATED_THE = Spec(
    "forbidden", 403,
    "SKP dibuat oleh pegawai sendiri atau admin instansi.",
    "An SKP plan is created by the employee or the agency admin.",
)

FUTURE_YEAR = Spec(
    "future_year", 422,
    "Tahun {year} belum dimulai; hanya tahun berjalan atau yang sudah lewat yang dapat dicatat.",
    "Year {year} has not started; only the current or a past year can be recorded.",
)

HASIL_KERJA_DERIVED = Spec(
    "hasil_kerja_derived", 422,
    "Untuk kepala unit, rating hasil kerja diambil dari predikat kinerja organisasi unitnya; hapus rating_hasil_kerja.",
    "For a head of unit the rating of hasil kerja is the unit's organisation predikat; remove rating_hasil_kerja.",
)

INVALID_PARENT_RESULT = Spec(
    "invalid_parent_result", 422,
    "parent_result_id harus hasil kerja pada SKP pejabat penilai untuk tahun {year}.",
    "parent_result_id must be a work result in the evaluator's SKP for {year}.",
)

INVALID_PERIOD_NUMBER = Spec(
    "invalid_period_number", 422,
    "Periode {period_number} tidak ada; gunakan 0 (tahunan) atau 1..{len_periods}.",
    "Period {period_number} does not exist; use 0 (annual) or 1..{len_periods}.",
)

ORG_PERFORMANCE_EXISTS = Spec(
    "org_performance_exists", 409,
    "Predikat organisasi unit ini untuk {year} sudah dicatat.",
    "The unit's organisation predikat for {year} is already recorded.",
)

ORG_PERFORMANCE_FINAL = Spec(
    "org_performance_final", 409,
    "Penilaian unit ini sudah final.",
    "This unit's ratings are final.",
)

ORG_PERFORMANCE_MISSING = Spec(
    "org_performance_missing", 409,
    "Predikat kinerja organisasi unit ini untuk {year} belum dicatat (POST /api/v1/org-performance).",
    "The unit's organisation predikat for {year} is not recorded yet (POST /api/v1/org-performance).",
)

PERIOD_EXISTS = Spec(
    "period_exists", 409,
    "Periode SKP {year} sudah ada untuk instansi ini.",
    "The SKP period {year} already exists for this agency.",
)

PERIOD_MISSING = Spec(
    "period_missing", 409,
    "Periode SKP {year} belum dibuat; admin instansi membuatnya dulu (POST /api/v1/evaluation-periods).",
    "The SKP period {year} does not exist yet; the agency admin creates it first (POST /api/v1/evaluation-periods).",
)

PLAN_EXISTS = Spec(
    "plan_exists", 409,
    "Pegawai ini sudah memiliki SKP {year}; ubah atau amandemen SKP itu.",
    "This employee already has an SKP for {year}; edit or amend that one.",
)

PLAN_INCOMPLETE = Spec(
    "plan_incomplete", 409,
    "SKP belum memiliki hasil kerja; tambahkan minimal satu hasil kerja dengan indikator.",
    "The SKP has no work results; add at least one result with indicators.",
)

PLAN_LOCKED = Spec(
    "plan_locked", 409,
    "SKP berstatus {state} tidak dapat diubah; gunakan AMEND untuk versi baru.",
    "An SKP in state {state} cannot be edited; use AMEND for a new version.",
)

PLAN_NOT_IN_PROGRESS = Spec(
    "plan_not_in_progress", 409,
    "Evaluasi hanya untuk SKP berstatus IN_PROGRESS (sekarang {state}).",
    "Evaluations are only for an SKP in state IN_PROGRESS (now {state}).",
)

PLAN_SUPERSEDED = Spec(
    "plan_superseded", 409,
    "Versi SKP ini sudah digantikan versi baru; tidak ada aksi yang diizinkan.",
    "This SKP version was superseded by a newer one; no action is allowed.",
)

RATING_EXISTS = Spec(
    "rating_exists", 409,
    "Pegawai ini sudah memiliki rating tahunan {year}; satu rating per pegawai per tahun.",
    "This employee already has an annual rating for {year}; one rating per employee per year.",
)

RATING_REQUIRED = Spec(
    "rating_required", 422,
    "rating_hasil_kerja wajib diisi.",
    "rating_hasil_kerja is required.",
)

SELF_EVALUATOR = Spec(
    "self_evaluator", 409,
    "Pegawai tidak boleh menjadi pejabat penilai dirinya sendiri; tetapkan pejabat penilai lain.",
    "An employee cannot be their own evaluator; set another evaluator.",
)

SELF_EVALUATOR_422 = Spec(
    "self_evaluator", 422,
    "Pegawai tidak boleh menjadi pejabat penilai dirinya sendiri; tetapkan pejabat penilai lain.",
    "An employee cannot be their own evaluator; set another evaluator.",
)

TOKEN_WITHOUT_AGENCY = Spec(
    "token_without_agency", 422,
    "Token tidak membawa agency_id.",
    "The token carries no agency_id.",
)

UNIT_RATINGS_FINAL = Spec(
    "unit_ratings_final", 409,
    "Penilaian unit ini untuk tahun {year} sudah final; rating baru tidak dapat dicatat.",
    "This unit's ratings for {year} are final; no new rating can be recorded.",
)

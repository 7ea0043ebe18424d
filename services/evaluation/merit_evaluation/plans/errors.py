"""Error codes of merit_evaluation.plans: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

ANNUAL_EVALUATION_MISSING = Spec(
    "annual_evaluation_missing", 409,
    "Evaluasi tahunan belum dinilai; pejabat penilai menilai evaluasi tahunan (period_number 0) sebelum SKP difinalkan.",
    "The annual evaluation is not rated yet; the evaluator rates the annual evaluation (period_number 0) before finalising.",
)

ANNUAL_PERIOD_NOT_ENDED = Spec(
    "annual_period_not_ended", 409,
    "Periode SKP tahun {year} belum berakhir; evaluasi tahunan dilakukan pada akhir periode: finalkan mulai {first_allowed}.",
    "The {year} SKP period has not ended; the annual evaluation is at the period's end: finalise from {first_allowed}.",
)

EVALUATOR_UNRESOLVED = Spec(
    "evaluator_unresolved", 409,
    "Pejabat penilai tidak dapat ditentukan dari struktur jabatan; admin instansi dapat menetapkannya (evaluator_employee_id).",
    "The evaluator cannot be resolved from the position hierarchy; the agency admin can set it (evaluator_employee_id).",
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

FORBIDDEN_ONLY_THE_AGENCY_ADMIN_2 = Spec(
    "forbidden", 403,
    "Hanya admin instansi yang boleh mengganti pejabat penilai atau status kepala unit.",
    "Only the agency admin may override the evaluator or the unit-head flag.",
)

FORBIDDEN_ONLY_THE_EMPLOYEE_THEIR = Spec(
    "forbidden", 403,
    "Hanya pegawai ybs (atau pejabat penilainya) yang mengubah SKP-nya.",
    "Only the employee (or their evaluator) edits the SKP plan.",
)

FORBIDDEN_SKP_PLAN_CREATED_THE = Spec(
    "forbidden", 403,
    "SKP dibuat oleh pegawai sendiri atau admin instansi.",
    "An SKP plan is created by the employee or the agency admin.",
)

INVALID_PARENT_RESULT = Spec(
    "invalid_parent_result", 422,
    "parent_result_id harus hasil kerja pada SKP pejabat penilai untuk tahun {year}.",
    "parent_result_id must be a work result in the evaluator's SKP for {year}.",
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

PLAN_SUPERSEDED = Spec(
    "plan_superseded", 409,
    "Versi SKP ini sudah digantikan versi baru; tidak ada aksi yang diizinkan.",
    "This SKP version was superseded by a newer one; no action is allowed.",
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

"""Error codes of merit_evaluation.competency: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

COMPETENCY_EXISTS = Spec(
    "competency_exists", 409,
    "Kode kompetensi {code} sudah ada.",
    "Competency code {code} exists.",
)

FUTURE_DATE = Spec(
    "future_date", 422,
    "assessed_on tidak boleh di masa depan; catat asesmen yang sudah dilaksanakan.",
    "assessed_on must not be in the future; record an assessment that has taken place.",
)

INVALID_COMPETENCY_LEVEL = Spec(
    "invalid_competency_level", 422,
    "{value_1} harus bilangan bulat {level_min} sampai {level_max}, bukan {level!r}.",
    "{value_1} must be a whole number from {level_min} to {level_max}, not {level!r}.",
)

INVALID_LEVEL = Spec(
    "invalid_level", 422,
    "Kunci level_descriptions harus '1'..'5'.",
    "level_descriptions keys must be '1'..'5'.",
)

JOB_NOT_FOUND = Spec(
    "job_not_found", 422,
    "Jabatan (katalog) dengan id {job_id} tidak ada di instansi Anda; periksa job_id.",
    "Job {job_id} does not exist in your agency; check job_id.",
)

NO_CURRENT_POSITION = Spec(
    "no_current_position", 409,
    "Pegawai tidak memiliki jabatan saat ini; sebutkan position_id.",
    "The employee has no current position; give position_id.",
)

UNKNOWN_COMPETENCY = Spec(
    "unknown_competency", 422,
    "Kode kompetensi {code} tidak dikenal; daftarkan dulu kompetensi teknis di /api/v1/competencies.",
    "Unknown competency code {code}; register technical competencies at /api/v1/competencies first.",
)

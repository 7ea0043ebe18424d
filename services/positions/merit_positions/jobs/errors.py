"""Error codes of merit_positions.jobs: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

JOB_CODE_TAKEN = Spec(
    "job_code_taken", 409,
    "Kode jabatan sudah dipakai (huruf besar/kecil tidak dibedakan); pilih kode lain.",
    "This job code is already used (letter case is ignored); choose another code.",
)

COMPETENCY_CODE_UNDEFINED = Spec(
    "competency_code_undefined", 422,
    "Kode kompetensi {codes} tidak ada dalam kamus kompetensi instansi; kompetensi teknis didaftarkan dulu di /api/v1/competencies.",
    "Competency code {codes} is not in the agency's competency dictionary; define technical ones at /api/v1/competencies first.",
)

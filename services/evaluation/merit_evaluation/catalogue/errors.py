"""Error codes of merit_evaluation.catalogue: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

UNKNOWN_ACTIVITY_COMPETENCY = Spec(
    "unknown_activity_competency", 422,
    "Kode kompetensi {code} tidak ada di kamus kompetensi; gunakan kode nasional atau daftarkan kompetensi teknis "
    "di /api/v1/competencies.",
    "Competency code {code} is not in the competency dictionary; use a national code or register the technical "
    "competency at /api/v1/competencies.",
)

INVALID_RAISES_TO_LEVEL = Spec(
    "invalid_raises_to_level", 422,
    "Level yang dicapai untuk {code} harus bilangan bulat 1 sampai 5, bukan {level!r}.",
    "The level {code} is raised to must be a whole number from 1 to 5, not {level!r}.",
)

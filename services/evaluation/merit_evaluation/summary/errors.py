"""Error codes of merit_evaluation.summary: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

AS_OF_OUT_OF_RANGE = Spec(
    "as_of_out_of_range", 422,
    "as_of harus antara {value_1}-01-01 dan {year_max}-12-31.",
    "as_of must be between {value_1}-01-01 and {year_max}-12-31.",
)

FORBIDDEN_THIS_SUMMARY_FOR_SERVICES = Spec(
    "forbidden", 403,
    "Ringkasan ini hanya untuk layanan, admin instansi/unit, pegawai ybs, dan pejabat penilainya.",
    "This summary is for services, agency/unit admins, the employee and their evaluator only.",
)

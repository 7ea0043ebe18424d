"""Error codes of merit_evaluation.org_performance: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

CURVE_VIOLATED = Spec(
    "curve_violated", 409,
    "Sebaran predikat pegawai unit ini melanggar kurva distribusi; perbaiki rating sesuai pelanggaran yang disebut, atau admin "
    "dapat mengubah kebijakan ke 'warn'.",
    "The unit's employee predikat violate the distribution curve; fix the ratings named in violations, or the admin may set the "
    "policy to 'warn'.",
)

FORBIDDEN_ONLY_THE_AGENCY_ADMIN_3 = Spec(
    "forbidden", 403,
    "Hanya admin instansi yang memfinalkan penilaian unit.",
    "Only the agency admin finalises a unit's ratings.",
)

FORBIDDEN_ORGANISATION_PERFORMANCE_READ_THE = Spec(
    "forbidden", 403,
    "Kinerja organisasi dibaca admin instansi atau admin unitnya.",
    "Organisation performance is read by the agency admin or the unit's admin.",
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

"""Error codes of merit_recruitment.decision: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

APPLICANT_NOT_IN_REGISTRY = Spec(
    "applicant_not_in_registry", 409,
    "NIP {nip} belum terdaftar di data kepegawaian; catat perpindahannya di layanan positions terlebih dahulu.",
    "NIP {nip} is not in the employee registry; record the transfer in positions first.",
)

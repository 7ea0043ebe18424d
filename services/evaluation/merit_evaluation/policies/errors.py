"""Error codes of merit_evaluation.policies: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

INVALID_CURVE_ENFORCEMENT = Spec(
    "invalid_curve_enforcement", 422,
    "curve_enforcement harus 'block' atau 'warn'.",
    "curve_enforcement must be 'block' or 'warn'.",
)

"""Error codes of merit_evaluation.training_needs: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

FORBIDDEN_THE_TRAINING_NEEDS_ANALYSIS = Spec(
    "forbidden", 403,
    "Analisis kebutuhan pelatihan dibaca admin instansi, atau admin unit untuk unit di lingkupnya.",
    "The training-needs analysis is read by the agency admin, or by a unit admin for a unit in their subtree.",
)

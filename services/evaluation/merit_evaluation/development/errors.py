"""Error codes of merit_evaluation.development: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

DURATION_TOO_SHORT = Spec(
    "duration_too_short", 422,
    "Durasi kurang dari 1 menit; isi jp minimal 0.03 (1 JP = 45 menit).",
    "The duration is under 1 minute; give jp of at least 0.03 (1 JP = 45 minutes).",
)

FORBIDDEN_THE_UNIT_COMPLIANCE_LIST = Spec(
    "forbidden", 403,
    "Daftar kepatuhan unit dibaca admin instansi atau admin unit itu.",
    "The unit compliance list is read by the agency admin or that unit's admin.",
)

PLAN_ITEM_MISMATCH = Spec(
    "plan_item_mismatch", 422,
    "plan_item_id harus kegiatan rencana pengembangan pegawai yang sama pada tahun kegiatan dimulai.",
    "plan_item_id must be an activity of the same employee's development plan for the year the activity started.",
)

DEVELOPMENT_PLAN_NOT_APPROVED = Spec(
    "development_plan_not_approved", 409,
    "Rencana pengembangan belum disetujui (status {state}); catatan merealisasikan kegiatan rencana yang APPROVED.",
    "The development plan is not approved (state {state}); a record realises an activity of an APPROVED plan.",
)

"""Error codes of merit_recruitment.common: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

DUPLICATE_DOCUMENT = Spec(
    "duplicate_document", 422,
    "Dokumen '{code}' disebut dua kali; sebut setiap dokumen sekali.",
    "Document '{code}' is listed twice; list each document once.",
)

FORBIDDEN_THIS_SELECTION_COMMITTEE_RECORDS = Spec(
    "forbidden", 403,
    "Data panitia seleksi ini hanya untuk admin instansi, PPK, dan panitia seleksi ini.",
    "This selection's committee records are for the agency admin, the PPK and this selection's committee only.",
)

FORBIDDEN_YOUR_ROLE_MAY_NOT = Spec(
    "forbidden", 403,
    "Peran Anda tidak berhak melakukan tindakan ini pada seleksi ini.",
    "Your role may not perform this action on this selection.",
)

SCREENING_INCOMPLETE = Spec(
    "screening_incomplete", 409,
    "{len_pending} lamaran belum selesai diverifikasi dan diperiksa ulang.",
    "{len_pending} applications are not fully verified and second-checked yet.",
)

UNKNOWN_FILTER_VALUE = Spec(
    "unknown_filter_value", 422,
    "Nilai '{value}' untuk {name} tidak dikenal; gunakan salah satu: {join_options}.",
    "Unknown value '{value}' for {name}; use one of: {join_options}.",
)

UNKNOWN_POSITION = Spec(
    "unknown_position", 422,
    "Jabatan tidak termasuk seleksi ini; pilih salah satu position_ids seleksi.",
    "The position is not part of this selection; choose one of its position_ids.",
)

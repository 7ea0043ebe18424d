"""Error codes of merit_recruitment.history: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

FORBIDDEN_ONLY_APPLICANT_HISTORY = Spec(
    "forbidden", 403,
    "Hanya pelamar sendiri yang dapat menyatakan, mengubah atau menghapus riwayatnya beserta SK-nya.",
    "Only the applicant themself can declare, change or delete their history and its SK.",
)

FORBIDDEN_ONLY_ADMIN_VERIFIES_HISTORY = Spec(
    "forbidden", 403,
    "Hanya admin instansi (verifikator BKPSDM) yang dapat memverifikasi atau menolak riwayat yang dinyatakan.",
    "Only the agency admin (the BKPSDM verifier) can verify or reject declared history.",
)

HISTORY_LOCKED = Spec(
    "history_locked", 409,
    "Riwayat hanya dapat dinyatakan, diubah atau dihapus selama pendaftaran dibuka dan sebelum diputuskan "
    "(status seleksi {status}, status riwayat {entry_status}).",
    "History can be declared, changed or deleted only while registration is open and before it is decided "
    "(selection status {status}, entry status {entry_status}).",
)

HISTORY_NOT_DECIDABLE = Spec(
    "history_not_decidable", 409,
    "Riwayat ini tidak dapat diputuskan sekarang (status riwayat {entry_status}, lamaran {app_status}, "
    "seleksi {status}).",
    "This history entry cannot be decided now (entry status {entry_status}, application {app_status}, "
    "selection {status}).",
)

SK_DOCUMENT_MISSING = Spec(
    "sk_document_missing", 409,
    "Dokumen SK riwayat ini belum diunggah; riwayat tidak dapat diverifikasi tanpa bukti SK.",
    "The SK document of this history entry has not been uploaded; it cannot be verified without it.",
)

REJECTION_REASON_REQUIRED = Spec(
    "rejection_reason_required", 422,
    "Penolakan riwayat wajib disertai alasan.",
    "A rejected history entry needs a reason.",
)

HISTORY_DATE_IN_FUTURE = Spec(
    "history_date_in_future", 422,
    "Tanggal {name} tidak boleh setelah hari ini ({today}).",
    "The {name} date cannot be after today ({today}).",
)

HISTORY_PERIOD_REVERSED = Spec(
    "history_period_reversed", 422,
    "Tanggal selesai jabatan ({end}) sebelum tanggal mulai ({start}).",
    "The post's end date ({end}) is before its start date ({start}).",
)

HISTORY_FIELDS_FOR_TYPE = Spec(
    "history_fields_for_type", 422,
    "Riwayat {entry_type} memerlukan {need} dan tidak memuat {others}.",
    "A {entry_type} entry needs {need} and carries no {others}.",
)

INVALID_HISTORY_RANK = Spec(
    "invalid_history_rank", 422,
    "Golongan '{value}' tidak dikenal (I/a s.d. IV/e).",
    "Golongan '{value}' is not recognised (I/a to IV/e).",
)

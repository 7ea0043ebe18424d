"""Error codes of merit_recruitment.announcements: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

ALREADY_CORRECTED = Spec(
    "already_corrected", 409,
    "Pengumuman ini sudah dikoreksi; koreksi pengumuman koreksinya.",
    "This announcement was already corrected; correct the correction instead.",
)

APPEAL_DECIDED = Spec(
    "appeal_decided", 409,
    "Sanggahan sudah diputus ({status}).",
    "The appeal was already decided ({status}).",
)

APPEAL_EXISTS = Spec(
    "appeal_exists", 409,
    "Anda sudah mengajukan sanggahan atas pengumuman ini.",
    "You already appealed against this announcement.",
)

APPEAL_WINDOW_CLOSED = Spec(
    "appeal_window_closed", 409,
    "Masa sanggah berakhir pada {appeal_deadline}; sanggahan tidak dapat diterima.",
    "The appeal window closed at {appeal_deadline}; the appeal cannot be accepted.",
)

CORRECTION_NEEDS_TARGET = Spec(
    "correction_needs_target", 422,
    "Koreksi wajib menyebut corrects_id dan correction_reason.",
    "A correction needs corrects_id and correction_reason.",
)

NOT_APPEALABLE = Spec(
    "not_appealable", 409,
    "Pengumuman pembukaan tidak dapat disanggah.",
    "The opening announcement cannot be appealed.",
)

OPENING_NOT_CORRECTABLE = Spec(
    "opening_not_correctable", 409,
    "Pengumuman pembukaan tidak dapat dikoreksi: persyaratan yang diumumkan berlaku. Batalkan seleksi bila perlu.",
    "The opening announcement cannot be corrected: what was announced applies. Cancel the selection if needed.",
)

STAGE_CODE_REQUIRED = Spec(
    "stage_code_required", 422,
    "Pengumuman tahap memerlukan stage_code: {join_codes}.",
    "A stage announcement needs stage_code: {join_codes}.",
)

STAGE_NOT_FINISHED = Spec(
    "stage_not_finished", 409,
    "Tahap '{stage_code}' belum selesai; umumkan setelah tahap berikutnya dimulai (advance-stage).",
    "Stage '{stage_code}' is not finished; announce it after advance-stage.",
)

STAGES_UNFINISHED = Spec(
    "stages_unfinished", 409,
    "Hasil akhir baru dapat diumumkan setelah semua tahap selesai.",
    "Final results can be announced only after every stage is finished.",
)

TOO_EARLY = Spec(
    "too_early", 409,
    "Hasil seleksi administrasi baru dapat diumumkan setelah pendaftaran ditutup.",
    "Screening results can be announced only after registration closes.",
)

UNKNOWN_KIND = Spec(
    "unknown_kind", 422,
    "Jenis pengumuman tidak dikenal; gunakan SCREENING, STAGE, FINAL atau CORRECTION.",
    "Unknown announcement kind; use SCREENING, STAGE, FINAL or CORRECTION.",
)

UNKNOWN_STAGE = Spec(
    "unknown_stage", 422,
    "Tahap '{stage_code}' tidak ada; gunakan salah satu: {join_codes}.",
    "Stage '{stage_code}' does not exist; use one of: {join_codes}.",
)

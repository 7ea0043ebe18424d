"""Error codes of merit_recruitment.selections: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

AGENCY_REQUIRED = Spec(
    "agency_required", 422,
    "Token Anda tidak memuat agency_id; isi agency_id.",
    "Your token carries no agency_id; give agency_id.",
)

FORBIDDEN_THE_RANKING_FOR_THE = Spec(
    "forbidden", 403,
    "Peringkat seleksi hanya untuk admin instansi, PPK, dan panitia seleksi ini.",
    "The ranking is for the agency admin, the PPK and this selection's committee only.",
)

INAUGURATION_BEFORE_SCHEDULE_END = Spec(
    "inauguration_before_schedule_end", 422,
    "Tanggal pelantikan {planned_inauguration_date} harus setelah tanggal terakhir jadwal ({last}); mundurkan "
    "planned_inauguration_date atau majukan jadwal.",
    "The planned inauguration {planned_inauguration_date} must come after the last scheduled date ({last}); move "
    "planned_inauguration_date later or the schedule earlier.",
)

INVALID_POLICY = Spec(
    "invalid_policy", 422,
    "Kebijakan '{name}' tidak valid: {exc}. Periksa nama dan nilai kolomnya.",
    "Policy '{name}' is invalid: {exc}. Check its field names and values.",
)

NO_POSITIONS = Spec(
    "no_positions", 422,
    "Seleksi belum memiliki jabatan; isi position_ids sebelum diumumkan.",
    "The selection has no positions; set position_ids before announcing.",
)

NO_QUALIFIED_APPLICANTS = Spec(
    "no_qualified_applicants", 409,
    "Tidak ada pelamar yang memenuhi syarat; perpanjang atau batalkan.",
    "No applicant qualified; extend or cancel the selection.",
)

NOT_EDITABLE = Spec(
    "not_editable", 409,
    "Seleksi hanya dapat diubah selama DRAFT; yang sudah diumumkan tidak boleh berubah. Batalkan dan buat seleksi baru bila perlu.",
    "A selection can only be edited while DRAFT; what was announced may not change. Cancel it and create a new one if needed.",
)

POSITION_KIND_MISMATCH = Spec(
    "position_kind_mismatch", 409,
    "Jabatan {name} berjenis {job_kind}, bukan {kind}; pilih jabatan yang sesuai jenis seleksi.",
    "Position {name} is of kind {job_kind}, not {kind}; choose positions of the selection's kind.",
)

POSITION_NOT_IN_AGENCY = Spec(
    "position_not_in_agency", 422,
    "Jabatan {pid} tidak ditemukan di instansi ini; perbaiki position_ids[{i}].",
    "Position {pid} was not found in this agency; fix position_ids[{i}].",
)

POSITION_NOT_VACANT = Spec(
    "position_not_vacant", 409,
    "Jabatan {name} tidak lowong (terisi {filled}/{required_seats}); hapus dari seleksi.",
    "Position {name} is not vacant (filled {filled}/{required_seats}); remove it from the selection.",
)

REASON_REQUIRED = Spec(
    "reason_required", 422,
    'Pendaftaran dijadwalkan berakhir {end}; menutupnya lebih awal memerlukan alasan. Kirim {{"reason": "..."}} (minimal 3 '
    "karakter); alasan dicatat dalam riwayat.",
    'Registration is scheduled to end on {end}; closing it early needs a reason. Send {{"reason": "..."}} (at least 3 characters); '
    "it is recorded in the history.",
)

REQUIREMENTS_UNREADABLE = Spec(
    "requirements_unreadable", 422,
    "Persyaratan tidak valid ({exc}); periksa nilai yang dikirim.",
    "Invalid requirements ({exc}); check the values sent.",
)

SCHEDULE_PASSED = Spec(
    "schedule_passed", 409,
    "Jadwal pengumuman dimulai {start}, sebelum hari ini; perbarui schedule (PATCH) agar pengumuman dimulai hari ini atau nanti, "
    "lalu umumkan.",
    "The announcement was scheduled to start on {start}, before today; update the schedule (PATCH) so the announcement starts today "
    "or later, then announce.",
)

SCHEDULE_REQUIRED = Spec(
    "schedule_required", 409,
    "Seleksi belum memiliki jadwal; isi schedule terlebih dahulu.",
    "The selection has no schedule; set schedule first.",
)

SCHEDULE_REQUIRED_422 = Spec(
    "schedule_required", 422,
    "Seleksi belum memiliki jadwal; isi schedule terlebih dahulu.",
    "The selection has no schedule; set schedule first.",
)

STAGE_DATES_COUNT = Spec(
    "stage_dates_count", 422,
    "stage_dates berisi {len_stage_dates} tanggal; isi tepat {stage_count} (satu per tahap) atau kosongkan.",
    "stage_dates holds {len_stage_dates} dates; give exactly {stage_count} (one per stage) or none.",
)

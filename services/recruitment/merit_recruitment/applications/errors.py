"""Error codes of merit_recruitment.applications: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

ALREADY_APPLIED = Spec(
    "already_applied", 409,
    "NIP {nip} sudah memiliki lamaran pada seleksi ini (satu orang satu lamaran).",
    "NIP {nip} already has an application in this selection (one per person).",
)

BIRTH_DATE_IN_FUTURE = Spec(
    "birth_date_in_future", 422,
    "Tanggal lahir harus sebelum hari ini; perbaiki declared.birth_date.",
    "The birth date must be before today; fix declared.birth_date.",
)

DATE_IN_FUTURE = Spec(
    "date_in_future", 422,
    "Tanggal hukuman disiplin tidak boleh di masa depan.",
    "A discipline decision cannot be dated in the future.",
)

DECLARED_REQUIRED = Spec(
    "declared_required", 422,
    "Pelamar dari instansi lain wajib mengisi name dan declared.",
    "Applicants from other agencies must give name and declared data.",
)

DECLARED_YEAR_OUT_OF_RANGE = Spec(
    "declared_year_out_of_range", 422,
    "Tahun {year} pada declared.predikat_by_year di luar rentang 1950-{year_2}.",
    "Year {year} in declared.predikat_by_year is outside 1950-{year_2}.",
)

DOCUMENTS_MISSING = Spec(
    "documents_missing", 409,
    "Dokumen wajib belum dilampirkan: {join_miss}.",
    "Required documents are missing: {join_miss}.",
)

FORBIDDEN_YOU_CAN_ONLY_APPLY = Spec(
    "forbidden", 403,
    "Anda hanya dapat mendaftarkan diri sendiri.",
    "You can only apply for yourself.",
)

FORBIDDEN_ONLY_MEMBERS_THIS_SELECTION = Spec(
    "forbidden", 403,
    "Hanya anggota panitia seleksi ini yang dapat menilai.",
    "Only members of this selection's committee can score.",
)

FORBIDDEN_ONLY_EMPLOYEE_FOR_THEMSELVES = Spec(
    "forbidden", 403,
    "Hanya pegawai (untuk dirinya sendiri) atau admin instansi yang dapat mendaftarkan lamaran.",
    "Only an employee (for themselves) or the agency admin can register an application.",
)

INVALID_EDUCATION = Spec(
    "invalid_education", 422,
    "Nilai {value!r} tidak dikenal untuk {field_name}. Gunakan salah satu dari: {expected_id}.",
    "Unknown value {value!r} for {field_name}. Use one of: {expected_en}.",
)

INVALID_POSITION_KIND = Spec(
    "invalid_position_kind", 422,
    "Nilai {value!r} tidak dikenal untuk {field_name}. Gunakan salah satu dari: {expected_id}.",
    "Unknown value {value!r} for {field_name}. Use one of: {expected_en}.",
)

INVALID_PREDIKAT = Spec(
    "invalid_predikat", 422,
    "Nilai {value!r} tidak dikenal untuk {field_name}. Gunakan salah satu dari: {expected_id}.",
    "Unknown value {value!r} for {field_name}. Use one of: {expected_en}.",
)

INVALID_RANK = Spec(
    "invalid_rank", 422,
    "Nilai {value!r} tidak dikenal untuk {field_name}. Gunakan salah satu dari: {expected_id}.",
    "Unknown value {value!r} for {field_name}. Use one of: {expected_en}.",
)

NIP_NOT_FOUND = Spec(
    "nip_not_found", 422,
    "NIP {nip} tidak terdaftar sebagai pegawai instansi ini; daftarkan sebagai EXTERNAL.",
    "NIP {nip} is not a registered employee of this agency; register as EXTERNAL.",
)

NIP_REQUIRED = Spec(
    "nip_required", 422,
    "Isi NIP pelamar (18 digit).",
    "Give the applicant's NIP (18 digits).",
)

NOT_ELIGIBLE = Spec(
    "not_eligible", 409,
    "Pelamar tidak memenuhi syarat ({join_failed}); tidak dapat diterima. Jalankan recheck-eligibility bila data sumber telah "
    "diperbaiki.",
    "The applicant fails requirements ({join_failed}) and cannot be accepted. Run recheck-eligibility if the source data was "
    "corrected.",
)

REGISTRATION_CLOSED = Spec(
    "registration_closed", 409,
    "Pendaftaran tidak sedang dibuka (status {status}).",
    "Registration is not open (status {status}).",
)

REGISTRATION_ENDED = Spec(
    "registration_ended", 409,
    "Pendaftaran berakhir {end} sesuai jadwal; lamaran tidak dapat diterima. Admin dapat memperpanjang pendaftaran bila diizinkan.",
    "Registration ended on {end} as scheduled; the application cannot be accepted. The admin may extend registration where allowed.",
)

TOKEN_WITHOUT_NIP = Spec(
    "token_without_nip", 422,
    "Token Anda tidak memuat NIP; hubungi admin.",
    "Your token carries no NIP; contact the admin.",
)

TRANSITION_NOT_ALLOWED = Spec(
    "transition_not_allowed", 409,
    "Aksi {action} tidak diizinkan pada status {status} (seleksi {status_2}). Aksi yang diizinkan: {listed}.",
    "Action {action} is not allowed in status {status} (selection {status_2}). Allowed actions: {listed}.",
)

UNKNOWN_DOCUMENT = Spec(
    "unknown_document", 422,
    "Dokumen '{code}' tidak ada dalam daftar dokumen seleksi; gunakan: {join_sorted_known}.",
    "Document '{code}' is not on the selection's checklist; use one of: {join_sorted_known}.",
)

DOCUMENTS_LOCKED = Spec(
    "documents_locked", 409,
    "Dokumen hanya dapat diunggah, diganti atau dihapus selama pendaftaran dibuka (status seleksi {status}, "
    "pendaftaran sampai {end}).",
    "Documents can be uploaded, replaced or deleted only while registration is open (selection status {status}, "
    "registration until {end}).",
)

FORBIDDEN_ONLY_APPLICANT_DOCUMENTS = Spec(
    "forbidden", 403,
    "Hanya pelamar sendiri yang dapat mengunggah, mengganti atau menghapus dokumen lamarannya.",
    "Only the applicant themself can upload, replace or delete their application's documents.",
)

FORBIDDEN_ELIGIBLE_SELECTIONS_SCOPE = Spec(
    "forbidden", 403,
    "Anda hanya dapat melihat seleksi yang dapat diikuti oleh diri sendiri, tim Anda (atasan), pegawai unit Anda "
    "(admin unit) atau pegawai instansi (admin instansi, PPK).",
    "You may only see the selections open to yourself, your team (supervisor), your unit's people (unit admin) or "
    "the agency's people (agency admin, PPK).",
)

EMPLOYEE_ID_REQUIRED = Spec(
    "employee_id_required", 422,
    "Token Anda tidak terhubung ke data pegawai; isi employee_id.",
    "Your token is not linked to an employee record; give employee_id.",
)

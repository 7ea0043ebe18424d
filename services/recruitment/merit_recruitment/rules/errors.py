"""Error codes of merit_recruitment.rules: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

ANNOUNCEMENT_TOO_SHORT = Spec(
    "announcement_too_short", 422,
    "Pengumuman hanya {d} hari; minimal {min_announcement_days} hari. Mundurkan announcement_end.",
    "The announcement lasts only {d} days; at least {min_announcement_days} are required. Move announcement_end later.",
)

APPEAL_DECIDER_SCORED = Spec(
    "appeal_decider_scored", 409,
    "Anda menilai pelamar ini; sanggahan atas nilai Anda diputus oleh orang lain.",
    "You scored this applicant; an appeal against your score is decided by someone else.",
)

APPEAL_WINDOW_OPEN = Spec(
    "appeal_window_open", 409,
    "Masa sanggah pengumuman nomor {number} masih terbuka sampai {until}; tahap berikutnya dan usulan kepada PPK menunggu sampai "
    "masa sanggah berakhir.",
    "The appeal window of announcement {number} is open until {until}; the next stage and the proposal to the PPK wait until it "
    "closes.",
)

RESCORE_PENDING = Spec(
    "rescore_pending", 409,
    "{n} penilaian ulang setelah sanggahan diterima belum selesai; selesaikan sebelum melanjutkan.",
    "{n} re-score(s) after an accepted appeal are not completed yet; complete them before moving on.",
)

APPEALS_PENDING = Spec(
    "appeals_pending", 409,
    "{n} sanggahan belum diputus; putuskan semua sanggahan sebelum melanjutkan.",
    "{n} appeal(s) are not decided yet; decide every appeal before moving on.",
)

CHOICE_NOT_PROPOSED = Spec(
    "choice_not_proposed", 422,
    "Lamaran {chosen_application_id} tidak termasuk {len_proposed} nama yang diusulkan panitia ({listed}); PPK hanya dapat memilih "
    "salah satu dari nama tersebut.",
    "Application {chosen_application_id} is not among the {len_proposed} proposed names ({listed}); the PPK may only choose one of "
    "them.",
)

CONFLICT_DECLARATION_FINAL = Spec(
    "conflict_declaration_final", 409,
    "Konflik kepentingan yang telah dinyatakan tidak dapat ditarik kembali; nilai yang dibatalkan tetap batal.",
    "A declared conflict of interest cannot be withdrawn; the voided scores stay void.",
)

CONFLICT_FLAG_OPEN = Spec(
    "conflict_flag_open", 409,
    "Data kepegawaian menunjukkan kemungkinan konflik kepentingan antara anggota ini dan pelamar; ketua panitia harus mengonfirmasi "
    "atau menolaknya sebelum anggota ini menilai.",
    "The registry shows a possible conflict of interest between this member and the applicant; the committee chair must confirm or "
    "dismiss it before this member scores.",
)

CONFLICT_OF_INTEREST = Spec(
    "conflict_of_interest", 409,
    "Anggota panitia {member_id} memiliki konflik kepentingan dengan pelamar {applicant_id}{why}; penilaian harus dilakukan oleh "
    "anggota lain.",
    "Committee member {member_id} has a conflict of interest with applicant {applicant_id}{why}; another member must score this "
    "applicant.",
)

CONFLICTED_PERSON = Spec(
    "conflicted_person", 409,
    "Anda memiliki konflik kepentingan dengan pelamar ini; orang lain yang harus memeriksa atau memutus.",
    "You have a conflict of interest with this applicant; someone else must check or decide.",
)

DECLARATION_REQUIRED = Spec(
    "declaration_required", 409,
    "Nyatakan dahulu ada atau tidaknya konflik kepentingan dengan pelamar ini (PUT "
    "/committee/{{member_id}}/declarations/{{application_id}}) sebelum menilai.",
    "Declare first whether you have a conflict of interest with this applicant (PUT "
    "/committee/{{member_id}}/declarations/{{application_id}}) before scoring.",
)

DUPLICATE_APPLICANT = Spec(
    "duplicate_applicant", 422,
    "Pelamar '{applicant_id}' memiliki lebih dari satu lamaran pada seleksi ini; pertahankan satu lamaran.",
    "Applicant '{applicant_id}' has more than one application in this selection; keep one.",
)

DUPLICATE_APPLICATION = Spec(
    "duplicate_application", 422,
    "Lamaran '{application_id}' tercantum lebih dari sekali.",
    "Application '{application_id}' is listed more than once.",
)

DUPLICATE_STAGE_CODE = Spec(
    "duplicate_stage_code", 422,
    "Kode tahap '{code}' kosong atau ganda; gunakan kode unik.",
    "Stage code '{code}' is empty or duplicated; use a unique code.",
)

INEXACT_NUMBER = Spec(
    "inexact_number", 422,
    'Nilai pada \'{field_name}\' harus berupa bilangan bulat atau desimal (bukan float/boolean), mis. "75.5".',
    '\'{field_name}\' must be an integer or a decimal string (not a float/boolean), e.g. "75.5".',
)

INVALID_DAYS = Spec(
    "invalid_days", 422,
    "Jumlah hari sanggah tidak boleh negatif.",
    "Appeal days must not be negative.",
)

INVALID_NIP = Spec(
    "invalid_nip", 422,
    "NIP harus terdiri atas 18 digit angka, mis. 196608011988031001.",
    "A NIP must be 18 digits, e.g. 196608011988031001.",
)

INVALID_NUMBER = Spec(
    "invalid_number", 422,
    "{field_name} harus berupa angka, bukan {value!r}.",
    "{field_name} must be a number, not {value!r}.",
)

INVALID_PASS_MARK = Spec(
    "invalid_pass_mark", 422,
    "Nilai ambang tahap '{code}' harus antara 0 dan 100.",
    "Pass mark of stage '{code}' must be between 0 and 100.",
)

INVALID_POLICY_APPEAL_WINDOW_DAYS_MUST = Spec(
    "invalid_policy", 422,
    "appeal_window_days tidak boleh negatif.",
    "appeal_window_days must not be negative.",
)

INVALID_POLICY_MAX_INTERNAL_SHARE_MUST = Spec(
    "invalid_policy", 422,
    "max_internal_share harus antara 0 dan 1 (mis. 0.45).",
    "max_internal_share must be between 0 and 1 (e.g. 0.45).",
)

INVALID_POLICY_NIP_VISIBLE_SUFFIX_MUST = Spec(
    "invalid_policy", 422,
    "nip_visible_suffix harus 0-4 agar tanggal lahir/CPNS tidak terlihat.",
    "nip_visible_suffix must be 0-4 so birth/CPNS dates stay hidden.",
)

INVALID_POLICY_PROPOSAL_SIZE_MUST_LEAST = Spec(
    "invalid_policy", 422,
    "proposal_size minimal 1.",
    "proposal_size must be at least 1.",
)

INVALID_PROPOSAL = Spec(
    "invalid_proposal", 409,
    "Usulan harus berisi paling banyak {proposal_size} nama yang berbeda; saat ini {len_proposed}.",
    "The proposal must hold at most {proposal_size} distinct names; it holds {len_proposed}.",
)

INVALID_REQUIREMENT = Spec(
    "invalid_requirement", 422,
    "Persyaratan '{name}' bernilai '{value}' tidak valid; gunakan {expected}.",
    "Requirement '{name}' has invalid value '{value}'; use {expected}.",
)

INVALID_SCORE = Spec(
    "invalid_score", 422,
    "Nilai '{value}' pada '{field_name}' tidak valid; isi angka 0-100 dengan maksimal 2 desimal.",
    "Score '{value}' in '{field_name}' is invalid; use a number from 0 to 100 with at most 2 decimals.",
)

INVALID_WEIGHT = Spec(
    "invalid_weight", 422,
    "Bobot tahap '{code}' harus antara 0 dan 100.",
    "Weight of stage '{code}' must be between 0 and 100.",
)

MISSING_FIELD = Spec(
    "missing_field", 422,
    "Kolom '{key}' wajib ada untuk publikasi hasil seleksi.",
    "Field '{key}' is required to publish selection results.",
)

MISSING_STAGE_SCORE = Spec(
    "missing_stage_score", 422,
    "Nilai tahap '{code}' belum ada; lengkapi sebelum menghitung.",
    "Score for stage '{code}' is missing; complete it first.",
)

NAIVE_DATETIME = Spec(
    "naive_datetime", 422,
    "'{field_name}' harus berupa waktu dengan zona waktu (mis. 2025-01-01T00:00:00+00:00).",
    "'{field_name}' must be a timezone-aware datetime (e.g. 2025-01-01T00:00:00+00:00).",
)

NO_ASSESSOR_SCORES = Spec(
    "no_assessor_scores", 422,
    "Belum ada nilai asesor pada '{field_name}'; isi nilai minimal satu asesor.",
    "No assessor scores in '{field_name}'; enter scores from at least one assessor.",
)

NO_CRITERION_SCORES = Spec(
    "no_criterion_scores", 422,
    "Asesor '{assessor}' belum memberi nilai kriteria pada '{field_name}'.",
    "Assessor '{assessor}' has no criterion scores in '{field_name}'.",
)

NO_PROPOSAL = Spec(
    "no_proposal", 409,
    "Belum ada usulan nama kepada PPK; buat usulan terlebih dahulu.",
    "No names have been proposed to the PPK yet; make the proposal first.",
)

NO_SCORED_STAGE = Spec(
    "no_scored_stage", 422,
    "Minimal satu tahap harus bernilai (SCORED) agar peringkat dapat dihitung.",
    "At least one stage must be SCORED so a ranking can be computed.",
)

NO_STAGE_TEMPLATE = Spec(
    "no_stage_template", 422,
    "Belum ada templat tahap untuk jenis seleksi {value}; tambahkan pada kebijakan templat tahap.",
    "No stage template for selection kind {value}; add one to the stage template policy.",
)

NO_STAGES = Spec(
    "no_stages", 409,
    "Seleksi belum memiliki tahap penilaian; tambahkan tahap terlebih dahulu.",
    "The selection has no assessment stages; add stages first.",
)

NO_STAGES_422 = Spec(
    "no_stages", 422,
    "Seleksi belum memiliki tahap penilaian; tambahkan tahap terlebih dahulu.",
    "The selection has no assessment stages; add stages first.",
)

NON_FINITE_NUMBER = Spec(
    "non_finite_number", 422,
    "Nilai pada '{path}' bukan angka hingga (NaN/Infinity).",
    "Value at '{path}' is not a finite number (NaN/Infinity).",
)

NON_STRING_KEY = Spec(
    "non_string_key", 422,
    "Kunci '{k}' pada '{path}' harus berupa teks.",
    "Key '{k}' at '{path}' must be a string.",
)

NOTHING_TO_PROPOSE = Spec(
    "nothing_to_propose", 409,
    "Tidak ada pelamar yang masuk peringkat; usulan ke PPK tidak dapat dibuat. Selesaikan penilaian atau batalkan seleksi.",
    "No applicant is ranked, so no proposal can be made to the PPK. Complete the assessment or cancel the selection.",
)

OWN_APPLICATION = Spec(
    "own_application", 409,
    "Anda tidak dapat memeriksa atau memutus lamaran Anda sendiri.",
    "You cannot check or decide on your own application.",
)

PASS_FAIL_PASS_MARK = Spec(
    "pass_fail_pass_mark", 422,
    "Tahap lulus/tidak lulus '{code}' tidak memakai nilai ambang; kosongkan pass_mark.",
    "Pass/fail stage '{code}' has no pass mark; leave pass_mark empty.",
)

PASS_FAIL_WEIGHT = Spec(
    "pass_fail_weight", 422,
    "Tahap lulus/tidak lulus '{code}' harus berbobot 0.",
    "Pass/fail stage '{code}' must have weight 0.",
)

REGISTRATION_EXTENSION_NOT_ALLOWED = Spec(
    "registration_extension_not_allowed", 409,
    "{why_id} Aksi yang diizinkan: {listed}.",
    "{why_en} Allowed actions: {listed}.",
)

SAME_PERSON = Spec(
    "same_person", 409,
    "Pemeriksaan kedua harus dilakukan oleh orang lain selain verifikator.",
    "The second check must be done by someone other than the verifier.",
)

SCHEDULE_ORDER = Spec(
    "schedule_order", 422,
    "Pendaftaran harus dimulai {rel_id} tanggal mulai pengumuman; perbaiki registration_start.",
    "Registration must start {rel_en} the announcement starts; fix registration_start.",
)

SCHEDULE_ORDER_REGISTRATION_ENDS_BEFORE_STARTS = Spec(
    "schedule_order", 422,
    "Tanggal akhir pendaftaran mendahului tanggal mulainya; perbaiki registration_end.",
    "Registration ends before it starts; fix registration_end.",
)

SCHEDULE_ORDER_THE_ANNOUNCEMENT_ENDS_BEFORE = Spec(
    "schedule_order", 422,
    "Tanggal akhir pengumuman mendahului tanggal mulainya; perbaiki announcement_end.",
    "The announcement ends before it starts; fix announcement_end.",
)

SCHEDULE_ORDER_STAGE_DATE_MUST_AFTER = Spec(
    "schedule_order", 422,
    "Tanggal tahap ke-{i_plus_1} ({day}) harus setelah pendaftaran berakhir ({registration_end}); perbaiki {f}.",
    "Stage {i_plus_1} date ({day}) must be after registration ends ({registration_end}); fix {f}.",
)

SCHEDULE_ORDER_STAGE_DATE_PRECEDES_THE = Spec(
    "schedule_order", 422,
    "Tanggal tahap ke-{i_plus_1} ({day}) mendahului tahap sebelumnya ({prev}); tahap berjalan berurutan, perbaiki {f}.",
    "Stage {i_plus_1} date ({day}) precedes the previous stage ({prev}); stages run in order, fix {f}.",
)

STAGE_NOT_SCORED = Spec(
    "stage_not_scored", 422,
    "Tahap '{code}' pada '{base}.scores' bukan tahap bernilai seleksi ini.",
    "Stage '{code}' in '{base}.scores' is not a scored stage of this selection.",
)

TOO_MANY_DECIMALS = Spec(
    "too_many_decimals", 422,
    "{what_id} '{value}' pada '{field_name}' maksimal {scale} angka desimal; bulatkan nilainya.",
    "{what_en} '{value}' in '{field_name}' allows at most {scale} decimals; round it.",
)

UNKNOWN_FIELD = Spec(
    "unknown_field", 422,
    "Kolom persyaratan '{name}' tidak dikenal; hapus kolom tersebut.",
    "Unknown requirement field '{name}'; remove it.",
)

UNSERIALISABLE_VALUE = Spec(
    "unserialisable_value", 422,
    "Nilai bertipe {name} pada '{path}' tidak dapat diserialisasi.",
    "Value of type {name} at '{path}' cannot be serialised.",
)

WEIGHTS_NOT_100 = Spec(
    "weights_not_100", 422,
    "Jumlah bobot tahap bernilai adalah {total}, harus tepat 100; sesuaikan bobotnya.",
    "Weights of scored stages sum to {total}; they must sum to exactly 100.",
)

DOCUMENT_EMPTY = Spec(
    "document_empty", 422,
    "Berkas dokumen kosong; kirim isi berkasnya.",
    "The document is empty; send the file's content.",
)

DOCUMENT_TOO_LARGE = Spec(
    "document_too_large", 413,
    "Berkas {size} bita melebihi batas {max_bytes} bita.",
    "The file of {size} bytes exceeds the limit of {max_bytes} bytes.",
)

DOCUMENT_TYPE_NOT_ALLOWED = Spec(
    "document_type_not_allowed", 415,
    "Jenis berkas {media_type} tidak diterima (atau isinya tidak sesuai jenisnya); gunakan: {allowed}.",
    "File type {media_type} is not accepted (or the content does not match it); use one of: {allowed}.",
)

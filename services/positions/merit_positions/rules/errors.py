"""Error codes of merit_positions.rules: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

ABK_NORM_NOT_POSITIVE = Spec(
    "abk_norm_not_positive", 422,
    "Norma waktu tugas ke-{index_plus_1} ({norm} menit) harus lebih dari 0 menit.",
    "Task {index_plus_1} norm time ({norm} minutes) must be more than 0 minutes.",
)

ABK_PERSONS_INVALID = Spec(
    "abk_persons_invalid", 422,
    "Jumlah pegawai '{persons}' tidak valid. Isi bilangan bulat 0 atau lebih.",
    "Number of persons '{persons}' is invalid. Enter a whole number, 0 or more.",
)

ABK_VOLUME_NEGATIVE = Spec(
    "abk_volume_negative", 422,
    "Volume kerja tugas ke-{index_plus_1} ({volume}) negatif. Isi 0 atau lebih per tahun.",
    "Task {index_plus_1} has a negative yearly volume ({volume}). Enter 0 or more.",
)

ABK_WORKLOAD_NEGATIVE = Spec(
    "abk_workload_negative", 422,
    "Beban kerja ({load} menit) tidak boleh negatif.",
    "Workload ({load} minutes) cannot be negative.",
)

APPOINTMENT_AFTER_RETIREMENT = Spec(
    "appointment_after_retirement", 422,
    "Pengangkatan pada nomor pegawai ({shown}) jatuh pada atau sesudah batas usia pensiun ({retirement}). Periksa tanggal lahir "
    "atau tanggal pengangkatannya.",
    "The appointment in the employee number ({shown}) falls on or after the retirement age ({retirement}). Check the birth date or "
    "the appointment date.",
)

AS_OF_BEFORE_START = Spec(
    "as_of_before_start", 422,
    "Tanggal acuan {as_of} lebih awal dari TMT jabatan {start_tmt}. Perbaiki tanggalnya.",
    "Reference date {as_of} is before the position start {start_tmt}. Correct the date.",
)

BUP_INVALID = Spec(
    "bup_invalid", 422,
    "BUP '{bup}' tidak valid. Isi usia pensiun dalam tahun penuh, lebih dari 0.",
    "BUP '{bup}' is invalid. Give the retirement age in whole years, above 0.",
)

COUNT_INVALID = Spec(
    "count_invalid", 422,
    "Nilai '{value}' untuk {field_name} tidak valid. Isi bilangan bulat 0 atau lebih.",
    "Value '{value}' for {field_name} is invalid. Enter a whole number, 0 or more.",
)

GENDER_INVALID = Spec(
    "gender_invalid", 422,
    "Jenis kelamin '{value}' tidak dikenal. Isi 'L' (laki-laki) atau 'P' (perempuan).",
    "Unknown gender '{value}'. Use 'L' (male) or 'P' (female).",
)

GOLONGAN_WRONG_SCHEME = Spec(
    "golongan_wrong_scheme", 422,
    "Golongan {other} adalah golongan {theirs}, sedangkan pegawai ini {own}; gunakan golongan {expected}.",
    "Golongan {other} is a {theirs} golongan, but this employee is {own}; use a golongan from {expected_en}.",
)

JENJANG_INVALID = Spec(
    "jenjang_invalid", 422,
    "Jenjang jabatan fungsional '{k}' tidak dikenal. Pilih salah satu: {join}.",
    "Unknown functional jenjang '{k}'. Choose one of: {join}.",
)

JENJANG_NOT_APPLICABLE = Spec(
    "jenjang_not_applicable", 422,
    "Jenjang hanya berlaku untuk jabatan fungsional, bukan {value}. Kosongkan jenjangnya.",
    "A jenjang applies only to functional positions, not {value}. Leave it empty.",
)

JENJANG_REQUIRED = Spec(
    "jenjang_required", 422,
    "Jabatan fungsional wajib memiliki jenjang (mis. Ahli Pertama atau Terampil). Isi jenjangnya.",
    "A functional position needs a jenjang (e.g. Ahli Pertama or Terampil). Fill it in.",
)

JENJANG_REQUIRES_PNS_RANK = Spec(
    "jenjang_requires_pns_rank", 422,
    "Golongan PPPK {rank} tidak dapat dicocokkan dengan rentang golongan PNS jenjang {label}. Gunakan golongan ruang PNS.",
    "PPPK golongan {rank} cannot be matched with the PNS rank range of jenjang {label}. Use a PNS golongan ruang.",
)

JOB_KIND_INVALID = Spec(
    "job_kind_invalid", 422,
    "Jenis jabatan '{k}' tidak dikenal. Pilih salah satu: {join}.",
    "Unknown job kind '{k}'. Choose one of: {join}.",
)

JPM_NEGATIVE = Spec(
    "jpm_negative", 422,
    "JPM {jpm}% tidak valid; isi persentase 0 atau lebih.",
    "JPM {jpm}% is invalid; give a percentage of 0 or more.",
)

KELAS_JABATAN_OUT_OF_RANGE = Spec(
    "kelas_jabatan_out_of_range", 422,
    "Kelas jabatan '{value}' tidak valid. Isi bilangan bulat 1 sampai 17.",
    "Kelas jabatan '{value}' is invalid. Enter a whole number from 1 to 17.",
)

MANAGERIAL_REQUIRES_ONE_SEAT = Spec(
    "managerial_requires_one_seat", 422,
    "Jabatan manajerial ({value}) harus memiliki tepat 1 kebutuhan pegawai, bukan {n}. Isi kebutuhan 1 atau buat jabatan terpisah.",
    "A managerial position ({value}) has exactly 1 seat, not {n}. Set the requirement to 1 or create separate positions.",
)

NI_PPPK_APPOINTED_BEFORE_18 = Spec(
    "ni_pppk_appointed_before_18", 422,
    "Tahun pengangkatan pada NI PPPK ({year}) lebih awal dari tahun ulang tahun ke-18 ({value_1}). Periksa tanggal lahir atau tahun "
    "pengangkatan.",
    "The year of appointment in the NI PPPK ({year}) is before the year of the 18th birthday ({value_1}). Check the birth date or "
    "the year of appointment.",
)

NI_PPPK_APPOINTMENT_IN_FUTURE = Spec(
    "ni_pppk_appointment_in_future", 422,
    "Tahun pengangkatan pada NI PPPK ({shown}) belum tiba (hari ini {today}). Periksa tahun pengangkatannya.",
    "The year of appointment in the NI PPPK ({shown}) lies in the future (today is {today}). Check the year of appointment.",
)

NI_PPPK_INVALID_MARKER = Spec(
    "ni_pppk_invalid_marker", 422,
    "Angka ke-13 dan ke-14 NI PPPK adalah '{marker}'; harus '2' (penanda PPPK) diikuti angka 1-9, mis. '21'.{hint_id}",
    "Digits 13-14 of the NI PPPK are '{marker}'; they must be '2' (the PPPK marker) followed by a digit 1-9, e.g. '21'.{hint_en}",
)

NIP_BIRTH_DATE_MISMATCH = Spec(
    "nip_birth_date_mismatch", 422,
    "Tanggal lahir {birth_date} tidak sesuai dengan NIP {formatted}, yang mencatat {birth_date_2}. Perbaiki tanggal lahir atau "
    "NIP-nya.",
    "Birth date {birth_date} disagrees with NIP {formatted}, which records {birth_date_2}. Correct the birth date or the NIP.",
)

NIP_CPNS_BEFORE_18 = Spec(
    "nip_cpns_before_18", 422,
    "TMT CPNS pada NIP ({tmt:%Y%m}) lebih awal dari bulan ulang tahun ke-18 ({earliest}). Periksa tanggal lahir atau TMT CPNS pada "
    "NIP.",
    "The CPNS start in the NIP ({tmt:%Y%m}) is before the month of the 18th birthday ({earliest}). Check the birth date or the CPNS "
    "start in the NIP.",
)

NIP_CPNS_IN_FUTURE = Spec(
    "nip_cpns_in_future", 422,
    "TMT CPNS pada NIP ({shown}) belum tiba (hari ini {today}). Periksa TMT CPNS pada NIP.",
    "The CPNS start in the NIP ({shown}) lies in the future (today is {today}). Check the CPNS start in the NIP.",
)

NIP_GENDER_MISMATCH = Spec(
    "nip_gender_mismatch", 422,
    "Jenis kelamin {label_id} tidak sesuai dengan NIP {formatted}, yang mencatat {label_id_2}. Perbaiki jenis kelamin atau NIP-nya.",
    "Gender {label_en} disagrees with NIP {formatted}, which records {label_en_2}. Correct the gender or the NIP.",
)

NIP_INVALID_BIRTH_DATE = Spec(
    "nip_invalid_birth_date", 422,
    "Tanggal lahir pada NIP (angka 1-8, '{part}', format TTTTBBHH) bukan tanggal yang ada. Periksa tahun, bulan dan tanggal "
    "lahirnya.",
    "The birth date in the NIP (digits 1-8, '{part}', format YYYYMMDD) is not a real date. Check the birth year, month and day.",
)

NIP_INVALID_CHARACTERS = Spec(
    "nip_invalid_characters", 422,
    "NIP hanya boleh berisi angka 0-9 (spasi diabaikan); ditemukan {shown}. Hapus karakter tersebut.",
    "A NIP may contain only digits 0-9 (spaces are ignored); found {shown}. Remove them.",
)

NIP_INVALID_GENDER = Spec(
    "nip_invalid_gender", 422,
    "Kode jenis kelamin pada NIP (angka ke-15) adalah '{part}'; harus 1 (laki-laki) atau 2 (perempuan).",
    "The gender digit of the NIP (digit 15) is '{part}'; it must be 1 (male) or 2 (female).",
)

NIP_INVALID_LENGTH = Spec(
    "nip_invalid_length", 422,
    "NIP harus 18 angka, tetapi berisi {len_digits} angka. Periksa angka yang kurang atau lebih.",
    "A NIP must have 18 digits but this one has {len_digits}. Check for missing or extra digits.",
)

NIP_INVALID_TMT_CPNS = Spec(
    "nip_invalid_tmt_cpns", 422,
    "TMT CPNS pada NIP (angka 9-14, '{part}', format TTTTBB) bukan bulan yang ada. Periksa tahun dan bulan pengangkatan CPNS.",
    "The CPNS start (TMT) in the NIP (digits 9-14, '{part}', format YYYYMM) is not a real month. Check the CPNS appointment year "
    "and month.",
)

NIP_IS_NI_PPPK = Spec(
    "nip_is_ni_pppk", 422,
    "Angka ke-13 dan ke-14 berisi penanda PPPK ('2x'), jadi ini NI PPPK, bukan NIP PNS. Bila pegawai PPPK, isi employment_type "
    "'PPPK'; bila PNS/CPNS, periksa bulan TMT CPNS pada NIP.",
    "Digits 13-14 carry the PPPK marker ('2x'), so this is an NI PPPK, not a PNS NIP. If the employee is PPPK, set employment_type "
    "'PPPK'; if PNS/CPNS, check the CPNS month of the NIP.",
)

NIP_NOT_TEXT = Spec(
    "nip_not_text", 422,
    "NIP harus berupa teks 18 angka, mis. '196608011988031001'.",
    "The NIP must be text of 18 digits, e.g. '196608011988031001'.",
)

NO_CHECKS = Spec(
    "no_checks", 422,
    "Tidak ada pemeriksaan yang dijalankan; kelayakan tidak dapat diputuskan.",
    "No checks were run; eligibility cannot be decided.",
)

NUMBER_INVALID = Spec(
    "number_invalid", 422,
    "Nilai '{value}' bukan angka yang valid. Isi angka, mis. 12 atau 7.5.",
    "Value '{value}' is not a valid number. Enter a number, e.g. 12 or 7.5.",
)

PERFORMANCE_DUPLICATE_YEAR = Spec(
    "performance_duplicate_year", 422,
    "Predikat kinerja tahun {year} tercatat lebih dari sekali. Kirim satu predikat tahunan per tahun.",
    "Performance for {year} appears more than once. Send one annual predikat per year.",
)

POLICY_INVALID = Spec(
    "policy_invalid", 422,
    "Ambang JPM harus 0 atau lebih dan tidak melebihi ambang Optimal.",
    "The JPM threshold must be 0 or more and not above the Optimal threshold.",
)

POLICY_INVALID_BUP_MUST_GIVEN_FOR = Spec(
    "policy_invalid", 422,
    "BUP harus diisi untuk setiap jenis jabatan non-fungsional dan setiap jenjang fungsional.",
    "A BUP must be given for every non-functional kind and every functional jenjang.",
)

POLICY_INVALID_BUP_IMPLAUSIBLE_GIVE_AGE = Spec(
    "policy_invalid", 422,
    "BUP {age} tidak wajar; isi usia dalam tahun (19-100).",
    "BUP {age} is implausible; give an age in years (19-100).",
)

POLICY_INVALID_CEILINGS_EDUCATION_MUST_USE = Spec(
    "policy_invalid", 422,
    "Batas pangkat per pendidikan harus memakai jenjang {join_education_level_codes} dan golongan PNS.",
    "Ceilings by education must use the levels {join_education_level_codes} and PNS ranks.",
)

POLICY_INVALID_MINIMUM_RANK_MUST_GIVEN = Spec(
    "policy_invalid", 422,
    "Golongan minimal harus diisi untuk kelima jenis jabatan manajerial.",
    "A minimum rank must be given for all five managerial kinds.",
)

POLICY_INVALID_LEAST_YEAR_PERFORMANCE_RATINGS = Spec(
    "policy_invalid", 422,
    "Jumlah tahun penilaian kinerja minimal 1.",
    "At least 1 year of performance ratings is required.",
)

POLICY_INVALID_THE_RATED_YEARS_FOR = Spec(
    "policy_invalid", 422,
    "Jumlah tahun penilaian untuk kenaikan pangkat harus 0 sampai 5.",
    "The rated years for a promotion must be from 0 to 5.",
)

POLICY_INVALID_ACTING_ASSIGNMENT_LASTS_LEAST = Spec(
    "policy_invalid", 422,
    "Masa Plt/Plh minimal 1 bulan; perpanjangan dan hari peringatan tidak negatif.",
    "An acting assignment lasts at least 1 month; the extension and warning days are not negative.",
)

POLICY_INVALID_YEARS_RANK_FOR_PROMOTION = Spec(
    "policy_invalid", 422,
    "Masa dalam pangkat untuk kenaikan pangkat harus 1 sampai 10 tahun.",
    "Years in rank for a promotion must be from 1 to 10.",
)

POLICY_INVALID_BLACKOUT_WINDOW_REVERSED_SWAP = Spec(
    "policy_invalid", 422,
    "Masa larangan {start} sampai {end} terbalik; tukar tanggalnya.",
    "Blackout window {start} to {end} is reversed; swap the dates.",
)

POLICY_INVALID_MINIMUM_YEARS_POSITION_MUST = Spec(
    "policy_invalid", 422,
    "Masa minimal dalam jabatan harus 0 sampai masa maksimal.",
    "Minimum years in position must be between 0 and the maximum.",
)

POLICY_INVALID_LEAST_ONE_PROMOTION_PERIOD = Spec(
    "policy_invalid", 422,
    "Periode kenaikan pangkat minimal satu tanggal per tahun.",
    "At least one promotion period per year is required.",
)

POLICY_INVALID_PROMOTION_PERIOD_NOT_DATE = Spec(
    "policy_invalid", 422,
    "Periode kenaikan pangkat {month}-{day} bukan tanggal yang ada setiap tahun.",
    "Promotion period {month}-{day} is not a date every year has.",
)

POLICY_INVALID_BANDS_MUST_ORDERED_FROM = Spec(
    "policy_invalid", 422,
    "Pita EJ harus diurutkan dari batas bawah tertinggi dan diakhiri pita tanpa batas bawah.",
    "EJ bands must be ordered from the highest lower bound and end with a band without one.",
)

POLICY_INVALID_RANK_RANGES_MUST_GIVEN = Spec(
    "policy_invalid", 422,
    "Rentang golongan harus diisi tepat untuk jenjang Pemula, Terampil, Mahir dan Penyelia.",
    "Rank ranges must be given for exactly Pemula, Terampil, Mahir and Penyelia.",
)

POLICY_INVALID_RANK_RANGE_REVERSED = Spec(
    "policy_invalid", 422,
    "Rentang golongan {low}-{high} terbalik.",
    "Rank range {low}-{high} is reversed.",
)

POLICY_INVALID_EFFECTIVE_WORKING_TIME_MUST = Spec(
    "policy_invalid", 422,
    "Waktu kerja efektif harus lebih dari 0 menit per tahun.",
    "Effective working time must be more than 0 minutes per year.",
)

PPPK_GOLONGAN_INVALID = Spec(
    "pppk_golongan_invalid", 422,
    "Golongan PPPK '{value}' tidak dikenal. Gunakan angka Romawi I sampai XVII.",
    "Unknown PPPK golongan '{value}'. Use a Roman numeral from I to XVII.",
)

PREDIKAT_INVALID = Spec(
    "predikat_invalid", 422,
    "Predikat kinerja '{value}' tidak dikenal. Gunakan salah satu: {allowed}.",
    "Unknown performance predikat '{value}'. Use one of: {allowed}.",
)

PROMOTION_PERIOD_INVALID = Spec(
    "promotion_period_invalid", 422,
    "{period} bukan periode kenaikan pangkat instansi ini (tanggal-bulan: {shown}).",
    "{period} is not a promotion period of this agency (month-day: {shown_en}).",
)

RANK_INVALID = Spec(
    "rank_invalid", 422,
    "Golongan ruang '{value}' tidak dikenal. Gunakan bentuk seperti 'III/a' (I/a sampai IV/e) atau kode BKN 11-45.",
    "Unknown golongan ruang '{value}'. Use a form such as 'III/a' (I/a to IV/e) or a BKN code 11-45.",
)

RANK_ORDER_REASON_MISMATCH = Spec(
    "rank_order_reason_mismatch", 422,
    "Alasan {value} tidak menjelaskan golongan {after} sesudah {before} ({value_2}); gunakan salah satu: {shown}.",
    "Reason {value} does not explain rank {after} after {before} ({value_2}); use one of: {shown}.",
)

RANK_ORDER_REASON_REQUIRED = Spec(
    "rank_order_reason_required", 422,
    "Golongan {after} sesudah {before} bukan kenaikan pangkat reguler satu tingkat ({value}); isi reason: {shown}.",
    "Rank {after} after {before} is not a regular one-step promotion ({value}); give a reason: {shown}.",
)

RANK_OUTSIDE_JENJANG_RANGE = Spec(
    "rank_outside_jenjang_range", 422,
    "Golongan {label} tidak sesuai untuk jenjang {label_2}, yang memerlukan golongan {label_3} sampai {label_4}. Perbaiki golongan "
    "atau jenjangnya.",
    "Rank {label} does not fit jenjang {label_2}, which requires {label_3} to {label_4}. Correct the rank or the jenjang.",
)

RANK_SCHEME_MISMATCH = Spec(
    "rank_scheme_mismatch", 422,
    "Golongan {rank} dan {minimum} berasal dari skema berbeda (PNS dan PPPK) sehingga tidak dapat dibandingkan. Gunakan golongan "
    "dari skema yang sama.",
    "Ranks {rank} and {minimum} belong to different schemes (PNS and PPPK) and cannot be compared. Use ranks from the same scheme.",
)

TMT_BEFORE_POSITION_START = Spec(
    "tmt_before_position_start", 422,
    "TMT {tmt} lebih awal dari TMT jabatan saat ini {position_start}. Perbaiki salah satu tanggal.",
    "TMT {tmt} is before the current position's start {position_start}. Correct one of the dates.",
)

"""Error codes of merit_evaluation.rules: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

DUPLICATE_COMPETENCY = Spec(
    "duplicate_competency", 422,
    "Kode kompetensi {key} muncul lebih dari sekali di {name}.",
    "Competency code {key} appears more than once in {name}.",
)

EMPTY_COMPETENCY_STANDARD = Spec(
    "empty_competency_standard", 422,
    "Standar kompetensi jabatan kosong; isi level standar minimal satu kompetensi.",
    "The position's competency standard is empty; set a standard level for at least one competency.",
)

INVALID_ACTIVITY = Spec(
    "invalid_activity", 422,
    "activities[{i}] harus pasangan (tanggal, menit).",
    "activities[{i}] must be a (date, minutes) pair.",
)

INVALID_ANGKA_KREDIT_POLICY = Spec(
    "invalid_angka_kredit_policy", 422,
    "display_places harus bilangan bulat 0 sampai 6.",
    "display_places must be a whole number from 0 to 6.",
)

INVALID_ANGKA_KREDIT_POLICY_KOEFISIEN_PEMULA_MUST_DECIMAL = Spec(
    "invalid_angka_kredit_policy", 422,
    "koefisien_pemula harus angka Decimal lebih dari 0.",
    "koefisien_pemula must be a Decimal greater than 0.",
)

INVALID_COMPETENCY_LEVELS = Spec(
    "invalid_competency_levels", 422,
    "{name} harus berupa peta kode kompetensi ke level.",
    "{name} must be a mapping of competency code to level.",
)

INVALID_CURVE_POLICY = Spec(
    "invalid_curve_policy", 422,
    "Aturan {code}: count harus bilangan bulat >= 0, bukan {count!r}.",
    "Rule {code}: count must be a whole number >= 0, not {count!r}.",
)

INVALID_CURVE_POLICY_RULE_THE_PREDIKAT_SET = Spec(
    "invalid_curve_policy", 422,
    "Aturan {code}: daftar predikat tidak boleh kosong.",
    "Rule {code}: the predikat set must not be empty.",
)

INVALID_CURVE_POLICY_RULE_SET_EXACTLY_ONE = Spec(
    "invalid_curve_policy", 422,
    "Aturan {code}: isi tepat satu dari share atau count.",
    "Rule {code}: set exactly one of share or count.",
)

INVALID_CURVE_POLICY_RULE_SHARE_MUST_FRACTION = Spec(
    "invalid_curve_policy", 422,
    "Aturan {code}: share harus pecahan 0 sampai 1 (mis. 0.7 untuk 70%), bukan {share}.",
    "Rule {code}: share must be a fraction from 0 to 1 (e.g. 0.7 for 70%), not {share}.",
)

INVALID_CURVE_POLICY_CURVE_RULE_CODES_MUST = Spec(
    "invalid_curve_policy", 422,
    "Kode aturan kurva harus unik; duplikat: {join_dupes}.",
    "Curve rule codes must be unique; duplicates: {join_dupes}.",
)

INVALID_CURVE_POLICY_EVERY_CURVE_RULE_NEEDS = Spec(
    "invalid_curve_policy", 422,
    "Setiap aturan kurva wajib punya code.",
    "Every curve rule needs a code.",
)

INVALID_CURVE_POLICY_MUST_ONE = Spec(
    "invalid_curve_policy", 422,
    "{name} harus salah satu dari {join__roundings}.",
    "{name} must be one of {join__roundings}.",
)

INVALID_DISCIPLINE_RECORD = Spec(
    "invalid_discipline_record", 422,
    "discipline_records[{i}] harus DisciplineRecord atau pasangan (tingkat, tanggal).",
    "discipline_records[{i}] must be a DisciplineRecord or a (level, date) pair.",
)

INVALID_JPM_POLICY = Spec(
    "invalid_jpm_policy", 422,
    "Ambang JPM harus Decimal dengan 0 <= cukup_optimal_min < optimal_min.",
    "JPM thresholds must be Decimals with 0 <= cukup_optimal_min < optimal_min.",
)

INVALID_JPM_POLICY_DISPLAY_PLACES_MUST = Spec(
    "invalid_jpm_policy", 422,
    "display_places harus 0 sampai 6.",
    "display_places must be 0 to 6.",
)

INVALID_PERFORMANCE_HISTORY = Spec(
    "invalid_performance_history", 422,
    "Berikan tepat {performance_years} predikat (satu per tahun untuk {performance_years} tahun terakhir); diterima {len_predikats}.",
    "Give exactly {performance_years} predikat (one per year for the last {performance_years} years); got {len_predikats}.",
)

INVALID_POTENTIAL_COMPONENTS = Spec(
    "invalid_potential_components", 422,
    "Komponen potensial harus tepat {join_sorted_expected}; kurang: {value_1}; tidak dikenal: {value_2}.",
    "Potential components must be exactly {join_sorted_expected}; missing: {value_1}; unknown: {value_2}.",
)

INVALID_REQUIRED_JP = Spec(
    "invalid_required_jp", 422,
    "required_jp ({required}) tidak boleh di bawah minimum nasional {min_jp_per_year} JP per tahun.",
    "required_jp ({required}) must not be below the national minimum of {min_jp_per_year} JP per year.",
)

INVALID_SKP_TRANSITION = Spec(
    "invalid_skp_transition", 409,
    "Aksi {value} tidak diizinkan untuk SKP berstatus {value_2}. Aksi yang diizinkan: {listed}.",
    "Action {value} is not allowed for an SKP in state {value_2}. Allowed actions: {listed}.",
)

INVALID_TALENT_POLICY = Spec(
    "invalid_talent_policy", 422,
    "Ambang sumbu harus Decimal dengan 0 < middle_min < high_min <= 100 (sekarang {middle_min}/{high_min}).",
    "Axis thresholds must be Decimals with 0 < middle_min < high_min <= 100 (got {middle_min}/{high_min}).",
)

NEGATIVE_DURATION = Spec(
    "negative_duration", 422,
    "{field_name} tidak boleh negatif ({d}).",
    "{field_name} must not be negative ({d}).",
)

UNKNOWN_BUILTIN_COMPETENCY = Spec(
    "unknown_builtin_competency", 422,
    "Kode kompetensi {code!r} di {name} tidak dikenal. Gunakan: {known} (kompetensi teknis hanya dengan allow_unknown).",
    "Unknown competency code {code!r} in {name}. Use: {known} (technical competencies only with allow_unknown).",
)

UNKNOWN_DEVELOPMENT_KIND = Spec(
    "unknown_development_kind", 422,
    "Jenis pengembangan {value!r} tidak dikenal; gunakan salah satu dari: {allowed}.",
    "Unknown development kind {value!r}; use one of: {allowed}.",
)

INVALID_DEVELOPMENT_PLAN_TRANSITION = Spec(
    "invalid_development_plan_transition", 409,
    "Aksi {action} tidak diizinkan untuk rencana pengembangan berstatus {state}. Aksi yang diizinkan: {listed}.",
    "Action {action} is not allowed for a development plan in state {state}. Allowed actions: {listed}.",
)

INVALID_DEVELOPMENT_POLICY = Spec(
    "invalid_development_policy", 422,
    "required_jp_per_year harus angka dari {minimum} (hak nasional) sampai 1000, bukan {value}.",
    "required_jp_per_year must be a number from {minimum} (the national right) to 1000, not {value}.",
)

FOLLOWUP_TRANSITION_NOT_ALLOWED = Spec(
    "followup_transition_not_allowed", 409,
    "Aksi {action} tidak diizinkan untuk tindak lanjut berstatus {state}; aksi yang diizinkan: {listed}.",
    "Action {action} is not allowed on a follow-up in state {state}; allowed actions: {listed}.",
)

INVALID_FOLLOWUP_POLICY_UNKNOWN_KEY = Spec(
    "invalid_followup_policy", 422,
    "Kunci tidak dikenal di followups: {listed}; kunci yang berlaku: {valid}.",
    "Unknown keys in followups: {listed}; valid keys: {valid}.",
)

INVALID_FOLLOWUP_POLICY_KIND = Spec(
    "invalid_followup_policy", 422,
    "{fld} harus REWARD, COACHING atau NONE, bukan {value!r}.",
    "{fld} must be REWARD, COACHING or NONE, not {value!r}.",
)

INVALID_FOLLOWUP_POLICY_BOX = Spec(
    "invalid_followup_policy", 422,
    "by_box memakai nomor kotak 1 sampai 9, bukan {value!r}.",
    "by_box takes box numbers 1 to 9, not {value!r}.",
)

INVALID_FOLLOWUP_POLICY_OPTIONS = Spec(
    "invalid_followup_policy", 422,
    "reward_options harus daftar opsi penghargaan yang tidak kosong dan tanpa duplikat.",
    "reward_options must be a non-empty list of reward options without repeats.",
)

INVALID_FOLLOWUP_POLICY_DUE_DAYS = Spec(
    "invalid_followup_policy", 422,
    "due_days memetakan REWARD/COACHING ke jumlah hari 1 sampai 730.",
    "due_days maps REWARD/COACHING to a number of days from 1 to 730.",
)

INVALID_FOLLOWUP_POLICY_SOURCES = Spec(
    "invalid_followup_policy", 422,
    "rating_sources harus daftar sumber rating dari: {listed}.",
    "rating_sources must be a list of rating sources among: {listed}.",
)

INVALID_MERIT_INDEX_POLICY = Spec(
    "invalid_merit_index_policy", 422,
    "Kebijakan indeks sistem merit tidak valid: {why_id}. Perbaiki lalu kirim lagi.",
    "The merit-system index policy is invalid: {why_en}. Fix it and send it again.",
)

"""Error codes of merit_evaluation.talent: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

AS_OF_OUTSIDE_YEAR = Spec(
    "as_of_outside_year", 422,
    "as_of harus tanggal dalam tahun {year}.",
    "as_of must be a date within {year}.",
)

CANDIDATE_EXISTS = Spec(
    "candidate_exists", 409,
    "Pegawai ini sudah menjadi kandidat.",
    "This employee is already a candidate.",
)

CANDIDATE_NOT_IN_TALENT_POOL = Spec(
    "candidate_not_in_talent_pool", 409,
    "Kandidat suksesi harus berada di kelompok rencana suksesi (talent pool: kotak 7–9 tanpa hukuman disiplin sedang/berat 2 tahun "
    "terakhir).",
    "A succession candidate must be in the talent pool (boxes 7–9 without a moderate/heavy penalty in the last 2 years).",
)

CYCLE_CLOSED = Spec(
    "cycle_closed", 409,
    "Siklus talenta sudah ditutup.",
    "The talent cycle is closed.",
)

CYCLE_EXISTS = Spec(
    "cycle_exists", 409,
    "Nama siklus talenta sudah dipakai.",
    "The talent cycle name is taken.",
)

FORBIDDEN_TALENT_DATA_READ_AGENCY = Spec(
    "forbidden", 403,
    "Data talenta dibaca admin instansi/unit atau PPK.",
    "Talent data is read by agency/unit admins or the PPK.",
)

INPUTS_OUTSIDE_SCOPE = Spec(
    "inputs_outside_scope", 422,
    "inputs berisi pegawai yang tidak ditempatkan dalam permintaan ini: {join_sorted_map}; hapus atau sertakan mereka.",
    "inputs names employees who are not placed by this request: {join_sorted_map}; remove or include them.",
)

INVALID_TALENT_INPUTS_POLICY = Spec(
    "invalid_talent_inputs_policy", 422,
    "Kunci tidak dikenal: {join_unknown}.",
    "Unknown keys: {join_unknown}.",
)

INVALID_TALENT_INPUTS_POLICY_UNKNOWN_KEY_USE = Spec(
    "invalid_talent_inputs_policy", 422,
    "Kunci {k!r} tidak dikenal; gunakan {join_penalty_keys}.",
    "Unknown key {k!r}; use {join_penalty_keys}.",
)

INVALID_TALENT_INPUTS_POLICY_JPM_CAP_MUST_ABOVE = Spec(
    "invalid_talent_inputs_policy", 422,
    "jpm_cap harus lebih dari 0.",
    "jpm_cap must be above 0.",
)

INVALID_TALENT_INPUTS_POLICY_OTHER_METHOD_FIXED_NEEDS = Spec(
    "invalid_talent_inputs_policy", 422,
    "other_method FIXED memerlukan other_value (0–100).",
    "other_method FIXED needs other_value (0–100).",
)

INVALID_TALENT_INPUTS_POLICY_OTHER_METHOD_MUST_MEAN = Spec(
    "invalid_talent_inputs_policy", 422,
    "other_method harus MEAN atau FIXED.",
    "other_method must be MEAN or FIXED.",
)

INVALID_TALENT_INPUTS_POLICY_TRACK_RECORD_WORST_PENALTY = Spec(
    "invalid_talent_inputs_policy", 422,
    "track_record_by_worst_penalty harus objek.",
    "track_record_by_worst_penalty must be an object.",
)

INVALID_TALENT_INPUTS_POLICY_MUST_BETWEEN_AND_100 = Spec(
    "invalid_talent_inputs_policy", 422,
    "{fld} harus antara 0 dan 100.",
    "{fld} must be between 0 and 100.",
)

RANK_TAKEN = Spec(
    "rank_taken", 409,
    "Peringkat {rank} sudah dipakai kandidat lain; pilih peringkat lain.",
    "Rank {rank} is held by another candidate; choose another rank.",
)

SUCCESSION_PLAN_EXISTS = Spec(
    "succession_plan_exists", 409,
    "Jabatan ini sudah memiliki rencana suksesi aktif.",
    "This position already has an active succession plan.",
)

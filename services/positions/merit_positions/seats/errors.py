"""Error codes of merit_positions.seats: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

HEAD_REQUIRES_MANAGERIAL_JOB = Spec(
    "head_requires_managerial_job", 422,
    "Jabatan kepala unit harus jabatan manajerial (JPT, Administrator atau Pengawas) dengan tepat 1 kebutuhan; pilih jabatan "
    "manajerial atau isi is_head false.",
    "A unit's head position must be managerial (JPT, Administrator or Pengawas) with exactly 1 seat; choose a managerial job or set "
    "is_head to false.",
)

MANAGERIAL_SEATS_FIXED = Spec(
    "managerial_seats_fixed", 409,
    "Jabatan manajerial selalu 1 kebutuhan; hasil ABK tidak diterapkan.",
    "A managerial position always has 1 seat; the ABK result is not applied.",
)

POSITION_BEFORE_UNIT = Spec(
    "position_before_unit", 422,
    "Unit {name} baru ada sejak {valid_from}; valid_from jabatan tidak boleh lebih awal.",
    "Unit {name} exists only from {valid_from}; the position's valid_from cannot be earlier.",
)

POSITION_CODE_TAKEN = Spec(
    "position_code_taken", 409,
    "Kode jabatan sudah dipakai (huruf besar/kecil tidak dibedakan); pilih kode lain.",
    "This position code is already used (letter case is ignored); choose another code.",
)

POSITION_HAS_ASSIGNMENTS = Spec(
    "position_has_assignments", 409,
    "Jabatan masih memiliki {open_count} penugasan yang berlaku pada atau sesudah tanggal itu; akhiri penugasan itu dulu.",
    "The position still has {open_count} assignments in force on or after that date; end them first.",
)

SEATS_BELOW_FILLED = Spec(
    "seats_below_filled", 409,
    "Kebutuhan {seats} lebih kecil dari {filled} pemangku definitif saat ini; akhiri penugasan dulu atau isi kebutuhan minimal "
    "sebanyak pemangku.",
    "{seats} seats is fewer than the {filled} current definitive holders; end assignments first or keep at least as many seats as "
    "holders.",
)

UNIT_HAS_HEAD = Spec(
    "unit_has_head", 409,
    "Unit ini sudah memiliki jabatan kepala; satu unit hanya boleh memiliki satu jabatan kepala. Ubah is_head jabatan kepala itu "
    "dulu.",
    "This unit already has a head position; a unit has at most one. Clear is_head on that head position first.",
)

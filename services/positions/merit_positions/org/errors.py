"""Error codes of merit_positions.org: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

DISSOLVE_ON_START = Spec(
    "dissolve_on_start", 422,
    "Unit tidak dapat dibubarkan pada hari yang sama dengan versi terakhirnya; pilih tanggal sesudahnya.",
    "A unit cannot be dissolved on the first day of its current version; choose a later date.",
)

EFFECTIVE_BEFORE_CURRENT_VERSION = Spec(
    "effective_before_current_version", 422,
    "Tanggal berlaku {effective} lebih awal dari versi unit saat ini ({valid_from}). Pilih tanggal yang sama atau sesudahnya.",
    "The effective date {effective} is before the unit's current version ({valid_from}). Choose that date or later.",
)

TRANSFER_TO_SELF = Spec(
    "transfer_to_self", 422,
    "Unit tujuan tidak boleh unit yang dibubarkan.",
    "The target unit cannot be the unit being dissolved.",
)

UNIT_BEFORE_PARENT = Spec(
    "unit_before_parent", 422,
    "Unit induk baru berlaku sejak {valid_from}; valid_from unit ini tidak boleh lebih awal.",
    "The parent unit exists only from {valid_from}; valid_from cannot be earlier.",
)

UNIT_CODE_TAKEN = Spec(
    "unit_code_taken", 409,
    "Kode unit sudah dipakai di instansi ini (huruf besar/kecil tidak dibedakan); pilih kode lain.",
    "This unit code is already used in the agency (letter case is ignored); choose another code.",
)

UNIT_CYCLE = Spec(
    "unit_cycle", 409,
    "Unit {name} tidak dapat dipindah ke bawah {name_2}, karena {name_2} berada di dalam {name} sendiri. Pilih induk lain.",
    "Unit {name} cannot move under {name_2}: {name_2} lies inside {name} itself. Choose another parent.",
)

UNIT_HAS_CHILDREN = Spec(
    "unit_has_children", 409,
    "Unit {name} masih memiliki {children} sub-unit aktif; pindahkan atau bubarkan sub-unit itu terlebih dahulu.",
    "Unit {name} still has {children} active sub-units; move or dissolve them first.",
)

UNIT_HAS_FILLED_POSITIONS = Spec(
    "unit_has_filled_positions", 409,
    "Unit {name} masih memiliki {filled} jabatan yang terisi. Sebutkan transfer_positions_to (unit tujuan jabatan-jabatan itu) atau "
    "akhiri penugasannya dulu.",
    "Unit {name} still has {filled} filled positions. Give transfer_positions_to (the unit that takes them) or end those "
    "assignments first.",
)

"""Error codes of merit_positions.common: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

FIELD_NOT_NULLABLE = Spec(
    "field_not_nullable", 422,
    "Kolom {name} tidak boleh null; hapus kolom itu dari permintaan atau isi nilainya.",
    "Field {name} cannot be null; leave it out of the request or give it a value.",
)

FORBIDDEN_YOU_CAN_ONLY_ACCESS = Spec(
    "forbidden", 403,
    "Anda hanya dapat mengakses data instansi Anda sendiri.",
    "You can only access your own agency's data.",
)

FORBIDDEN_THIS_POSITION_BELONGS_UNIT = Spec(
    "forbidden", 403,
    "Jabatan ini berada di unit di luar wilayah kewenangan Anda; minta admin instansi.",
    "This position belongs to a unit outside your scope; ask the agency admin.",
)

FORBIDDEN_THIS_EMPLOYEE_DOES_NOT = Spec(
    "forbidden", 403,
    "Pegawai ini tidak sedang menduduki jabatan di unit kewenangan Anda; penempatannya diurus admin instansi.",
    "This employee does not currently hold a seat in your units; the agency admin handles their placement.",
)

FORBIDDEN_THIS_UNIT_OUTSIDE_YOUR = Spec(
    "forbidden", 403,
    "Unit ini di luar wilayah kewenangan Anda.",
    "This unit is outside your scope.",
)

POSITION_ABOLISHED = Spec(
    "position_abolished", 409,
    "Jabatan {name} dihapus per {abolished_on}.",
    "Position {name} was abolished on {abolished_on}.",
)

UNIT_DISSOLVED = Spec(
    "unit_dissolved", 409,
    "Unit {name} sudah dibubarkan per {valid_to}; pilih unit aktif.",
    "Unit {name} was dissolved on {valid_to}; choose an active unit.",
)

EMPLOYEE_HAS_DEFINITIVE = Spec(
    "employee_has_definitive", 409,
    "Pegawai masih memegang jabatan definitif pada periode itu. Kirim end_current_definitive=true untuk mengakhirinya sehari "
    "sebelum tmt_start, atau akhiri penugasan itu dulu.",
    "The employee still holds a definitive position in that period. Send end_current_definitive=true to end it the day before "
    "tmt_start, or end that assignment first.",
)

EMPLOYEE_NOT_ACTIVE = Spec(
    "employee_not_active", 409,
    "Pegawai berstatus {status} tidak dapat ditugaskan.",
    "An employee with status {status} cannot be assigned.",
)

EMPLOYEE_PAST_RETIREMENT = Spec(
    "employee_past_retirement", 409,
    "Pegawai ini pensiun per {retires} (BUP {bup} untuk jabatan {name}); penugasan mulai {tmt_start} tidak dapat dibuat.",
    "This employee retires on {retires} (BUP {bup} for position {name}); an assignment starting {tmt_start} cannot be made.",
)

RANK_BELOW_MINIMUM = Spec(
    "rank_below_minimum", 409,
    "{reason_id} Jabatan {name} mensyaratkan golongan minimal {required}. Isi rank_override_reason bila pengangkatan tetap "
    "dilakukan.",
    "{reason_en} Position {name} requires at least {required}. Give rank_override_reason to appoint anyway.",
)

SEAT_FILLED = Spec(
    "seat_filled", 409,
    "Semua kebutuhan jabatan ini sudah terisi pemangku definitif pada periode itu. Akhiri penugasan pemangku lama dulu, atau pilih "
    "jabatan lain.",
    "All seats of this position are taken by definitive holders in that period. End the current holder's assignment first, or "
    "choose another position.",
)

TMT_BEFORE_POSITION = Spec(
    "tmt_before_position", 422,
    "Jabatan {name} baru ada sejak {valid_from}; tmt_start tidak boleh lebih awal.",
    "Position {name} exists only from {valid_from}; tmt_start cannot be earlier.",
)

RANK_BEFORE_BIRTH = Spec(
    "rank_before_birth", 422,
    "TMT golongan lebih awal dari tanggal lahir; perbaiki TMT-nya.",
    "The rank TMT is before the birth date; correct the TMT.",
)

RANK_BEFORE_CPNS = Spec(
    "rank_before_cpns", 422,
    "TMT golongan {tmt} lebih awal dari TMT CPNS {tmt_cpns} (dari NIP); perbaiki TMT-nya.",
    "The rank TMT {tmt} is before the TMT CPNS {tmt_cpns} (from the NIP); correct the TMT.",
)

RANK_TMT_TAKEN = Spec(
    "rank_tmt_taken", 409,
    "Sudah ada golongan dengan TMT ini; perbaiki TMT-nya.",
    "A rank with this TMT already exists; correct the TMT.",
)

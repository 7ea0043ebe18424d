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

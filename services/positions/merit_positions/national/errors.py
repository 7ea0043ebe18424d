"""Error codes of merit_positions.national: each code with its Indonesian and English message."""

from __future__ import annotations

from merit_shared.errors import Spec

NATIONAL_KEY_UNKNOWN = Spec(
    "national_key_unknown", 422,
    "Tidak ada catatan instansi ini dengan kunci {value}; impor dulu catatannya (pegawai dengan NIP itu, unit atau "
    "jabatan dengan kode itu), lalu tautkan ID nasionalnya.",
    "This agency has no record with the key {value}; import the record first (the employee with that NIP, the unit "
    "or job with that code), then link its national id.",
)

NATIONAL_ID_TAKEN = Spec(
    "national_id_taken", 422,
    "ID nasional {value} sudah dipakai catatan lain di instansi ini (atau dua kali dalam permintaan); satu ID nasional "
    "hanya untuk satu catatan.",
    "The national id {value} is already carried by another record of this agency (or appears twice in the request); "
    "one national id belongs to one record.",
)

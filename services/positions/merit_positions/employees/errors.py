"""Error codes of merit_positions.employees: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

FORBIDDEN_YOU_MAY_NOT_READ = Spec(
    "forbidden", 403,
    "Anda tidak berwenang melihat data pegawai ini. Yang dapat melihatnya: pegawai itu sendiri; atasannya (pejabat penilai dan "
    "atasan pejabat penilai, dengan peran supervisor); admin unit, bila pegawai menduduki jabatan di unit atau sub-unitnya; admin "
    "instansi dan PPK, seluruh instansi. Mintalah data ini kepada salah satu dari mereka.",
    "You may not read this employee. Who may: the employee themself; their supervisors (the evaluator and the evaluator's superior, "
    "with the supervisor role); a unit admin, when the employee holds a seat in their unit or its sub-units; agency admins and the "
    "PPK, the whole agency. Ask one of them for this record.",
)

GRADUATED_BEFORE_BIRTH = Spec(
    "graduated_before_birth", 422,
    "Tanggal lulus tidak boleh sebelum tanggal lahir; perbaiki tanggalnya.",
    "The graduation date cannot be before the birth date; correct it.",
)

NIP_AMBIGUOUS = Spec(
    "nip_ambiguous", 409,
    "NIP ini terdaftar di lebih dari satu instansi; sebutkan agency_id.",
    "This NIP is registered in more than one agency; pass agency_id.",
)

NIP_TAKEN = Spec(
    "nip_taken", 409,
    "NIP ini sudah terdaftar di instansi ini; perbarui pegawai itu.",
    "This NIP is already registered in the agency; update that employee instead.",
)


STATUS_DATE_BEFORE_BIRTH = Spec(
    "status_date_before_birth", 422,
    "status_effective_date lebih awal dari tanggal lahir pegawai; perbaiki tanggalnya.",
    "status_effective_date is before the employee's birth date; correct it.",
)

STATUS_EFFECTIVE_DATE_REQUIRED = Spec(
    "status_effective_date_required", 422,
    "Status pensiun/diberhentikan/meninggal memerlukan status_effective_date (tanggal berlakunya); isi tanggal itu.",
    "Status retired/dismissed/deceased needs status_effective_date (the date it takes effect); give that date.",
)

STATUS_EFFECTIVE_DATE_UNEXPECTED = Spec(
    "status_effective_date_unexpected", 422,
    "status_effective_date hanya untuk status retired, dismissed atau deceased; hapus kolom itu atau ubah status.",
    "status_effective_date is only for status retired, dismissed or deceased; remove it or change the status.",
)

NIP_ACTIVE_ELSEWHERE = Spec(
    "nip_active_elsewhere", 409,
    "NIP ini masih aktif di instansi lain; satu orang hanya aktif di satu instansi. Untuk memindahkannya ke instansi "
    "ini, instansi asal melepasnya lewat POST /api/v1/transfers, lalu terima mutasi itu.",
    "This NIP is still active in another agency; a person is active in one agency only. To move them here, the "
    "origin agency releases them with POST /api/v1/transfers, then accept that transfer.",
)

STATUS_SET_BY_TRANSFER = Spec(
    "status_set_by_transfer", 422,
    "Status transferred_out hanya diberikan oleh mutasi antar instansi yang diterima; gunakan POST /api/v1/transfers.",
    "Status transferred_out is only set by an accepted transfer between agencies; use POST /api/v1/transfers.",
)

EMPLOYEE_TRANSFERRED_OUT = Spec(
    "employee_transferred_out", 409,
    "Pegawai ini sudah pindah ke instansi lain; datanya di sini tinggal riwayat dan tidak dapat diubah.",
    "This employee has moved to another agency; the record here is history and cannot be changed.",
)

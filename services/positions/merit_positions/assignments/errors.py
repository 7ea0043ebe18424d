"""Error codes of merit_positions.assignments: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

ACTING_EXISTS = Spec(
    "acting_exists", 409,
    "Jabatan ini sudah memiliki Plt/Plh pada periode itu; akhiri penugasan itu dulu.",
    "This position already has an acting official in that period; end that assignment first.",
)

ACTING_OWN_POSITION = Spec(
    "acting_own_position", 409,
    "Pegawai ini pemangku definitif jabatan tersebut; tidak dapat menjadi Plt/Plh jabatannya sendiri.",
    "This employee holds the position definitively and cannot act in it.",
)

ASSIGNMENT_ALREADY_ENDED = Spec(
    "assignment_already_ended", 409,
    "Penugasan ini sudah berakhir pada {tmt_end}; tanggal akhir hanya dapat dimajukan, tidak diundurkan.",
    "This assignment already ended on {tmt_end}; its end can only be brought forward, not pushed back.",
)

ASSIGNMENT_STARTS_AFTER_STATUS = Spec(
    "assignment_starts_after_status", 409,
    "Penugasan {assignment_id} baru mulai {tmt_start}, sesudah tanggal berlaku status ({effective}). Batalkan/koreksi penugasan itu "
    "dulu atau periksa tanggal status.",
    "Assignment {assignment_id} starts on {tmt_start}, after the status's effective date ({effective}). Correct that assignment "
    "first or check the status date.",
)

CONCURRENT_UPDATE = Spec(
    "concurrent_update", 409,
    "Data yang sama sedang diubah oleh permintaan lain; tidak ada yang berubah. Muat ulang lalu ulangi.",
    "The same data is being changed by another request; nothing was changed. Reload and try again.",
)


END_BEFORE_START = Spec(
    "end_before_start", 422,
    "Tanggal akhir {tmt_end} lebih awal dari TMT mulai penugasan {tmt_start}; pilih tanggal akhir pada atau sesudah TMT mulai.",
    "End date {tmt_end} is before the assignment's start {tmt_start}; choose an end on or after the start.",
)

PLH_HOLDER_NOT_AWAY = Spec(
    "plh_holder_not_away", 409,
    "Plh hanya untuk jabatan yang pemangkunya sedang berhalangan sementara (cuti/tugas belajar); pemangku {name} tidak sedang "
    "berhalangan. Gunakan Plt bila jabatan kosong.",
    "A Plh is only for a position whose holder is temporarily away (leave/study); the holder of {name} is not away. Use a Plt if "
    "the seat is vacant.",
)

PLT_SEAT_HAS_HOLDER = Spec(
    "plt_seat_has_holder", 409,
    "Jabatan {name} memiliki pemangku definitif pada {tmt_start}; Plt hanya untuk jabatan yang kosong. Gunakan Plh bila pemangku "
    "sedang cuti/tugas belajar.",
    "Position {name} has a definitive holder on {tmt_start}; a Plt is only for a vacant seat. Use a Plh if the holder is on leave "
    "or study assignment.",
)


TMT_END_BEFORE_START = Spec(
    "tmt_end_before_start", 422,
    "tmt_end lebih awal dari tmt_start; perbaiki tanggal akhirnya.",
    "tmt_end is before tmt_start; correct the end date.",
)

ACTING_TOO_LONG = Spec(
    "acting_too_long", 422,
    "Plt/Plh diberikan paling lama {months} bulan: tmt_end paling lambat {max_end}. Perpanjang sekali sesudahnya bila perlu.",
    "An acting assignment is given for at most {months} months: tmt_end on or before {max_end}. Extend it once later if needed.",
)

ASSIGNMENT_NOT_ACTING = Spec(
    "assignment_not_acting", 409,
    "Penugasan ini definitif; hanya Plt/Plh yang dapat diperpanjang.",
    "This assignment is definitive; only an acting assignment (Plt/Plh) can be extended.",
)

ACTING_ALREADY_EXTENDED = Spec(
    "acting_already_extended", 409,
    "Plt/Plh ini sudah diperpanjang pada {extended_on}; perpanjangan hanya sekali. Tetapkan pejabat definitif atau Plt/Plh baru.",
    "This acting assignment was already extended on {extended_on}; it can be extended only once. Appoint a definitive "
    "holder or a new acting official.",
)

ACTING_ALREADY_ENDED = Spec(
    "acting_already_ended", 409,
    "Plt/Plh ini sudah diakhiri ({end_reason}); penugasan yang berakhir tidak dapat diperpanjang.",
    "This acting assignment has been ended ({end_reason}); an ended assignment cannot be extended.",
)

ACTING_EXTENSION_RANGE = Spec(
    "acting_extension_range", 422,
    "Tanggal akhir perpanjangan harus sesudah {tmt_end} dan paling lambat {max_end} (perpanjangan paling lama {months} bulan).",
    "The extended end must be after {tmt_end} and on or before {max_end} (an extension of at most {months} months).",
)

PLT_NOT_BEFORE_DEFINITIVE = Spec(
    "plt_not_before_definitive", 409,
    "Plt {assignment_id} pada jabatan ini mulai {tmt_start}, tidak sebelum TMT pejabat definitif; Plt itu tidak dapat diakhiri "
    "sehari sebelumnya. Koreksi Plt itu dulu.",
    "Acting official {assignment_id} of this position starts on {tmt_start}, not before the definitive holder's TMT, so it "
    "cannot end the day before. Correct that assignment first.",
)

END_SK_INCOMPLETE = Spec(
    "end_sk_incomplete", 422,
    "SK pengakhiran perlu nomor dan tanggalnya sekaligus; isi keduanya atau kosongkan keduanya.",
    "The SK ending the assignment needs both its number and its date; give both or neither.",
)

END_SK_AFTER_END = Spec(
    "end_sk_after_end", 422,
    "Tanggal SK pengakhiran {sk_date} sesudah hari berlakunya ({effective}); SK ditetapkan sebelum berlaku.",
    "The ending SK's date {sk_date} is after the day it takes effect ({effective}); an SK is issued before it takes effect.",
)

PLH_OUTSIDE_ABSENCE = Spec(
    "plh_outside_absence", 409,
    "Plh jabatan {name} hanya untuk masa pemangkunya berhalangan tercatat (cuti, pelatihan, sakit); periode {tmt_start} s.d. "
    "{tmt_end} tidak berada dalam satu ketidakhadiran. Catat ketidakhadirannya dulu atau sesuaikan tanggal.",
    "A Plh of {name} covers only a recorded absence of the holder (leave, training, sick); {tmt_start} to {tmt_end} is not "
    "within one absence. Record the absence first or adjust the dates.",
)

ABSENCE_OVERLAPS = Spec(
    "absence_overlaps", 409,
    "Pegawai ini sudah tercatat tidak hadir pada {date_from} s.d. {date_to}; periode ketidakhadiran tidak boleh tumpang tindih.",
    "This employee already has an absence from {date_from} to {date_to}; absences cannot overlap.",
)

ABSENCE_DATES = Spec(
    "absence_dates", 422,
    "date_to lebih awal dari date_from; perbaiki periode ketidakhadiran.",
    "date_to is before date_from; correct the absence's period.",
)

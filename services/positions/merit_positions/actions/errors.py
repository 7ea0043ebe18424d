"""Error codes of merit_positions.actions: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

BLACKOUT_WINDOW = Spec(
    "blackout_window", 409,
    "Tanggal keputusan {decision_date} berada dalam masa larangan {value_1} s.d. {value_2}. Isi blackout_override_reason dengan "
    "persetujuan tertulis Menteri, atau pilih tanggal di luar masa itu.",
    "The decision date {decision_date} is inside the blackout window {value_1} to {value_2}. Give blackout_override_reason (the "
    "Minister's written approval), or choose a date outside the window.",
)

CHECKS_NOT_PASSED = Spec(
    "checks_not_passed", 409,
    "{len_blocked} usulan tidak lolos atau belum dapat diperiksa (status 'failed' atau 'unknown'). Isi override_reason untuk tetap "
    "menyetujui, atau keluarkan pegawai tersebut dari usulan.",
    "{len_blocked} moves failed a check or could not be checked ('failed' or 'unknown'). Give override_reason to approve anyway, or "
    "remove them.",
)

CURRENT_STARTS_ON_TMT = Spec(
    "current_starts_on_tmt", 409,
    "penugasan saat ini dimulai {tmt_start}, pada/sesudah TMT usulan, sehingga tidak dapat diakhiri sehari sebelumnya.",
    "the current assignment starts on {tmt_start}, on or after the TMT, so it cannot end the day before.",
)

DUPLICATE_EMPLOYEE = Spec(
    "duplicate_employee", 422,
    "Seorang pegawai hanya boleh muncul sekali dalam satu usulan.",
    "An employee may appear only once in a proposal.",
)

FORBIDDEN = Spec(
    "forbidden", 403,
    "Aksi '{name}'{at_id} hanya dapat dilakukan oleh peran: {names}. Minta pemegang peran itu melakukannya.",
    "'{name}'{at_en} may only be taken by the role(s): {names}. Ask a holder of that role to do it.",
)

SK_REQUIRED = Spec(
    "sk_required", 422,
    "Persetujuan memerlukan nomor dan tanggal SK; isi {name}.",
    "Approval needs the SK number and date; give {name}.",
)

CANCEL_REASON_REQUIRED = Spec(
    "cancel_reason_required", 422,
    "Usulan yang sudah diputuskan PPK hanya dapat dibatalkan dengan alasan; isi reason.",
    "An action the PPK has decided can only be cancelled with a reason; give reason.",
)

MOVE_NOT_IN_ACTION = Spec(
    "move_not_in_action", 422,
    "Pegawai {employee_id} tidak ada dalam usulan ini; hanya perpindahan yang sudah diputuskan yang dapat diubah atau dikeluarkan.",
    "Employee {employee_id} is not in this action; only the decided moves can be changed or removed.",
)

ACTION_NEEDS_MOVE = Spec(
    "action_needs_move", 422,
    "Usulan harus menyisakan paling sedikit satu perpindahan; batalkan usulan bila semuanya dikeluarkan.",
    "An action keeps at least one move; cancel the action instead of removing every move.",
)

EDIT_EMPTY = Spec(
    "edit_empty", 422,
    "Tidak ada perubahan: isi remove (pegawai yang dikeluarkan) atau retarget (jabatan tujuan baru).",
    "Nothing to change: give remove (employees taken out) or retarget (a new target position).",
)

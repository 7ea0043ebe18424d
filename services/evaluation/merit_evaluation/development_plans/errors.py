"""Error codes of merit_evaluation.development_plans: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

DEVELOPMENT_PLAN_EXISTS = Spec(
    "development_plan_exists", 409,
    "Pegawai ini sudah memiliki rencana pengembangan individu tahun {year}; ubah rencana itu.",
    "This employee already has an individual development plan for {year}; change that plan.",
)

DEVELOPMENT_PLAN_LOCKED = Spec(
    "development_plan_locked", 409,
    "Kegiatan rencana hanya dapat diubah saat DRAFT (sekarang {state}); buka kembali rencana dengan REOPEN.",
    "The plan's activities change only while DRAFT (now {state}); reopen the plan with REOPEN.",
)

DEVELOPMENT_PLAN_EMPTY = Spec(
    "development_plan_empty", 409,
    "Rencana pengembangan belum berisi kegiatan; tambahkan minimal satu kegiatan sebelum SUBMIT.",
    "The development plan has no activities; add at least one before SUBMIT.",
)

ACTIVITY_NOT_IN_CATALOGUE = Spec(
    "activity_not_in_catalogue", 422,
    "Kegiatan {activity_id} tidak ada di katalog instansi Anda; periksa activity_id.",
    "Activity {activity_id} is not in your agency's catalogue; check activity_id.",
)

ACTIVITY_RETIRED = Spec(
    "activity_retired", 422,
    "Kegiatan {activity_id} sudah tidak aktif (RETIRED); pilih kegiatan ACTIVE dari katalog.",
    "Activity {activity_id} is retired; choose an ACTIVE activity of the catalogue.",
)

ACTIVITY_DOES_NOT_ADDRESS = Spec(
    "activity_does_not_address", 422,
    "Kegiatan ini tidak mengembangkan kompetensi {code}; pilih kegiatan yang mencantumkan {code}.",
    "This activity does not address competency {code}; choose an activity that lists {code}.",
)

NOT_A_GAP = Spec(
    "not_a_gap", 422,
    "{code} bukan kesenjangan pegawai ini pada JPM terakhir tahun {year}; pilih kompetensi di bawah standar.",
    "{code} is not a gap of this employee in their latest JPM of {year}; choose a competency below the standard.",
)

NO_JPM = Spec(
    "no_jpm", 422,
    "Pegawai ini belum memiliki JPM terhadap jabatannya yang berlaku pada tahun {year}; hitung JPM dulu.",
    "This employee has no JPM against their position valid in {year}; compute the JPM first.",
)

ACTIVITY_ALREADY_PLANNED = Spec(
    "activity_already_planned", 409,
    "Kegiatan ini sudah ada di rencana untuk kompetensi {code}.",
    "This activity is already in the plan for competency {code}.",
)

PLAN_ITEM_REALISED = Spec(
    "plan_item_realised", 409,
    "Kegiatan rencana ini sudah direalisasikan oleh catatan pengembangan; kegiatan itu tidak dapat dihapus.",
    "This plan activity is realised by a development record; it cannot be removed.",
)

FORBIDDEN_THE_DEVELOPMENT_PLAN_READ = Spec(
    "forbidden", 403,
    "Rencana pengembangan dibaca pegawai itu, atasannya pada rencana, dan admin lingkupnya.",
    "A development plan is read by its employee, their supervisors on the plan and the admins of their scope.",
)

FORBIDDEN_DEVELOPMENT_PLAN_CREATE = Spec(
    "forbidden", 403,
    "Rencana pengembangan dibuat pegawai itu sendiri, pejabat penilainya, atau admin lingkupnya.",
    "A development plan is created by the employee, their evaluator, or an admin of their scope.",
)

FORBIDDEN_DEVELOPMENT_PLAN_ACTION = Spec(
    "forbidden", 403,
    "Anda tidak boleh melakukan {action} pada rencana pengembangan ini; lihat allowed_actions.",
    "You may not {action} this development plan; see allowed_actions.",
)

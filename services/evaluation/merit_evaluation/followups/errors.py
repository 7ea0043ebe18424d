"""Error codes of merit_evaluation.followups: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

FORBIDDEN_FOLLOWUP_READ = Spec(
    "forbidden", 403,
    "Anda tidak berhak melihat tindak lanjut ini: hanya pegawai ybs, pemiliknya (pembina/pemutus), atasannya, "
    "admin lingkupnya, dan PPK.",
    "You may not see this follow-up: only the employee, its owner (coach/decider), their superiors, the admins of "
    "their scope and the PPK may.",
)

FORBIDDEN_FOLLOWUP_ACTION = Spec(
    "forbidden", 403,
    "Anda tidak berhak melakukan {value} pada tindak lanjut ini; aksi Anda: {listed}.",
    "You may not {value} this follow-up; your actions: {listed}.",
)

FOLLOWUP_KIND_MISMATCH = Spec(
    "followup_kind_mismatch", 409,
    "Tindak lanjut ini berjenis {kind}; aksi {value} hanya untuk jenis {wanted}.",
    "This follow-up is of kind {kind}; action {value} is only for kind {wanted}.",
)

REWARD_OPTION_NOT_OFFERED = Spec(
    "reward_option_not_offered", 422,
    "Opsi {value} tidak ditawarkan untuk tindak lanjut ini; pilih salah satu dari: {listed}.",
    "Option {value} is not offered by this follow-up; choose one of: {listed}.",
)

COACHING_PLAN_INCOMPLETE = Spec(
    "coaching_plan_incomplete", 409,
    "Rencana pembinaan belum lengkap: isi minimal satu sasaran dan satu tahapan bertanggal sebelum diaktifkan "
    "(PUT .../plan).",
    "The coaching plan is incomplete: give at least one goal and one dated milestone before activating it "
    "(PUT .../plan).",
)

MILESTONE_BEFORE_PLAN = Spec(
    "milestone_before_plan", 422,
    "Tanggal tahapan {value} sebelum tanggal dibuatnya tindak lanjut ({created_on}); perbaiki tanggalnya.",
    "Milestone date {value} is before the follow-up was created ({created_on}); correct the date.",
)

NOTE_DATE_IN_FUTURE = Spec(
    "note_date_in_future", 422,
    "Tanggal catatan {value} belum tiba (hari ini {today}); catatan kemajuan mencatat yang sudah terjadi.",
    "The note date {value} is in the future (today is {today}); a progress note records what has happened.",
)

COACH_IS_EMPLOYEE = Spec(
    "coach_is_employee", 422,
    "Pembina tidak boleh pegawai yang dibina sendiri; pilih pegawai lain sebagai coach_employee_id.",
    "The coach cannot be the coached employee; choose another employee as coach_employee_id.",
)

"""Error codes of merit_gateway.notifications: each code with its Indonesian and English message."""

from __future__ import annotations

from merit_shared.errors import Spec

NOTIFICATIONS_FOR_PEOPLE = Spec(
    "notifications_for_people", 403,
    "Pemberitahuan hanya untuk akun orang (login dengan nama pengguna dan kata sandi), bukan klien mesin.",
    "Notifications belong to people's accounts (password login), not to machine clients.",
)

NOTIFICATION_PARAMS_MISSING = Spec(
    "notification_params_missing", 422,
    "Pemberitahuan {kind} memerlukan parameter {missing}; lengkapi params.",
    "A {kind} notification needs the parameters {missing}; complete params.",
)

ONE_RECIPIENT = Spec(
    "one_recipient", 422,
    "Sebutkan tepat satu penerima: account_id, employee_id (dengan agency_id), atau agency_admins (dengan agency_id).",
    "Name exactly one recipient: account_id, employee_id (with agency_id), or agency_admins (with agency_id).",
)

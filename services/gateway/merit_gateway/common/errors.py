"""Error codes of merit_gateway.common: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

AUDITOR_ROLE_EXCLUSIVE = Spec(
    "auditor_role_exclusive", 422,
    "Peran auditor (Inspektorat) tidak digabung dengan peran lain; buat akun auditor tersendiri.",
    "The auditor role (the inspectorate) is not combined with other roles; create a separate auditor account.",
)

CANNOT_DISABLE_SELF = Spec(
    "cannot_disable_self", 409,
    "Anda tidak dapat menonaktifkan akun Anda sendiri; minta admin lain atau operator platform.",
    "You cannot disable your own account; ask another admin or the platform operator.",
)

CANNOT_RESET_SELF = Spec(
    "cannot_reset_self", 409,
    "Anda tidak dapat mereset kata sandi akun Anda sendiri; gantilah dengan kata sandi Anda saat ini melalui POST {change_route}.",
    "You cannot reset your own account's password; change it with your current password at POST {change_route}.",
)

CLIENT_REVOKED_2 = Spec(
    "client_revoked", 409,
    "Klien mesin ini telah dicabut; daftarkan klien baru.",
    "This machine client was revoked; register a new one.",
)

FORBIDDEN_YOU_CAN_ONLY_CREATE = Spec(
    "forbidden", 403,
    "Anda hanya dapat membuat pengguna di instansi Anda sendiri.",
    "You can only create users in your own agency.",
)

FORBIDDEN_YOU_CAN_ONLY_REGISTER = Spec(
    "forbidden", 403,
    "Anda hanya dapat mendaftarkan klien mesin di instansi Anda sendiri.",
    "You can only register machine clients in your own agency.",
)

LINK_NOT_IN_AGENCY = Spec(
    "link_not_in_agency", 422,
    "{what_id} tidak ditemukan di instansi akun ini; periksa {field_name}.",
    "{what_en} was not found in the account's agency; check {field_name}.",
)

NIP_MISMATCH = Spec(
    "nip_mismatch", 422,
    "nip tidak sama dengan NIP pegawai pada employee_id; kosongkan atau perbaiki.",
    "nip differs from the NIP of the employee given by employee_id; leave it out or correct it.",
)

NIP_WITHOUT_EMPLOYEE = Spec(
    "nip_without_employee", 422,
    "nip hanya diisi bersama employee_id (NIP pegawai itu).",
    "Give nip only together with employee_id (that employee's NIP).",
)

PASSWORD_UNCHANGED = Spec(
    "password_unchanged", 422,
    "Kata sandi baru harus berbeda dari kata sandi saat ini.",
    "The new password must differ from the current one.",
)

ROLE_NOT_FOR_PEOPLE = Spec(
    "role_not_for_people", 422,
    "Peran service dan machine_client hanya untuk klien mesin.",
    "The service and machine_client roles are for machine clients only.",
)

UPSTREAM_UNAVAILABLE = Spec(
    "upstream_unavailable", 503,
    "Layanan positions tidak dapat dihubungi untuk memeriksa data pegawai; ulangi sebentar lagi.",
    "The positions service cannot be reached to check the employee record; try again shortly.",
)

USERNAME_TAKEN = Spec(
    "username_taken", 409,
    "Nama pengguna {username} sudah dipakai.",
    "Username {username} is already taken.",
)

WEAK_PASSWORD = Spec(
    "weak_password", 422,
    "Kata sandi {value_1}; pilih kata sandi lain (misalnya beberapa kata acak).",
    "The password {value_2}; choose another (for example a few random words).",
)

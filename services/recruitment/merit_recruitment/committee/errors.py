"""Error codes of merit_recruitment.committee: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

ACCOUNT_DISABLED = Spec(
    "account_disabled", 422,
    "Akun {who} dinonaktifkan; perbaiki members[{i}].",
    "Account {who} is disabled; fix members[{i}].",
)

ACCOUNT_NOT_PANEL_MEMBER = Spec(
    "account_not_panel_member", 422,
    "Akun {who} tidak berperan panel_member; perbaiki members[{i}].",
    "Account {who} does not hold the panel_member role; fix members[{i}].",
)

ACCOUNT_OTHER_AGENCY = Spec(
    "account_other_agency", 422,
    "Anggota internal members[{i}] harus berakun di instansi seleksi ini; akun {who} bukan dari instansi ini.",
    "Internal member members[{i}] must have an account of this selection's agency; account {who} is not of this agency.",
)

ACCOUNT_REQUIRED = Spec(
    "account_required", 422,
    "members[{i}] memerlukan account_id.",
    "members[{i}] needs account_id (the member's gateway account).",
)

ACCOUNT_SUBJECT_MISMATCH = Spec(
    "account_subject_mismatch", 422,
    "subject members[{i}] bukan nama pengguna akun {who}; kirim account_id saja.",
    "members[{i}].subject is not the username of account {who}; send account_id only.",
)

COMMITTEE_LOCKED = Spec(
    "committee_locked", 409,
    "Susunan panitia tidak dapat diubah setelah seluruh tahap penilaian selesai.",
    "The committee cannot change once the assessment stages are over.",
)

CONFLICT_FLAG_DECIDED = Spec(
    "conflict_flag_decided", 409,
    "Konflik kepentingan ini sudah diputus ({status}).",
    "This conflict of interest was already decided ({status}).",
)

FORBIDDEN_ONLY_THIS_SELECTION_COMMITTEE = Spec(
    "forbidden", 403,
    "Hanya ketua panitia seleksi ini yang memutus konflik kepentingan dari data kepegawaian.",
    "Only this selection's committee chair decides a conflict raised by the registry.",
)

OWN_CONFLICT_FLAG = Spec(
    "own_conflict_flag", 409,
    "Ketua tidak dapat memutus konflik kepentingan dirinya sendiri.",
    "The chair cannot decide a conflict of interest of their own.",
)

UNKNOWN_ACCOUNT = Spec(
    "unknown_account", 422,
    "Akun {who} tidak ditemukan; perbaiki members[{i}].",
    "Account {who} was not found; fix members[{i}].",
)

COMMITTEE_MEMBER_SCORED = Spec(
    "committee_member_scored", 409,
    "Anggota panitia {name} sudah memberi nilai; nilainya tetap tercatat, sehingga ia tidak dapat dikeluarkan dari "
    "panitia.",
    "Committee member {name} has given scores; they stay on record, so the member cannot be removed from the "
    "committee.",
)

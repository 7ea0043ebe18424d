"""Error codes of merit_evaluation.links: each code with its Indonesian and English message."""

from __future__ import annotations

from merit_shared.errors import Spec

LINK_CONFLICT = Spec(
    "employee_link_conflict", 409,
    "Mutasi {transfer_id} sudah tercatat dengan data lain; satu mutasi hanya menautkan satu pasang data pegawai.",
    "Transfer {transfer_id} is already on record with other data; one transfer links one pair of records.",
)

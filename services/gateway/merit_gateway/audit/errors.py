"""Error codes of merit_gateway.audit: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

AUDIT_WINDOW_EXCEEDED = Spec(
    "audit_window_exceeded", 422,
    "Tampilan audit hanya menjangkau {window} entri pertama (offset + limit, atau baris ekspor); persempit filter "
    "(rentang tanggal, service, entity, actor).",
    "The audit view reaches the first {window} entries only (offset + limit, or export rows); narrow the filters "
    "(date range, service, entity, actor).",
)

AUDIT_SOURCE_REFUSED = Spec(
    "audit_source_refused", 409,
    "Layanan {service} menolak membaca jejak auditnya ({status} {code}); ulangi atau hubungi operator.",
    "The {service} service refused to read its audit trail ({status} {code}); retry or contact the operator.",
)

"""Response schema of the positions audit trail: the entry shape is the shared library's, one for every service."""

from __future__ import annotations

from merit_shared.audit import AuditEntryOut

__all__ = ["AuditEntryOut"]

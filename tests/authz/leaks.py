"""Leaks the matrix finds on the current code, as (METHOD, path, actor, scope) -> what leaks.

Each entry turns its case into a strict xfail: when the fix lands the case passes, the strict xfail fails,
and the entry must be removed. Empty until the role x scope sweep is added (see the report).
"""

from __future__ import annotations

KNOWN_LEAKS: dict[tuple[str, str, str, str], str] = {}

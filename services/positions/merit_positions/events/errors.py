"""Error codes of merit_positions.events: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

FORBIDDEN_THE_EVENT_FEED_FOR = Spec(
    "forbidden", 403,
    "Umpan peristiwa hanya untuk sistem lain dan admin instansi.",
    "The event feed is for other systems and agency admins.",
)

"""Leaks the matrix finds on the current code, as (METHOD, path, actor, scope) -> what leaks.

Each entry turns its case into a strict xfail: when the fix lands the case passes, the strict xfail fails,
and the entry must be removed. Scopes: ``unlisted_role`` (a role tests/authz/rules.py does not name for the
operation, on the caller's own agency's records), ``other_agency`` / ``other_agency_list`` (the other agency's
records by id / in lists), ``allowed_actions:<kind>`` (an action a record of that kind and state lists for this caller answers 403).
"""

from __future__ import annotations

P = "/api/v1"
SEL = f"{P}/selections/{{selection_id}}"

KNOWN_LEAKS: dict[tuple[str, str, str, str], str] = {
}

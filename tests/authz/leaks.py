"""Leaks the matrix finds on the current code, as (METHOD, path, actor, scope) -> what leaks.

Each entry turns its case into a strict xfail: when the fix lands the case passes, the strict xfail fails,
and the entry must be removed. Scopes: ``unlisted_role`` (a role tests/authz/rules.py does not name for the
operation, on the caller's own agency's records), ``other_agency`` / ``other_agency_list`` (the other agency's
records by id / in lists), ``allowed_actions:<kind>`` (an action a record of that kind and state lists for this caller answers 403).
"""

from __future__ import annotations

from tests.authz.rules import ADMIN, SUP, UNIT

P = "/api/v1"
SEL = f"{P}/selections/{{selection_id}}"

KNOWN_LEAKS: dict[tuple[str, str, str, str], str] = {
    # evaluation: a supervisor records an annual rating directly, bypassing the SKP (rated by the evaluator)
    ("POST", f"{P}/annual-ratings", SUP, "unlisted_role"): "a supervisor records a subordinate's annual rating (201)",
    # allowed_actions that ignore who asks (issue 8, item 10): listed, then 403
    ("GET", f"{P}/evaluations/{{evaluation_id}}", ADMIN, "allowed_actions:evaluation_open"):
        "RATE listed to the agency admin (only the plan's evaluator rates)",
    ("GET", f"{P}/evaluations/{{evaluation_id}}", UNIT, "allowed_actions:evaluation_open"):
        "RATE listed to the unit admin (only the plan's evaluator rates)",
}

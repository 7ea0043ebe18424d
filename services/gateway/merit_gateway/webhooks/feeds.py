"""The event feeds the dispatcher fans out: one entry per service, with the event types it emits.

A feed that answers 404 (its service does not have it yet) is skipped quietly. Subscriptions are validated against
``known_types()``: a new event type becomes subscribable when it is listed here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feed:
    name: str  # the cursor's key and the first part of the ordering key
    service: str  # positions | evaluation | recruitment (its ServiceClient)
    path: str
    types: tuple[str, ...]


# The same names as each service's catalogue (merit_*.common.event_types; tests/test_e2e_webhooks.py checks it):
# the gateway does not import the services.
FEEDS: tuple[Feed, ...] = (
    Feed("positions", "positions", "/api/v1/position-events",
         ("employee_created", "employee_status_changed", "rank_changed", "employee_transferred", "employee_retired",
          "unit_restructured", "position_created", "position_abolished", "position_vacated", "position_filled",
          "assignment_started", "assignment_ended", "acting_expiring")),
    Feed("evaluation", "evaluation", "/api/v1/evaluation-events",
         ("skp_plan_submitted", "skp_plan_returned", "skp_plan_approved", "rating_awaiting_signoff",
          "rating_finalized", "org_rating_finalized", "talent_placed", "succession_changed")),
    Feed("recruitment", "recruitment", "/api/v1/recruitment-events",
         ("selection_announced", "stage_result_published", "appeal_decided", "application_verified",
          "application_qualified", "application_rejected", "appointment_decided", "appointment_confirmed")),
)


def known_types() -> tuple[str, ...]:
    return tuple(t for f in FEEDS for t in f.types)

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


FEEDS: tuple[Feed, ...] = (
    Feed("positions", "positions", "/api/v1/position-events",
         ("position_vacated", "position_filled", "assignment_started", "assignment_ended", "rank_changed",
          "employee_retired", "acting_expiring")),
    Feed("evaluation", "evaluation", "/api/v1/evaluation-events", ()),
    Feed("recruitment", "recruitment", "/api/v1/recruitment-events", ()),
)


def known_types() -> tuple[str, ...]:
    return tuple(t for f in FEEDS for t in f.types)

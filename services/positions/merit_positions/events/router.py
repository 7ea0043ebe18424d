"""The event feed other services read with an `after` cursor."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Query

from merit_positions.events import service
from merit_positions.events.schemas import EventOut, EventPage
from merit_shared.api import MAX_OFFSET
from merit_shared.app import Session
from merit_shared.authz import Caller
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/position-events", tags=["position-events"])
EVENT_TYPES = ("position_vacated", "position_filled", "assignment_started", "assignment_ended", "rank_changed",
               "employee_retired", "acting_expiring")


@router.get("", response_model=EventPage,
            summary="Events after a cursor (position_vacated/filled, assignment_started/ended, rank_changed, "
                    "employee_retired, acting_expiring)",
            description="Events are written in the same transaction as the change, so the feed never shows a rolled-back "
                        "change. Read with `after` = the last id seen; `next_cursor` continues. A page like every list, in the "
                        "cursor's order (id): `total` counts the events after `after`, `offset` skips some of them.",
            responses=problem_responses(401, 403, 422))
async def feed(*, session: Session, after: int = Query(0, ge=0, le=2**63 - 1), limit: int = Query(100, ge=1, le=1000),
               offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Events after the cursor to skip."),
               type: list[str] | None = Query(None, description="Only these types."),
               agency_id: uuid.UUID | None = Query(None, description="Service role: narrow to one agency."),
               principal: Caller) -> Any:
    total, rows = await service.feed(session, principal, after, limit, type, agency_id, offset)
    return {"items": [EventOut.model_validate(r, from_attributes=True) for r in rows], "total": total,
            "limit": limit, "offset": offset, "next_cursor": rows[-1].id if rows else after}

"""The event feed other services read with an `after` cursor."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from merit_positions.common.models import Event
from merit_shared.app import Session
from merit_shared.auth import Principal, Role, current_principal
from merit_shared.errors import Forbidden
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/position-events", tags=["position-events"])
EVENT_TYPES = ("position_vacated", "position_filled", "assignment_started", "assignment_ended", "rank_changed")


class EventOut(BaseModel):
    id: int = Field(examples=[42])
    type: str = Field(examples=["position_filled"])
    occurred_at: datetime
    agency_id: uuid.UUID
    data: dict[str, Any] = Field(examples=[{"position_id": "…", "filled": 1, "vacant": 0}])


class EventPage(BaseModel):
    items: list[EventOut]
    next_cursor: int = Field(description="Pass as `after` to continue; equals `after` when nothing new.")


@router.get("", response_model=EventPage,
            summary="Events after a cursor (position_vacated, position_filled, assignment_started/ended, rank_changed)",
            description="Events are written in the same transaction as the change, so the feed never shows a rolled-back "
                        "change. Read with `after` = the last id seen; `next_cursor` continues.",
            responses=problem_responses(401, 403, 422))
async def feed(session: Session, after: int = Query(0, ge=0, le=2**63 - 1), limit: int = Query(100, ge=1, le=1000),
               type: list[str] | None = Query(None, description="Only these types."),
               agency_id: uuid.UUID | None = Query(None, description="Service role: narrow to one agency."),
               principal: Principal = Depends(current_principal)) -> Any:
    q = sa.select(Event).where(Event.id > after)
    if principal.is_service:
        if agency_id:
            q = q.where(Event.agency_id == agency_id)
    elif principal.has(Role.AGENCY_ADMIN, Role.MACHINE_CLIENT, Role.PPK) and principal.agency_id:
        q = q.where(Event.agency_id == uuid.UUID(principal.agency_id))
    else:
        raise Forbidden("Umpan peristiwa hanya untuk sistem lain dan admin instansi.",
                        "The event feed is for other systems and agency admins.")
    if type:
        q = q.where(Event.type.in_(type))
    rows = (await session.scalars(q.order_by(Event.id).limit(limit))).all()
    return {"items": rows and [EventOut.model_validate(r, from_attributes=True) for r in rows] or [],
            "next_cursor": rows[-1].id if rows else after}

"""Pydantic schemas of the event feed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class EventOut(BaseModel):
    id: int = Field(examples=[42])
    type: str = Field(examples=["position_filled"])
    occurred_at: datetime
    agency_id: uuid.UUID
    data: dict[str, Any] = Field(examples=[{"position_id": "…", "filled": 1, "vacant": 0}])


class EventPage(BaseModel):
    """A page of the feed: ``total`` counts the events after the cursor (with the filters), ``offset`` those skipped
    after it."""

    items: list[EventOut]
    total: int
    limit: int
    offset: int
    next_cursor: int = Field(description="Pass as `after` to continue; equals `after` when nothing new.")

"""Publishing to the recruitment event feed (``common.event_types.CATALOGUE``), in the change's transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment.db_base import events
from merit_shared.auth import Principal
from merit_shared.events import emit


async def publish(session: AsyncSession, actor: Principal | str, type_: str, agency_id: uuid.UUID, record: object,
                  data: dict[str, Any]) -> None:
    await emit(session, events, type=type_, agency_id=agency_id, actor=actor, record=record, data=data)


def application_data(app: Any, decision: str, **extra: Any) -> dict[str, Any]:
    return {"application_id": app.id, "selection_id": app.selection_id, "employee_id": app.employee_id,
            "nip": app.nip, "name": app.name, "status": app.status, "decision": decision, **extra}

"""Publishing to the evaluation event feed (``common.event_types.CATALOGUE``), in the change's transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.models import events
from merit_shared.auth import Principal
from merit_shared.events import emit


async def publish(session: AsyncSession, actor: Principal | str, type_: str, agency_id: uuid.UUID, record: object,
                  data: dict[str, Any]) -> None:
    await emit(session, events, type=type_, agency_id=agency_id, actor=actor, record=record, data=data)


def plan_data(plan: Any, previous_state: str) -> dict[str, Any]:
    return {"plan_id": plan.id, "employee_id": plan.employee_id, "year": plan.year, "version": plan.version,
            "unit_id": plan.unit_id, "evaluator_employee_id": plan.evaluator_employee_id,
            "evaluator_superior_employee_id": plan.evaluator_superior_employee_id, "state": plan.state,
            "previous_state": previous_state}


def rating_data(row: Any) -> dict[str, Any]:
    """An annual rating's public fields, from its row (or the values inserted)."""
    get = row.get if isinstance(row, dict) else (lambda k: getattr(row, k))
    return {"rating_id": get("id"), **{k: get(k) for k in (
        "employee_id", "year", "rating_hasil_kerja", "rating_perilaku", "predikat", "source", "unit_id", "position_id",
        "plan_id")}}

"""The audit trail every service keeps of changes to legal records: who, when, what, before and after.

Each service owns an ``audit_log`` table in its schema (see ``audit_columns``); ``record`` writes one entry
in the request's transaction, so an entry exists exactly when the change does.
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared.auth import Principal


def jsonable(value: Any) -> Any:
    """Round-trip through orjson so dates, UUIDs and Decimals become plain JSON values."""
    if value is None:
        return None
    return orjson.loads(orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS))


def audit_columns() -> list[sa.Column[Any]]:
    """Columns of a service's ``audit_log`` table (for its model and its migration)."""
    return [
        sa.Column("id", sa.Uuid, primary_key=True, default=uuid.uuid4),
        sa.Column("agency_id", sa.Uuid, index=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("action", sa.String(80), nullable=False),
        sa.Column("entity", sa.String(80), nullable=False),
        sa.Column("entity_id", sa.String(80), index=True),
        sa.Column("before", JSONB),
        sa.Column("after", JSONB),
    ]


async def record(session: AsyncSession, table: sa.Table, actor: Principal | str, *, action: str, entity: str,
                 entity_id: object, agency_id: uuid.UUID | str | None, before: Any = None, after: Any = None) -> None:
    """Write one audit entry for a change made in this transaction."""
    who = actor if isinstance(actor, str) else actor.subject
    values: dict[str, Any] = {"agency_id": agency_id, "actor": who, "action": action, "entity": entity,
                              "entity_id": None if entity_id is None else str(entity_id),
                              "before": jsonable(before), "after": jsonable(after)}
    if "id" in table.c:
        values["id"] = uuid.uuid4()
    await session.execute(sa.insert(table).values(**values))

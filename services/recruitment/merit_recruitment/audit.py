"""Audit trail of every change to a legal record (selection, application, score, decision): who, when, what."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi.encoders import jsonable_encoder
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from merit_recruitment.db_base import Base
from merit_shared.auth import Principal


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(sa.String(200))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    action: Mapped[str] = mapped_column(sa.String(80))
    entity: Mapped[str] = mapped_column(sa.String(80))
    entity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


async def audit(session: AsyncSession, actor: Principal | str, agency_id: uuid.UUID, action: str, entity: str,
                entity_id: uuid.UUID, before: Any = None, after: Any = None) -> None:
    """Record one change in the request's transaction (so it exists exactly when the change does)."""
    who = actor if isinstance(actor, str) else actor.subject
    await session.execute(sa.insert(AuditLog).values(
        id=uuid.uuid4(), agency_id=agency_id, actor=who, action=action, entity=entity, entity_id=entity_id,
        before=jsonable_encoder(before) if before is not None else None,
        after=jsonable_encoder(after) if after is not None else None))

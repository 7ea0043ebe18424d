"""Audit log and agency policy tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID | None]
    actor: Mapped[str]
    action: Mapped[str]
    entity: Mapped[str]
    entity_id: Mapped[uuid.UUID | None]
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class EvaluationPolicy(Base):
    __tablename__ = "evaluation_policy"
    agency_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    curve: Mapped[dict[str, Any]] = mapped_column(JSONB)
    curve_enforcement: Mapped[str]
    period: Mapped[dict[str, Any]] = mapped_column(JSONB)
    jpm: Mapped[dict[str, Any]] = mapped_column(JSONB)
    talent: Mapped[dict[str, Any]] = mapped_column(JSONB)
    angka_kredit: Mapped[dict[str, Any]] = mapped_column(JSONB)
    head_rating: Mapped[dict[str, Any]] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(default=1)
    updated_by: Mapped[str]
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

"""Audit log and agency policy tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.common.event_types import CATALOGUE
from merit_evaluation.db_base import Base
from merit_shared.audit import audit_columns
from merit_shared.events import event_table

# The project-wide audit table shape (merit_shared.audit); written only by merit_shared.audit.record.
audit_log = sa.Table("audit_log", Base.metadata, *audit_columns(),
                     sa.Index("ix_audit_entity", "entity", "entity_id", "at"),
                     sa.Index("ix_audit_agency_at", "agency_id", "at"))
# The evaluation event feed (merit_shared.events); written by common.feed.publish.
events = event_table(Base.metadata, CATALOGUE)


class EvaluationPolicy(Base):
    __tablename__ = "evaluation_policy"
    __table_args__ = (
        sa.CheckConstraint("curve_enforcement IN ('block','warn')", name="evaluation_policy_curve_enforcement_check"),
    )
    agency_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    curve: Mapped[dict[str, Any]] = mapped_column(JSONB)
    curve_enforcement: Mapped[str]
    period: Mapped[dict[str, Any]] = mapped_column(JSONB)
    jpm: Mapped[dict[str, Any]] = mapped_column(JSONB)
    talent: Mapped[dict[str, Any]] = mapped_column(JSONB)
    talent_inputs: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    followups: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    angka_kredit: Mapped[dict[str, Any]] = mapped_column(JSONB)
    head_rating: Mapped[dict[str, Any]] = mapped_column(JSONB)
    development: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    version: Mapped[int] = mapped_column(default=1)
    updated_by: Mapped[str]
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

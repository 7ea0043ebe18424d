"""The merit-system index's tables: the agency's mapping policy, declared aspect values and frozen closed years."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base

TS = sa.DateTime(timezone=True)


class MeritIndexPolicy(Base):
    __tablename__ = "merit_index_policy"

    agency_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(default=1)
    updated_by: Mapped[str]
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class MeritIndexDeclaration(Base):
    """An aspect Merit holds no evidence for, self-assessed by the agency with its evidence (always ``declared``)."""

    __tablename__ = "merit_index_declaration"
    __table_args__ = (
        sa.CheckConstraint("level BETWEEN 1 AND 4", name="ck_merit_index_declaration_level"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="ck_merit_index_declaration_year"),
        sa.CheckConstraint("length(trim(evidence_text)) > 0", name="ck_merit_index_declaration_evidence"),
    )

    agency_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    aspect: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    level: Mapped[int] = mapped_column(sa.SmallInteger)
    evidence_text: Mapped[str] = mapped_column(sa.Text)
    document_ref: Mapped[str | None] = mapped_column(sa.String(500))
    version: Mapped[int] = mapped_column(default=1)
    declared_by: Mapped[str]
    declared_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())


class MeritIndexClosure(Base):
    """A closed year: its figures as computed when it was closed, with the SHA-256 of their canonical JSON.
    Immutable (trigger ``trg_merit_index_closure_immutable``)."""

    __tablename__ = "merit_index_closure"
    __table_args__ = (
        sa.CheckConstraint("content_hash ~ '^[0-9a-f]{64}$'", name="ck_merit_index_closure_hash"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="ck_merit_index_closure_year"),
    )

    agency_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    figures: Mapped[dict[str, Any]] = mapped_column(JSONB)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    closed_by: Mapped[str]
    closed_at: Mapped[datetime] = mapped_column(TS, server_default=sa.func.now())

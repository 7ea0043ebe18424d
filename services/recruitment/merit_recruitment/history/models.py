"""Declared history entries: one past post (title, kind, unit/agency, from, to) or one past rank (golongan, TMT)
per row, with its SK; the SK document itself is stored with the application's documents (code ``SK-<id>``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from merit_recruitment.db_base import Base

ENTRY_TYPES = ("POSITION", "RANK")
ENTRY_STATUSES = ("DECLARED", "VERIFIED", "REJECTED")


class DeclaredHistory(Base):
    __tablename__ = "declared_history"
    __table_args__ = (
        sa.CheckConstraint("entry_type IN ('POSITION', 'RANK')", name="ck_declared_history_type"),
        sa.CheckConstraint("status IN ('DECLARED', 'VERIFIED', 'REJECTED')", name="ck_declared_history_status"),
        sa.CheckConstraint(
            "(entry_type = 'POSITION' AND title IS NOT NULL AND position_kind IS NOT NULL AND start_date IS NOT NULL"
            " AND end_date IS NOT NULL AND end_date >= start_date AND golongan IS NULL AND tmt IS NULL)"
            " OR (entry_type = 'RANK' AND golongan IS NOT NULL AND tmt IS NOT NULL AND start_date IS NULL"
            " AND end_date IS NULL)", name="ck_declared_history_shape"),
        # A decision names who made it and when; a rejection says why.
        sa.CheckConstraint("status = 'DECLARED' OR (decided_by IS NOT NULL AND decided_at IS NOT NULL)",
                           name="ck_declared_history_decided"),
        sa.CheckConstraint("status <> 'REJECTED' OR decision_reason IS NOT NULL",
                           name="ck_declared_history_reason"),
        # Four eyes: who declared it does not verify it.
        sa.CheckConstraint("decided_by IS NULL OR decided_by <> declared_by", name="ck_declared_history_two_people"),
        sa.Index("ix_declared_history_application", "application_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    application_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("applications.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID]
    entry_type: Mapped[str] = mapped_column(sa.String(10))
    title: Mapped[str | None] = mapped_column(sa.String(300))
    position_kind: Mapped[str | None] = mapped_column(sa.String(40))
    unit: Mapped[str | None] = mapped_column(sa.String(300))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    golongan: Mapped[str | None] = mapped_column(sa.String(10))
    tmt: Mapped[date | None]
    sk_number: Mapped[str] = mapped_column(sa.String(100))
    sk_date: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(10), default="DECLARED")
    declared_by: Mapped[str] = mapped_column(sa.String(200))
    declared_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)

    @property
    def document_code(self) -> str:
        return f"SK-{self.id}"

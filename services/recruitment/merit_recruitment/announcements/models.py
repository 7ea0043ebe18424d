"""Published announcements (immutable snapshots with a content hash) and appeals (sanggah) against them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_recruitment.db_base import Base

ANNOUNCEMENT_KINDS = ("OPENING", "SCREENING", "STAGE", "FINAL", "CORRECTION", "APPOINTMENT")


class Announcement(Base):
    __tablename__ = "announcements"
    __table_args__ = (
        sa.UniqueConstraint("selection_id", "number", name="uq_announcements_number"),
        # An announcement is corrected at most once; a correction can itself be corrected (a chain).
        sa.UniqueConstraint("corrects_id", name="uq_announcements_corrects"),
        sa.CheckConstraint("kind IN ('OPENING', 'SCREENING', 'STAGE', 'FINAL', 'CORRECTION', 'APPOINTMENT')",
                           name="ck_announcements_kind"),
        sa.CheckConstraint("(kind = 'CORRECTION') = (corrects_id IS NOT NULL)", name="ck_announcements_correction"),
        sa.CheckConstraint("content_hash ~ '^[0-9a-f]{64}$'", name="ck_announcements_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("selections.id"), index=True)
    agency_id: Mapped[uuid.UUID]
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(20))
    stage_code: Mapped[str | None] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(300))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONB)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    corrects_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("announcements.id"))
    published_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    published_by: Mapped[str] = mapped_column(sa.String(200))
    appeal_deadline: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class Appeal(Base):
    __tablename__ = "appeals"
    __table_args__ = (
        sa.UniqueConstraint("announcement_id", "application_id", name="uq_appeals_once"),
        sa.CheckConstraint("status IN ('SUBMITTED', 'ACCEPTED', 'REJECTED')", name="ck_appeals_status"),
        sa.CheckConstraint("(status = 'SUBMITTED') = (decided_at IS NULL)", name="ck_appeals_decided"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID] = mapped_column(index=True)
    agency_id: Mapped[uuid.UUID]
    announcement_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("announcements.id"))
    application_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("applications.id"))
    submitted_by: Mapped[str] = mapped_column(sa.String(200))
    reason: Mapped[str] = mapped_column(sa.Text)
    submitted_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(20), default="SUBMITTED")
    decision_reasons: Mapped[str | None] = mapped_column(sa.Text)
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # The CORRECTION announcement issued when the appeal was accepted.
    correction_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("announcements.id"))

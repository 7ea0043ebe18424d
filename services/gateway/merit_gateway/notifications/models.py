"""Notifications to people (e-mail over SMTP), their per-kind preferences and the daily digests."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_gateway.models import Base

STATES = ("pending", "sent", "failed", "not_sent", "no_address", "opted_out")
_STATES_SQL = "(" + ", ".join(f"'{s}'" for s in STATES) + ")"


class NotificationPreference(Base):
    """How one person wants one kind (``*``: every kind without its own row): immediate, digest or off."""

    __tablename__ = "notification_preferences"
    __table_args__ = (sa.CheckConstraint("mode IN ('immediate', 'digest', 'off')",
                                         name="ck_notification_preferences_mode"),)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    mode: Mapped[str] = mapped_column(sa.String(10))


class NotificationDigest(Base):
    """One person's digest of one day (agency calendar): at most one e-mail per person and day."""

    __tablename__ = "notification_digests"
    __table_args__ = (
        sa.UniqueConstraint("account_id", "digest_on", name="uq_notification_digests_day"),
        sa.CheckConstraint(f"state IN {_STATES_SQL}", name="ck_notification_digests_state"),
        sa.CheckConstraint("(state = 'sent') = (sent_at IS NOT NULL)", name="ck_notification_digests_sent"),
        sa.Index("ix_notification_digests_pending", "next_attempt_at", postgresql_where=sa.text("state = 'pending'")),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID | None]
    digest_on: Mapped[date]
    state: Mapped[str] = mapped_column(sa.String(12), server_default="pending")
    attempts: Mapped[int] = mapped_column(server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class Notification(Base):
    """One thing that awaits one person, and how its e-mail fared (``state``)."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.CheckConstraint(f"state IN {_STATES_SQL}", name="ck_notifications_state"),
        sa.CheckConstraint("language IN ('id', 'en')", name="ck_notifications_language"),
        sa.CheckConstraint("(state = 'sent') = (sent_at IS NOT NULL)", name="ck_notifications_sent"),
        sa.CheckConstraint("digest_id IS NULL OR digest", name="ck_notifications_digest_id"),
        sa.Index("ix_notifications_pending", "next_attempt_at", postgresql_where=sa.text("state = 'pending' AND NOT digest")),
        sa.Index("ix_notifications_account_id", "account_id", "created_at"),
        sa.Index("ix_notifications_agency_id", "agency_id", "created_at"),
        sa.Index("ix_notifications_digest_id", "digest_id"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID | None]
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    language: Mapped[str] = mapped_column(sa.String(2))
    state: Mapped[str] = mapped_column(sa.String(12))
    digest: Mapped[bool] = mapped_column(server_default=sa.false())
    digest_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("notification_digests.id"))
    attempts: Mapped[int] = mapped_column(server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.String(200))  # the service that queued it (its token's subject)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

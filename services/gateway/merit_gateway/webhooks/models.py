"""Tables of the webhooks: the agency's allowed origins, subscriptions, the feed cursors, and the delivery outbox
(one row per subscription and event) with its attempt log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_gateway.db_base import SCHEMA, Base

#: The states of a delivery: pending (to send, or retrying), delivered (a 2xx), failed (every retry exhausted).
DELIVERY_STATUSES = ("pending", "delivered", "failed")
#: What one attempt came to: delivered (2xx), failed (another status, a timeout, no connection), refused (the
#: address is forbidden: never sent).
ATTEMPT_OUTCOMES = ("delivered", "failed", "refused")
#: Why a subscription was disabled.
DISABLED_REASONS = ("disabled_by_admin", "disabled_by_client", "consecutive_failures", "failing_too_long")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class WebhookOrigin(Base):
    """An origin (scheme, host, port) the agency admin allows subscriptions to deliver to."""

    __tablename__ = "webhook_origins"
    __table_args__ = (sa.UniqueConstraint("agency_id", "origin", name="uq_webhook_origins_agency_origin"),
                      sa.CheckConstraint("origin ~ '^https?://'", name="ck_webhook_origins_scheme"))
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    origin: Mapped[str] = mapped_column(sa.String(300))  # normalised: scheme://host:port, lower case
    # Deliveries may reach loopback and private addresses through this origin (an on-premises receiver).
    allow_private: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(sa.String(500))
    created_by: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class WebhookSubscription(Base):
    __tablename__ = "webhook_subscriptions"
    __table_args__ = (
        sa.Index("ix_webhook_subscriptions_agency_id", "agency_id"),
        sa.Index("ix_webhook_subscriptions_client_id", "client_id"),
        sa.CheckConstraint("cardinality(event_types) > 0", name="ck_webhook_subscriptions_types"),
        sa.CheckConstraint("disabled_reason IS NULL OR NOT active", name="ck_webhook_subscriptions_reason"),
        sa.CheckConstraint(f"disabled_reason IS NULL OR {_in('disabled_reason', DISABLED_REASONS)}",
                           name="ck_webhook_subscriptions_reason_code"),
        sa.CheckConstraint("(previous_secret IS NULL) = (previous_secret_expires_at IS NULL)",
                           name="ck_webhook_subscriptions_previous_secret"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    agency_id: Mapped[uuid.UUID]
    # The machine client (clients.id) that owns it; its subscriptions go when it is deleted.
    client_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey(f"{SCHEMA}.clients.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(sa.String(2000))
    event_types: Mapped[list[str]] = mapped_column(ARRAY(sa.String(80)))
    description: Mapped[str | None] = mapped_column(sa.String(500))
    active: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str | None] = mapped_column(sa.String(40))
    disabled_detail: Mapped[str | None] = mapped_column(sa.Text)
    disabled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # HMAC keys must be usable, so they are kept (not hashed); only this table's owner role reads them.
    secret: Mapped[str] = mapped_column(sa.String(100))
    previous_secret: Mapped[str | None] = mapped_column(sa.String(100))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    secret_rotated_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Deliveries that exhausted every retry since the last success; the first failure since the last success.
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    failing_since: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class WebhookFeedCursor(Base):
    """The last event of each service feed fanned out; advanced in the transaction that enqueues its deliveries."""

    __tablename__ = "webhook_feed_cursors"
    feed: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    cursor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class WebhookDelivery(Base):
    """The outbox: one message to one subscription (an event, or a ping), sent until delivered or out of retries."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.UniqueConstraint("subscription_id", "feed", "event_id", name="uq_webhook_deliveries_event"),
        sa.CheckConstraint(_in("status", DELIVERY_STATUSES), name="ck_webhook_deliveries_status"),
        sa.CheckConstraint("(feed IS NULL) = (event_id IS NULL)", name="ck_webhook_deliveries_event"),
        sa.Index("ix_webhook_deliveries_due", "next_attempt_at", postgresql_where=sa.text("status = 'pending'")),
        sa.Index("ix_webhook_deliveries_record", "subscription_id", "record_key", "seq",
                 postgresql_where=sa.text("status = 'pending'")),
        sa.Index("ix_webhook_deliveries_subscription", "subscription_id", "created_at"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # The order deliveries were enqueued in (events in cursor order): a record's deliveries go out in this order.
    seq: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(always=False), unique=True)
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey(f"{SCHEMA}.webhook_subscriptions.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID]
    feed: Mapped[str | None] = mapped_column(sa.String(40))  # None: a ping
    event_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    event_type: Mapped[str] = mapped_column(sa.String(80))
    # The record the event is about ("positions:position:<id>"; the agency when the event names none): a later
    # delivery of the same record waits while an earlier one is pending. None (a ping): no order.
    record_key: Mapped[str | None] = mapped_column(sa.String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)  # the body sent: {"type", "timestamp", "data"}
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)  # since it was (re)enqueued: the retry schedule's position
    next_attempt_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    last_attempt_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    delivered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    redelivered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class WebhookAttempt(Base):
    """One try of a delivery: the delivery log a client reads."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (
        sa.CheckConstraint(_in("outcome", ATTEMPT_OUTCOMES), name="ck_webhook_attempts_outcome"),
        sa.Index("ix_webhook_attempts_subscription", "subscription_id", "attempted_at"),
        sa.Index("ix_webhook_attempts_delivery", "delivery_id"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    delivery_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey(f"{SCHEMA}.webhook_deliveries.id", ondelete="CASCADE"))
    subscription_id: Mapped[uuid.UUID]
    attempted_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(sa.String(20))
    status_code: Mapped[int | None]
    duration_ms: Mapped[int]
    error: Mapped[str | None] = mapped_column(sa.Text)

"""The gateway's tables: the accounts it issues tokens to (people: password grant; machine clients: client
credentials), the login throttle, its own audit trail (the reads of the audit view) and the webhooks.

Every model module of the gateway is imported here, so Alembic and the model checks see all of its tables."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from merit_gateway.db_base import SCHEMA, Base
from merit_shared.audit import audit_columns
from merit_shared.outbox import inbox_columns


class User(Base):
    __tablename__ = "users"
    __table_args__ = (sa.CheckConstraint("language IN ('id', 'en')", name="ck_users_language"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(sa.String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    name: Mapped[str] = mapped_column(sa.String(200))
    roles: Mapped[list[str]] = mapped_column(ARRAY(sa.String(40)))
    agency_id: Mapped[uuid.UUID | None]
    unit_id: Mapped[uuid.UUID | None]
    employee_id: Mapped[uuid.UUID | None]
    nip: Mapped[str | None] = mapped_column(sa.String(18))
    active: Mapped[bool] = mapped_column(default=True)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Where notifications go (merit_gateway.notifications) and in which language; set by the admin or the person.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(2), server_default="id")
    # Set by an admin's password reset: no token until the person sets a password of their own.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    password_changed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class Client(Base):
    __tablename__ = "clients"
    __table_args__ = (sa.Index("ix_clients_agency_id", "agency_id"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    client_id: Mapped[str] = mapped_column(sa.String(100), unique=True)
    secret_hash: Mapped[str] = mapped_column(sa.String(300))
    name: Mapped[str] = mapped_column(sa.String(200))
    roles: Mapped[list[str]] = mapped_column(ARRAY(sa.String(40)))
    agency_id: Mapped[uuid.UUID | None]
    # An agency's machine client (role machine_client): the OAuth2 scopes its tokens carry (merit_shared.scopes).
    scopes: Mapped[list[str]] = mapped_column(ARRAY(sa.String(40)), default=list)
    active: Mapped[bool] = mapped_column(default=True)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    secret_rotated_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None]  # the admin account that registered it
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class LoginThrottle(Base):
    """Failed logins of one key ("user:<username>" or "addr:<address>") in the window that began at window_start."""

    __tablename__ = "login_throttle"
    __table_args__ = (sa.Index("ix_login_throttle_window_start", "window_start"),)
    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    failures: Mapped[int]
    window_start: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


# The gateway's own audit trail (merit_shared.audit shape): every read of the audit view (who, the filters, when),
# so the inspectorate's reads are themselves on the record.
audit_log = sa.Table("audit_log", Base.metadata, *audit_columns(),
                     sa.Index("ix_audit_log_agency_at", "agency_id", sa.text("at DESC")))

from merit_gateway.webhooks.models import (  # noqa: E402  (the webhooks' tables, after the accounts they name)
    WebhookAttempt,
    WebhookDelivery,
    WebhookFeedCursor,
    WebhookOrigin,
    WebhookSubscription,
)

# The idempotency keys of commands the services' outboxes send here (POST /api/v1/notifications).
inbox = sa.Table("inbox", Base.metadata, *inbox_columns())

from merit_gateway.notifications.models import Notification, NotificationDigest, NotificationPreference  # noqa: E402

__all__ = ["SCHEMA", "Base", "Client", "LoginThrottle", "User", "audit_log", "inbox", "Notification",
           "NotificationDigest", "NotificationPreference", "WebhookAttempt", "WebhookDelivery", "WebhookFeedCursor",
           "WebhookOrigin", "WebhookSubscription"]

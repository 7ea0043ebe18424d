"""webhooks: allowed origins per agency, subscriptions of machine clients, feed cursors, the delivery outbox and
its attempt log

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "webhook_origins",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("origin", sa.String(300), nullable=False),
        sa.Column("allow_private", sa.Boolean, nullable=False),
        sa.Column("note", sa.String(500)),
        sa.Column("created_by", sa.Uuid),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("agency_id", "origin", name="uq_webhook_origins_agency_origin"),
        sa.CheckConstraint("origin ~ '^https?://'", name="ck_webhook_origins_scheme"),
    )
    op.create_table(
        "webhook_subscriptions",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("client_id", sa.Uuid, sa.ForeignKey("gateway.clients.id", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("event_types", ARRAY(sa.String(80)), nullable=False),
        sa.Column("description", sa.String(500)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("disabled_reason", sa.String(40)),
        sa.Column("disabled_detail", sa.Text),
        sa.Column("disabled_at", TZ),
        sa.Column("secret", sa.String(100), nullable=False),
        sa.Column("previous_secret", sa.String(100)),
        sa.Column("previous_secret_expires_at", TZ),
        sa.Column("secret_rotated_at", TZ),
        sa.Column("consecutive_failures", sa.Integer, nullable=False),
        sa.Column("failing_since", TZ),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("cardinality(event_types) > 0", name="ck_webhook_subscriptions_types"),
        sa.CheckConstraint("disabled_reason IS NULL OR NOT active", name="ck_webhook_subscriptions_reason"),
        sa.CheckConstraint("disabled_reason IS NULL OR disabled_reason IN ('disabled_by_admin', "
                           "'disabled_by_client', 'consecutive_failures', 'failing_too_long')",
                           name="ck_webhook_subscriptions_reason_code"),
        sa.CheckConstraint("(previous_secret IS NULL) = (previous_secret_expires_at IS NULL)",
                           name="ck_webhook_subscriptions_previous_secret"),
    )
    op.create_index("ix_webhook_subscriptions_agency_id", "webhook_subscriptions", ["agency_id"])
    op.create_index("ix_webhook_subscriptions_client_id", "webhook_subscriptions", ["client_id"])
    op.create_table(
        "webhook_feed_cursors",
        sa.Column("feed", sa.String(40), primary_key=True),
        sa.Column("cursor", sa.BigInteger, nullable=False),
        sa.Column("updated_at", TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("seq", sa.BigInteger, sa.Identity(always=False), nullable=False, unique=True),
        sa.Column("subscription_id", sa.Uuid, sa.ForeignKey("gateway.webhook_subscriptions.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("feed", sa.String(40)),
        sa.Column("event_id", sa.BigInteger),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("record_key", sa.String(200)),
        sa.Column("payload", JSONB, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.Column("last_attempt_at", TZ),
        sa.Column("last_status_code", sa.Integer),
        sa.Column("last_error", sa.Text),
        sa.Column("delivered_at", TZ),
        sa.Column("redelivered_at", TZ),
        sa.Column("created_at", TZ, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("subscription_id", "feed", "event_id", name="uq_webhook_deliveries_event"),
        sa.CheckConstraint("status IN ('pending', 'delivered', 'failed')", name="ck_webhook_deliveries_status"),
        sa.CheckConstraint("(feed IS NULL) = (event_id IS NULL)", name="ck_webhook_deliveries_event"),
    )
    op.create_index("ix_webhook_deliveries_due", "webhook_deliveries", ["next_attempt_at"],
                    postgresql_where=sa.text("status = 'pending'"))
    op.create_index("ix_webhook_deliveries_record", "webhook_deliveries", ["subscription_id", "record_key", "seq"],
                    postgresql_where=sa.text("status = 'pending'"))
    op.create_index("ix_webhook_deliveries_subscription", "webhook_deliveries", ["subscription_id", "created_at"])
    op.create_table(
        "webhook_attempts",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("delivery_id", sa.Uuid, sa.ForeignKey("gateway.webhook_deliveries.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("subscription_id", sa.Uuid, nullable=False),
        sa.Column("attempted_at", TZ, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("status_code", sa.Integer),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.CheckConstraint("outcome IN ('delivered', 'failed', 'refused')", name="ck_webhook_attempts_outcome"),
    )
    op.create_index("ix_webhook_attempts_subscription", "webhook_attempts", ["subscription_id", "attempted_at"])
    op.create_index("ix_webhook_attempts_delivery", "webhook_attempts", ["delivery_id"])


def downgrade() -> None:
    op.drop_table("webhook_attempts")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_feed_cursors")
    op.drop_table("webhook_subscriptions")
    op.drop_table("webhook_origins")

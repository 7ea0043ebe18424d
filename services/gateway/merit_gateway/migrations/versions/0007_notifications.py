"""notifications: e-mail address and language on accounts, per-kind preferences, notifications and daily digests,
and the gateway's inbox of idempotency keys (commands from the services' outboxes)

Revision ID: 0007
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from merit_shared.outbox import inbox_columns

revision = "0007"
down_revision = "0008"
branch_labels = None
depends_on = None

STATES = "('pending', 'sent', 'failed', 'not_sent', 'no_address', 'opted_out')"


def upgrade() -> None:
    op.add_column("users", sa.Column("email", sa.String(254)))
    op.add_column("users", sa.Column("language", sa.String(2), nullable=False, server_default="id"))
    op.create_check_constraint("ck_users_language", "users", "language IN ('id', 'en')")
    op.create_table("inbox", *inbox_columns())
    op.create_table(
        "notification_preferences",
        sa.Column("account_id", sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.CheckConstraint("mode IN ('immediate', 'digest', 'off')", name="ck_notification_preferences_mode"),
    )
    op.create_table(
        "notification_digests",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("account_id", sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("agency_id", sa.Uuid),
        sa.Column("digest_on", sa.Date, nullable=False),
        sa.Column("state", sa.String(12), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("account_id", "digest_on", name="uq_notification_digests_day"),
        sa.CheckConstraint(f"state IN {STATES}", name="ck_notification_digests_state"),
        sa.CheckConstraint("(state = 'sent') = (sent_at IS NOT NULL)", name="ck_notification_digests_sent"),
    )
    op.create_index("ix_notification_digests_pending", "notification_digests", ["next_attempt_at"],
                    postgresql_where=sa.text("state = 'pending'"))
    op.create_table(
        "notifications",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("agency_id", sa.Uuid),
        sa.Column("account_id", sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("params", JSONB, nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("digest", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("digest_id", sa.Uuid, sa.ForeignKey("notification_digests.id")),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint(f"state IN {STATES}", name="ck_notifications_state"),
        sa.CheckConstraint("language IN ('id', 'en')", name="ck_notifications_language"),
        sa.CheckConstraint("(state = 'sent') = (sent_at IS NOT NULL)", name="ck_notifications_sent"),
        sa.CheckConstraint("digest_id IS NULL OR digest", name="ck_notifications_digest_id"),
    )
    op.create_index("ix_notifications_pending", "notifications", ["next_attempt_at"],
                    postgresql_where=sa.text("state = 'pending' AND NOT digest"))
    op.create_index("ix_notifications_account_id", "notifications", ["account_id", "created_at"])
    op.create_index("ix_notifications_agency_id", "notifications", ["agency_id", "created_at"])
    op.create_index("ix_notifications_digest_id", "notifications", ["digest_id"])


def downgrade() -> None:
    op.drop_table("notifications")
    op.drop_table("notification_digests")
    op.drop_table("notification_preferences")
    op.drop_table("inbox")
    op.drop_constraint("ck_users_language", "users")
    op.drop_column("users", "language")
    op.drop_column("users", "email")

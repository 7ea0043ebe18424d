"""accounts: when an account was disabled (its earlier tokens are refused from then on)

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("users", "clients"):
        op.add_column(table, sa.Column("revoked_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    for table in ("users", "clients"):
        op.drop_column(table, "revoked_at")

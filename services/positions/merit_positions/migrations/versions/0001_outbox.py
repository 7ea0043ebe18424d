"""outbox and inbox

Revision ID: pos_0001
Revises:
"""
from alembic import op

from merit_shared.outbox import create_outbox_tables

revision = "pos_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_outbox_tables(op)


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")

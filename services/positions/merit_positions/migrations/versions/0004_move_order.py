"""personnel_action_moves keep the order they were proposed in (a failing move is named by its number)

Revision ID: pos_0004
Revises: pos_0003
"""
from alembic import op

revision = "pos_0004"
down_revision = "pos_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE personnel_action_moves ADD COLUMN seq integer NOT NULL DEFAULT 0")


def downgrade() -> None:
    op.execute("ALTER TABLE personnel_action_moves DROP COLUMN seq")

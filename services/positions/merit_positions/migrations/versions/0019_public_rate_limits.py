"""The public pages' rate limit shared by every replica (merit_shared.public.DatabaseRateLimiter)

Revision ID: pos_0019
Revises: pos_0015
"""
from alembic import op

from merit_shared.public import create_public_rate_table

revision = "pos_0019"
down_revision = "pos_0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_public_rate_table(op)


def downgrade() -> None:
    op.drop_table("public_rate_limits")

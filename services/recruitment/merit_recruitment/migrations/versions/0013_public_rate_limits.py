"""The public pages' rate limit shared by every replica (merit_shared.public.DatabaseRateLimiter)

Revision ID: rec_0013
Revises: rec_0010
"""
from alembic import op

from merit_shared.public import create_public_rate_table

revision = "rec_0013"
down_revision = "rec_0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_public_rate_table(op)


def downgrade() -> None:
    op.drop_table("public_rate_limits")

"""The evaluation event feed (merit_shared.events): one row per change an integrator follows, written with the change

Revision ID: eva_0010
Revises: eva_0008
"""

from alembic import op

from merit_shared.events import create_event_table

revision = "eva_0010"
down_revision = "eva_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_event_table(op)


def downgrade() -> None:
    op.drop_table("events")

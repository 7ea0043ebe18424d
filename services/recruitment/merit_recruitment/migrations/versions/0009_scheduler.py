"""The daily scheduler's run ledger (merit_shared.scheduler): registration extended on the day after its end

Revision ID: rec_0009
Revises: rec_0007
"""
from alembic import op

from merit_shared.scheduler import create_job_runs_table

revision = "rec_0009"
down_revision = "rec_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_job_runs_table(op)


def downgrade() -> None:
    op.drop_table("job_runs")

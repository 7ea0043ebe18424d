"""The daily scheduler: its run ledger, a failed application kept on the personnel action, acting expiry flags

Revision ID: pos_0008
Revises: pos_0006
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from merit_shared.scheduler import create_job_runs_table

revision = "pos_0008"
down_revision = "pos_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_job_runs_table(op)
    op.add_column("personnel_actions", sa.Column("apply_error", JSONB))
    op.add_column("assignments", sa.Column("expiry_flagged_on", sa.Date))


def downgrade() -> None:
    op.drop_column("assignments", "expiry_flagged_on")
    op.drop_column("personnel_actions", "apply_error")
    op.drop_table("job_runs")

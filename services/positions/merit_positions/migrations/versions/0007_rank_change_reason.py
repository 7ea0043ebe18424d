"""A rank that does not follow the regular one-step promotion carries its reason

A lower rank (discipline, correction) or a skipped one (extraordinary promotion, correction) is recorded
with the reason and an optional note; regular promotions leave both empty.

Revision ID: pos_0007
Revises: pos_0006
"""
import sqlalchemy as sa
from alembic import op

revision = "pos_0007"
down_revision = "pos_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("employee_ranks", sa.Column("reason", sa.String(24), nullable=True))
    op.add_column("employee_ranks", sa.Column("reason_note", sa.String(300), nullable=True))
    op.create_check_constraint("ck_employee_ranks_reason", "employee_ranks",
                               "reason IN ('DISCIPLINE', 'CORRECTION', 'EXTRAORDINARY_PROMOTION')")


def downgrade() -> None:
    op.drop_constraint("ck_employee_ranks_reason", "employee_ranks", type_="check")
    op.drop_column("employee_ranks", "reason_note")
    op.drop_column("employee_ranks", "reason")

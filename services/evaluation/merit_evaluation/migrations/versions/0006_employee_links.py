"""The person's records follow them across agencies: the link a transfer between agencies leaves.

Revision ID: eva_0006
Revises: eva_0004
"""

import sqlalchemy as sa
from alembic import op

revision = "eva_0006"
down_revision = "eva_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "employee_link",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("transfer_id", sa.Uuid, nullable=False),
        sa.Column("nip", sa.String(18), nullable=False),
        sa.Column("employee_id", sa.Uuid, nullable=False),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("origin_employee_id", sa.Uuid, nullable=False),
        sa.Column("origin_agency_id", sa.Uuid, nullable=False),
        sa.Column("tmt", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("transfer_id", name="uq_employee_link_transfer"),
        sa.CheckConstraint("employee_id <> origin_employee_id", name="ck_employee_link_other_record"),
    )
    op.create_index("ix_employee_link_employee", "employee_link", ["employee_id"])
    op.create_index("ix_employee_link_agency", "employee_link", ["agency_id"])


def downgrade() -> None:
    op.drop_table("employee_link")

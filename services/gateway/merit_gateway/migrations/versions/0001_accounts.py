"""accounts: users and machine clients

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("username", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("roles", ARRAY(sa.String(40)), nullable=False),
        sa.Column("agency_id", sa.Uuid),
        sa.Column("unit_id", sa.Uuid),
        sa.Column("employee_id", sa.Uuid),
        sa.Column("nip", sa.String(18)),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "clients",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("client_id", sa.String(100), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(300), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("roles", ARRAY(sa.String(40)), nullable=False),
        sa.Column("agency_id", sa.Uuid),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    op.drop_table("clients")
    op.drop_table("users")

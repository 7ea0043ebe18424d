"""accounts: agencies' machine clients carry OAuth2 scopes; secret rotation and the registering admin recorded

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("clients", sa.Column("scopes", ARRAY(sa.String(40)), nullable=False, server_default="{}"))
    op.add_column("clients", sa.Column("secret_rotated_at", sa.DateTime(timezone=True)))
    op.add_column("clients", sa.Column("created_by", sa.Uuid))
    op.create_index("ix_clients_agency_id", "clients", ["agency_id"])


def downgrade() -> None:
    op.drop_index("ix_clients_agency_id", table_name="clients")
    op.drop_column("clients", "created_by")
    op.drop_column("clients", "secret_rotated_at")
    op.drop_column("clients", "scopes")

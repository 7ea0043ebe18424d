"""Each agency lives in one of Indonesia's three time zones

Legal dates are calendar days on the agency's wall clock (WIB Asia/Jakarta, WITA Asia/Makassar, WIT
Asia/Jayapura); existing agencies keep WIB, the zone Merit assumed so far.

Revision ID: pos_0006
Revises: pos_0005
"""
import sqlalchemy as sa
from alembic import op

revision = "pos_0006"
down_revision = "pos_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("agencies", sa.Column("time_zone", sa.String(4), nullable=False, server_default="WIB"))
    op.create_check_constraint("ck_agencies_time_zone", "agencies", "time_zone IN ('WIB', 'WITA', 'WIT')")


def downgrade() -> None:
    op.drop_constraint("ck_agencies_time_zone", "agencies", type_="check")
    op.drop_column("agencies", "time_zone")

"""One person, one active record nationally; transfers between agencies (mutasi antar instansi)

A NIP is active (active, leave, study) in at most one agency. A transfer is released by the origin agency and
accepted (or declined) by the destination; on acceptance the origin record becomes ``transferred_out`` and the
destination gets a new record linked to it.

Revision ID: pos_0011
Revises: pos_0008
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "pos_0011"
down_revision = "pos_0008"
branch_labels = None
depends_on = None

OLD_STATUSES = "'active', 'leave', 'study', 'retired', 'dismissed', 'deceased'"
NEW_STATUSES = OLD_STATUSES + ", 'transferred_out'"


def upgrade() -> None:
    duplicates = op.get_bind().execute(sa.text(
        "SELECT count(*) FROM (SELECT nip FROM employees WHERE status IN ('active', 'leave', 'study') "
        "GROUP BY nip HAVING count(*) > 1) d")).scalar_one()
    if duplicates:
        raise RuntimeError(f"{duplicates} NIP(s) are active in more than one agency: set the records that are no "
                           "longer current to their real status before upgrading")
    op.alter_column("employees", "status", type_=sa.String(20))
    op.drop_constraint("employees_status_check", "employees", type_="check")
    op.create_check_constraint("employees_status_check", "employees", f"status IN ({NEW_STATUSES})")
    op.add_column("employees", sa.Column("origin_employee_id", UUID(as_uuid=True),
                                         sa.ForeignKey("employees.id"), nullable=True))
    op.create_index("uq_employees_nip_active", "employees", ["nip"], unique=True,
                    postgresql_where=sa.text("status IN ('active', 'leave', 'study')"))
    op.create_table(
        "transfers",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("nip", sa.String(18), nullable=False),
        sa.Column("employee_id", UUID(as_uuid=True), sa.ForeignKey("employees.id"), nullable=False),
        sa.Column("origin_agency_id", UUID(as_uuid=True), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("destination_agency_id", UUID(as_uuid=True), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("tmt", sa.Date, nullable=False),
        sa.Column("release_sk_number", sa.String(120), nullable=False),
        sa.Column("release_sk_date", sa.Date, nullable=False),
        sa.Column("accept_sk_number", sa.String(120), nullable=True),
        sa.Column("accept_sk_date", sa.Date, nullable=True),
        sa.Column("decline_reason", sa.String(300), nullable=True),
        sa.Column("destination_employee_id", UUID(as_uuid=True), sa.ForeignKey("employees.id"), nullable=True),
        sa.Column("released_by", sa.String(200), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("status IN ('RELEASED', 'ACCEPTED', 'DECLINED', 'CANCELLED')",
                           name="ck_transfers_status"),
        sa.CheckConstraint("origin_agency_id <> destination_agency_id", name="ck_transfers_other_agency"),
    )
    op.create_index("uq_transfers_one_open", "transfers", ["employee_id"], unique=True,
                    postgresql_where=sa.text("status = 'RELEASED'"))
    op.create_index("ix_transfers_origin", "transfers", ["origin_agency_id", "created_at"])
    op.create_index("ix_transfers_destination", "transfers", ["destination_agency_id", "created_at"])


def downgrade() -> None:
    op.drop_table("transfers")
    op.drop_index("uq_employees_nip_active", table_name="employees")
    op.drop_column("employees", "origin_employee_id")
    op.execute("UPDATE employees SET status = 'retired' WHERE status = 'transferred_out'")
    op.drop_constraint("employees_status_check", "employees", type_="check")
    op.create_check_constraint("employees_status_check", "employees", f"status IN ({OLD_STATUSES})")
    op.alter_column("employees", "status", type_=sa.String(12))

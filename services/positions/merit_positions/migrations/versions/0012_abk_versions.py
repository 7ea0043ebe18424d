"""Every version of a year's ABK is kept (who, when, why); a blocked retirement is reported once

A year's workload analysis used to be overwritten in place. ``position_abk`` stays the current version (with its
version number, author and reason); ``position_abk_versions`` keeps every version, the current one included.
Existing rows become version 1 of their year (author and reason unknown).

``retirement_blocks``: a retirement the scheduler cannot apply is reported once, and again only when its reason
changes (it used to be reported every day).

Revision ID: pos_0012
Revises: pos_0013
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "pos_0012"
down_revision = "pos_0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("position_abk", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.add_column("position_abk", sa.Column("reason", sa.String(500), nullable=True))
    op.add_column("position_abk", sa.Column("recorded_by", sa.String(200), nullable=True))
    op.create_table(
        "position_abk_versions",
        sa.Column("position_id", UUID(as_uuid=True), sa.ForeignKey("positions.id"), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("agency_id", UUID(as_uuid=True), nullable=False),
        sa.Column("tasks", JSONB, nullable=False),
        sa.Column("workload_minutes", sa.Numeric, nullable=False),
        sa.Column("effective_minutes", sa.Numeric, nullable=False),
        sa.Column("need_exact", sa.Numeric, nullable=False),
        sa.Column("need_rounded", sa.Integer, nullable=False),
        sa.Column("rounding", sa.String(12), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.execute("INSERT INTO position_abk_versions (position_id, year, version, agency_id, tasks, workload_minutes, "
               "effective_minutes, need_exact, need_rounded, rounding, recorded_at) "
               "SELECT position_id, year, 1, agency_id, tasks, workload_minutes, effective_minutes, need_exact, "
               "need_rounded, rounding, updated_at FROM position_abk")
    op.create_table(
        "retirement_blocks",
        sa.Column("employee_id", UUID(as_uuid=True), sa.ForeignKey("employees.id"), primary_key=True),
        sa.Column("agency_id", UUID(as_uuid=True), nullable=False),
        sa.Column("retirement_date", sa.Date, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("reported_on", sa.Date, nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    op.drop_table("retirement_blocks")
    op.drop_table("position_abk_versions")
    op.drop_column("position_abk", "recorded_by")
    op.drop_column("position_abk", "reason")
    op.drop_column("position_abk", "version")

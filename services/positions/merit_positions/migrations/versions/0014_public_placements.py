"""Completed placements in the open: one immutable, hash-stamped public record per published appointment

Revision ID: pos_0014
Revises: pos_0010
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "pos_0014"
down_revision = "pos_0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "public_placements",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("agency_id", UUID(as_uuid=True), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("assignment_id", UUID(as_uuid=True), sa.ForeignKey("assignments.id"), nullable=False),
        sa.Column("tmt", sa.Date, nullable=False),
        sa.Column("snapshot", JSONB, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("content_hash ~ '^[0-9a-f]{64}$'", name="ck_public_placements_hash"),
        sa.UniqueConstraint("assignment_id", name="uq_public_placements_assignment"),
    )
    op.create_index("ix_public_placements_agency_tmt", "public_placements", ["agency_id", "tmt"])
    # published means immutable: the record a citizen cited can never change under them
    op.execute("""
        CREATE FUNCTION public_placements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'public placements are immutable' USING ERRCODE = 'P0001'; END $$""")
    op.execute("""CREATE TRIGGER trg_public_placements_immutable BEFORE UPDATE OR DELETE ON public_placements
                  FOR EACH ROW EXECUTE FUNCTION public_placements_immutable()""")


def downgrade() -> None:
    op.execute("DROP TRIGGER trg_public_placements_immutable ON public_placements")
    op.execute("DROP FUNCTION public_placements_immutable()")
    op.drop_table("public_placements")

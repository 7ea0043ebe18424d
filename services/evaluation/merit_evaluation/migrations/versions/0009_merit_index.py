"""The merit-system index: mapping policy, declared aspect values, closed years frozen with their hash

Revision ID: eva_0009
Revises: eva_0010
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "eva_0009"
down_revision = "eva_0010"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "merit_index_policy",
        sa.Column("agency_id", sa.Uuid, primary_key=True),
        sa.Column("document", JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.Column("updated_at", TS, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "merit_index_declaration",
        sa.Column("agency_id", sa.Uuid, primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("aspect", sa.String(40), primary_key=True),
        sa.Column("level", sa.SmallInteger, nullable=False),
        sa.Column("evidence_text", sa.Text, nullable=False),
        sa.Column("document_ref", sa.String(500)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("declared_by", sa.Text, nullable=False),
        sa.Column("declared_at", TS, nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("level BETWEEN 1 AND 4", name="ck_merit_index_declaration_level"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="ck_merit_index_declaration_year"),
        sa.CheckConstraint("length(trim(evidence_text)) > 0", name="ck_merit_index_declaration_evidence"),
    )
    op.create_table(
        "merit_index_closure",
        sa.Column("agency_id", sa.Uuid, primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("figures", JSONB, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("closed_by", sa.Text, nullable=False),
        sa.Column("closed_at", TS, nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("content_hash ~ '^[0-9a-f]{64}$'", name="ck_merit_index_closure_hash"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="ck_merit_index_closure_year"),
    )
    # closed means frozen: the figures an agency cited can never change under it
    op.execute("""
        CREATE FUNCTION merit_index_closure_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'closed merit index years are immutable' USING ERRCODE = 'P0001'; END $$""")
    op.execute("""CREATE TRIGGER trg_merit_index_closure_immutable BEFORE UPDATE OR DELETE ON merit_index_closure
                  FOR EACH ROW EXECUTE FUNCTION merit_index_closure_immutable()""")


def downgrade() -> None:
    op.execute("DROP TRIGGER trg_merit_index_closure_immutable ON merit_index_closure")
    op.execute("DROP FUNCTION merit_index_closure_immutable()")
    op.drop_table("merit_index_closure")
    op.drop_table("merit_index_declaration")
    op.drop_table("merit_index_policy")

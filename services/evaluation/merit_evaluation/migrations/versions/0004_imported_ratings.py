"""Annual ratings imported at onboarding: source 'import', and the two ratings optional for them.

Revision ID: eva_0004
Revises: eva_0003
"""

from alembic import op

revision = "eva_0004"
down_revision = "eva_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_constraint("annual_rating_source_check", "annual_rating", type_="check")
    op.create_check_constraint("annual_rating_source_check", "annual_rating",
                               "source IN ('recorded','skp','import')")
    op.alter_column("annual_rating", "rating_hasil_kerja", nullable=True)
    op.alter_column("annual_rating", "rating_perilaku", nullable=True)
    # Only an imported past year may lack the two ratings (its final predikat is the record kept).
    op.create_check_constraint("annual_rating_ratings_required_check", "annual_rating",
                               "source = 'import' OR (rating_hasil_kerja IS NOT NULL AND rating_perilaku IS NOT NULL)")


def downgrade() -> None:
    op.execute("DELETE FROM annual_rating WHERE source = 'import'")
    op.drop_constraint("annual_rating_ratings_required_check", "annual_rating", type_="check")
    op.alter_column("annual_rating", "rating_perilaku", nullable=False)
    op.alter_column("annual_rating", "rating_hasil_kerja", nullable=False)
    op.drop_constraint("annual_rating_source_check", "annual_rating", type_="check")
    op.create_check_constraint("annual_rating_source_check", "annual_rating", "source IN ('recorded','skp')")

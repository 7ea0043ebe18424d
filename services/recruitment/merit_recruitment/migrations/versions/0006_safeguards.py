"""Voided scores and the correction an accepted appeal issued

scores.voided_at: a member's score for an applicant is void from the moment the member declares a conflict of
interest with that applicant; the row is kept (the audit trail) and left out of every stage result and the ranking.
appeals.correction_id: the CORRECTION announcement issued when the appeal was accepted.

Revision ID: rec_0006
Revises: rec_0004
"""
from alembic import op

revision = "rec_0006"
down_revision = "rec_0004"
branch_labels = None
depends_on = None

UP = [
    "ALTER TABLE scores ADD COLUMN voided_at timestamptz",
    "ALTER TABLE appeals ADD COLUMN correction_id uuid",
    "ALTER TABLE appeals ADD CONSTRAINT appeals_correction_id_fkey FOREIGN KEY (correction_id) "
    "REFERENCES announcements (id)",
]

DOWN = [
    "ALTER TABLE appeals DROP CONSTRAINT appeals_correction_id_fkey",
    "ALTER TABLE appeals DROP COLUMN correction_id",
    "ALTER TABLE scores DROP COLUMN voided_at",
]


def upgrade() -> None:
    for stmt in UP:
        op.execute(stmt)


def downgrade() -> None:
    for stmt in DOWN:
        op.execute(stmt)

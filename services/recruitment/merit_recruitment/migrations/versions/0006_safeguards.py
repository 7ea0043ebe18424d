"""Voided scores and the correction an accepted appeal issued

scores.voided_at: a member's score for an applicant is void from the moment the member declares a conflict of
interest with that applicant; the row is kept (the audit trail) and left out of every stage result and the ranking.
appeals.correction_id: the CORRECTION announcement issued when the appeal was accepted.
conflict_flags: conflicts of interest the registry raises (a member who is the applicant's direct supervisor or
subordinate, or reports to the same unit head), open until the chair confirms or dismisses them with a reason.

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
    """CREATE TABLE conflict_flags (
        id uuid PRIMARY KEY,
        selection_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        member_id uuid NOT NULL REFERENCES committee_members (id) ON DELETE CASCADE,
        application_id uuid NOT NULL REFERENCES applications (id),
        basis varchar(40) NOT NULL,
        status varchar(20) NOT NULL,
        detected_at timestamptz NOT NULL,
        decided_by varchar(200),
        decided_at timestamptz,
        reason text,
        CONSTRAINT uq_conflict_flags UNIQUE (member_id, application_id),
        CONSTRAINT ck_conflict_flags_basis CHECK (basis IN ('DIRECT_SUPERVISOR', 'DIRECT_SUBORDINATE', 'SAME_UNIT_HEAD')),
        CONSTRAINT ck_conflict_flags_status CHECK (status IN ('OPEN', 'CONFIRMED', 'DISMISSED')),
        CONSTRAINT ck_conflict_flags_decided CHECK ((status = 'OPEN') = (decided_at IS NULL))
    )""",
    "CREATE INDEX ix_conflict_flags_selection_id ON conflict_flags (selection_id)",
]

DOWN = [
    "DROP TABLE conflict_flags",
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

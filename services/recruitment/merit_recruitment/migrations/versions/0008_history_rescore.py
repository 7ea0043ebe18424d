"""History declared by the applicant with SK evidence; a real re-score after an accepted appeal (issue #12)

declared_history: a past post or rank the registry lacks, with its SK number and date, DECLARED by the applicant
and VERIFIED or REJECTED (with a reason) by the agency's verifier; the SK document is an application document.
rescores: the committee's new scoring of an applicant for a closed scored stage after an accepted appeal;
scores.superseded_at / rescore_id: rows a re-score replaced stay (audit trail), so the cell is unique only among
the current rows.

Revision ID: rec_0008
Revises: rec_0009
"""
from alembic import op

revision = "rec_0008"
down_revision = "rec_0009"
branch_labels = None
depends_on = None

UP = [
    """CREATE TABLE declared_history (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
        agency_id uuid NOT NULL,
        entry_type varchar(10) NOT NULL,
        title varchar(300),
        position_kind varchar(40),
        unit varchar(300),
        start_date date,
        end_date date,
        golongan varchar(10),
        tmt date,
        sk_number varchar(100) NOT NULL,
        sk_date date NOT NULL,
        status varchar(10) NOT NULL,
        declared_by varchar(200) NOT NULL,
        declared_at timestamptz NOT NULL,
        decided_by varchar(200),
        decided_at timestamptz,
        decision_reason text,
        version integer NOT NULL,
        CONSTRAINT ck_declared_history_type CHECK (entry_type IN ('POSITION', 'RANK')),
        CONSTRAINT ck_declared_history_status CHECK (status IN ('DECLARED', 'VERIFIED', 'REJECTED')),
        CONSTRAINT ck_declared_history_shape CHECK (
            (entry_type = 'POSITION' AND title IS NOT NULL AND position_kind IS NOT NULL AND start_date IS NOT NULL
             AND end_date IS NOT NULL AND end_date >= start_date AND golongan IS NULL AND tmt IS NULL)
            OR (entry_type = 'RANK' AND golongan IS NOT NULL AND tmt IS NOT NULL AND start_date IS NULL
             AND end_date IS NULL)),
        CONSTRAINT ck_declared_history_decided CHECK (
            status = 'DECLARED' OR (decided_by IS NOT NULL AND decided_at IS NOT NULL)),
        CONSTRAINT ck_declared_history_reason CHECK (status <> 'REJECTED' OR decision_reason IS NOT NULL),
        CONSTRAINT ck_declared_history_two_people CHECK (decided_by IS NULL OR decided_by <> declared_by)
    )""",
    "CREATE INDEX ix_declared_history_application ON declared_history (application_id)",
    """CREATE TABLE rescores (
        id uuid PRIMARY KEY,
        selection_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        application_id uuid NOT NULL REFERENCES applications (id),
        stage_code varchar(80) NOT NULL,
        appeal_id uuid NOT NULL REFERENCES appeals (id),
        status varchar(10) NOT NULL,
        sheets jsonb NOT NULL,
        opened_at timestamptz NOT NULL,
        completed_at timestamptz,
        completed_by varchar(200),
        correction_id uuid REFERENCES announcements (id),
        CONSTRAINT uq_rescores_appeal UNIQUE (appeal_id),
        CONSTRAINT ck_rescores_status CHECK (status IN ('OPEN', 'DONE')),
        CONSTRAINT ck_rescores_done CHECK ((status = 'DONE') = (completed_at IS NOT NULL))
    )""",
    "CREATE INDEX ix_rescores_selection ON rescores (selection_id)",
    "ALTER TABLE scores ADD COLUMN superseded_at timestamptz",
    "ALTER TABLE scores ADD COLUMN rescore_id uuid REFERENCES rescores (id)",
    "ALTER TABLE scores DROP CONSTRAINT uq_scores_cell",
    "CREATE UNIQUE INDEX uq_scores_cell ON scores (application_id, stage_code, member_id, criterion) "
    "WHERE superseded_at IS NULL",
]

DOWN = [
    "DELETE FROM scores WHERE superseded_at IS NOT NULL",
    "DROP INDEX uq_scores_cell",
    "ALTER TABLE scores ADD CONSTRAINT uq_scores_cell UNIQUE (application_id, stage_code, member_id, criterion)",
    "ALTER TABLE scores DROP COLUMN rescore_id",
    "ALTER TABLE scores DROP COLUMN superseded_at",
    "DROP TABLE rescores",
    "DROP TABLE declared_history",
]


def upgrade() -> None:
    for stmt in UP:
        op.execute(stmt)


def downgrade() -> None:
    for stmt in DOWN:
        op.execute(stmt)

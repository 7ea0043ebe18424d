"""Applicants' uploaded documents and the appointment announcement

application_documents: one uploaded file per application and checklist code (bytes, media type, size, SHA-256,
who and when), replaced in place while registration is open.
announcements.kind: APPOINTMENT, the public announcement of the PPK's appointment.

Revision ID: rec_0007
Revises: rec_0006
"""
from alembic import op

revision = "rec_0007"
down_revision = "rec_0006"
branch_labels = None
depends_on = None

UP = [
    """CREATE TABLE application_documents (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
        agency_id uuid NOT NULL,
        code varchar(80) NOT NULL,
        filename varchar(255),
        media_type varchar(100) NOT NULL,
        size_bytes integer NOT NULL,
        sha256 varchar(64) NOT NULL,
        content bytea NOT NULL,
        uploaded_by varchar(200) NOT NULL,
        uploaded_at timestamptz NOT NULL,
        CONSTRAINT uq_application_documents_code UNIQUE (application_id, code),
        CONSTRAINT ck_application_documents_size CHECK (size_bytes > 0),
        CONSTRAINT ck_application_documents_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$')
    )""",
    "ALTER TABLE announcements DROP CONSTRAINT ck_announcements_kind",
    "ALTER TABLE announcements ADD CONSTRAINT ck_announcements_kind "
    "CHECK (kind IN ('OPENING', 'SCREENING', 'STAGE', 'FINAL', 'CORRECTION', 'APPOINTMENT'))",
]

DOWN = [
    "ALTER TABLE announcements DROP CONSTRAINT ck_announcements_kind",
    "ALTER TABLE announcements ADD CONSTRAINT ck_announcements_kind "
    "CHECK (kind IN ('OPENING', 'SCREENING', 'STAGE', 'FINAL', 'CORRECTION'))",
    "DROP TABLE application_documents",
]


def upgrade() -> None:
    for stmt in UP:
        op.execute(stmt)


def downgrade() -> None:
    for stmt in DOWN:
        op.execute(stmt)

"""audit_log in the project-wide shape (merit_shared.audit.audit_columns)

entity_id becomes a nullable string (existing uuids keep their text form), agency_id becomes nullable, and an
index serves the agency admin's audit read (agency, newest first).

Revision ID: rec_0003
Revises: rec_0002
"""
from alembic import op

revision = "rec_0003"
down_revision = "rec_0002"
branch_labels = None
depends_on = None

UP = [
    "ALTER TABLE audit_log ALTER COLUMN entity_id TYPE varchar(80) USING entity_id::text, "
    "ALTER COLUMN entity_id DROP NOT NULL, ALTER COLUMN agency_id DROP NOT NULL",
    "CREATE INDEX ix_audit_log_agency_at ON audit_log (agency_id, at DESC)",
]

DOWN = [
    "DROP INDEX ix_audit_log_agency_at",
    "DELETE FROM audit_log WHERE entity_id IS NULL OR agency_id IS NULL "
    "OR entity_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'",
    "ALTER TABLE audit_log ALTER COLUMN entity_id TYPE uuid USING entity_id::uuid, "
    "ALTER COLUMN entity_id SET NOT NULL, ALTER COLUMN agency_id SET NOT NULL",
]


def upgrade() -> None:
    for stmt in UP:
        op.execute(stmt)


def downgrade() -> None:
    for stmt in DOWN:
        op.execute(stmt)

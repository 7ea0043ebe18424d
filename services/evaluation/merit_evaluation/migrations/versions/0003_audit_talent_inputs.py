"""audit_log takes the project-wide shape (merit_shared.audit.audit_columns: entity_id is a string); talent
potential-input rules become agency policy data, stored with every cycle and placement.

Revision ID: eva_0003
Revises: eva_0002
"""
from alembic import op

revision = "eva_0003"
down_revision = "eva_0002"
branch_labels = None
depends_on = None

DDL = [
    "ALTER TABLE audit_log ALTER COLUMN entity_id TYPE varchar(80) USING entity_id::text, "
    "ALTER COLUMN actor TYPE varchar(200), ALTER COLUMN action TYPE varchar(80), "
    "ALTER COLUMN entity TYPE varchar(80)",
    "CREATE INDEX IF NOT EXISTS ix_audit_log_agency_id ON audit_log (agency_id)",
    "CREATE INDEX IF NOT EXISTS ix_audit_log_entity_id ON audit_log (entity_id)",
    "CREATE INDEX IF NOT EXISTS ix_audit_agency_at ON audit_log (agency_id, at)",
    # {} = the documented defaults (TRACK_RECORD 100/70/40/40 by worst penalty, OTHER = mean of the others).
    "ALTER TABLE evaluation_policy ADD COLUMN talent_inputs jsonb NOT NULL DEFAULT '{}'::jsonb",
    "ALTER TABLE talent_cycle ADD COLUMN potential_inputs jsonb",
    "ALTER TABLE talent_placement ADD COLUMN potential_inputs jsonb",
]


def upgrade() -> None:
    for stmt in DDL:
        op.execute(stmt)


def downgrade() -> None:
    op.execute("ALTER TABLE talent_placement DROP COLUMN potential_inputs")
    op.execute("ALTER TABLE talent_cycle DROP COLUMN potential_inputs")
    op.execute("ALTER TABLE evaluation_policy DROP COLUMN talent_inputs")
    op.execute("DROP INDEX IF EXISTS ix_audit_agency_at")
    op.execute("DROP INDEX IF EXISTS ix_audit_log_entity_id")
    op.execute("DROP INDEX IF EXISTS ix_audit_log_agency_id")
    op.execute("ALTER TABLE audit_log ALTER COLUMN entity_id TYPE uuid USING entity_id::uuid")

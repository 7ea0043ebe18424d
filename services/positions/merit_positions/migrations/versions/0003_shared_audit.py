"""audit_log in the project-wide shape (merit_shared.audit.audit_columns)

The id becomes a uuid (existing entries get a random one; their order is kept by ``at``), action/entity/entity_id
widen to 80 characters, entity_id becomes nullable, and the indexes the shared columns declare are added, plus one
for the agency admin's audit read (agency, newest first).

Revision ID: pos_0003
Revises: pos_0002
"""
from alembic import op

revision = "pos_0003"
down_revision = "pos_0002"
branch_labels = None
depends_on = None

UP = [
    "ALTER TABLE audit_log ADD COLUMN uid uuid",
    "UPDATE audit_log SET uid = gen_random_uuid()",
    "ALTER TABLE audit_log DROP COLUMN id",  # drops the primary key and the owned sequence too
    "ALTER TABLE audit_log RENAME COLUMN uid TO id",
    "ALTER TABLE audit_log ALTER COLUMN id SET NOT NULL, ALTER COLUMN id SET DEFAULT gen_random_uuid(), "
    "ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id)",
    "ALTER TABLE audit_log ALTER COLUMN action TYPE varchar(80), ALTER COLUMN entity TYPE varchar(80), "
    "ALTER COLUMN entity_id TYPE varchar(80), ALTER COLUMN entity_id DROP NOT NULL",
    "CREATE INDEX ix_audit_log_agency_id ON audit_log (agency_id)",
    "CREATE INDEX ix_audit_log_entity_id ON audit_log (entity_id)",
    "CREATE INDEX ix_audit_log_agency_at ON audit_log (agency_id, at DESC)",
]

DOWN = [
    "DROP INDEX ix_audit_log_agency_at",
    "DROP INDEX ix_audit_log_entity_id",
    "DROP INDEX ix_audit_log_agency_id",
    "ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey",
    "ALTER TABLE audit_log DROP COLUMN id",
    "ALTER TABLE audit_log ADD COLUMN id bigserial PRIMARY KEY",
    "UPDATE audit_log SET entity_id = '' WHERE entity_id IS NULL",
    "ALTER TABLE audit_log ALTER COLUMN entity_id SET NOT NULL, ALTER COLUMN entity_id TYPE varchar(64), "
    "ALTER COLUMN entity TYPE varchar(40), ALTER COLUMN action TYPE varchar(60)",
]


def upgrade() -> None:
    for stmt in UP:
        op.execute(stmt)


def downgrade() -> None:
    for stmt in DOWN:
        op.execute(stmt)

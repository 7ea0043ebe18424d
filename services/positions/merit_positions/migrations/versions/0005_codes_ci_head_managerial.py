"""Codes are unique per agency ignoring letter case; a unit's head position is a managerial seat

`BKPSDM-X` and `bkpsdm-x` are the same code to a person reading the peta jabatan, so the case-sensitive
UNIQUE (agency_id, code) constraints are replaced by unique indexes on (agency_id, lower(code)). Existing rows that
already clash are listed and the upgrade stops, rather than silently picking one.

The head of a unit is its one managerial seat (evaluator resolution reads it as the unit's superior). The CHECK is
added NOT VALID so rows written before this rule cannot block the upgrade; it holds for every new or changed row and
is validated at once when no old row breaks it.

Revision ID: pos_0005
Revises: pos_0004
"""
import sqlalchemy as sa
from alembic import op

revision = "pos_0005"
down_revision = "pos_0004"
branch_labels = None
depends_on = None

TABLES = ("org_units", "jobs", "positions")


def upgrade() -> None:
    bind = op.get_bind()
    clashes = []
    for table in TABLES:
        rows = bind.execute(sa.text(
            f"SELECT agency_id, lower(code) AS code, string_agg(code, ', ' ORDER BY code) AS codes FROM {table} "
            "WHERE code IS NOT NULL GROUP BY agency_id, lower(code) HAVING count(*) > 1")).all()
        clashes += [f"{table}: agency {r.agency_id}: {r.codes}" for r in rows]
    if clashes:
        raise RuntimeError("Codes that differ only in letter case must be renamed before upgrading to pos_0005:\n"
                           + "\n".join(clashes))
    for table in TABLES:
        op.execute(f"CREATE UNIQUE INDEX uq_{table}_code_ci ON {table} (agency_id, lower(code))")
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT uq_{table}_code")
    op.execute("ALTER TABLE positions ADD CONSTRAINT ck_positions_head_managerial "
               "CHECK (NOT is_head OR is_managerial) NOT VALID")
    if not bind.execute(sa.text("SELECT 1 FROM positions WHERE is_head AND NOT is_managerial LIMIT 1")).first():
        op.execute("ALTER TABLE positions VALIDATE CONSTRAINT ck_positions_head_managerial")


def downgrade() -> None:
    op.execute("ALTER TABLE positions DROP CONSTRAINT ck_positions_head_managerial")
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT uq_{table}_code UNIQUE (agency_id, code)")
        op.execute(f"DROP INDEX uq_{table}_code_ci")

"""committee_members.account_id: the member's gateway account (users.id)

A seat that names an account is held only by tokens of that account (``account_id`` claim), never by another
account that carries the same login name. Nullable: seats stored before keep matching by login until the committee
is saved again. One seat per account per selection; an index serves "the selections I sit on".

Revision ID: rec_0004
Revises: rec_0003
"""
from alembic import op

revision = "rec_0004"
down_revision = "rec_0003"
branch_labels = None
depends_on = None

UP = [
    "ALTER TABLE committee_members ADD COLUMN account_id uuid",
    "ALTER TABLE committee_members ADD CONSTRAINT uq_committee_members_account UNIQUE (selection_id, account_id)",
    "CREATE INDEX ix_committee_members_account_id ON committee_members (account_id)",
]

DOWN = [
    "DROP INDEX ix_committee_members_account_id",
    "ALTER TABLE committee_members DROP CONSTRAINT uq_committee_members_account",
    "ALTER TABLE committee_members DROP COLUMN account_id",
]


def upgrade() -> None:
    for stmt in UP:
        op.execute(stmt)


def downgrade() -> None:
    for stmt in DOWN:
        op.execute(stmt)

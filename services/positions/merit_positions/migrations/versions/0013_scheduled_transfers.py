"""A transfer accepted with a TMT still to come waits (SCHEDULED) and takes effect on its TMT.

The acceptance records the destination's SK; nothing changes in either registry until the scheduler's
``apply_transfers`` job reaches the TMT (``applied_at`` then says when). One open transfer per employee now
counts a scheduled one too. Transfers already in effect are sent to evaluation (``employee_transferred``) so the
records of the people they moved follow them.

Revision ID: pos_0013
Revises: pos_0014
"""
import sqlalchemy as sa
from alembic import op

revision = "pos_0013"
down_revision = "pos_0014"
branch_labels = None
depends_on = None

OLD = "'RELEASED', 'ACCEPTED', 'DECLINED', 'CANCELLED'"
NEW = "'RELEASED', 'SCHEDULED', 'ACCEPTED', 'DECLINED', 'CANCELLED'"


def upgrade() -> None:
    op.drop_constraint("ck_transfers_status", "transfers", type_="check")
    op.create_check_constraint("ck_transfers_status", "transfers", f"status IN ({NEW})")
    op.add_column("transfers", sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE transfers SET applied_at = decided_at WHERE status = 'ACCEPTED'")
    op.drop_index("uq_transfers_one_open", table_name="transfers")
    op.create_index("uq_transfers_one_open", "transfers", ["employee_id"], unique=True,
                    postgresql_where=sa.text("status IN ('RELEASED', 'SCHEDULED')"))
    op.create_index("ix_transfers_due", "transfers", ["destination_agency_id", "tmt"],
                    postgresql_where=sa.text("status = 'SCHEDULED'"))
    # Transfers already in effect tell evaluation too, so the records of people moved before follow them.
    op.execute("""
        INSERT INTO outbox (id, kind, destination, method, path, payload, idempotency_key)
        SELECT gen_random_uuid(), 'employee_transferred', 'evaluation', 'POST', '/api/v1/employee-links',
               jsonb_build_object('transfer_id', t.id, 'nip', t.nip, 'employee_id', t.destination_employee_id,
                                  'agency_id', t.destination_agency_id, 'origin_employee_id', t.employee_id,
                                  'origin_agency_id', t.origin_agency_id, 'tmt', t.tmt),
               'employee_transferred:' || t.id
        FROM transfers t WHERE t.status = 'ACCEPTED' AND t.destination_employee_id IS NOT NULL
        ON CONFLICT (idempotency_key) DO NOTHING""")


def downgrade() -> None:
    op.drop_index("ix_transfers_due", table_name="transfers")
    op.drop_index("uq_transfers_one_open", table_name="transfers")
    op.execute("UPDATE transfers SET status = 'RELEASED', accept_sk_number = NULL, accept_sk_date = NULL, "
               "decided_by = NULL, decided_at = NULL WHERE status = 'SCHEDULED'")
    op.create_index("uq_transfers_one_open", "transfers", ["employee_id"], unique=True,
                    postgresql_where=sa.text("status = 'RELEASED'"))
    op.drop_column("transfers", "applied_at")
    op.drop_constraint("ck_transfers_status", "transfers", type_="check")
    op.create_check_constraint("ck_transfers_status", "transfers", f"status IN ({OLD})")

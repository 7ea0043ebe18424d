"""Acting officials done right: the `acting` reason, the SK of an assignment's end, the one acting extension, a
cancelled personnel action's reason, and dated absences of employees (which a Plh covers)

Revision ID: pos_0009
Revises: pos_0008
"""
import sqlalchemy as sa
from alembic import op

revision = "pos_0009"
down_revision = "pos_0011"
branch_labels = None
depends_on = None

OLD = "'initial','promotion','rotation','transfer','demotion','selection_result','restructuring'"
NEW = OLD + ",'acting'"


def _reasons(values: str) -> None:
    for table, name in (("assignments", "assignments_reason_check"),
                        ("personnel_action_moves", "personnel_action_moves_reason_check")):
        op.drop_constraint(name, table, type_="check")
        op.create_check_constraint(name, table, f"reason IN ({values})")


def upgrade() -> None:
    _reasons(NEW)
    op.add_column("assignments", sa.Column("end_sk_number", sa.String(120)))
    op.add_column("assignments", sa.Column("end_sk_date", sa.Date))
    op.add_column("assignments", sa.Column("acting_extended_on", sa.Date))
    op.add_column("assignments", sa.Column("acting_extension_sk_number", sa.String(120)))
    op.add_column("assignments", sa.Column("acting_extension_sk_date", sa.Date))
    op.add_column("personnel_actions", sa.Column("cancel_reason", sa.Text))
    op.execute("""
    CREATE TABLE employee_absences (
        id uuid PRIMARY KEY,
        agency_id uuid NOT NULL,
        employee_id uuid NOT NULL REFERENCES employees(id),
        kind varchar(10) NOT NULL,
        date_from date NOT NULL,
        date_to date NOT NULL,
        note text,
        created_by varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_employee_absences_kind CHECK (kind IN ('LEAVE', 'TRAINING', 'SICK')),
        CONSTRAINT ck_employee_absences_dates CHECK (date_to >= date_from)
    )""")
    op.execute("CREATE INDEX ix_employee_absences_employee ON employee_absences (employee_id, date_from)")


def downgrade() -> None:
    op.drop_table("employee_absences")
    op.drop_column("personnel_actions", "cancel_reason")
    op.drop_column("assignments", "acting_extension_sk_date")
    op.drop_column("assignments", "acting_extension_sk_number")
    op.drop_column("assignments", "acting_extended_on")
    op.drop_column("assignments", "end_sk_date")
    op.drop_column("assignments", "end_sk_number")
    op.execute("UPDATE assignments SET reason = 'initial' WHERE reason = 'acting'")
    op.execute("UPDATE personnel_action_moves SET reason = 'initial' WHERE reason = 'acting'")
    _reasons(OLD)

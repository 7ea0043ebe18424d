"""The position event feed takes the shared shape (merit_shared.events): version, actor, record

Existing rows are kept: their record is derived from the ids their data already carries, their version is 1 and
their actor is ``system`` with no id (the feed did not record who acted before this revision).

Revision ID: pos_0015
Revises: pos_0012
"""
import sqlalchemy as sa
from alembic import op

revision = "pos_0015"
down_revision = "pos_0012"
branch_labels = None
depends_on = None

RECORDS = (  # (record type, the data key holding its id, the event types about it)
    ("position", "position_id", ("position_vacated", "position_filled")),
    ("assignment", "assignment_id", ("assignment_started", "assignment_ended", "acting_expiring")),
    ("employee", "employee_id", ("rank_changed", "employee_retired")),
    ("transfer", "transfer_id", ("employee_transferred",)),
)


def upgrade() -> None:
    op.alter_column("events", "type", type_=sa.String(60))
    op.add_column("events", sa.Column("version", sa.SmallInteger, nullable=False, server_default="1"))
    op.add_column("events", sa.Column("actor_kind", sa.String(10), nullable=False, server_default="system"))
    op.add_column("events", sa.Column("actor_id", sa.String(200)))
    op.add_column("events", sa.Column("actor_name", sa.String(200)))
    op.add_column("events", sa.Column("record_type", sa.String(60), nullable=False, server_default="unknown"))
    op.add_column("events", sa.Column("record_id", sa.String(80), nullable=False, server_default=""))
    for record_type, key, types in RECORDS:
        op.execute(sa.text("UPDATE events SET record_type = :rt, record_id = coalesce(data->>:k, '') "
                           "WHERE type = ANY(:types)").bindparams(rt=record_type, k=key, types=list(types)))
    for column in ("actor_kind", "record_type", "record_id"):  # every writer names them from now on
        op.alter_column("events", column, server_default=None)
    op.create_check_constraint("ck_events_actor_kind", "events",
                               "actor_kind IN ('user', 'client', 'service', 'system')")
    op.create_index("ix_events_agency_type", "events", ["agency_id", "type", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_agency_type", "events")
    op.drop_constraint("ck_events_actor_kind", "events")
    for column in ("record_id", "record_type", "actor_name", "actor_id", "actor_kind", "version"):
        op.drop_column("events", column)
    op.alter_column("events", "type", type_=sa.String(40))

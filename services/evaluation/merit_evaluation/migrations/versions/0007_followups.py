"""Follow-up of final ratings and talent placements: rewards and coaching plans (goals, milestones, notes).

Revision ID: eva_0007
Revises: eva_0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "eva_0007"
down_revision = "eva_0006"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
STATES = "('OPEN','DECIDED','DECLINED','DRAFT','ACTIVE','COMPLETED','ESCALATED','CANCELLED')"


def upgrade() -> None:
    # {} = the documented defaults of rules.followups (Sangat Baik and boxes 7-9 reward; the three predikat below
    # expectation and boxes 1-3 coaching).
    op.execute("ALTER TABLE evaluation_policy ADD COLUMN followups jsonb NOT NULL DEFAULT '{}'::jsonb")
    op.create_table(
        "followup",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("employee_id", sa.Uuid, nullable=False),
        sa.Column("unit_id", sa.Uuid),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("source_kind", sa.Text, nullable=False),
        sa.Column("source_id", sa.Uuid, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("predikat", sa.Text),
        sa.Column("box", sa.Integer),
        sa.Column("options", JSONB, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("owner_kind", sa.Text, nullable=False),
        sa.Column("owner_employee_id", sa.Uuid),
        sa.Column("created_on", sa.Date, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("decision_option", sa.Text),
        sa.Column("decision_reason", sa.Text),
        sa.Column("outcome", sa.Text),
        sa.Column("outcome_note", sa.Text),
        sa.Column("cancel_reason", sa.Text),
        sa.Column("closed_by", sa.Text),
        sa.Column("closed_at", TS),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("source_kind IN ('annual_rating','talent_placement')", name="followup_source_kind_check"),
        sa.CheckConstraint("kind IN ('REWARD','COACHING')", name="followup_kind_check"),
        sa.CheckConstraint(f"state IN {STATES}", name="followup_state_check"),
        sa.CheckConstraint("(kind = 'REWARD' AND state IN ('OPEN','DECIDED','DECLINED','CANCELLED')) OR "
                           "(kind = 'COACHING' AND state IN ('DRAFT','ACTIVE','COMPLETED','ESCALATED','CANCELLED'))",
                           name="followup_state_of_kind_check"),
        sa.CheckConstraint("owner_kind IN ('EVALUATOR','AGENCY_ADMIN')", name="followup_owner_kind_check"),
        sa.CheckConstraint("(owner_kind = 'EVALUATOR') = (owner_employee_id IS NOT NULL)",
                           name="followup_owner_check"),
        sa.CheckConstraint("owner_employee_id IS NULL OR owner_employee_id <> employee_id",
                           name="followup_not_own_coach_check"),
        sa.CheckConstraint("outcome IS NULL OR outcome IN ('IMPROVED','NOT_IMPROVED','ESCALATED')",
                           name="followup_outcome_check"),
        sa.CheckConstraint("(state IN ('COMPLETED','ESCALATED')) = (outcome IS NOT NULL)",
                           name="followup_outcome_closes_check"),
        sa.CheckConstraint("state <> 'DECIDED' OR decision_option IS NOT NULL", name="followup_decided_check"),
        sa.CheckConstraint("state <> 'DECLINED' OR decision_reason IS NOT NULL", name="followup_declined_check"),
        sa.CheckConstraint("state <> 'CANCELLED' OR cancel_reason IS NOT NULL", name="followup_cancelled_check"),
        sa.CheckConstraint("due_on >= created_on", name="followup_due_check"),
        sa.CheckConstraint("box IS NULL OR box BETWEEN 1 AND 9", name="followup_box_check"),
        sa.UniqueConstraint("source_kind", "source_id", "kind", name="uq_followup_source"),
    )
    op.create_index("ix_followup_agency_unit", "followup", ["agency_id", "unit_id", "state"])
    op.create_index("ix_followup_owner", "followup", ["owner_employee_id", "state"])
    op.create_index("ix_followup_employee", "followup", ["employee_id", "year"])
    op.create_table(
        "coaching_goal",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("followup_id", sa.Uuid, sa.ForeignKey("followup.id", ondelete="CASCADE"), nullable=False),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("competency_code", sa.Text),
        sa.UniqueConstraint("followup_id", "seq", name="coaching_goal_followup_id_seq_key"),
    )
    op.create_index("ix_coaching_goal_competency", "coaching_goal", ["agency_id", "competency_code"])
    op.create_table(
        "coaching_milestone",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("followup_id", sa.Uuid, sa.ForeignKey("followup.id", ondelete="CASCADE"), nullable=False),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("done_on", sa.Date),
        sa.UniqueConstraint("followup_id", "seq", name="coaching_milestone_followup_id_seq_key"),
    )
    op.create_index("ix_coaching_milestone_open", "coaching_milestone", ["due_on"],
                    postgresql_where=sa.text("done_on IS NULL"))
    op.create_table(
        "coaching_note",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("followup_id", sa.Uuid, sa.ForeignKey("followup.id", ondelete="CASCADE"), nullable=False),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("noted_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("author_employee_id", sa.Uuid),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_coaching_note_followup", "coaching_note", ["followup_id", "noted_on"])


def downgrade() -> None:
    for t in ("coaching_note", "coaching_milestone", "coaching_goal", "followup"):
        op.drop_table(t)
    op.execute("ALTER TABLE evaluation_policy DROP COLUMN followups")

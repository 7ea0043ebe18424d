"""Development catalogue, individual development plans, and the closed vocabulary of development kinds.

Development records took a free-text ``kind``; it becomes the vocabulary of ``rules.development.DevelopmentKind``.
Stored values are mapped by the table below (a copy of ``KIND_ALIASES`` as of this revision: a migration must
keep meaning what it meant when it ran). A value the table does not know becomes TRAINING (pelatihan, the
general classical form) and its text is kept in ``kind_as_recorded``, as is any value the mapping changed.

Revision ID: eva_0008
Revises: eva_0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "eva_0008"
down_revision = "eva_0007"
branch_labels = None
depends_on = None

KINDS = ("TRAINING", "SEMINAR", "COURSE", "COACHING", "MENTORING", "JOB_ROTATION", "E_LEARNING")
KIND_SQL = ",".join(f"'{k}'" for k in KINDS)
ALIASES = {
    **{k: k for k in KINDS},
    "PELATIHAN": "TRAINING", "DIKLAT": "TRAINING", "BIMTEK": "TRAINING", "BIMBINGAN_TEKNIS": "TRAINING",
    "PENATARAN": "TRAINING", "WORKSHOP": "SEMINAR", "LOKAKARYA": "SEMINAR", "WEBINAR": "SEMINAR",
    "KONFERENSI": "SEMINAR", "SARASEHAN": "SEMINAR", "SOSIALISASI": "SEMINAR", "KURSUS": "COURSE",
    "PEMBINAAN": "COACHING", "BIMBINGAN": "MENTORING", "ROTASI": "JOB_ROTATION", "ROTASI_JABATAN": "JOB_ROTATION",
    "DETASERING": "JOB_ROTATION", "SECONDMENT": "JOB_ROTATION", "MAGANG": "JOB_ROTATION",
    "PERTUKARAN_PEGAWAI": "JOB_ROTATION", "ELEARNING": "E_LEARNING", "PEMBELAJARAN_ELEKTRONIK": "E_LEARNING",
    "PELATIHAN_JARAK_JAUH": "E_LEARNING", "PJJ": "E_LEARNING",
}
#: The normalisation of rules.development.normalise_kind_text, in SQL: upper case, hyphens and runs of
#: whitespace as one underscore, trimmed.
NORMALISED = r"regexp_replace(upper(btrim(replace(kind, '-', ' '))), '\s+', '_', 'g')"
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "development_activity",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=True),
        sa.Column("competencies", JSONB, nullable=False),
        sa.Column("level", sa.Text, nullable=False),
        sa.Column("jp", sa.Numeric, nullable=False),
        sa.Column("provider", sa.Text, nullable=True),
        sa.Column("starts_on", sa.Date, nullable=True),
        sa.Column("ends_on", sa.Date, nullable=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("row_version", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", TS, nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint(f"kind IN ({KIND_SQL})", name="ck_development_activity_kind"),
        sa.CheckConstraint("level IN ('BASIC','INTERMEDIATE','ADVANCED')", name="ck_development_activity_level"),
        sa.CheckConstraint("status IN ('ACTIVE','RETIRED')", name="ck_development_activity_status"),
        sa.CheckConstraint("jp > 0", name="ck_development_activity_jp"),
        sa.CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
                           name="ck_development_activity_schedule"),
        sa.CheckConstraint("jsonb_typeof(competencies) = 'object' AND competencies <> '{}'::jsonb",
                           name="ck_development_activity_competencies"),
    )
    op.create_index("ix_development_activity_agency", "development_activity", ["agency_id", "status"])
    op.create_index("ix_development_activity_competencies", "development_activity", ["competencies"],
                    postgresql_using="gin")
    op.create_table(
        "development_plan",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("employee_id", sa.Uuid, nullable=False),
        sa.Column("unit_id", sa.Uuid, nullable=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("employee", JSONB, nullable=False),
        sa.Column("evaluator_employee_id", sa.Uuid, nullable=True),
        sa.Column("evaluator_superior_employee_id", sa.Uuid, nullable=True),
        sa.Column("row_version", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", TS, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("employee_id", "year", name="uq_development_plan_employee_year"),
        sa.CheckConstraint("state IN ('DRAFT','SUBMITTED','APPROVED')", name="ck_development_plan_state"),
    )
    op.create_index("ix_development_plan_agency", "development_plan", ["agency_id", "year"])
    op.create_index("ix_development_plan_evaluator", "development_plan", ["evaluator_employee_id", "year"])
    op.create_table(
        "development_plan_item",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("plan_id", sa.Uuid, sa.ForeignKey("development_plan.id", ondelete="CASCADE"), nullable=False),
        sa.Column("agency_id", sa.Uuid, nullable=False),
        sa.Column("activity_id", sa.Uuid, sa.ForeignKey("development_activity.id"), nullable=False),
        sa.Column("competency_code", sa.Text, nullable=False),
        sa.Column("gap_levels", sa.Integer, nullable=False),
        sa.Column("jpm_result_id", sa.Uuid, sa.ForeignKey("jpm_result.id"), nullable=False),
        sa.Column("planned_jp", sa.Numeric, nullable=False),
        sa.Column("proposed_by", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("plan_id", "activity_id", "competency_code", name="uq_development_plan_item"),
        sa.CheckConstraint("gap_levels > 0", name="ck_development_plan_item_gap"),
        sa.CheckConstraint("proposed_by IN ('EMPLOYEE','SUPERVISOR','ADMIN')", name="ck_development_plan_item_by"),
    )
    op.create_index("ix_development_plan_item_plan", "development_plan_item", ["plan_id"])

    # The agency's yearly JP requirement (policy section "development"; absent = the national 20 JP).
    op.execute("ALTER TABLE evaluation_policy ADD COLUMN development jsonb NOT NULL DEFAULT '{}'::jsonb")
    op.add_column("development_record", sa.Column("kind_as_recorded", sa.Text, nullable=True))
    op.add_column("development_record", sa.Column(
        "plan_item_id", sa.Uuid, sa.ForeignKey("development_plan_item.id"), nullable=True))
    op.create_index("ix_development_record_plan_item", "development_record", ["plan_item_id"])
    pairs = ", ".join(f"('{k}', '{v}')" for k, v in ALIASES.items())
    op.execute(f"""
        UPDATE development_record r SET kind_as_recorded = CASE WHEN r.kind <> coalesce(m.kind, '') THEN r.kind END,
                                        kind = coalesce(m.kind, 'TRAINING')
        FROM development_record x LEFT JOIN (VALUES {pairs}) AS m(alias, kind)
             ON m.alias = {NORMALISED.replace('kind', 'x.kind')}
        WHERE x.id = r.id""")
    op.create_check_constraint("ck_development_record_kind", "development_record", f"kind IN ({KIND_SQL})")


def downgrade() -> None:
    op.drop_constraint("ck_development_record_kind", "development_record", type_="check")
    op.execute("UPDATE development_record SET kind = kind_as_recorded WHERE kind_as_recorded IS NOT NULL")
    op.drop_index("ix_development_record_plan_item", table_name="development_record")
    op.drop_column("development_record", "plan_item_id")
    op.drop_column("development_record", "kind_as_recorded")
    op.drop_table("development_plan_item")
    op.drop_table("development_plan")
    op.drop_table("development_activity")
    op.execute("ALTER TABLE evaluation_policy DROP COLUMN development")

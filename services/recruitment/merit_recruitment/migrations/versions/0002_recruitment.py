# ruff: noqa: E501 -- generated DDL, reviewed by hand
"""recruitment tables: selections, committee, applications, scores, announcements, appeals, audit log

Revision ID: rec_0002
Revises: rec_0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "rec_0002"
down_revision = "rec_0001"
branch_labels = None
depends_on = None

# Published announcements never change: the database refuses UPDATE and DELETE on them.
IMMUTABLE_FN = """
CREATE FUNCTION announcements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'announcements are immutable: publish a correction instead'
        USING ERRCODE = 'restrict_violation';
END $$;
"""


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('entity', sa.String(length=80), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('before', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('after', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_audit_log_agency_id'), 'audit_log', ['agency_id'], unique=False)
    op.create_index(op.f('ix_audit_log_entity_id'), 'audit_log', ['entity_id'], unique=False)
    op.create_table('selections',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('current_stage', sa.Integer(), nullable=True),
    sa.Column('registration_extensions', sa.Integer(), nullable=False),
    sa.Column('position_ids', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('positions_snapshot', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('requirements', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('documents', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('stages', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('schedule', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('policies', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('planned_inauguration_date', sa.Date(), nullable=True),
    sa.Column('proposal', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('chosen_application_id', sa.Uuid(), nullable=True),
    sa.Column('decision', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('appointment_status', sa.String(length=20), nullable=True),
    sa.Column('appointment_attempt', sa.Integer(), nullable=False),
    sa.Column('appointment_error', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('public_summary', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("appointment_status IS NULL OR appointment_status IN ('PENDING', 'CONFIRMED', 'ERROR')", name='ck_selections_appointment_status'),
    sa.CheckConstraint("kind IN ('JPT_UTAMA', 'JPT_MADYA', 'JPT_PRATAMA', 'ADMINISTRATOR', 'PENGAWAS', 'FUNGSIONAL')", name='ck_selections_kind'),
    sa.CheckConstraint("status IN ('DRAFT', 'ANNOUNCED', 'REGISTRATION', 'SCREENING', 'ASSESSMENT', 'FINAL_RANKING', 'PROPOSAL', 'DECISION', 'APPOINTED', 'CLOSED', 'CANCELLED')", name='ck_selections_status'),
    sa.CheckConstraint('registration_extensions >= 0', name='ck_selections_extensions'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_selections_agency_status', 'selections', ['agency_id', 'status'], unique=False)
    op.create_index('ix_selections_public', 'selections', ['announced_at'], unique=False, postgresql_where=sa.text('public_summary IS NOT NULL'))
    op.create_table('announcements',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('selection_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('stage_code', sa.String(length=80), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('snapshot', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('corrects_id', sa.Uuid(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=200), nullable=False),
    sa.Column('appeal_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(kind = 'CORRECTION') = (corrects_id IS NOT NULL)", name='ck_announcements_correction'),
    sa.CheckConstraint("content_hash ~ '^[0-9a-f]{64}$'", name='ck_announcements_hash'),
    sa.CheckConstraint("kind IN ('OPENING', 'SCREENING', 'STAGE', 'FINAL', 'CORRECTION')", name='ck_announcements_kind'),
    sa.ForeignKeyConstraint(['corrects_id'], ['announcements.id'], ),
    sa.ForeignKeyConstraint(['selection_id'], ['selections.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('corrects_id', name='uq_announcements_corrects'),
    sa.UniqueConstraint('selection_id', 'number', name='uq_announcements_number')
    )
    op.create_index(op.f('ix_announcements_selection_id'), 'announcements', ['selection_id'], unique=False)
    op.create_table('applications',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('selection_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('applicant_type', sa.String(length=10), nullable=False),
    sa.Column('position_id', sa.Uuid(), nullable=True),
    sa.Column('employee_id', sa.Uuid(), nullable=True),
    sa.Column('nip', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('current_position', sa.String(length=300), nullable=True),
    sa.Column('current_agency', sa.String(length=300), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('declared', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('documents', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('facts', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('eligibility', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('eligibility_status', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('verified_by', sa.String(length=200), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verification_decision', sa.String(length=10), nullable=True),
    sa.Column('verification_note', sa.Text(), nullable=True),
    sa.Column('second_check_by', sa.String(length=200), nullable=True),
    sa.Column('second_check_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('second_check_decision', sa.String(length=10), nullable=True),
    sa.Column('second_check_note', sa.Text(), nullable=True),
    sa.Column('eliminated_stage', sa.String(length=80), nullable=True),
    sa.Column('registered_by', sa.String(length=200), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("applicant_type IN ('INTERNAL', 'EXTERNAL')", name='ck_applications_type'),
    sa.CheckConstraint("nip ~ '^[0-9]{18}$'", name='ck_applications_nip'),
    sa.CheckConstraint("status IN ('SUBMITTED', 'VERIFIED', 'QUALIFIED', 'REJECTED', 'WITHDRAWN', 'ELIMINATED')", name='ck_applications_status'),
    sa.CheckConstraint('second_check_by IS NULL OR second_check_by <> verified_by', name='ck_applications_two_people'),
    sa.ForeignKeyConstraint(['selection_id'], ['selections.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('selection_id', 'nip', name='uq_applications_selection_nip')
    )
    op.create_index('ix_applications_employee', 'applications', ['employee_id'], unique=False)
    op.create_index('ix_applications_nip', 'applications', ['nip'], unique=False)
    op.create_index(op.f('ix_applications_selection_id'), 'applications', ['selection_id'], unique=False)
    op.create_table('committee_members',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('selection_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('employee_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('internal', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("role IN ('CHAIR', 'SECRETARY', 'MEMBER')", name='ck_committee_members_role'),
    sa.ForeignKeyConstraint(['selection_id'], ['selections.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('selection_id', 'subject', name='uq_committee_members_subject')
    )
    op.create_index('ix_committee_members_subject', 'committee_members', ['subject'], unique=False)
    op.create_index(op.f('ix_committee_members_selection_id'), 'committee_members', ['selection_id'], unique=False)
    op.create_table('registration_extensions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('selection_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('previous_registration_end', sa.Date(), nullable=False),
    sa.Column('new_registration_end', sa.Date(), nullable=False),
    sa.Column('applicant_count', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('new_registration_end > previous_registration_end', name='ck_extension_later'),
    sa.ForeignKeyConstraint(['selection_id'], ['selections.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('selection_id', 'number', name='uq_registration_extensions_number')
    )
    op.create_index(op.f('ix_registration_extensions_selection_id'), 'registration_extensions', ['selection_id'], unique=False)
    op.create_table('selection_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('selection_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('stage_index', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('detail', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.ForeignKeyConstraint(['selection_id'], ['selections.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_selection_events_selection_id'), 'selection_events', ['selection_id'], unique=False)
    op.create_table('appeals',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('selection_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('announcement_id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('submitted_by', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decision_reasons', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(status = 'SUBMITTED') = (decided_at IS NULL)", name='ck_appeals_decided'),
    sa.CheckConstraint("status IN ('SUBMITTED', 'ACCEPTED', 'REJECTED')", name='ck_appeals_status'),
    sa.ForeignKeyConstraint(['announcement_id'], ['announcements.id'], ),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('announcement_id', 'application_id', name='uq_appeals_once')
    )
    op.create_index(op.f('ix_appeals_selection_id'), 'appeals', ['selection_id'], unique=False)
    op.create_table('conflict_declarations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('selection_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('has_conflict', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('declared_by', sa.String(length=200), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.ForeignKeyConstraint(['member_id'], ['committee_members.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('member_id', 'application_id', name='uq_conflict_declarations')
    )
    op.create_index(op.f('ix_conflict_declarations_selection_id'), 'conflict_declarations', ['selection_id'], unique=False)
    op.create_table('scores',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('selection_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('stage_code', sa.String(length=80), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('criterion', sa.String(length=80), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('score >= 0 AND score <= 100', name='ck_scores_range'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.ForeignKeyConstraint(['member_id'], ['committee_members.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('application_id', 'stage_code', 'member_id', 'criterion', name='uq_scores_cell')
    )
    op.create_index('ix_scores_selection', 'scores', ['selection_id'], unique=False)
    op.create_table('stage_outcomes',
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('stage_code', sa.String(length=80), nullable=False),
    sa.Column('selection_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Numeric(precision=9, scale=4), nullable=True),
    sa.Column('reasons', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.PrimaryKeyConstraint('application_id', 'stage_code')
    )
    op.create_index(op.f('ix_stage_outcomes_selection_id'), 'stage_outcomes', ['selection_id'], unique=False)
    op.create_table('stage_results',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('selection_id', sa.Uuid(), nullable=False),
    sa.Column('agency_id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('stage_code', sa.String(length=80), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('application_id', 'stage_code', name='uq_stage_results')
    )
    op.create_index(op.f('ix_stage_results_selection_id'), 'stage_results', ['selection_id'], unique=False)
    op.execute(IMMUTABLE_FN)
    op.execute("CREATE TRIGGER trg_announcements_immutable BEFORE UPDATE OR DELETE ON announcements "
               "FOR EACH ROW EXECUTE FUNCTION announcements_immutable()")


def downgrade() -> None:
    for table in ("appeals", "stage_outcomes", "stage_results", "scores", "conflict_declarations", "announcements",
                  "applications", "committee_members", "registration_extensions", "selection_events", "selections",
                  "audit_log"):
        op.drop_table(table)
    op.execute("DROP FUNCTION IF EXISTS announcements_immutable()")

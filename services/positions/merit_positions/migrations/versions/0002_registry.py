"""position registry: agencies, org units, jobs, positions, employees, assignments, events, audit

Invariants live here as constraints so they hold whatever code writes the rows:
- one definitive assignment per employee at any date (exclusion on the date range),
- one definitive holder per managerial seat at any date (exclusion), one acting official per position,
- a multi-seat position is never over-filled (trigger that locks the position row and counts the
  largest overlap of definitive assignments),
- at most one head position per unit, managerial positions have exactly one seat.

Revision ID: pos_0002
Revises: pos_0001
"""
from alembic import op

revision = "pos_0002"
down_revision = "pos_0001"
branch_labels = None
depends_on = None

JOB_KINDS = "'JPT_UTAMA','JPT_MADYA','JPT_PRATAMA','ADMINISTRATOR','PENGAWAS','PELAKSANA','FUNGSIONAL'"
JENJANG = "'AHLI_PERTAMA','AHLI_MUDA','AHLI_MADYA','AHLI_UTAMA','PEMULA','TERAMPIL','MAHIR','PENYELIA'"
EDU = "'SD','SMP','SMA','D1','D2','D3','D4','S1','S2','S3'"
REASONS = "'initial','promotion','rotation','transfer','demotion','selection_result','restructuring'"

DDL = f"""
CREATE TABLE agencies (
    id uuid PRIMARY KEY,
    code varchar(40) NOT NULL UNIQUE,
    name varchar(300) NOT NULL,
    kind varchar(40) NOT NULL,
    siasn_instansi_id varchar(64),
    siasn_satuan_kerja_id varchar(64),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agency_policies (
    agency_id uuid PRIMARY KEY REFERENCES agencies(id),
    blackout_windows jsonb NOT NULL DEFAULT '[]',
    overrides jsonb NOT NULL DEFAULT '{{}}',
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE org_units (
    id uuid PRIMARY KEY,
    agency_id uuid NOT NULL REFERENCES agencies(id),
    code varchar(60) NOT NULL,
    name varchar(300) NOT NULL,
    kind varchar(40) NOT NULL,
    parent_id uuid REFERENCES org_units(id),
    valid_from date NOT NULL,
    valid_to date,
    siasn_unor_id varchar(64),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_org_units_dates CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CONSTRAINT ck_org_units_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id),
    CONSTRAINT uq_org_units_code UNIQUE (agency_id, code)
);
CREATE INDEX ix_org_units_parent ON org_units (agency_id, parent_id);

CREATE TABLE org_unit_versions (
    id bigserial PRIMARY KEY,
    unit_id uuid NOT NULL REFERENCES org_units(id),
    agency_id uuid NOT NULL,
    parent_id uuid,
    code varchar(60) NOT NULL,
    name varchar(300) NOT NULL,
    kind varchar(40) NOT NULL,
    valid_from date NOT NULL,
    valid_to date,
    change varchar(20) NOT NULL,
    CONSTRAINT ck_unit_versions_dates CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CONSTRAINT ex_unit_versions_overlap EXCLUDE USING gist (unit_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);
CREATE INDEX ix_unit_versions_agency ON org_unit_versions (agency_id, valid_from);

CREATE TABLE jobs (
    id uuid PRIMARY KEY,
    agency_id uuid NOT NULL REFERENCES agencies(id),
    code varchar(60),
    name varchar(300) NOT NULL,
    kind varchar(20) NOT NULL CHECK (kind IN ({JOB_KINDS})),
    jenjang varchar(20) CHECK (jenjang IN ({JENJANG})),
    kelas_jabatan smallint NOT NULL CHECK (kelas_jabatan BETWEEN 1 AND 17),
    min_education varchar(4) CHECK (min_education IN ({EDU})),
    min_rank varchar(6),
    min_rank_is_default boolean NOT NULL DEFAULT false,
    bup smallint NOT NULL CHECK (bup BETWEEN 19 AND 100),
    bup_is_default boolean NOT NULL DEFAULT true,
    competency_standard jsonb NOT NULL DEFAULT '{{}}',
    siasn_jabatan_id varchar(64),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_jobs_jenjang_only_functional CHECK ((kind = 'FUNGSIONAL') = (jenjang IS NOT NULL)),
    CONSTRAINT uq_jobs_code UNIQUE (agency_id, code)
);

CREATE TABLE positions (
    id uuid PRIMARY KEY,
    agency_id uuid NOT NULL REFERENCES agencies(id),
    unit_id uuid NOT NULL REFERENCES org_units(id),
    job_id uuid NOT NULL REFERENCES jobs(id),
    code varchar(60),
    name varchar(300) NOT NULL,
    is_head boolean NOT NULL DEFAULT false,
    is_managerial boolean NOT NULL,
    required_seats integer NOT NULL CHECK (required_seats >= 0),
    valid_from date NOT NULL DEFAULT current_date,
    abolished_on date,
    siasn_jabatan_id varchar(64),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_positions_managerial_one_seat CHECK (NOT is_managerial OR required_seats = 1),
    CONSTRAINT uq_positions_code UNIQUE (agency_id, code)
);
CREATE UNIQUE INDEX uq_positions_one_head_per_unit ON positions (unit_id) WHERE is_head AND abolished_on IS NULL;
CREATE INDEX ix_positions_unit ON positions (agency_id, unit_id);
CREATE INDEX ix_positions_job ON positions (job_id);
CREATE INDEX ix_positions_name_trgm ON positions USING gin (name gin_trgm_ops);

CREATE TABLE position_abk (
    position_id uuid NOT NULL REFERENCES positions(id),
    year integer NOT NULL,
    agency_id uuid NOT NULL,
    tasks jsonb NOT NULL,
    workload_minutes numeric NOT NULL,
    effective_minutes numeric NOT NULL,
    need_exact numeric NOT NULL,
    need_rounded integer NOT NULL,
    rounding varchar(12) NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (position_id, year)
);

CREATE TABLE employees (
    id uuid PRIMARY KEY,
    agency_id uuid NOT NULL REFERENCES agencies(id),
    nip varchar(18) NOT NULL CHECK (nip ~ '^[0-9]{{18}}$'),
    name varchar(200) NOT NULL,
    front_title varchar(60),
    back_title varchar(100),
    birth_date date NOT NULL,
    gender char(1) NOT NULL CHECK (gender IN ('L', 'P')),
    employment_type varchar(5) NOT NULL CHECK (employment_type IN ('PNS', 'CPNS', 'PPPK')),
    status varchar(12) NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'leave', 'study', 'retired', 'dismissed', 'deceased')),
    tmt_cpns date,
    siasn_pns_id varchar(64),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_employees_nip UNIQUE (agency_id, nip)
);
CREATE INDEX ix_employees_name_trgm ON employees USING gist (agency_id, lower(name) gist_trgm_ops);

CREATE TABLE employee_ranks (
    id uuid PRIMARY KEY,
    agency_id uuid NOT NULL,
    employee_id uuid NOT NULL REFERENCES employees(id),
    scheme varchar(4) NOT NULL CHECK (scheme IN ('PNS', 'PPPK')),
    golongan varchar(6) NOT NULL,
    rank_code smallint NOT NULL,
    tmt date NOT NULL,
    sk_number varchar(120),
    sk_date date,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_employee_ranks_tmt UNIQUE (employee_id, tmt)
);

CREATE TABLE employee_educations (
    id uuid PRIMARY KEY,
    agency_id uuid NOT NULL,
    employee_id uuid NOT NULL REFERENCES employees(id),
    level varchar(4) NOT NULL CHECK (level IN ({EDU})),
    level_order smallint NOT NULL,
    major varchar(200),
    institution varchar(200),
    graduated_on date,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_employee_educations_employee ON employee_educations (employee_id);

CREATE TABLE assignments (
    id uuid PRIMARY KEY,
    agency_id uuid NOT NULL,
    employee_id uuid NOT NULL REFERENCES employees(id),
    position_id uuid NOT NULL REFERENCES positions(id),
    kind varchar(12) NOT NULL CHECK (kind IN ('definitive', 'plt', 'plh')),
    is_managerial boolean NOT NULL,
    tmt_start date NOT NULL,
    tmt_end date,
    sk_number varchar(120) NOT NULL,
    sk_date date NOT NULL,
    reason varchar(30) NOT NULL CHECK (reason IN ({REASONS})),
    end_reason varchar(30),
    rank_override_reason text,
    personnel_action_id uuid,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_assignments_dates CHECK (tmt_end IS NULL OR tmt_end >= tmt_start),
    CONSTRAINT ex_assignments_one_definitive_per_employee
        EXCLUDE USING gist (employee_id WITH =, daterange(tmt_start, tmt_end, '[]') WITH &&)
        WHERE (kind = 'definitive'),
    CONSTRAINT ex_assignments_one_holder_per_managerial_seat
        EXCLUDE USING gist (position_id WITH =, daterange(tmt_start, tmt_end, '[]') WITH &&)
        WHERE (kind = 'definitive' AND is_managerial),
    CONSTRAINT ex_assignments_one_acting_per_position
        EXCLUDE USING gist (position_id WITH =, daterange(tmt_start, tmt_end, '[]') WITH &&)
        WHERE (kind <> 'definitive')
);
CREATE INDEX ix_assignments_position ON assignments (position_id, tmt_start);
CREATE INDEX ix_assignments_employee ON assignments (employee_id, tmt_start);
CREATE INDEX ix_assignments_agency_open ON assignments (agency_id) WHERE tmt_end IS NULL;

-- Seats are never over-filled: lock the position, then count the largest overlap of definitive holders.
CREATE FUNCTION assignments_check_seats() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    req integer;
    worst integer;
BEGIN
    IF NEW.kind <> 'definitive' THEN
        RETURN NULL;
    END IF;
    SELECT required_seats INTO req FROM positions WHERE id = NEW.position_id FOR UPDATE;
    SELECT coalesce(max(c), 0) INTO worst FROM (
        SELECT (SELECT count(*) FROM assignments a
                 WHERE a.position_id = NEW.position_id AND a.kind = 'definitive'
                   AND daterange(a.tmt_start, a.tmt_end, '[]') @> p.d) AS c
        FROM (SELECT NEW.tmt_start AS d
              UNION
              SELECT b.tmt_start FROM assignments b
               WHERE b.position_id = NEW.position_id AND b.kind = 'definitive'
                 AND b.tmt_start BETWEEN NEW.tmt_start AND coalesce(NEW.tmt_end, 'infinity'::date)) p
    ) s;
    IF worst > req THEN
        RAISE EXCEPTION 'seat_overfilled: position % has % seats, % definitive holders', NEW.position_id, req, worst
            USING ERRCODE = '23514', CONSTRAINT = 'ck_assignments_seats';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tr_assignments_check_seats AFTER INSERT OR UPDATE OF tmt_start, tmt_end, position_id, kind
    ON assignments FOR EACH ROW EXECUTE FUNCTION assignments_check_seats();

CREATE TABLE personnel_actions (
    id uuid PRIMARY KEY,
    agency_id uuid NOT NULL REFERENCES agencies(id),
    kind varchar(12) NOT NULL CHECK (kind IN ('MUTATION', 'ROTATION', 'PROMOTION', 'DEMOTION')),
    title varchar(300) NOT NULL,
    status varchar(12) NOT NULL,
    tmt date NOT NULL,
    decision_date date,
    sk_number varchar(120),
    sk_date date,
    blackout_override_reason text,
    review_note text,
    decision_note text,
    created_by varchar(200) NOT NULL,
    reviewed_by varchar(200),
    decided_by varchar(200),
    applied_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_personnel_actions_agency ON personnel_actions (agency_id, status);

CREATE TABLE personnel_action_moves (
    id uuid PRIMARY KEY,
    action_id uuid NOT NULL REFERENCES personnel_actions(id) ON DELETE CASCADE,
    agency_id uuid NOT NULL,
    employee_id uuid NOT NULL REFERENCES employees(id),
    to_position_id uuid NOT NULL REFERENCES positions(id),
    reason varchar(30) NOT NULL CHECK (reason IN ({REASONS})),
    checks jsonb NOT NULL DEFAULT '[]',
    outcome varchar(20),
    assignment_id uuid,
    CONSTRAINT uq_moves_employee UNIQUE (action_id, employee_id)
);

CREATE TABLE events (
    id bigserial PRIMARY KEY,
    type varchar(40) NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    agency_id uuid NOT NULL,
    data jsonb NOT NULL
);
CREATE INDEX ix_events_agency ON events (agency_id, id);

CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    agency_id uuid,
    actor varchar(200) NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    action varchar(60) NOT NULL,
    entity varchar(40) NOT NULL,
    entity_id varchar(64) NOT NULL,
    before jsonb,
    after jsonb
);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id);
"""

TABLES = ("audit_log", "events", "personnel_action_moves", "personnel_actions", "assignments", "employee_educations",
          "employee_ranks", "employees", "position_abk", "positions", "jobs", "org_unit_versions", "org_units",
          "agency_policies", "agencies")


def statements(ddl: str) -> list[str]:
    """Split on top-level semicolons (not inside $$ function bodies): asyncpg prepares one statement at a time."""
    out, buf, in_body = [], [], False
    for line in ddl.splitlines():
        buf.append(line)
        if line.count("$$") % 2 == 1:
            in_body = not in_body
        if not in_body and line.rstrip().endswith(";"):
            out.append("\n".join(buf).strip())
            buf = []
    return [s for s in out if s and not s.startswith("--") or "\n" in s]


def upgrade() -> None:
    for stmt in statements(DDL):
        op.execute(stmt)


def downgrade() -> None:
    for t in TABLES:
        op.execute(f"DROP TABLE IF EXISTS {t} CASCADE")
    op.execute("DROP FUNCTION IF EXISTS assignments_check_seats()")

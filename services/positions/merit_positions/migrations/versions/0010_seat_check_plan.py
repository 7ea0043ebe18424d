"""The seat trigger counts a position's holders through the (position_id, tmt_start) index.

Written with ``daterange(...) @> d``, the count let the planner pick the per-employee GiST index on the date
range alone, which scans every assignment covering that date: each appointment cost grew with the agency's size
(8 ms a row at 10,000 seat holders starting on one TMT). Plain date comparisons mean the same thing
(``tmt_end`` NULL: still held) and are estimated well.

Revision ID: pos_0010
Revises: pos_0008
"""

from alembic import op

revision = "pos_0010"
down_revision = "pos_0009"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE OR REPLACE FUNCTION assignments_check_seats() RETURNS trigger LANGUAGE plpgsql AS $$
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
                   AND {covers}) AS c
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
"""


def upgrade() -> None:
    op.execute(FUNCTION.replace("{covers}", "a.tmt_start <= p.d AND (a.tmt_end IS NULL OR a.tmt_end >= p.d)"))


def downgrade() -> None:
    op.execute(FUNCTION.replace("{covers}", "daterange(a.tmt_start, a.tmt_end, '[]') @> p.d"))

"""The person's records follow them across agencies (issue #11).

Positions sends ``employee_transferred`` (through its outbox) when a transfer between agencies takes effect; the
link it leaves here (one per transfer: inbox-idempotent, and unique on the transfer) is the only way one agency
reads another's records. Reads about the destination's record then include the origin's annual ratings and
development records, marked with their origin agency and read-only (they stay the origin's rows: no write path
takes a linked record, every writer checks the row's own agency). The chain is followed back through earlier
transfers; never forward, so an origin never reads what the destination recorded.

Only what the origin recorded *before the person left* follows: ratings of years up to the one of the day before
the TMT (the last year's SKP may be finalised after the move), development started before the TMT. So a person
who comes back to an agency (their old record serves again) does not show that agency's new records to the
agency they were in meanwhile.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.models import audit_log
from merit_evaluation.development.models import DevelopmentRecord
from merit_evaluation.links.errors import LINK_CONFLICT
from merit_evaluation.links.models import EmployeeLink
from merit_evaluation.links.schemas import EmployeeLinkIn
from merit_evaluation.performance.models import AnnualRating
from merit_shared import audit
from merit_shared.auth import Principal

LINKS: sa.Table = EmployeeLink.__table__  # type: ignore[assignment]
RATINGS: sa.Table = AnnualRating.__table__  # type: ignore[assignment]
DEVELOPMENT: sa.Table = DevelopmentRecord.__table__  # type: ignore[assignment]

#: For the lean summary path (asyncpg, $1 = the employee): the origin records reachable from $1, with the TMT
#: that closed each (UNION, not UNION ALL: a person who came back makes a cycle, and UNION stops it).
CHAIN_SQL = """
origin_chain(origin, origin_agency, cutoff) AS (
    SELECT origin_employee_id, origin_agency_id, tmt FROM employee_link WHERE employee_id = $1
    UNION
    SELECT l.origin_employee_id, l.origin_agency_id, l.tmt FROM employee_link l
      JOIN origin_chain c ON l.employee_id = c.origin)"""


async def record_link(session: AsyncSession, principal: Principal, body: EmployeeLinkIn) -> EmployeeLink:
    """Record the link once; a repeat of the same transfer answers the link on record."""
    values = body.model_dump()
    inserted = (await session.execute(insert(EmployeeLink).values(id=uuid.uuid4(), **values)
                                      .on_conflict_do_nothing(constraint="uq_employee_link_transfer")
                                      .returning(EmployeeLink.id))).scalar_one_or_none()
    row = await session.scalar(sa.select(EmployeeLink).where(EmployeeLink.transfer_id == body.transfer_id))
    assert row is not None
    if inserted is None:
        if any(getattr(row, k) != v for k, v in values.items()):
            raise LINK_CONFLICT.error(transfer_id=body.transfer_id)
        return row
    await audit.record(session, audit_log, principal, action="employee_link.create", entity="employee_link",
                       entity_id=row.id, agency_id=body.agency_id, before=None, after=values)
    return row


def origin_chain(seed: Callable[[sa.Table], Any]) -> Any:
    """(reader, origin, origin_agency, cutoff): the origin records each reader's record came through, back along
    the chain of transfers; ``seed`` picks the readers' links (one employee, or an agency's)."""
    start = sa.select(LINKS.c.employee_id.label("reader"), LINKS.c.origin_employee_id.label("origin"),
                      LINKS.c.origin_agency_id.label("origin_agency"), LINKS.c.tmt.label("cutoff")).where(seed(LINKS))
    chain = start.cte("origin_chain", recursive=True)
    step = LINKS.alias("earlier")
    return chain.union(sa.select(chain.c.reader, step.c.origin_employee_id, step.c.origin_agency_id, step.c.tmt)
                       .where(step.c.employee_id == chain.c.origin))


def of_employee(employee_id: uuid.UUID, agency_id: uuid.UUID | None = None) -> Any:
    """The chain of one record; with ``agency_id``, only while that record is the agency's (a caller's)."""
    if agency_id is None:
        return origin_chain(lambda links: links.c.employee_id == employee_id)
    return origin_chain(lambda links: sa.and_(links.c.employee_id == employee_id, links.c.agency_id == agency_id))


def of_agency(agency_id: uuid.UUID) -> Any:
    return origin_chain(lambda links: links.c.agency_id == agency_id)


def linked_ratings(chain: Any) -> sa.Select[Any]:
    """The origins' annual ratings as the reader's: ``employee_id`` the reader's record (so a report keyed by
    employee counts them), ``origin_employee_id``/``origin_agency_id`` whose record it is, ``read_only``."""
    r = RATINGS.c
    return (sa.select(r.id, chain.c.reader.label("employee_id"), r.agency_id, r.year, r.rating_hasil_kerja,
                      r.rating_perilaku, r.predikat, r.source, r.unit_id, r.position_id, r.plan_id,
                      r.evaluator_employee_id, r.note, r.created_by, r.created_at,
                      r.employee_id.label("origin_employee_id"), r.agency_id.label("origin_agency_id"),
                      sa.true().label("read_only"))
            .distinct()
            .join(chain, sa.and_(r.employee_id == chain.c.origin, r.agency_id == chain.c.origin_agency,
                                 r.year <= sa.extract("year", chain.c.cutoff - sa.text("interval '1 day'")).cast(
                                     sa.Integer)))
            .where(chain.c.origin != chain.c.reader))


def own_ratings() -> sa.Select[Any]:
    r = RATINGS.c
    none = sa.null().cast(sa.Uuid)
    return sa.select(r.id, r.employee_id, r.agency_id, r.year, r.rating_hasil_kerja, r.rating_perilaku, r.predikat,
                     r.source, r.unit_id, r.position_id, r.plan_id, r.evaluator_employee_id, r.note, r.created_by,
                     r.created_at, none.label("origin_employee_id"), none.label("origin_agency_id"),
                     sa.false().label("read_only"))


async def linked_development(session: AsyncSession, employee_id: uuid.UUID, agency_id: uuid.UUID | None
                             ) -> list[dict[str, Any]]:
    """The origins' development records of this employee's record, started before the person left each
    (``agency_id``: the caller's agency, which must hold the record)."""
    chain = of_employee(employee_id, agency_id)
    d = DEVELOPMENT.c
    rows = (await session.execute(
        sa.select(*[c for c in DEVELOPMENT.c if c.key != "employee_id"], chain.c.reader.label("employee_id"),
                  d.employee_id.label("origin_employee_id"), d.agency_id.label("origin_agency_id"))
        .distinct()
        .join(chain, sa.and_(d.employee_id == chain.c.origin, d.agency_id == chain.c.origin_agency,
                             d.started_on < chain.c.cutoff))
        .where(chain.c.origin != chain.c.reader).order_by(d.started_on, d.id))).mappings().all()
    return [{**r, "read_only": True} for r in rows]

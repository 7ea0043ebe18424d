"""Position rules: managerial seats are single, one head per unit, seats never reduced below those filled."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.agencies.service import load_policy
from merit_positions.common.changes import position_data, publish, snapshot
from merit_positions.common.errors import POSITION_ABOLISHED, UNIT_DISSOLVED
from merit_positions.common.fields import in_body
from merit_positions.common.models import audit_log
from merit_positions.jobs.service import get_job
from merit_positions.org.service import get_unit
from merit_positions.rules import (
    AbkTask,
    compute_need,
    ej_band,
    is_managerial,
    job_efficiency,
    overfilled,
    validate_required_headcount,
)
from merit_positions.seats.errors import (
    HEAD_REQUIRES_MANAGERIAL_JOB,
    MANAGERIAL_SEATS_FIXED,
    POSITION_BEFORE_UNIT,
    POSITION_CODE_TAKEN,
    POSITION_HAS_ASSIGNMENTS,
    SEATS_BELOW_FILLED,
    UNIT_HAS_HEAD,
)
from merit_positions.seats.models import Position, PositionAbk, PositionAbkVersion
from merit_positions.seats.queries import filled_counts
from merit_positions.seats.schemas import AbkIn, PositionCreate, PositionUpdate
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.clock import today, utcnow
from merit_shared.errors import Invalid, NotFound


async def get_position(session: AsyncSession, agency_id: uuid.UUID, position_id: uuid.UUID,
                       field: str | None = None, lock: bool = False) -> Position:
    q = sa.select(Position).where(Position.id == position_id, Position.agency_id == agency_id)
    if lock:
        q = q.with_for_update()
    pos = await session.scalar(q)
    if pos is None:
        raise NotFound("Jabatan", position_id, field=field)
    return pos


def _seats(kind: str, n: int) -> int:
    try:
        return validate_required_headcount(kind, n)
    except Invalid as exc:
        exc.field = "body.required_seats"
        raise


def _head_managerial(kind: str) -> None:
    """The head of a unit is its one managerial seat: evaluator resolution reads the head as the unit's superior."""
    if not is_managerial(kind):
        raise HEAD_REQUIRES_MANAGERIAL_JOB.error(field="body.is_head")


async def _head_free(session: AsyncSession, unit_id: uuid.UUID, except_id: uuid.UUID | None = None) -> None:
    q = sa.select(Position.id, Position.name).where(Position.unit_id == unit_id, Position.is_head,
                                                    Position.abolished_on.is_(None))
    if except_id:
        q = q.where(Position.id != except_id)
    row = (await session.execute(q)).first()
    if row:
        raise UNIT_HAS_HEAD.error(extra={"head_position_id": str(row.id)})


async def _code_free(session: AsyncSession, agency_id: uuid.UUID, code: str | None,
                     except_id: uuid.UUID | None = None) -> None:
    if not code:
        return
    # Codes are unique per agency ignoring letter case (uq_*_code_ci in the database).
    q = sa.select(Position.id).where(Position.agency_id == agency_id, sa.func.lower(Position.code) == code.lower())
    if except_id:
        q = q.where(Position.id != except_id)
    if await session.scalar(q):
        raise POSITION_CODE_TAKEN.error()


async def create_position(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, body: PositionCreate
                          ) -> Position:
    unit = await get_unit(session, agency_id, body.unit_id, field="body.unit_id", lock=True)
    if unit.valid_to is not None:
        raise UNIT_DISSOLVED.error(name=unit.name, valid_to=unit.valid_to)
    if body.valid_from is not None and body.valid_from < unit.valid_from:
        raise POSITION_BEFORE_UNIT.error(field="body.valid_from", name=unit.name, valid_from=unit.valid_from)
    job = await get_job(session, agency_id, body.job_id, field="body.job_id")
    if body.is_head:
        _head_managerial(job.kind)
    seats = _seats(job.kind, body.required_seats)
    if body.is_head:
        await _head_free(session, unit.id)
    await _code_free(session, agency_id, body.code)
    pos = Position(id=uuid.uuid4(), agency_id=agency_id, unit_id=unit.id, job_id=job.id, code=body.code,
                   name=body.name or job.name, is_head=body.is_head, is_managerial=is_managerial(job.kind),
                   required_seats=seats, valid_from=body.valid_from or unit.valid_from, abolished_on=None,
                   siasn_jabatan_id=body.siasn_jabatan_id, version=1)
    session.add(pos)
    await session.flush()
    await record(session, audit_log, principal, action="position.create", entity="position", entity_id=pos.id,
                 before=None, after=snapshot(pos), agency_id=agency_id)
    await publish(session, principal, "position_created", agency_id, pos.id, position_data(pos))
    return pos


async def update_position(session: AsyncSession, principal: Principal, pos: Position, body: PositionUpdate
                          ) -> Position:
    before = snapshot(pos)
    data = body.model_dump(exclude_unset=True)
    if "code" in data:
        await _code_free(session, pos.agency_id, data["code"], pos.id)
    if data.get("is_head"):
        _head_managerial((await get_job(session, pos.agency_id, pos.job_id)).kind)
        await _head_free(session, pos.unit_id, pos.id)
    if "required_seats" in data and data["required_seats"] is not None:
        job = await get_job(session, pos.agency_id, pos.job_id)
        seats = _seats(job.kind, data["required_seats"])
        filled = (await filled_counts(session, [pos.id], today())).get(pos.id, 0)
        if overfilled(seats, filled):
            raise SEATS_BELOW_FILLED.error(filled=filled, seats=seats, extra={"filled": filled})
    for k, v in data.items():
        if v is not None or k in ("code", "siasn_jabatan_id"):
            setattr(pos, k, v)
    pos.version += 1
    pos.updated_at = utcnow()
    await session.flush()
    await session.refresh(pos)
    await record(session, audit_log, principal, action="position.update", entity="position", entity_id=pos.id,
                 before=before, after=snapshot(pos), agency_id=pos.agency_id)
    return pos


async def abolish_position(session: AsyncSession, principal: Principal, pos: Position, effective: date) -> Position:
    if pos.abolished_on is not None:
        raise POSITION_ABOLISHED.error(abolished_on=pos.abolished_on, name=pos.name)
    open_count = await session.scalar(sa.text(
        "SELECT count(*) FROM assignments WHERE position_id = :p AND (tmt_end IS NULL OR tmt_end >= :d)"),
        {"p": pos.id, "d": effective})
    if open_count:
        raise POSITION_HAS_ASSIGNMENTS.error(open_count=open_count, extra={"open_assignments": open_count})
    before = snapshot(pos)
    pos.abolished_on = effective
    pos.version += 1
    await session.flush()
    await record(session, audit_log, principal, action="position.abolish", entity="position", entity_id=pos.id,
                 before=before, after=snapshot(pos), agency_id=pos.agency_id)
    await publish(session, principal, "position_abolished", pos.agency_id, pos.id,
                  {"position_id": pos.id, "unit_id": pos.unit_id, "abolished_on": effective})
    return pos


async def set_abk(session: AsyncSession, principal: Principal, pos: Position, year: int, body: AbkIn) -> dict:
    """Record a new version of the year's ABK; the previous versions stay in ``position_abk_versions``."""
    policy = await load_policy(session, pos.agency_id)
    tasks = [AbkTask(volume_per_year=t.volume_per_year, norm_minutes=t.norm_minutes, name=t.name) for t in body.tasks]
    result = in_body(compute_need, tasks, policy)
    # Locked so that two concurrent recordings of the year get versions n+1 and n+2, not both n+1.
    row = await session.scalar(sa.select(PositionAbk).where(PositionAbk.position_id == pos.id,
                                                            PositionAbk.year == year).with_for_update())
    before = snapshot(row) if row else None
    values = dict(tasks=[t.model_dump(mode="json") for t in body.tasks], workload_minutes=result.workload_minutes,
                  effective_minutes=result.effective_minutes, need_exact=result.need_exact,
                  need_rounded=result.need_rounded, rounding=result.rounding.value, reason=body.reason,
                  recorded_by=principal.subject)
    now = utcnow()
    if row is None:
        row = PositionAbk(position_id=pos.id, year=year, agency_id=pos.agency_id, version=1, updated_at=now, **values)
        session.add(row)
    else:
        for k, v in values.items():
            setattr(row, k, v)
        row.version += 1
        row.updated_at = now
    session.add(PositionAbkVersion(position_id=pos.id, year=year, version=row.version, agency_id=pos.agency_id,
                                   recorded_at=now, **values))
    await session.flush()
    if body.apply_to_required_seats:
        if pos.is_managerial:
            raise MANAGERIAL_SEATS_FIXED.error()
        await update_position(session, principal, pos, PositionUpdate(required_seats=result.need_rounded))
    await record(session, audit_log, principal, action="position.abk", entity="position_abk",
                 entity_id=f"{pos.id}:{year}", before=before, after={**values, "version": row.version},
                 agency_id=pos.agency_id)
    return await abk_view(session, pos, row)


def abk_version(row: PositionAbk | PositionAbkVersion) -> dict:
    recorded_at = row.recorded_at if isinstance(row, PositionAbkVersion) else row.updated_at
    return {"position_id": row.position_id, "year": row.year, "version": row.version, "tasks": row.tasks,
            "workload_minutes": row.workload_minutes, "effective_minutes": row.effective_minutes,
            "need_exact": row.need_exact, "need_rounded": row.need_rounded, "rounding": row.rounding,
            "reason": row.reason, "recorded_by": row.recorded_by, "recorded_at": recorded_at}


async def abk_view(session: AsyncSession, pos: Position, row: PositionAbk) -> dict:
    policy = await load_policy(session, pos.agency_id)
    filled = (await filled_counts(session, [pos.id], today())).get(pos.id, 0)
    ej = job_efficiency(row.workload_minutes, filled, policy)
    return {**abk_version(row), "filled": filled, "job_efficiency": ej, "ej_band": ej_band(ej, policy)}

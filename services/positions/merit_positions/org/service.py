"""Org unit rules: effective-dated versions, no cycles, no dissolving a unit whose filled seats have nowhere to go."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.common.changes import publish, snapshot, unit_data
from merit_positions.common.errors import UNIT_DISSOLVED
from merit_positions.common.models import audit_log
from merit_positions.org.errors import (
    DISSOLVE_ON_START,
    EFFECTIVE_BEFORE_CURRENT_VERSION,
    TRANSFER_TO_SELF,
    UNIT_BEFORE_PARENT,
    UNIT_CODE_TAKEN,
    UNIT_CYCLE,
    UNIT_HAS_CHILDREN,
    UNIT_HAS_FILLED_POSITIONS,
)
from merit_positions.org.models import OrgUnit, OrgUnitVersion
from merit_positions.org.schemas import OrgUnitCreate, OrgUnitUpdate
from merit_shared.api import Sort, apply_sort
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.clock import today, utcnow
from merit_shared.concurrency import bump_version
from merit_shared.errors import NotFound


async def get_unit(session: AsyncSession, agency_id: uuid.UUID, unit_id: uuid.UUID, field: str | None = None,
                   lock: bool = False) -> OrgUnit:
    q = sa.select(OrgUnit).where(OrgUnit.id == unit_id, OrgUnit.agency_id == agency_id)
    if lock:
        q = q.with_for_update()
    unit = await session.scalar(q)
    if unit is None:
        raise NotFound("Unit organisasi", unit_id, field=field)
    return unit


def _require_active(unit: OrgUnit, field: str | None = None) -> None:
    if unit.valid_to is not None:
        raise UNIT_DISSOLVED.error(name=unit.name, valid_to=unit.valid_to, extra={"unit_id": str(unit.id)})


async def _code_free(session: AsyncSession, agency_id: uuid.UUID, code: str, except_id: uuid.UUID | None = None) -> None:
    # Codes are unique per agency ignoring letter case (uq_*_code_ci in the database).
    q = sa.select(OrgUnit.id).where(OrgUnit.agency_id == agency_id, sa.func.lower(OrgUnit.code) == code.lower())
    if except_id:
        q = q.where(OrgUnit.id != except_id)
    if await session.scalar(q):
        raise UNIT_CODE_TAKEN.error()


async def create_unit(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, body: OrgUnitCreate
                      ) -> OrgUnit:
    await _code_free(session, agency_id, body.code)
    valid_from = body.valid_from or today()
    if body.parent_id:
        parent = await get_unit(session, agency_id, body.parent_id, field="body.parent_id")
        _require_active(parent)
        if parent.valid_from > valid_from:
            raise UNIT_BEFORE_PARENT.error(field="body.valid_from", valid_from=parent.valid_from)
    unit = OrgUnit(id=uuid.uuid4(), agency_id=agency_id, code=body.code, name=body.name, kind=body.kind.value,
                   parent_id=body.parent_id, valid_from=valid_from, valid_to=None, siasn_unor_id=body.siasn_unor_id,
                   version=1)
    session.add(unit)
    await session.flush()
    session.add(OrgUnitVersion(unit_id=unit.id, agency_id=agency_id, parent_id=unit.parent_id, code=unit.code,
                               name=unit.name, kind=unit.kind, valid_from=valid_from, valid_to=None, change="created"))
    await session.flush()
    await record(session, audit_log, principal, action="org_unit.create", entity="org_unit", entity_id=unit.id,
                 before=None, after=snapshot(unit), agency_id=agency_id)
    await publish(session, principal, "unit_restructured", agency_id, unit.id, unit_data(unit, "created", valid_from))
    return unit


async def update_unit(session: AsyncSession, principal: Principal, unit: OrgUnit, body: OrgUnitUpdate) -> OrgUnit:
    before = snapshot(unit)
    data = body.model_dump(exclude_unset=True, mode="json")
    if "code" in data and data["code"] != unit.code:
        await _code_free(session, unit.agency_id, data["code"], unit.id)
    for k, v in data.items():
        setattr(unit, k, v)
    await session.execute(sa.update(OrgUnitVersion).where(OrgUnitVersion.unit_id == unit.id,
                                                          OrgUnitVersion.valid_to.is_(None))
                          .values(code=unit.code, kind=unit.kind))
    await _bump(session, unit)
    await record(session, audit_log, principal, action="org_unit.update", entity="org_unit", entity_id=unit.id,
                 before=before, after=snapshot(unit), agency_id=unit.agency_id)
    await publish(session, principal, "unit_restructured", unit.agency_id, unit.id, unit_data(unit, "updated"))
    return unit


async def _bump(session: AsyncSession, unit: OrgUnit) -> None:
    bump_version(unit)
    unit.updated_at = utcnow()
    await session.flush()
    await session.refresh(unit)


async def _new_version(session: AsyncSession, unit: OrgUnit, change: str, effective: date,
                       close_only: bool = False) -> None:
    """Close the current version the day before ``effective`` and open one with the unit's new state."""
    current = await session.scalar(sa.select(OrgUnitVersion).where(OrgUnitVersion.unit_id == unit.id,
                                                                   OrgUnitVersion.valid_to.is_(None)))
    assert current is not None
    if effective < current.valid_from:
        raise EFFECTIVE_BEFORE_CURRENT_VERSION.error(field="body.effective_date", effective=effective, valid_from=current.valid_from)
    if close_only:
        if effective == current.valid_from:
            raise DISSOLVE_ON_START.error(field="body.effective_date")
        current.valid_to = effective - timedelta(days=1)
        current.change = current.change
        await session.flush()
        return
    if effective == current.valid_from:
        current.name, current.parent_id, current.kind, current.code = unit.name, unit.parent_id, unit.kind, unit.code
        await session.flush()
        return
    current.valid_to = effective - timedelta(days=1)
    await session.flush()
    session.add(OrgUnitVersion(unit_id=unit.id, agency_id=unit.agency_id, parent_id=unit.parent_id, code=unit.code,
                               name=unit.name, kind=unit.kind, valid_from=effective, valid_to=None, change=change))
    await session.flush()


async def rename_unit(session: AsyncSession, principal: Principal, unit: OrgUnit, name: str, effective: date
                      ) -> OrgUnit:
    _require_active(unit)
    before = snapshot(unit)
    unit.name = name
    await _new_version(session, unit, "renamed", effective)
    await _bump(session, unit)
    await record(session, audit_log, principal, action="org_unit.rename", entity="org_unit", entity_id=unit.id,
                 before=before, after=snapshot(unit), agency_id=unit.agency_id)
    await publish(session, principal, "unit_restructured", unit.agency_id, unit.id,
                  unit_data(unit, "renamed", effective, previous_name=before["name"]))
    return unit


async def ancestors(session: AsyncSession, unit_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.execute(sa.text("""
        WITH RECURSIVE a(id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM org_units WHERE id = :u
            UNION ALL SELECT p.id, p.parent_id, a.depth + 1 FROM org_units p JOIN a ON p.id = a.parent_id
            WHERE a.depth < 100)
        SELECT id FROM a ORDER BY depth"""), {"u": unit_id})
    return [r[0] for r in rows]


async def move_unit(session: AsyncSession, principal: Principal, unit: OrgUnit, parent_id: uuid.UUID | None,
                    effective: date) -> OrgUnit:
    _require_active(unit)
    if parent_id is not None:
        parent = await get_unit(session, unit.agency_id, parent_id, field="body.parent_id")
        _require_active(parent)
        if unit.id in await ancestors(session, parent_id):
            raise UNIT_CYCLE.error(name=unit.name, name_2=parent.name, extra={"parent_id": str(parent_id)})
    before = snapshot(unit)
    unit.parent_id = parent_id
    await _new_version(session, unit, "moved", effective)
    await _bump(session, unit)
    await record(session, audit_log, principal, action="org_unit.move", entity="org_unit", entity_id=unit.id,
                 before=before, after=snapshot(unit), agency_id=unit.agency_id)
    await publish(session, principal, "unit_restructured", unit.agency_id, unit.id,
                  unit_data(unit, "moved", effective, previous_parent_id=before["parent_id"]))
    return unit


async def dissolve_unit(session: AsyncSession, principal: Principal, unit: OrgUnit, effective: date,
                        target_id: uuid.UUID | None) -> OrgUnit:
    _require_active(unit)
    children = await session.scalar(sa.select(sa.func.count()).select_from(OrgUnit).where(
        OrgUnit.parent_id == unit.id, OrgUnit.valid_to.is_(None)))
    if children:
        raise UNIT_HAS_CHILDREN.error(children=children, name=unit.name, extra={"children": children})
    filled = (await session.execute(sa.text("""
        SELECT count(DISTINCT p.id) FROM positions p JOIN assignments a ON a.position_id = p.id
        WHERE p.unit_id = :u AND p.abolished_on IS NULL AND (a.tmt_end IS NULL OR a.tmt_end >= :d)"""),
        {"u": unit.id, "d": effective})).scalar_one()
    target = None
    if target_id is not None:
        if target_id == unit.id:
            raise TRANSFER_TO_SELF.error(field="body.transfer_positions_to")
        target = await get_unit(session, unit.agency_id, target_id, field="body.transfer_positions_to")
        _require_active(target)
    elif filled:
        raise UNIT_HAS_FILLED_POSITIONS.error(filled=filled, name=unit.name, extra={"filled_positions": filled})
    before = snapshot(unit)
    if target is not None:
        has_head = await session.scalar(sa.text(
            "SELECT 1 FROM positions WHERE unit_id = :t AND is_head AND abolished_on IS NULL"), {"t": target.id})
        await session.execute(sa.text("""
            UPDATE positions SET unit_id = :t, is_head = CASE WHEN :has_head THEN false ELSE is_head END,
                   version = version + 1, updated_at = now()
            WHERE unit_id = :u AND abolished_on IS NULL"""), {"t": target.id, "u": unit.id, "has_head": bool(has_head)})
        abolished: list[uuid.UUID] = []
    else:
        abolished = list((await session.scalars(sa.text(
            "UPDATE positions SET abolished_on = :d, version = version + 1 "
            "WHERE unit_id = :u AND abolished_on IS NULL RETURNING id"), {"d": effective, "u": unit.id})).all())
    await _new_version(session, unit, "dissolved", effective, close_only=True)
    unit.valid_to = effective - timedelta(days=1)
    await _bump(session, unit)
    await record(session, audit_log, principal, action="org_unit.dissolve", entity="org_unit", entity_id=unit.id,
                 before=before,
                 after={**snapshot(unit), "transfer_positions_to": str(target_id) if target_id else None},
                 agency_id=unit.agency_id)
    await publish(session, principal, "unit_restructured", unit.agency_id, unit.id,
                  unit_data(unit, "dissolved", effective, transfer_positions_to=target_id))
    for pid in sorted(abolished):
        await publish(session, principal, "position_abolished", unit.agency_id, pid,
                      {"position_id": pid, "unit_id": unit.id, "abolished_on": effective})
    return unit


async def tree_as_of(session: AsyncSession, agency_id: uuid.UUID, as_of: date) -> list[dict]:
    rows = (await session.execute(sa.text("""
        SELECT unit_id AS id, code, name, kind, parent_id FROM org_unit_versions
        WHERE agency_id = :a AND valid_from <= :d AND (valid_to IS NULL OR valid_to >= :d)
        ORDER BY code"""), {"a": agency_id, "d": as_of})).mappings().all()
    return [dict(r) for r in rows]


def nest(rows: list[dict], root_id: uuid.UUID | None = None) -> list[dict]:
    by_id = {r["id"]: {**r, "children": []} for r in rows}
    roots = []
    for node in by_id.values():
        parent = by_id.get(node["parent_id"])
        if root_id is not None:
            if node["id"] == root_id:
                roots.append(node)
            if parent is not None:
                parent["children"].append(node)
        elif parent is None:
            roots.append(node)
        else:
            parent["children"].append(node)
    return roots


async def list_units(session: AsyncSession, agency_id: uuid.UUID, parent_id: uuid.UUID | None, top_level: bool,
                     q: str | None, include_dissolved: bool, limit: int,
                     offset: int, *, sort: Sort) -> tuple[int | None, list[OrgUnit]]:
    """(total, one page by code) of the agency's units, filtered by parent, top level, part of name/code."""
    stmt = sa.select(OrgUnit).where(OrgUnit.agency_id == agency_id)
    if parent_id:
        stmt = stmt.where(OrgUnit.parent_id == parent_id)
    if top_level:
        stmt = stmt.where(OrgUnit.parent_id.is_(None))
    if q:
        stmt = stmt.where(sa.or_(OrgUnit.name.ilike(f"%{q}%"), OrgUnit.code.ilike(f"%{q}%")))
    if not include_dissolved:
        stmt = stmt.where(OrgUnit.valid_to.is_(None))
    total = await session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    rows = (await session.scalars(apply_sort(stmt, sort, OrgUnit.id).limit(limit).offset(offset))).all()
    return total, list(rows)


async def unit_as_of(session: AsyncSession, unit: OrgUnit, d: date) -> dict | None:
    """The unit as its version in force on ``d`` had it (None: not yet created, or dissolved, on ``d``)."""
    v = await session.scalar(sa.select(OrgUnitVersion).where(
        OrgUnitVersion.unit_id == unit.id, OrgUnitVersion.valid_from <= d,
        sa.or_(OrgUnitVersion.valid_to.is_(None), OrgUnitVersion.valid_to >= d)))
    if v is None:
        return None
    return {"id": unit.id, "agency_id": unit.agency_id, "code": v.code, "name": v.name, "kind": v.kind,
            "parent_id": v.parent_id, "valid_from": v.valid_from, "valid_to": v.valid_to,
            "siasn_unor_id": unit.siasn_unor_id, "version": unit.version}


UNIT_SORT = {"code": OrgUnit.code, "name": OrgUnit.name, "valid_from": OrgUnit.valid_from}


async def versions(session: AsyncSession, unit_id: uuid.UUID) -> list[OrgUnitVersion]:
    """Every version of the unit, oldest first."""
    return list((await session.scalars(sa.select(OrgUnitVersion).where(OrgUnitVersion.unit_id == unit_id)
                                       .order_by(OrgUnitVersion.valid_from))).all())

"""The agency's catalogue of development activities: the agency admin writes, everyone in the agency reads.

An activity names the competencies it addresses (codes of the competency dictionary, PermenPANRB 38/2017) with
the level it raises a participant to; the training-needs analysis and the development plans read it by code.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.catalogue.errors import INVALID_RAISES_TO_LEVEL, UNKNOWN_ACTIVITY_COMPETENCY
from merit_evaluation.catalogue.models import DevelopmentActivity
from merit_evaluation.catalogue.schemas import ActivityIn
from merit_evaluation.common.access import require_agency_admin
from merit_evaluation.common.errors import INVALID_DATE_RANGE
from merit_evaluation.common.models import audit_log
from merit_evaluation.competency.service import agency_codes
from merit_evaluation.rules import COMPETENCIES, LEVEL_MAX, LEVEL_MIN
from merit_shared import audit
from merit_shared.api import Sort, apply_sort
from merit_shared.auth import Principal

SORT = {"title": DevelopmentActivity.title, "kind": DevelopmentActivity.kind, "jp": DevelopmentActivity.jp,
        "starts_on": DevelopmentActivity.starts_on, "created_at": DevelopmentActivity.created_at}


def _agency(principal: Principal) -> uuid.UUID:
    return uuid.UUID(principal.agency_id) if principal.agency_id else uuid.UUID(int=0)


async def _clean(session: AsyncSession, agency_id: uuid.UUID, body: ActivityIn) -> dict[str, Any]:
    if body.starts_on and body.ends_on and body.ends_on < body.starts_on:
        raise INVALID_DATE_RANGE.error(field="body.ends_on")
    known = set(COMPETENCIES) | await agency_codes(session, agency_id)
    competencies: dict[str, int] = {}
    for code, level in body.competencies.items():
        key = code.strip().upper()
        if key not in known:
            raise UNKNOWN_ACTIVITY_COMPETENCY.error(field=f"body.competencies.{code}", code=code)
        if not LEVEL_MIN <= level <= LEVEL_MAX:
            raise INVALID_RAISES_TO_LEVEL.error(field=f"body.competencies.{code}", code=key, level=level)
        competencies[key] = level
    return {"title": body.title, "kind": body.kind.value, "competencies": competencies, "level": body.level.value,
            "jp": body.jp, "provider": body.provider, "starts_on": body.starts_on, "ends_on": body.ends_on,
            "description": body.description, "status": body.status.value}


async def create(session: AsyncSession, principal: Principal, body: ActivityIn) -> DevelopmentActivity:
    require_agency_admin(principal)
    agency_id = _agency(principal)
    values = await _clean(session, agency_id, body)
    row = DevelopmentActivity(id=uuid.uuid4(), agency_id=agency_id, row_version=1, created_by=principal.subject,
                              **values)
    session.add(row)
    await session.flush()
    await audit.record(session, audit_log, principal, action="development_activity.create",
                       entity="development_activity", entity_id=row.id, agency_id=agency_id, before=None,
                       after=values)
    await session.refresh(row)
    return row


async def replace(session: AsyncSession, principal: Principal, row: DevelopmentActivity,
                  body: ActivityIn) -> DevelopmentActivity:
    require_agency_admin(principal)
    values = await _clean(session, row.agency_id, body)
    before = {k: getattr(row, k) for k in values}
    for k, v in values.items():
        setattr(row, k, v)
    row.row_version += 1
    await session.flush()
    await audit.record(session, audit_log, principal, action="development_activity.update",
                       entity="development_activity", entity_id=row.id, agency_id=row.agency_id, before=before,
                       after=values)
    await session.refresh(row)
    return row


async def in_agency(session: AsyncSession, activity_id: uuid.UUID, principal: Principal,
                    lock: bool = False) -> DevelopmentActivity | None:
    q = select(DevelopmentActivity).where(DevelopmentActivity.id == activity_id)
    if lock:
        q = q.with_for_update()
    row = (await session.execute(q)).scalar_one_or_none()
    return row if row is not None and (principal.is_service or str(row.agency_id) == principal.agency_id) else None


async def list_activities(session: AsyncSession, principal: Principal, kind: str | None, status: str | None,
                          competency: str | None, limit: int, offset: int, *,
                          sort: Sort) -> tuple[int, list[DevelopmentActivity]]:
    """(total, one page) of the caller's agency's catalogue, filtered by kind, status and competency code."""
    q = select(DevelopmentActivity).where(DevelopmentActivity.agency_id == _agency(principal))
    if kind:
        q = q.where(DevelopmentActivity.kind == kind)
    if status:
        q = q.where(DevelopmentActivity.status == status)
    if competency:
        q = q.where(DevelopmentActivity.competencies.has_key(competency.strip().upper()))
    total = (await session.execute(select(func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, DevelopmentActivity.id).limit(limit).offset(offset)))
    return total, list(rows.scalars().all())


async def addressing(session: AsyncSession, agency_id: uuid.UUID,
                     codes: Iterable[str]) -> dict[str, list[DevelopmentActivity]]:
    """The agency's ACTIVE activities per competency code they address (one query, the GIN index)."""
    wanted = sorted(set(codes))
    out: dict[str, list[DevelopmentActivity]] = {c: [] for c in wanted}
    if not wanted:
        return out
    rows = (await session.execute(select(DevelopmentActivity).where(
        DevelopmentActivity.agency_id == agency_id, DevelopmentActivity.status == "ACTIVE",
        DevelopmentActivity.competencies.has_any(sa.cast(wanted, ARRAY(sa.Text)))).order_by(DevelopmentActivity.title,
                                                                  DevelopmentActivity.id))).scalars().all()
    for r in rows:
        for c in r.competencies:
            if c in out:
                out[c].append(r)
    return out


async def by_ids(session: AsyncSession, ids: Iterable[uuid.UUID]) -> list[DevelopmentActivity]:
    wanted = list(set(ids))
    if not wanted:
        return []
    return list((await session.execute(select(DevelopmentActivity).where(DevelopmentActivity.id.in_(wanted))))
                .scalars().all())


class CareerCatalogue:
    """Career planning's view of the catalogue (``career.service.DevelopmentCatalogue``): for each competency a
    person is short of, the agency's active activities that address it, with the level each one raises it to."""

    async def activities_for(self, session: AsyncSession, agency_id: uuid.UUID,
                             gaps: Mapping[str, int]) -> Mapping[str, list[dict[str, Any]]]:
        found = await addressing(session, agency_id, [c for c, gap in gaps.items() if gap > 0])
        return {code: [{"activity_id": str(a.id), "title": a.title, "kind": a.kind, "jp": float(a.jp),
                        "raises_to": a.competencies.get(code), "provider": a.provider} for a in acts]
                for code, acts in found.items()}

"""Organisation performance per unit and year, and the distribution curve of the unit's employee predikat.

The unit's employees are the annual ratings recorded for that unit and year (each rating remembers the unit the
employee was in). Finalising is blocked while the curve is violated unless the agency policy says "warn"; once
final, no new rating is accepted for that unit and year.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.access import Access, is_agency_admin, require_agency_admin
from merit_evaluation.common.errors import FUTURE_YEAR
from merit_evaluation.common.feed import publish
from merit_evaluation.common.models import audit_log
from merit_evaluation.directory import PositionsDirectory
from merit_evaluation.followups import service as followups
from merit_evaluation.org_performance.errors import (
    CURVE_VIOLATED,
    FORBIDDEN_ONLY_THE_AGENCY_ADMIN_3,
    FORBIDDEN_ORGANISATION_PERFORMANCE_READ_THE,
    ORG_PERFORMANCE_EXISTS,
    ORG_PERFORMANCE_FINAL,
)
from merit_evaluation.performance.models import AnnualRating, OrgPerformance
from merit_evaluation.policies.service import Policy, get_policy
from merit_evaluation.rules import CurvePolicy, OrgPredikat, check_curve
from merit_shared import audit, clock
from merit_shared.api import Sort, apply_sort
from merit_shared.auth import Principal, Role
from merit_shared.errors import NotFound
from merit_shared.vocab import Predikat


def curve_report(org_predikat: str, counts: dict[str, int], policy: CurvePolicy) -> dict[str, Any]:
    preds: list[Predikat] = [Predikat(p) for p, n in counts.items() for _ in range(n)]
    violations = check_curve(org_predikat, preds, policy)
    return {"org_predikat": org_predikat, "unit_size": len(preds),
            "counts": {p.value: counts.get(p.value, 0) for p in Predikat},
            "compliant": not violations, "violations": [v.to_dict() for v in violations]}


async def unit_counts(session: AsyncSession, agency_id: uuid.UUID, year: int,
                      unit_ids: Iterable[uuid.UUID] | None = None) -> dict[uuid.UUID, dict[str, int]]:
    """Predikat counts per unit in one grouped query (set-based: used for one unit or a whole agency)."""
    q = (select(AnnualRating.unit_id, AnnualRating.predikat, func.count())
         .where(AnnualRating.agency_id == agency_id, AnnualRating.year == year, AnnualRating.unit_id.is_not(None))
         .group_by(AnnualRating.unit_id, AnnualRating.predikat))
    if unit_ids is not None:
        q = q.where(AnnualRating.unit_id.in_(list(unit_ids)))
    out: dict[uuid.UUID, dict[str, int]] = {}
    for unit, pred, n in (await session.execute(q)).all():
        if unit is not None:  # ratings without a unit are counted nowhere
            out.setdefault(unit, Counter())[pred] = n
    return out


async def check_units(session: AsyncSession, agency_id: uuid.UUID, year: int,
                      policy: Policy | None = None) -> list[dict[str, Any]]:
    """Curve check of every unit of the agency that has an organisation predikat for the year."""
    policy = policy or await get_policy(session, agency_id)
    orgs = (await session.execute(select(OrgPerformance).where(
        OrgPerformance.agency_id == agency_id, OrgPerformance.year == year))).scalars().all()
    counts = await unit_counts(session, agency_id, year)
    return [{"unit_id": o.unit_id, "year": year, "enforcement": policy.curve_enforcement,
             **curve_report(o.org_predikat, counts.get(o.unit_id, {}), policy.curve)} for o in orgs]


async def create_org(session: AsyncSession, principal: Principal, directory: PositionsDirectory, unit_id: uuid.UUID,
                     year: int, org_predikat: OrgPredikat, note: str | None) -> OrgPerformance:
    require_agency_admin(principal)
    agency_id = uuid.UUID(principal.agency_id) if principal.agency_id else None
    if agency_id is None:
        raise NotFound("Instansi", "-")
    if year > clock.today().year:
        raise FUTURE_YEAR.error(field="body.year", year=year)
    try:
        await directory.unit(agency_id, unit_id)
    except NotFound:
        raise NotFound("Unit organisasi", unit_id, field="body.unit_id") from None
    oid = uuid.uuid4()
    done = (await session.execute(insert(OrgPerformance).values(
        id=oid, agency_id=agency_id, unit_id=unit_id, year=year, org_predikat=org_predikat.value, status="DRAFT",
        note=note, created_by=principal.subject,
    ).on_conflict_do_nothing(index_elements=["agency_id", "unit_id", "year"]).returning(OrgPerformance.id))).scalar()
    if done is None:
        raise ORG_PERFORMANCE_EXISTS.error(year=year)
    await audit.record(session, audit_log, principal, action="org_performance.create", entity="org_performance",
                       entity_id=oid, agency_id=agency_id, before=None,
                       after={"unit_id": unit_id, "year": year, "org_predikat": org_predikat.value})
    row = await session.get(OrgPerformance, oid)
    assert row is not None
    return row


async def org_check(session: AsyncSession, org: OrgPerformance, policy: Policy | None = None) -> dict[str, Any]:
    policy = policy or await get_policy(session, org.agency_id)
    counts = (await unit_counts(session, org.agency_id, org.year, [org.unit_id])).get(org.unit_id, {})
    return {"unit_id": org.unit_id, "year": org.year, "enforcement": policy.curve_enforcement,
            **curve_report(org.org_predikat, counts, policy.curve)}


def may_finalize_org(principal: Principal) -> bool:
    """Who finalises a unit's ratings: the agency admin (or service). The finalize route and ``org_allowed_actions``
    both ask this, so FINALIZE is listed exactly to those it does not refuse."""
    return is_agency_admin(principal)


def org_allowed_actions(principal: Principal, org: OrgPerformance) -> list[str]:
    return ["FINALIZE"] if org.status == "DRAFT" and may_finalize_org(principal) else []


def require_may_finalize_org(principal: Principal) -> None:
    if not may_finalize_org(principal):
        raise FORBIDDEN_ONLY_THE_AGENCY_ADMIN_3.error()


async def finalize_org(session: AsyncSession, principal: Principal, org: OrgPerformance) -> OrgPerformance:
    """Finalise ``org`` (loaded FOR UPDATE by ``merit_evaluation.access.OrgToFinalize``)."""
    if org.status == "FINAL":
        raise ORG_PERFORMANCE_FINAL.error(extra={"allowed_actions": []})
    # The FOR UPDATE above waits for ratings being written (they hold FOR SHARE on this row), and ratings written
    # after it see FINAL: the check below counts exactly what becomes final.
    policy = await get_policy(session, org.agency_id)
    report = await org_check(session, org, policy)
    if not report["compliant"] and policy.curve_enforcement == "block":
        raise CURVE_VIOLATED.error(extra={"violations": report["violations"], "counts": report["counts"], "unit_size": report["unit_size"]})
    org.status = "FINAL"
    org.curve_result = {k: (str(v) if isinstance(v, uuid.UUID) else v) for k, v in report.items()}
    org.finalized_by = principal.subject
    org.finalized_at = clock.utcnow()
    await session.flush()
    await audit.record(session, audit_log, principal, action="org_performance.finalize", entity="org_performance",
                       entity_id=org.id, agency_id=org.agency_id, before={"status": "DRAFT"},
                       after={"status": "FINAL", "curve": org.curve_result})
    # The unit's ratings of the year are final now: the follow-ups not yet created are (idempotent).
    await followups.create_for_unit_year(session, principal, org.agency_id, org.unit_id, org.year)
    await publish(session, principal, "org_rating_finalized", org.agency_id, org.id, {
        "org_performance_id": org.id, "unit_id": org.unit_id, "year": org.year, "org_predikat": org.org_predikat,
        "status": org.status, "compliant": bool(report["compliant"])})
    return org


async def require_org_reader(access: Access, unit_id: uuid.UUID | None = None) -> None:
    """Agency admin (whole agency) or a unit admin (their unit's subtree; any of it for a list)."""
    p = access.p
    if p.is_service or p.has(Role.AGENCY_ADMIN):
        return
    if p.has(Role.UNIT_ADMIN) and (unit_id is None or unit_id in (await access.admin_units() or set())):
        return
    raise FORBIDDEN_ORGANISATION_PERFORMANCE_READ_THE.error()


ORG_SORT = {"year": OrgPerformance.year, "unit_id": OrgPerformance.unit_id, "status": OrgPerformance.status,
            "org_predikat": OrgPerformance.org_predikat}


async def list_orgs(session: AsyncSession, access: Access, year: int | None, unit_id: uuid.UUID | None, limit: int,
                    offset: int, *, sort: Sort) -> tuple[int, list[OrgPerformance]]:
    """(total, one page) of the organisation performance records the caller may read, newest year first."""
    await require_org_reader(access)
    principal = access.p
    q = select(OrgPerformance)
    if not principal.is_service:
        q = q.where(OrgPerformance.agency_id == uuid.UUID(principal.agency_id or str(uuid.UUID(int=0))))
        if not principal.has(Role.AGENCY_ADMIN):
            q = q.where(OrgPerformance.unit_id.in_(await access.admin_units() or set()))
    if year:
        q = q.where(OrgPerformance.year == year)
    if unit_id:
        q = q.where(OrgPerformance.unit_id == unit_id)
    total = (await session.execute(select(func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, OrgPerformance.id).limit(limit)
                                  .offset(offset))).scalars().all()
    return total, list(rows)

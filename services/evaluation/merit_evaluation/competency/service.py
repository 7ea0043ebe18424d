"""Competency dictionary, assessments and JPM (PermenPANRB 38/2017).

The standard is fetched from positions (``job.competency_standard`` of the position) and snapshotted on the JPM
result, so a result can always be explained even after the standard changes. Category thresholds come from the
agency policy. A JPM is "against the current position" when the position is the employee's current one at the
time of computation; the employee summary reads those.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.access import Access, require_agency_admin, same_agency
from merit_evaluation.common.errors import INVALID_DATE_RANGE
from merit_evaluation.common.models import audit_log
from merit_evaluation.competency.errors import (
    COMPETENCY_EXISTS,
    FUTURE_DATE,
    INVALID_COMPETENCY_LEVEL,
    INVALID_LEVEL,
    JOB_NOT_FOUND,
    NO_CURRENT_POSITION,
    UNKNOWN_COMPETENCY,
)
from merit_evaluation.competency.models import CompetencyAssessment, CompetencyDefinition, JpmResult
from merit_evaluation.directory import PositionsDirectory
from merit_evaluation.policies.service import get_policy
from merit_evaluation.rules import COMPETENCIES, LEVEL_DESCRIPTIONS, LEVEL_MAX, LEVEL_MIN, jpm_detail
from merit_shared import audit, clock
from merit_shared.auth import Principal
from merit_shared.errors import NotFound


def national_dictionary() -> list[dict[str, Any]]:
    levels = {str(k): {"id": v[0], "en": v[1]} for k, v in LEVEL_DESCRIPTIONS.items()}
    return [{"code": c.code, "name": c.name, "name_en": c.name_en, "group": c.group.value, "job_id": None,
             "level_descriptions": levels, "national": True} for c in COMPETENCIES.values()]


async def agency_codes(session: AsyncSession, agency_id: uuid.UUID) -> set[str]:
    return set((await session.execute(select(CompetencyDefinition.code).where(
        CompetencyDefinition.agency_id == agency_id))).scalars().all())


async def create_definition(session: AsyncSession, principal: Principal, directory: PositionsDirectory, code: str,
                            name: str, job_id: uuid.UUID | None,
                            level_descriptions: dict[str, str]) -> CompetencyDefinition:
    require_agency_admin(principal)
    agency_id = uuid.UUID(principal.agency_id or str(uuid.UUID(int=0)))
    if job_id is not None:
        try:  # a job of another agency is refused like an unknown one: no existence oracle across agencies
            await directory.job(agency_id, job_id)
        except NotFound:
            raise JOB_NOT_FOUND.error(field="body.job_id", job_id=job_id) from None
    code = code.strip().upper()
    if code in COMPETENCIES or code in await agency_codes(session, agency_id):
        raise COMPETENCY_EXISTS.error(code=code)
    bad = [k for k in level_descriptions if k not in {str(i) for i in range(LEVEL_MIN, LEVEL_MAX + 1)}]
    if bad:
        raise INVALID_LEVEL.error(field=f"body.level_descriptions.{bad[0]}")
    row = CompetencyDefinition(id=uuid.uuid4(), agency_id=agency_id, code=code, name=name, job_id=job_id,
                               level_descriptions=level_descriptions, created_by=principal.subject)
    session.add(row)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:  # a concurrent definition of the same code won the unique index
        raise COMPETENCY_EXISTS.error(code=code) from None
    return row


async def create_assessment(session: AsyncSession, principal: Principal, access: Access, employee_id: uuid.UUID,
                            assessed_on: date, valid_until: date, method: str, assessor: str | None,
                            levels: dict[str, int]) -> CompetencyAssessment:
    require_agency_admin(principal)
    if assessed_on > clock.today():
        raise FUTURE_DATE.error(field="body.assessed_on")
    if valid_until < assessed_on:
        raise INVALID_DATE_RANGE.error(field="body.valid_until")
    emp = await access.employee(employee_id, "body.employee_id")
    known = set(COMPETENCIES) | await agency_codes(session, emp.agency_id)
    clean: dict[str, int] = {}
    for code, level in levels.items():
        key = code.strip().upper()
        if key not in known:
            raise UNKNOWN_COMPETENCY.error(field="body.levels", code=code, extra={"competency": code})
        if not LEVEL_MIN <= level <= LEVEL_MAX:
            raise INVALID_COMPETENCY_LEVEL.error(
                field="body.levels",
                level=level,
                level_max=LEVEL_MAX,
                level_min=LEVEL_MIN,
                value_1='levels.' + code,
                extra={"competency": code},
            )
        clean[key] = level
    row = CompetencyAssessment(id=uuid.uuid4(), agency_id=emp.agency_id, employee_id=employee_id,
                               assessed_on=assessed_on, valid_until=valid_until, method=method, assessor=assessor,
                               levels=clean, created_by=principal.subject)
    session.add(row)
    await session.flush()
    await audit.record(session, audit_log, principal, action="assessment.create", entity="competency_assessment",
                       entity_id=row.id, agency_id=emp.agency_id, before=None,
                       after={"levels": clean, "assessed_on": assessed_on, "valid_until": valid_until, "method": method})
    return row


async def compute_jpm(session: AsyncSession, principal: Principal, access: Access, a: CompetencyAssessment,
                      position_id: uuid.UUID | None) -> JpmResult:
    require_agency_admin(principal)
    emp = await access.employee(a.employee_id)
    target = position_id or emp.position_id
    if target is None:
        raise NO_CURRENT_POSITION.error()
    field = "body.position_id" if position_id else None
    try:
        pos = await access.directory.position(target)
    except NotFound as exc:
        exc.field = field
        raise
    require_pos_agency = pos.get("agency_id")
    if require_pos_agency and not same_agency(principal, require_pos_agency):
        raise NotFound("Jabatan", target, field=field)
    standard = {str(k).upper(): int(v) for k, v in ((pos.get("job") or {}).get("competency_standard") or {}).items()}
    policy = await get_policy(session, a.agency_id)
    detail = jpm_detail(a.levels, standard, policy.jpm, allow_unknown=True)
    row = JpmResult(id=uuid.uuid4(), agency_id=a.agency_id, employee_id=a.employee_id, assessment_id=a.id,
                    position_id=target, against_current_position=(target == emp.position_id), standard=standard,
                    percent=detail.percent, display=detail.display, category=detail.category.value,
                    gaps=detail.gaps, detail=detail.to_dict(), assessed_on=a.assessed_on, valid_until=a.valid_until,
                    computed_by=principal.subject)
    session.add(row)
    await session.flush()
    await audit.record(session, audit_log, principal, action="jpm.compute", entity="jpm_result", entity_id=row.id,
                       agency_id=a.agency_id, before=None, after=detail.to_dict())
    return row


async def agency_definitions(session: AsyncSession, agency_id: uuid.UUID) -> list[CompetencyDefinition]:
    """The agency's technical competencies."""
    return list((await session.execute(select(CompetencyDefinition).where(
        CompetencyDefinition.agency_id == agency_id))).scalars().all())


async def assessments_of(session: AsyncSession, employee_id: uuid.UUID) -> list[CompetencyAssessment]:
    """The employee's competency assessments, newest first."""
    return list((await session.execute(select(CompetencyAssessment).where(
        CompetencyAssessment.employee_id == employee_id).order_by(CompetencyAssessment.assessed_on.desc())))
        .scalars().all())


async def jpm_results(session: AsyncSession, assessment_id: uuid.UUID) -> list[JpmResult]:
    """The JPM computed from an assessment, oldest first."""
    return list((await session.execute(select(JpmResult).where(JpmResult.assessment_id == assessment_id)
                                       .order_by(JpmResult.computed_at))).scalars().all())

"""Job catalogue rules: jenjang only for functional jobs and within its golongan range; defaults from the rules."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.agencies.service import load_policy
from merit_positions.common.changes import snapshot
from merit_positions.common.fields import in_body
from merit_positions.common.models import audit_log
from merit_positions.directory import EvaluationDirectory
from merit_positions.jobs.errors import COMPETENCY_CODE_UNDEFINED, JOB_CODE_TAKEN
from merit_positions.jobs.models import Job
from merit_positions.jobs.schemas import COMPETENCY_CORE, JobCreate, JobUpdate
from merit_positions.rules import (
    PositionsPolicy,
    bup_for,
    minimum_rank_for_job,
    parse_rank,
    validate_jenjang_rank,
    validate_job_jenjang,
)
from merit_shared.api import Sort, apply_sort
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.clock import utcnow
from merit_shared.directory import UpstreamUnavailable, upstream_error
from merit_shared.errors import NotFound
from merit_shared.vocab import JobKind


async def get_job(session: AsyncSession, agency_id: uuid.UUID, job_id: uuid.UUID, field: str | None = None) -> Job:
    job = await session.scalar(sa.select(Job).where(Job.id == job_id, Job.agency_id == agency_id))
    if job is None:
        raise NotFound("Jabatan (katalog)", job_id, field=field)
    return job


def _min_rank(kind: str, jenjang: str | None, given: str | None, policy: PositionsPolicy) -> tuple[str | None, bool]:
    if given is not None:
        rank = in_body(parse_rank, given, field="min_rank")
        if jenjang:
            in_body(validate_jenjang_rank, jenjang, rank, policy)
            # validate_jenjang_rank names "rank"; point at the job's field
        return rank.label, False
    default = minimum_rank_for_job(kind, None, jenjang, policy)
    return (default.label if default else None), True


async def _code_free(session: AsyncSession, agency_id: uuid.UUID, code: str | None, except_id: uuid.UUID | None = None
                     ) -> None:
    if not code:
        return
    # Codes are unique per agency ignoring letter case (uq_*_code_ci in the database).
    q = sa.select(Job.id).where(Job.agency_id == agency_id, sa.func.lower(Job.code) == code.lower())
    if except_id:
        q = q.where(Job.id != except_id)
    if await session.scalar(q):
        raise JOB_CODE_TAKEN.error()


async def check_standard(directory: EvaluationDirectory, agency_id: uuid.UUID, standard: dict[str, int] | None,
                         kept: dict[str, int] | None = None) -> None:
    """Every code of a competency standard is in the competency dictionary. The national codes (M.01-M.08, SK.01)
    are fixed by PermenPANRB 38/2017 and checked here without a call (the schema refuses other M./SK. codes);
    technical codes are defined per agency in the evaluation service's dictionary (``/api/v1/competencies``),
    which owns them and computes the JPM against them, so only a standard naming a technical code asks it
    (service token, ``merit_shared.directory``). If it cannot answer, the write waits (503, Retry-After) rather
    than store a code no assessment can ever match. Codes the job's standard already has (``kept``) were checked
    when they were written."""
    technical = sorted(c for c in (standard or {}) if c not in COMPETENCY_CORE and c not in (kept or {}))
    if not technical:
        return
    try:
        known = await directory.competency_codes(agency_id)
    except UpstreamUnavailable as exc:
        raise upstream_error("evaluation", exc, field="body.competency_standard") from exc
    unknown = [c for c in technical if c not in known]
    if unknown:
        raise COMPETENCY_CODE_UNDEFINED.error(field="body.competency_standard", codes=", ".join(unknown),
                                              extra={"unknown_codes": unknown})


async def create_job(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, body: JobCreate) -> Job:
    policy = await load_policy(session, agency_id)
    jenjang = in_body(validate_job_jenjang, body.kind, body.jenjang)
    jen = jenjang.value if jenjang else None
    try:
        min_rank, is_default = _min_rank(body.kind.value, jen, body.min_rank, policy)
    except Exception as exc:
        _refield(exc, "body.min_rank")
        raise
    bup = body.bup if body.bup is not None else bup_for(body.kind, jenjang, policy)
    await _code_free(session, agency_id, body.code)
    job = Job(id=uuid.uuid4(), agency_id=agency_id, code=body.code, name=body.name, kind=body.kind.value, jenjang=jen,
              kelas_jabatan=body.kelas_jabatan, min_education=body.min_education.value if body.min_education else None,
              min_rank=min_rank, min_rank_is_default=is_default, bup=bup, bup_is_default=body.bup is None,
              competency_standard=body.competency_standard, siasn_jabatan_id=body.siasn_jabatan_id, version=1)
    session.add(job)
    await session.flush()
    await record(session, audit_log, principal, action="job.create", entity="job", entity_id=job.id, before=None,
                 after=snapshot(job), agency_id=agency_id)
    return job


def _refield(exc: Exception, field: str) -> None:
    if hasattr(exc, "field") and getattr(exc, "field", None) in ("body.rank", "rank", "body.min_rank", "min_rank"):
        exc.field = field  # type: ignore[attr-defined]


async def update_job(session: AsyncSession, principal: Principal, job: Job, body: JobUpdate) -> Job:
    policy = await load_policy(session, job.agency_id)
    before = snapshot(job)
    data = body.model_dump(exclude_unset=True, mode="json")
    if "code" in data:
        await _code_free(session, job.agency_id, data["code"], job.id)
    if "min_rank" in data:
        try:
            data["min_rank"], data["min_rank_is_default"] = _min_rank(job.kind, job.jenjang, data["min_rank"], policy)
        except Exception as exc:
            _refield(exc, "body.min_rank")
            raise
    if "bup" in data:
        if data["bup"] is None:
            data["bup"], data["bup_is_default"] = bup_for(job.kind, job.jenjang, policy), True
        else:
            data["bup_is_default"] = False
    for k, v in data.items():
        setattr(job, k, v)
    job.version += 1
    job.updated_at = utcnow()
    await session.flush()
    await session.refresh(job)
    await record(session, audit_log, principal, action="job.update", entity="job", entity_id=job.id, before=before,
                 after=snapshot(job), agency_id=job.agency_id)
    return job


JOB_SORT = {"name": Job.name, "code": Job.code, "kind": Job.kind, "kelas_jabatan": Job.kelas_jabatan}


async def list_jobs(session: AsyncSession, agency_id: uuid.UUID, kind: JobKind | None, q: str | None, limit: int,
                    offset: int, *, sort: Sort) -> tuple[int | None, list[Job]]:
    """(total, one page by name) of the agency's jobs, filtered by kind and part of the name or code."""
    stmt = sa.select(Job).where(Job.agency_id == agency_id)
    if kind:
        stmt = stmt.where(Job.kind == kind.value)
    if q:
        stmt = stmt.where(sa.or_(Job.name.ilike(f"%{q}%"), Job.code.ilike(f"%{q}%")))
    total = await session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    rows = (await session.scalars(apply_sort(stmt, sort, Job.id).limit(limit).offset(offset))).all()
    return total, list(rows)

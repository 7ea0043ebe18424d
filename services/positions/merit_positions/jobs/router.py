"""Job catalogue (nomenklatur jabatan)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response

from merit_positions.access import CurrentJob, JobToWrite
from merit_positions.agencies.service import require_agency_exists
from merit_positions.common.scope import agency_of
from merit_positions.directory import evaluation_directory
from merit_positions.jobs import service
from merit_positions.jobs.schemas import JobCreate, JobOut, JobUpdate
from merit_shared.api import IfMatch, Page, PageParams, Sort, check_if_match, etag_for, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin, Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses
from merit_shared.vocab import JobKind

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.post("", status_code=201, response_model=JobOut, summary="Add a job to the catalogue",
             description="Minimum rank and BUP default from the agency policy unless given; jenjang only for FUNGSIONAL "
                         "jobs and within its golongan range. Every competency code must be in the dictionary: the "
                         "national M.01-M.08 and SK.01, or a technical competency the agency defined in evaluation "
                         "(`POST /competencies`); 422 `competency_code_undefined` names the others, 503 when "
                         "evaluation cannot be asked.",
             responses=problem_responses(401, 403, 404, 409, 422, 503))
async def create_job(*, request: Request, body: JobCreate, session: Session, idem: Idempotency, response: Response,
                     agency_id: uuid.UUID | None = Query(None, description="Service role only."),
                     principal: AgencyAdmin) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    aid = agency_of(principal, agency_id)
    await require_agency_exists(session, aid)
    await service.check_standard(evaluation_directory(request), aid, body.competency_standard)
    job = await service.create_job(session, principal, aid, body)
    response.headers["ETag"] = etag_for("job", job.id, job.version)
    return await idem.respond(session, 201, job, response.headers)


@router.get("", response_model=Page[JobOut], summary="List jobs (filters: kind, name)",
            description="Filter by kind or part of the name/code.",
            responses=problem_responses(401, 403))
async def list_jobs(*, session: Session, page: PageParams = Depends(page_params), kind: JobKind | None = None,
                    sort: Sort = Depends(sort_param(service.JOB_SORT, default="name")),
                    q: str | None = Query(None, max_length=100), agency_id: uuid.UUID | None = Query(None),
                    principal: Caller) -> Any:
    aid = agency_of(principal, agency_id)
    total, rows = await service.list_jobs(session, aid, kind, q, page.limit, page.offset, sort=sort)
    return Page(items=[JobOut.model_validate(r) for r in rows], total=total or 0, limit=page.limit, offset=page.offset)


@router.get("/{job_id}", response_model=JobOut, summary="Read a job",
            description="Another agency's id answers 404.", responses=problem_responses(401, 404))
async def get_job(job_id: uuid.UUID, job: CurrentJob, response: Response) -> Any:
    response.headers["ETag"] = etag_for("job", job.id, job.version)
    return job


@router.patch("/{job_id}", response_model=JobOut, summary="Update a job (If-Match supported)",
              description="`min_rank` or `bup` set to null return to the policy default. A new competency standard "
                          "is checked against the dictionary as on creation (422 `competency_code_undefined`, 503).",
              responses=problem_responses(401, 403, 404, 409, 412, 422, 503))
async def update_job(*, request: Request, job_id: uuid.UUID, body: JobUpdate, session: Session, response: Response,
                     if_match: IfMatch = None, principal: AgencyAdmin, job: JobToWrite) -> Any:
    check_if_match(if_match, etag_for("job", job.id, job.version))
    await service.check_standard(evaluation_directory(request), job.agency_id, body.competency_standard,
                                 kept=job.competency_standard)
    job = await service.update_job(session, principal, job, body)
    response.headers["ETag"] = etag_for("job", job.id, job.version)
    return job

"""Recruitment's scheduler routes: run the daily job now (or for a chosen day outside production), list runs.

Under ``/api/v1/recruitment-scheduler``: the gateway routes by the first path segment and ``scheduler`` is
positions' (the registry's daily jobs).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from merit_recruitment.scheduling import service
from merit_recruitment.scheduling.schemas import JobName, RunIn
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses
from merit_shared.scheduler import RUN_SORT, JobRunOut, RunsOut, operator_run_date
from merit_shared.scheduler import run_now as shared_run_now

router = APIRouter(prefix="/api/v1/recruitment-scheduler", tags=["recruitment-scheduler"])


@router.post("/runs", response_model=RunsOut, summary="Run recruitment's daily job now for the agency",
             description="Runs extend_registration (registration that ended with fewer applicants than the policy's "
                         "threshold is extended by 7 days, at most twice) for the caller's agency on `as_of` (default "
                         "today in the agency's time zone). Each (job, agency, day) runs once: a day that already ran "
                         "answers its result with status `already_run`. `as_of` after today is refused in production. "
                         "Agency admin; the service role names `agency_id`.",
             responses=problem_responses(401, 403, 422))
async def run_now(*, body: RunIn, session: Session, idem: Idempotency, request: Request,
                  agency_id: uuid.UUID | None = Query(None, description="Service role only."),
                  principal: AgencyAdmin) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    aid = service.agency_of(principal, agency_id)
    day = operator_run_date(aid, body.as_of, production=request.app.state.settings.is_production)
    runs = await shared_run_now(request.app.state.scheduler, aid, day, body.job.value if body.job else None,
                                 principal.subject)
    return await idem.respond(session, 200, RunsOut.model_validate({"runs": runs}).model_dump(mode="json"))


@router.get("/runs", response_model=Page[JobRunOut],
            summary="Runs of recruitment's daily job for the agency, newest day first",
            description="Every run (scheduled or operator's) with its counts (`extended`, `awaiting_close`), the "
                        "selections it could not handle and its error. Agency admin; the service role names "
                        "`agency_id`.", responses=problem_responses(401, 403, 422))
async def list_runs(*, session: Session, page: PageParams = Depends(page_params), job: JobName | None = None,
                    sort: Sort = Depends(sort_param(RUN_SORT, default="-run_date,-started_at,job")),
                    agency_id: uuid.UUID | None = Query(None, description="Service role only."),
                    principal: AgencyAdmin) -> Any:
    aid = service.agency_of(principal, agency_id)
    total, rows = await service.runs(session, aid, job.value if job else None, page.limit, page.offset, sort=sort)
    return Page(items=[JobRunOut.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset)

"""Aggregate analytics of selections: applicants, pass rate and time per stage (never per person)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from merit_recruitment.analytics import service
from merit_recruitment.analytics.schemas import SelectionStats
from merit_recruitment.authz import CurrentSelection
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import AdminPpkOrSupervisor
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/recruitment-analytics", tags=["recruitment-analytics"])


@router.get("/selections/{selection_id}", response_model=SelectionStats, responses=problem_responses(401, 403, 404, 422),
            summary="Applicants, screening pass rate, pass rate and time per stage of one selection")
async def selection_stats(*, selection_id: uuid.UUID, session: Session, p: AdminPpkOrSupervisor, sel: CurrentSelection) -> SelectionStats:
    return await service.stats(session, sel)


@router.get("/selections", response_model=Page[SelectionStats], responses=problem_responses(401, 403, 422),
            summary="The same figures for every selection of your agency (newest first), a page at a time")
async def agency_stats(session: Session, p: AdminPpkOrSupervisor, page: Annotated[PageParams, Depends(page_params)],
                       sort: Annotated[Sort, Depends(sort_param(service.STATS_SORT, default="-created_at"))]
                       ) -> Page[SelectionStats]:
    total, rows = await service.agency_selections(session, p, page.limit, page.offset, sort=sort)
    return Page(items=[await service.stats(session, s) for s in rows], total=total, limit=page.limit,
                offset=page.offset)

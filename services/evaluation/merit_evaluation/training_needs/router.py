"""Routes: /api/v1/training-needs (training-needs analysis per agency or unit subtree, JSON/CSV/XLSX)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends

from merit_evaluation.access import RequestAccess, Scoped
from merit_evaluation.common.queries import RequiredYear
from merit_evaluation.training_needs import service
from merit_evaluation.training_needs.schemas import TrainingNeedsPage
from merit_shared.api import PageParams, Sort, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.i18n import current_lang
from merit_shared.problems import problem_responses
from merit_shared.tabular import XLSX_MEDIA as XLSX
from merit_shared.tabular import export

router = APIRouter(prefix="/api/v1/training-needs", tags=["training-needs"])
FILE_CONTENT: dict[str, dict[str, Any]] = {"text/csv": {}, XLSX: {}}
SORT = {"rank": "rank", "competency_code": "competency_code", "people": "people", "gap_sum": "gap_sum",
        "max_gap": "max_gap"}


@router.get("", summary="Training-needs analysis: competency gaps of the latest assessments, ranked, with the "
            "catalogue activities that address each (agency admin; unit admin for their subtree)",
            response_model=TrainingNeedsPage,
            responses={200: {"model": TrainingNeedsPage, "content": FILE_CONTENT,
                             "description": "JSON, or format=csv|xlsx named `kebutuhan-pelatihan-<year>-12-31` "
                                            "(headers in the Accept-Language language; every row)."},
                       **problem_responses(401, 403, 422, 503)},
            description="Ranked by the total shortfall (sum of gap levels), then people, then mean gap, then code "
                        "(equal keys share a rank). Sources: each person's latest JPM against their current "
                        "position of an assessment valid in the year. Without `unit_id` the agency admin gets the "
                        "agency; a unit admin gets their unit subtree (another unit answers 403). JSON answers one "
                        "page (`limit`, `offset`, `sort`); CSV/XLSX carry every row in the same order.")
async def training_needs(*, session: Session, access: RequestAccess, principal: Scoped,
                         year: RequiredYear, unit_id: uuid.UUID | None = None,
                         format: Literal["json", "csv", "xlsx"] = "json",
                         page: PageParams = Depends(page_params),
                         sort: Sort = Depends(sort_param(SORT, default="rank"))) -> Any:
    result = await service.analysis(session, access, year, unit_id)
    if format != "json":
        rows = sort.sorted(result["items"], "competency_code")
        return export(service.flatten(rows), service.COLUMNS, format, "kebutuhan-pelatihan",
                      title=service.TITLE, as_of=date(year, 12, 31), lang=current_lang.get())
    paged = page_of(result["items"], page, sort, "competency_code")
    return {**result, "items": paged.items, "total": paged.total, "limit": paged.limit, "offset": paged.offset}

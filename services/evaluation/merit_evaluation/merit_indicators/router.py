"""Routes: /api/v1/evaluation-indicators — evaluation's merit-system indicators per agency and year (issue #14)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from merit_evaluation.access import IndexAgency
from merit_evaluation.directory import directory_of
from merit_evaluation.merit_indicators import service
from merit_evaluation.merit_indicators.schemas import IndicatorSetOut, RecordRefOut
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.errors import NotFound
from merit_shared.indicators import RECORD_SORT, report_year
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/evaluation-indicators", tags=["evaluation-indicators"])
Year = Annotated[int | None, Query(ge=2000, le=2100, description="Calendar year measured; default: the last "
                                                       "complete year.", examples=[2025])]


@router.get("/{agency_id}", summary="Evaluation's merit-system indicators of one year (agency admin, PPK)",
            response_model=IndicatorSetOut, responses=problem_responses(401, 403, 404, 422, 503),
            description="Computed from the records now, over the year's employees and key positions as the registry "
                        "reports them: final ratings, key positions with a ready successor, disciplinary cases, "
                        "employees reaching 20 JP; indicators Merit does not measure yet are listed `not_measured` "
                        "with the reason. 503 when positions cannot be reached.")
async def read_indicators(*, agency_id: IndexAgency, year: Year = None, session: Session, request: Request) -> IndicatorSetOut:
    return await service.indicator_set(session, directory_of(request), agency_id, report_year(year, agency_id))


@router.get("/{agency_id}/{code}/records", summary="The records behind one indicator (drill-down)",
            response_model=Page[RecordRefOut], responses=problem_responses(401, 403, 404, 422, 503),
            description="Every record of the indicator's population, `counted` when it is in the numerator; "
                        "`counted=true|false` narrows to the numerator or to the rest, `unit_id` to one unit.")
async def read_indicator_records(
    *, agency_id: IndexAgency, year: Year = None, session: Session, request: Request,
    code: Annotated[str, Path(max_length=80, examples=["employees_with_final_rating"])],
    counted: Annotated[bool | None, Query(description="Only the records in (true) or out of (false) the "
                                                      "numerator.")] = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="Only the records of this unit.")] = None,
    page: PageParams = Depends(page_params), sort: Sort = Depends(sort_param(RECORD_SORT, default="label")),
) -> Page[RecordRefOut]:
    d = service.REGISTRY.get(code)
    if d is None:
        raise NotFound("Indikator", code, field="path.code", what_en="Indicator")
    return await service.indicator_records(session, directory_of(request), agency_id, d, report_year(year, agency_id), page, sort, counted,
                                           unit_id)

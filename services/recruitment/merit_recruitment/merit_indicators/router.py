"""Routes: /api/v1/recruitment-indicators — open selection's merit-system indicators per agency and year."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from merit_recruitment.merit_indicators import service
from merit_recruitment.merit_indicators.schemas import IndicatorSetOut, RecordRefOut
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import IndexAgency
from merit_shared.errors import NotFound
from merit_shared.indicators import RECORD_SORT, report_year
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/recruitment-indicators", tags=["recruitment-indicators"])
Year = Annotated[int | None, Query(ge=2000, le=2100, description="Calendar year measured; default: the last "
                                                       "complete year.", examples=[2025])]
AnswerDays = Annotated[int, Query(ge=0, le=90, description="Days after the appeal window closes within which an "
                                                           "appeal counts as decided in time (agency policy; LOW "
                                                           "default).")]


@router.get("/{agency_id}", summary="Open selection's merit-system indicators of one year (agency admin, PPK)",
            response_model=IndicatorSetOut, responses=problem_responses(401, 403, 404, 422),
            description="Computed from the records now: selections completed without integrity exceptions (conflicts "
                        "of interest, re-scores) and appeals decided in time, each with definition, numerator, "
                        "denominator and the drill-down route of its records.")
async def read_indicators(*, agency_id: IndexAgency, year: Year = None, session: Session,
                          appeal_answer_days: AnswerDays = service.DEFAULT_APPEAL_ANSWER_DAYS) -> IndicatorSetOut:
    return await service.indicator_set(session, agency_id, report_year(year, agency_id), appeal_answer_days)


@router.get("/{agency_id}/{code}/records", summary="The records behind one indicator (drill-down)",
            response_model=Page[RecordRefOut], responses=problem_responses(401, 403, 404, 422),
            description="Every record of the indicator's population, `counted` when it is in the numerator; "
                        "`counted=true|false` narrows to the numerator or to the rest.")
async def read_indicator_records(
    *, agency_id: IndexAgency, year: Year = None, session: Session,
    code: Annotated[str, Path(max_length=80, examples=["appeals_decided_in_time"])],
    appeal_answer_days: AnswerDays = service.DEFAULT_APPEAL_ANSWER_DAYS,
    counted: Annotated[bool | None, Query(description="Only the records in (true) or out of (false) the "
                                                      "numerator.")] = None,
    page: PageParams = Depends(page_params), sort: Sort = Depends(sort_param(RECORD_SORT, default="label")),
) -> Page[RecordRefOut]:
    d = service.REGISTRY.get(code)
    if d is None:
        raise NotFound("Indikator", code, field="path.code", what_en="Indicator")
    return await service.indicator_records(session, agency_id, d, report_year(year, agency_id), appeal_answer_days, page, sort, counted)

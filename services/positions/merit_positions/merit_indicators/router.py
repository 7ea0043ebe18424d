"""Routes: /api/v1/position-indicators — the registry's merit-system indicators per agency and year (issue #14)."""

from __future__ import annotations

import uuid
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Path, Query, Response

from merit_positions.merit_indicators import service
from merit_positions.merit_indicators.schemas import IndicatorSetOut, PopulationOut, RecordRefOut
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import IndexAgency, ServiceAgency
from merit_shared.errors import NotFound
from merit_shared.indicators import RECORD_SORT, report_year
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/position-indicators", tags=["position-indicators"])
Year = Annotated[int | None, Query(ge=2000, le=2100, description="Calendar year measured; default: the last "
                                                       "complete year.", examples=[2025])]


@router.get("/{agency_id}", summary="The registry's merit-system indicators of one year (agency admin, PPK)",
            response_model=IndicatorSetOut, responses=problem_responses(401, 403, 404, 422),
            description="Computed from the records now: competency standards of the job catalogue, the year's ABK and "
                        "how far seats match need, managerial fillings through open selection, overrides with their "
                        "reasons. Each indicator names its definition, numerator, denominator, per-unit figures and "
                        "the drill-down route of its records.")
async def read_indicators(*, agency_id: IndexAgency, year: Year = None, session: Session) -> IndicatorSetOut:
    return await service.indicator_set(session, agency_id, report_year(year, agency_id))


@router.get("/{agency_id}/population", summary="Employees and key positions of a year (Merit's services only)",
            response_model=PopulationOut, responses=problem_responses(401, 403, 404, 422),
            description="What evaluation measures its indicators over: everyone with a definitive assignment at some "
                        "day of the year, and the managerial positions in force that year.")
async def read_population(*, agency_id: ServiceAgency, year: Year = None, session: Session) -> Response:
    # 10,000 rows at city scale: serialised directly (the shape is PopulationOut's, documented above)
    return Response(orjson.dumps(await service.population(session, agency_id, report_year(year, agency_id)),
                                 default=str),
                    media_type="application/json")


@router.get("/{agency_id}/{code}/records", summary="The records behind one indicator (drill-down)",
            response_model=Page[RecordRefOut], responses=problem_responses(401, 403, 404, 422),
            description="Every record of the indicator's population, `counted` when it is in the numerator; "
                        "`counted=true|false` narrows to the numerator or to the rest, `unit_id` to one unit.")
async def read_indicator_records(
    *, agency_id: IndexAgency, year: Year = None, session: Session,
    code: Annotated[str, Path(max_length=80, examples=["jobs_with_competency_standard"])],
    counted: Annotated[bool | None, Query(description="Only the records in (true) or out of (false) the "
                                                      "numerator.")] = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="Only the records of this unit.")] = None,
    page: PageParams = Depends(page_params), sort: Sort = Depends(sort_param(RECORD_SORT, default="label")),
) -> Page[RecordRefOut]:
    d = service.REGISTRY.get(code)
    if d is None:
        raise NotFound("Indikator", code, field="path.code", what_en="Indicator")
    return await service.indicator_records(session, agency_id, d, report_year(year, agency_id), page, sort, counted, unit_id)

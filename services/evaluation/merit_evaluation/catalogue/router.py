"""Routes: /api/v1/development-activities (the agency's catalogue of development activities)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Response

from merit_evaluation.access import ActivityToWrite, CurrentActivity
from merit_evaluation.catalogue import service
from merit_evaluation.catalogue.models import DevelopmentActivity
from merit_evaluation.catalogue.schemas import ActivityIn, ActivityOut, ActivityStatus
from merit_evaluation.rules import DevelopmentKind
from merit_shared.api import IfMatch, Page, PageParams, Sort, check_if_match, etag_for, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/development-activities", tags=["development-activities"])


def _out(row: DevelopmentActivity, response: Response | None = None) -> dict[str, Any]:
    if response is not None:
        response.headers["ETag"] = etag_for(row.id, row.row_version)
    return ActivityOut.model_validate(row).model_dump(mode="json")


@router.post("", status_code=201, summary="Add a development activity to the catalogue (agency admin)",
             response_model=ActivityOut, responses=problem_responses(401, 403, 422),
             description="Kind from the closed vocabulary; `competencies` maps dictionary codes to the level the "
                         "activity raises a participant to. Answers the activity's `ETag`. Accepts "
                         "`Idempotency-Key`: a retry with the same key answers the stored result.")
async def create_activity(body: ActivityIn, response: Response, session: Session, idem: Idempotency,
                          principal: Caller) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    row = await service.create(session, principal, body)
    return await idem.respond(session, 201, _out(row, response), response.headers)


@router.get("", summary="The agency's catalogue of development activities (everyone in the agency)",
            response_model=Page[ActivityOut], responses=problem_responses(401),
            description="Filter by `kind`, `status` and `competency` (a code the activity addresses).")
async def list_activities(*, session: Session, principal: Caller, page: PageParams = Depends(page_params),
                          kind: DevelopmentKind | None = None, status: ActivityStatus | None = None,
                          competency: str | None = Query(None, max_length=40, examples=["M.03"]),
                          sort: Sort = Depends(sort_param(service.SORT, default="title"))) -> Page[Any]:
    total, rows = await service.list_activities(session, principal, kind.value if kind else None,
                                                status.value if status else None, competency, page.limit,
                                                page.offset, sort=sort)
    return Page(items=[_out(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.get("/{activity_id}", summary="One development activity", response_model=ActivityOut,
            responses=problem_responses(401, 404))
async def read_activity(activity: CurrentActivity, response: Response) -> Any:
    return _out(activity, response)


@router.put("/{activity_id}", summary="Replace a development activity, or retire it (agency admin; If-Match)",
            response_model=ActivityOut, responses=problem_responses(401, 403, 404, 412, 422),
            description="Send `If-Match` with the last `ETag`: a stale one answers 412 and changes nothing. "
                        "`status: RETIRED` keeps the activity on the plans that name it.")
async def replace_activity(*, activity: ActivityToWrite, body: ActivityIn, response: Response, session: Session,
                           if_match: IfMatch = None, principal: Caller) -> Any:
    check_if_match(if_match, etag_for(activity.id, activity.row_version))
    return _out(await service.replace(session, principal, activity, body), response)

"""Routes: /api/v1/annual-ratings — the yearly rating (predikat) of each employee, the cross-service record."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from starlette.responses import Response

from merit_evaluation.access import CurrentRating
from merit_evaluation.common.access import Access
from merit_evaluation.common.errors import FUTURE_YEAR
from merit_evaluation.common.queries import YearQuery
from merit_evaluation.directory import directory_of
from merit_evaluation.performance.models import AnnualRating
from merit_evaluation.ratings import rating_import
from merit_evaluation.ratings.schemas import AnnualRatingIn, AnnualRatingOut
from merit_evaluation.ratings.service import RATING_SORT, list_ratings_of, record_rating
from merit_shared import clock
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin, Caller
from merit_shared.i18n import current_lang
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses
from merit_shared.tabular import TEMPLATE_RESPONSE, read_table, template

router = APIRouter(prefix="/api/v1/annual-ratings", tags=["annual-ratings"])


@router.post("", status_code=201, summary="Record an employee's annual rating directly (agency admin, or the unit "
             "admin of the employee's unit subtree)",
             response_model=AnnualRatingOut, responses=problem_responses(401, 403, 404, 409, 422, 503),
             description="An admin act, or an import by a machine client of the agency holding scope "
                         "`ratings:write`: anyone else answers 403 (the evaluator rates through the SKP, "
                         "`POST /evaluations/{id}/rate`, and finalising the plan writes the rating). The predikat "
                         "is computed from the two ratings (PermenPANRB 6/2022 matrix). One rating per "
                         "employee and year (409 `rating_exists`); none once the unit's ratings for the year are "
                         "final (409 `unit_ratings_final`); nobody rates themselves. Accepts `Idempotency-Key`: a "
                         "retry with the same key answers the stored result (`Idempotent-Replay: true`) and records "
                         "nothing new; the same key with another body answers 422 `idempotency_key_reused`.")
async def create_rating(body: AnnualRatingIn, request: Request, session: Session,
                        idem: Idempotency,
                        principal: Caller) -> Any:
    if (replay := await idem.replay(session)) is not None:
        return replay
    if body.year > clock.today().year:
        raise FUTURE_YEAR.error(field="body.year", year=body.year)
    access = Access(principal, directory_of(request))
    row = await record_rating(session, principal, access, body.employee_id, body.year, body.rating_hasil_kerja,
                              body.rating_perilaku, body.note)
    return await idem.respond(session, 201, AnnualRatingOut.model_validate(row).model_dump(mode="json"))


@router.post("/import", summary="Import past years' annual ratings at onboarding (columns: nip, year, predikat; "
             "optional rating_hasil_kerja, rating_perilaku, note)",
             responses=problem_responses(401, 403, 422, 503),
             description="For onboarding: a past year's final predikat, decided before the agency used Merit, is "
                         "an onboarding fact (the historical record), so it is stored as given and marked "
                         "`source = 'import'`; Merit computes nothing from it except, when the two ratings are also "
                         "given, the check that they yield that predikat (PermenPANRB 6/2022 matrix). Only "
                         "completed years (before this year: this year's rating comes from the SKP). Headers may be "
                         "the template's Indonesian or English ones or the keys. NIPs are looked up in the caller's "
                         "agency (another agency's NIP is a per-row error). Any bad row answers 422 with "
                         "line_errors and nothing is written; dry_run checks and writes nothing; a year already on "
                         "record with the same predikat counts as unchanged.")
async def import_ratings(*, request: Request, session: Session, file: UploadFile = File(...), dry_run: bool = False,
                         agency_id: uuid.UUID | None = Query(None, description="Service role only."),
                         principal: AgencyAdmin) -> Any:
    aid = rating_import.import_agency(principal, agency_id)
    rows = read_table(file.filename or "", await file.read(), rating_import.COLUMNS)
    return await rating_import.import_ratings(session, principal, directory_of(request), aid, rows, dry_run)


@router.get("/import/template", summary="An empty annual-ratings import file (CSV or XLSX header row)",
            description="Headers in the Accept-Language language (Indonesian by default); the import accepts "
                        "either.",
            responses={**problem_responses(401, 403, 422),
                       **TEMPLATE_RESPONSE})
async def import_template(principal: AgencyAdmin, format: Literal["csv", "xlsx"] = "csv") -> Response:
    content, media, name = template(rating_import.COLUMNS, format, current_lang.get(), "template-annual-ratings")
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/{rating_id}", summary="One annual rating", response_model=AnnualRatingOut,
            responses=problem_responses(401, 403, 404))
async def read_rating(rating: CurrentRating) -> AnnualRating:
    return rating


@router.get("", summary="List annual ratings (admins: their scope; others: pass employee_id of someone they may read)",
            response_model=Page[AnnualRatingOut], responses=problem_responses(401, 403, 404),
            description=("Agency admins see the agency; a unit admin sees the ratings recorded for their unit and its "
                         "sub-units (subtree from positions); others pass `employee_id` of someone they may read, or see their "
                         "own. The service role may filter by `agency_id`. A person transferred in brings the ratings "
                         "their earlier agencies recorded up to the move: listed under their record here, with "
                         "`origin_agency_id` and `read_only: true` (not in a unit's list)."))
async def list_ratings(*, request: Request, session: Session, page: PageParams = Depends(page_params),
                       sort: Sort = Depends(sort_param(RATING_SORT, default="-year,created_at")),
                       employee_id: uuid.UUID | None = None, year: YearQuery = None,
                       unit_id: uuid.UUID | None = None,
                       agency_id: Annotated[uuid.UUID | None, Query(description="Service role only.")] = None,
                       principal: Caller) -> Page[AnnualRatingOut]:
    total, rows = await list_ratings_of(session, Access(principal, directory_of(request)), employee_id, year,
                                        unit_id, agency_id, page.limit, page.offset, sort=sort)
    return Page(items=[AnnualRatingOut.model_validate(r) for r in rows], total=total, limit=page.limit,
                offset=page.offset)

"""Routes of announcements (publication, corrections) and appeals (sanggah)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from merit_recruitment.announcements import service
from merit_recruitment.announcements.schemas import (
    AnnouncementIn,
    AnnouncementOut,
    AppealDecisionIn,
    AppealIn,
    AppealOut,
    RescoreOut,
)
from merit_recruitment.assessment import service as assessment
from merit_recruitment.authz import (
    APPEAL_READ,
    AdminSelectionLocked,
    AppealableSelection,
    CurrentSelection,
    deny_role,
    reads_as,
)
from merit_recruitment.committee import service as committee
from merit_recruitment.directory import Directory, get_directory
from merit_shared.api import Page, PageParams, Sort, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin, Caller
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/selections/{selection_id}", tags=["announcements"])

ANNOUNCEMENTS_SORT = {"number": "number", "published_at": "published_at", "kind": "kind"}
APPEALS_SORT = {"submitted_at": "submitted_at", "status": "status", "decided_at": "decided_at"}
ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.post("/announcements", status_code=201, response_model=AnnouncementOut, responses=ERRORS,
             summary="Publish a stage's results (immutable snapshot + SHA-256), or a correction of one",
             description="Builds the results from the records (SCREENING after registration closes, STAGE after the "
                         "stage is closed, FINAL after the last stage), stores them as an immutable snapshot with its "
                         "SHA-256 and opens the appeal window (policy: 3 days). A CORRECTION republishes the current "
                         "results and references the announcement it corrects.")
async def publish(*, selection_id: uuid.UUID, body: AnnouncementIn, session: Session, idem: Idempotency, p: AgencyAdmin,
                  sel: AdminSelectionLocked) -> AnnouncementOut:
    if (stored := await idem.replay(session)) is not None:
        return stored
    ann = await service.publish(session, p, sel, body.kind, body.stage_code, body.corrects_id, body.correction_reason)
    return await idem.respond(session, 201, AnnouncementOut.model_validate(ann))


@router.get("/announcements", response_model=Page[AnnouncementOut], responses=problem_responses(401, 403, 404, 422),
            summary="Announcements of a selection, oldest first")
async def list_announcements(*, selection_id: uuid.UUID, session: Session, p: Caller, sel: CurrentSelection,
                    page: Annotated[PageParams, Depends(page_params)],
                             sort: Annotated[Sort, Depends(sort_param(ANNOUNCEMENTS_SORT, default="number"))]
                             ) -> Page[Any]:
    rows = await service.announcements(session, sel.id)
    return page_of([AnnouncementOut.model_validate(r) for r in rows], page, sort)


@router.post("/announcements/{announcement_id}/appeals", status_code=201, response_model=AppealOut, responses=ERRORS,
             summary="Appeal (sanggah) against a result announcement, within its window (default 3 days)",
             description="By the applicant, once per announcement, while its appeal window is open.")
async def appeal(selection_id: uuid.UUID, announcement_id: uuid.UUID, body: AppealIn, session: Session, idem: Idempotency,
                 p: Caller, sel: AppealableSelection) -> AppealOut:
    if (stored := await idem.replay(session)) is not None:
        return stored
    row = await service.submit_appeal(session, p, sel, announcement_id, body.application_id, body.reason)
    return await idem.respond(session, 201, AppealOut.model_validate(row))


@router.get("/appeals", response_model=Page[AppealOut], responses=problem_responses(401, 403, 404, 422),
            summary="Appeals of a selection (agency admin, PPK, supervisors, the selection's committee)",
            description="403 for unit admins.")
async def list_appeals(*, selection_id: uuid.UUID, session: Session, p: Caller, sel: CurrentSelection,
                    page: Annotated[PageParams, Depends(page_params)],
                       sort: Annotated[Sort, Depends(sort_param(APPEALS_SORT, default="submitted_at"))]
                       ) -> Page[Any]:
    if not await reads_as(session, sel, p, APPEAL_READ):
        raise deny_role()
    rows = await service.appeals(session, sel.id)
    return page_of([AppealOut.model_validate(r) for r in rows], page, sort)


@router.post("/appeals/{appeal_id}/decide", response_model=AppealOut, responses={**ERRORS, **problem_responses(503)},
             summary="Decide an appeal with reasons (agency admin); an accepted one reinstates and is corrected",
             description="ACCEPTED or REJECTED with reasons, recorded. Four eyes: not by the applicant (409 "
                         "`own_application`), a member whose score is appealed (409 `appeal_decider_scored`) or "
                         "someone who declared a conflict with the applicant (409 `conflicted_person`). ACCEPTED "
                         "takes effect: an applicant rejected at screening is QUALIFIED again, one eliminated at the "
                         "appealed stage passes it and is assessed on; the system publishes the CORRECTION of the "
                         "appealed announcement from the corrected records (`correction_id`), which opens its own "
                         "appeal window. Against a SCORED stage the appeal opens a re-score instead (`GET .../rescores`"
                         "): the committee scores the applicant again and the correction is published when the "
                         "re-score is completed. The next stage and the proposal wait for every appeal window, "
                         "appeal and re-score. An applicant reinstated during the assessment gets the registry's "
                         "conflict flags with the committee at once (503 when positions cannot be reached).")
async def decide(*, selection_id: uuid.UUID, appeal_id: uuid.UUID, body: AppealDecisionIn, session: Session,
                 p: AgencyAdmin, sel: AdminSelectionLocked,
                 directory: Annotated[Directory, Depends(get_directory)]) -> AppealOut:
    before = await committee.qualified_ids(session, sel.id)
    row = await service.decide_appeal(session, p, sel, appeal_id, body.decision, body.reasons)
    await committee.flag_entered(session, p, sel, directory, before)
    return AppealOut.model_validate(row)


RESCORES_SORT = {"opened_at": "opened_at", "status": "status", "completed_at": "completed_at"}


@router.get("/rescores", response_model=Page[RescoreOut], responses=problem_responses(401, 403, 404, 422),
            summary="Re-scores opened by accepted appeals against scored stages (who reads the appeals)",
            description="Each OPEN re-score holds the next stage and the proposal (`blocked_actions`: "
                        "`rescore_pending`). 403 for unit admins.")
async def list_rescores(*, selection_id: uuid.UUID, session: Session, p: Caller,
                        sel: CurrentSelection, page: Annotated[PageParams, Depends(page_params)],
                        sort: Annotated[Sort, Depends(sort_param(RESCORES_SORT, default="opened_at"))]) -> Page[Any]:
    if not await reads_as(session, sel, p, APPEAL_READ):
        raise deny_role()
    return page_of([RescoreOut.of(r) for r in await assessment.rescores(session, sel.id)], page, sort)


@router.post("/rescores/{rescore_id}/complete", response_model=RescoreOut, responses=ERRORS,
             summary="Complete a re-score (agency admin): new scores count, result and correction follow",
             description="Needs at least the policy's minimum of assessors with a new sheet (409 "
                         "`rescore_incomplete`; sheets of members who have since declared a conflict are left out). "
                         "The new scores supersede the stage's old ones for this applicant (kept for the record), the "
                         "stage's outcome is recomputed (an applicant now above the pass mark is reinstated, one below "
                         "it eliminated), the ranking follows, and the system publishes the CORRECTION of the "
                         "appealed announcement from the recomputed result (`correction_id`). 409 `rescore_done` "
                         "when completed already.")
async def complete_rescore(*, selection_id: uuid.UUID, rescore_id: uuid.UUID, session: Session, p: AgencyAdmin,
                           sel: AdminSelectionLocked) -> RescoreOut:
    return RescoreOut.of(await service.complete_rescore(session, p, sel, rescore_id))

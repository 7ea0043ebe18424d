"""Routes of applications, their checks, and the committee's scores on them."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from merit_recruitment.applications import documents, service
from merit_recruitment.applications.errors import FORBIDDEN_ONLY_MEMBERS_THIS_SELECTION
from merit_recruitment.applications.schemas import (
    ApplicationCreate,
    ApplicationOut,
    CheckIn,
    ChecklistOut,
    DocumentOut,
    ResultIn,
    ScoreOut,
    ScoresIn,
)
from merit_recruitment.assessment import service as assessment
from merit_recruitment.authz import (
    ApplicationLocked,
    ApplicationToSecondCheck,
    CurrentApplication,
    CurrentSelection,
    is_admin,
    membership,
)
from merit_recruitment.committee.models import CommitteeMember
from merit_recruitment.directory import Directory, get_directory
from merit_recruitment.selections.models import Selection
from merit_shared.api import Page, PageParams, Sort, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal
from merit_shared.authz import Caller, Person
from merit_shared.conventions import ETAG_HEADERS
from merit_shared.idempotency import DESCRIPTION as IDEMPOTENCY
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(tags=["applications"])

SCORES_SORT = {"stage_code": "stage_code", "member_id": "member_id", "criterion": "criterion", "score": "score"}
Dir = Annotated[Directory, Depends(get_directory)]
ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.post("/api/v1/selections/{selection_id}/applications", status_code=201, response_model=ApplicationOut,
             responses={**ERRORS, **problem_responses(503)},
             summary="Apply (an employee for themselves) or register an applicant (agency admin); eligibility checked",
             description="Internal applicants are identified by NIP and their facts fetched from positions and "
                         "evaluation; applicants from other agencies declare them and attach the checklist's "
                         "documents. Applications are accepted while registration is open and not after the "
                         "scheduled registration_end. Eligibility dates: the maximum age is checked on the planned "
                         "inauguration date (eligibility.age_reference_date); the performance rating must be at "
                         "least the minimum in each of the last completed years before the year of "
                         "registration_end, and the discipline window runs back from registration_end "
                         "(eligibility.performance_reference_date; the announcement date when there is no "
                         "schedule). " + IDEMPOTENCY)
async def create_application(selection_id: uuid.UUID, body: ApplicationCreate, session: Session, p: Caller,
                             directory: Dir, idem: Idempotency) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    sel = await service.selection_to_apply_to(session, p, selection_id)
    app = await service.create(session, p, sel, body, directory)
    out = await service.to_out(session, sel, app, p)
    return await idem.respond(session, 201, out)


@router.get("/api/v1/selections/{selection_id}/applications", response_model=Page[ApplicationOut],
            responses=problem_responses(401, 403, 404, 422),
            summary="Applications of a selection (agency admin, PPK, the selection's committee; supervisor: "
                    "the second check's)",
            description="Each with its eligibility explanation (every rule with the value used and its source), "
                        "missing documents, stage results and allowed_actions. Applications carry personal data: "
                        "the agency admin, the PPK and the selection's committee see all of them; a supervisor "
                        "only those verified and awaiting or past the second check; others (unit admin, "
                        "employees) get 403. Filter: status.")
async def list_for_selection(*, selection_id: uuid.UUID, session: Session, p: Caller,
                             page: Annotated[PageParams, Depends(page_params)],
                             sort: Annotated[Sort, Depends(sort_param(service.APPLICATION_SORT, default="registered_at"))],
                             status: Annotated[str | None, Query(description="Filter by status.",
                                                                 examples=["QUALIFIED"])] = None,
                             sel: CurrentSelection) -> Page[ApplicationOut]:
    total, rows = await service.list_for_selection(session, p, sel, status, page.limit, page.offset, sort=sort)
    return Page(items=await service.to_outs(session, [(sel, a) for a in rows], p), total=total, limit=page.limit,
                offset=page.offset)


@router.get("/api/v1/applications", response_model=Page[ApplicationOut], responses=problem_responses(401, 403, 422),
            summary="The applications you may read: your own, your agency's (admin, PPK), your committees'",
             description="Employees see their own applications (their employee record in the selection's agency, "
                         "or an external application under their NIP); the agency admin and the "
                         "PPK their agency's; committee members those of the selections they sit on; a supervisor "
                         "their agency's applications verified and awaiting or past the second check. Unit admins "
                         "see none but their own. Machine clients get 403: applications are personal data.")
async def list_applications(session: Session, p: Person, page: Annotated[PageParams, Depends(page_params)],
                            sort: Annotated[Sort, Depends(sort_param(service.APPLICATION_SORT, default="-registered_at"))],
                            selection_id: Annotated[uuid.UUID | None, Query()] = None) -> Page[ApplicationOut]:
    total, rows, sels = await service.list_readable(session, p, selection_id, page.limit, page.offset, sort=sort)
    return Page(items=await service.to_outs(session, [(sels[a.selection_id], a) for a in rows], p), total=total,
                limit=page.limit, offset=page.offset)


@router.get("/api/v1/applications/{application_id}", response_model=ApplicationOut,
            responses=problem_responses(401, 404, 422),
            summary="An application with its eligibility explanation and stage results")
async def get_application(application_id: uuid.UUID, session: Session, p: Caller,
                          current: CurrentApplication) -> ApplicationOut:
    app, sel = current
    return await service.to_out(session, sel, app, p)


@router.post("/api/v1/applications/{application_id}/withdraw", response_model=ApplicationOut, responses=ERRORS,
             summary="Withdraw your application (the applicant themself)",
             description="Until the final ranking; a withdrawn application is no longer assessed or ranked. Only the "
                         "applicant withdraws (403 for the agency admin and other staff who read it).")
async def withdraw(application_id: uuid.UUID, session: Session, p: Caller, current: ApplicationLocked) -> ApplicationOut:
    app, sel = current
    service.require_caller_may(p, sel, app, "withdraw")
    await service.withdraw(session, p, sel, app)
    return await service.to_out(session, sel, app, p)


@router.post("/api/v1/applications/{application_id}/recheck-eligibility", response_model=ApplicationOut,
             responses=ERRORS, summary="Fetch the facts again and re-run the eligibility rules (agency admin)",
             description="Asks positions and evaluation again (e.g. after a record was corrected) and re-runs the "
                         "eligibility rules; allowed until the second check.")
async def recheck(application_id: uuid.UUID, session: Session, p: Caller, directory: Dir,
                  current: ApplicationLocked) -> ApplicationOut:
    app, sel = current
    service.require_caller_may(p, sel, app, "recheck_eligibility")
    await service.recheck(session, p, sel, app, directory)
    return await service.to_out(session, sel, app, p)


@router.post("/api/v1/applications/{application_id}/verify", response_model=ApplicationOut, responses=ERRORS,
             summary="Administrative verification (the agency admin: BKPSDM)",
             description="ACCEPT is refused for an applicant the rules found NOT_ELIGIBLE. The second check must then "
                         "be made by another person. Committee members, who assess the admitted applicants, get "
                         "403.")
async def verify(application_id: uuid.UUID, body: CheckIn, session: Session, p: Caller,
                 current: ApplicationLocked) -> ApplicationOut:
    app, sel = current
    service.require_caller_may(p, sel, app, "verify")
    await service.verify(session, p, sel, app, body.decision, body.note)
    return await service.to_out(session, sel, app, p)


@router.post("/api/v1/applications/{application_id}/second-check", response_model=ApplicationOut, responses=ERRORS,
             summary="Supervisor's second check, by someone other than the verifier: QUALIFIED or REJECTED",
             description="By a supervisor of the agency who did not verify it: ACCEPT makes the application QUALIFIED, "
                         "REJECT makes it REJECTED. Four eyes: 409 `same_person` for the verifier, "
                         "`own_application` for the applicant themself, `conflicted_person` for someone who declared "
                         "a conflict of interest with the applicant; for them `second_check` is absent from "
                         "allowed_actions.")
async def second_check(application_id: uuid.UUID, body: CheckIn, session: Session, p: Caller,
                       current: ApplicationToSecondCheck) -> ApplicationOut:
    # The application is returned only once it is second-checked (before, the 409 names the allowed actions).
    app, sel = current
    await service.second_check(session, p, sel, app, body.decision, body.note)  # 409 four eyes: same_person, own_application, ...
    return await service.to_out(session, sel, app, p)


DOC_TYPES = ("application/pdf", "image/jpeg", "image/png")
UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    **{t: {"schema": {"type": "string", "format": "binary", "examples": ["%PDF-1.7 ..."]}} for t in DOC_TYPES},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "examples": [{"file": "cv.pdf"}],
                                       "properties": {"file": {"type": "string", "format": "binary"}}}}}}}


@router.get("/api/v1/applications/{application_id}/documents", response_model=ChecklistOut,
            responses=problem_responses(401, 403, 404, 422),
            summary="The application's document checklist: each code of the selection, present or missing",
            description="Read by whoever may read the application (the applicant, the agency admin, the PPK, the "
                        "selection's committee, a supervisor at the second check). `missing` lists the required "
                        "codes with no document; verification cannot ACCEPT until it is empty.")
async def list_documents(application_id: uuid.UUID, session: Session, p: Caller,
                         current: CurrentApplication) -> ChecklistOut:
    app, sel = current
    return ChecklistOut.model_validate(await documents.checklist(session, sel, app))


@router.put("/api/v1/applications/{application_id}/documents/{doc_code}", response_model=DocumentOut,
            responses=problem_responses(401, 403, 404, 409, 413, 415, 422), openapi_extra=UPLOAD_BODY,
            summary="Upload or replace one document of your application (the applicant, while registration is open)",
            description="The body is the file itself with its Content-Type (application/pdf, image/jpeg, image/png "
                        "by default: RECRUITMENT_DOCUMENT_MEDIA_TYPES), or a multipart form with a `file` part. "
                        "The content must match its type (415 `document_type_not_allowed`) and stay within "
                        "RECRUITMENT_DOCUMENT_MAX_BYTES (default 5 MiB; 413 `document_too_large`). Stored in the "
                        "database with its SHA-256; sending again replaces it. Only the applicant (403 for staff "
                        "who read the application), only codes of the selection's checklist (422 "
                        "`unknown_document`), only while registration is open (409 `documents_locked`).")
async def put_document(application_id: uuid.UUID, doc_code: str, request: Request, session: Session,
                       p: Caller, current: ApplicationLocked) -> DocumentOut:
    app, sel = current
    documents.require_writable(p, sel, app, doc_code)
    limits = documents.policy()
    content_type, filename, content = await documents.read_upload(request, limits)
    row = await documents.put(session, p, sel, app, doc_code, content_type, filename, content, limits)
    return DocumentOut.model_validate(documents.out(row))


@router.get("/api/v1/applications/{application_id}/documents/{doc_code}",
            responses={200: {"description": "The document's bytes, with its media type; ETag is its SHA-256.",
                             "headers": ETAG_HEADERS,
                             "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in DOC_TYPES}},
                       **problem_responses(401, 403, 404, 422)},
            response_class=Response,
            summary="Download one uploaded document (whoever may read the application)",
            description="The stored bytes with their media type, `ETag` the SHA-256, `Cache-Control: private, "
                        "no-store` (personal data). 404 for a code with no upload, or for an application the caller "
                        "may not read.")
async def get_document(application_id: uuid.UUID, doc_code: str, session: Session, p: Caller,
                       current: CurrentApplication) -> Response:
    app = current.app
    row = await documents.get(session, app, doc_code, content=True)
    name = (row.filename or f"{row.code}").replace('"', "")
    return Response(row.content, media_type=row.media_type, headers={
        "ETag": f'"{row.sha256}"', "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'attachment; filename="{name}"'})


@router.delete("/api/v1/applications/{application_id}/documents/{doc_code}", response_model=ChecklistOut,
               responses=problem_responses(401, 403, 404, 409, 422),
               summary="Delete one uploaded document of your application (the applicant, while registration is open)",
               description="Answers the checklist as it now stands. Same rights and window as the upload (403 for "
                           "staff, 409 `documents_locked` once registration has closed).")
async def delete_document(application_id: uuid.UUID, doc_code: str, session: Session, p: Caller,
                          current: ApplicationLocked) -> ChecklistOut:
    app, sel = current
    documents.require_writable(p, sel, app, doc_code)
    await documents.delete(session, p, app, doc_code)
    return ChecklistOut.model_validate(await documents.checklist(session, sel, app))


async def _seat(session: Session, sel: Selection, p: Principal) -> CommitteeMember:
    """The caller's committee seat in the selection, 403 without one."""
    seat = await membership(session, sel.id, p)
    if seat is None:
        raise FORBIDDEN_ONLY_MEMBERS_THIS_SELECTION.error()
    return seat


async def result_seat(session: Session, sel: Selection, p: Principal) -> CommitteeMember | None:
    """The caller's standing in the assessment: the selection's administrator (None: every score) or their seat."""
    return None if is_admin(p, sel.agency_id) else await _seat(session, sel, p)


@router.put("/api/v1/applications/{application_id}/stages/{stage_code}/scores", response_model=dict[str, str],
            responses=ERRORS, summary="Your scores (0-100 per criterion) for the open stage, as a committee member",
             description="Only for the open SCORED stage, only by a member of the selection's committee who declared "
                         "no conflict with this applicant first (409 `declaration_required` without a declaration, "
                         "`conflict_of_interest` with a conflict). Sending again replaces your scores for that stage. "
                         "The stage score is the mean over assessors of each assessor's mean over criteria.")
async def put_scores(application_id: uuid.UUID, stage_code: str, body: ScoresIn, session: Session,
                     p: Caller, current: CurrentApplication) -> dict[str, str]:
    app, sel = current
    await session.refresh(sel, with_for_update=True)
    seat = await _seat(session, sel, p)
    rows = await assessment.put_scores(session, p, sel, app, seat, stage_code, dict(body.criteria))
    return {r.criterion: str(r.score) for r in rows}


@router.put("/api/v1/applications/{application_id}/stages/{stage_code}/rescore", response_model=dict[str, str],
            responses=ERRORS,
            summary="Your new scores for a closed SCORED stage whose result was successfully appealed (committee member)",
            description="Only while the re-score an accepted appeal opened for this applicant and stage is open (409 "
                        "`no_rescore_open`), only by a member of the selection's committee who declared no conflict "
                        "with this applicant (409 `declaration_required` / `conflict_of_interest`). Sending again "
                        "replaces your sheet. Nothing counts until the agency admin completes the re-score "
                        "(`POST /selections/{id}/rescores/{rescore_id}/complete`): the new scores then supersede the "
                        "old ones (kept, `superseded` in `GET .../scores`).")
async def put_rescore(application_id: uuid.UUID, stage_code: str, body: ScoresIn, session: Session,
                      p: Caller, current: CurrentApplication) -> dict[str, str]:
    app, sel = current
    await session.refresh(sel, with_for_update=True)
    seat = await _seat(session, sel, p)
    row = await assessment.put_rescore(session, p, sel, app, seat, stage_code, dict(body.criteria))
    return dict(row.sheets[str(seat.id)])


@router.put("/api/v1/applications/{application_id}/stages/{stage_code}/result", response_model=dict[str, bool],
            responses=ERRORS, summary="Pass/fail result of the open PASS_FAIL stage (committee member or admin)",
             description="Only for the open PASS_FAIL stage (e.g. health); by a committee member who declared no "
                         "conflict with this applicant (409 `declaration_required` / `conflict_of_interest`), or the "
                         "agency admin.")
async def put_result(application_id: uuid.UUID, stage_code: str, body: ResultIn, session: Session,
                     p: Caller, current: CurrentApplication) -> dict[str, bool]:
    app, sel = current
    await session.refresh(sel, with_for_update=True)
    seat = await result_seat(session, sel, p)
    row = await assessment.put_result(session, p, sel, app, seat, stage_code, body.passed, body.note)
    return {"passed": row.passed}


@router.get("/api/v1/applications/{application_id}/scores", response_model=Page[ScoreOut],
            responses=problem_responses(401, 403, 404, 422),
            summary="Individual scores (agency admin: all; committee member: their own)",
            description="Each with `voided`: true for a score voided by a conflict its member declared later, "
                        "and `superseded`: true for a score a completed re-score replaced (both kept for the "
                        "record, counted in no result nor the ranking).")
async def list_scores(application_id: uuid.UUID, session: Session, p: Caller, current: CurrentApplication,
                      page: Annotated[PageParams, Depends(page_params)],
                      sort: Annotated[Sort, Depends(sort_param(SCORES_SORT, default="stage_code,member_id,criterion"))]
                      ) -> Page[Any]:
    app, sel = current
    member_id = None if (seat := await result_seat(session, sel, p)) is None else seat.id
    rows = await assessment.scores_of(session, app.id, member_id)
    return page_of([ScoreOut(id=r.id, stage_code=r.stage_code, member_id=r.member_id, criterion=r.criterion,
                             score=r.score, voided=r.voided_at is not None, superseded=r.superseded_at is not None)
                    for r in rows], page, sort)



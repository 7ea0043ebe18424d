"""Routes of the history an applicant declares with SK evidence, and the verifier's decision on it."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from merit_recruitment.applications import documents
from merit_recruitment.authz import ApplicationLocked, CurrentApplication
from merit_recruitment.directory import Directory, get_directory
from merit_recruitment.history import service
from merit_recruitment.history.schemas import DecisionIn, HistoryIn, HistoryOut
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import Caller
from merit_shared.problems import problem_responses

router = APIRouter(tags=["applications"])
Dir = Annotated[Directory, Depends(get_directory)]
BASE = "/api/v1/applications/{application_id}/history"
HISTORY_SORT = {"declared_at": "declared_at", "status": "status", "sk_date": "sk_date", "entry_type": "entry_type"}
DOC_TYPES = ("application/pdf", "image/jpeg", "image/png")
UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    **{t: {"schema": {"type": "string", "format": "binary", "examples": ["%PDF-1.7 ..."]}} for t in DOC_TYPES},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "examples": [{"file": "sk.pdf"}],
                                       "properties": {"file": {"type": "string", "format": "binary"}}}}}}}
READERS = ("Read by whoever may read the application (the applicant, the agency admin, the PPK, the selection's "
           "committee, a supervisor at the second check); 404 for anyone else, another agency's staff included.")


async def _one(session: Session, p: Caller, current: tuple[Any, Any], entry_id: uuid.UUID) -> HistoryOut:
    app, sel = current
    entry = await service.load_entry(session, app, entry_id)
    return (await service.to_out(session, p, sel, app, [entry]))[0]


@router.get(BASE, response_model=Page[HistoryOut], responses=problem_responses(401, 403, 404, 422),
            summary="The history the applicant declared with SK evidence, and each entry's decision",
            description="Past posts and ranks the registry lacks, each DECLARED, VERIFIED (counted by the "
                        "eligibility rules, source `declared:verified`) or REJECTED (with the reason). " + READERS)
async def list_history(application_id: uuid.UUID, session: Session, p: Caller, current: CurrentApplication,
                       page: Annotated[PageParams, Depends(page_params)],
                       sort: Annotated[Sort, Depends(sort_param(HISTORY_SORT, default="declared_at"))]) -> Page[HistoryOut]:
    app, sel = current
    rows = sort.sorted(await service.entries(session, app.id))
    items = await service.to_out(session, p, sel, app, rows[page.offset:page.offset + page.limit])
    return Page(items=items, total=len(rows), limit=page.limit, offset=page.offset)


@router.post(BASE, status_code=201, response_model=HistoryOut, responses=problem_responses(401, 403, 404, 409, 422),
             summary="Declare a past post or rank the registry lacks, with its SK (the applicant)",
             description="`POSITION`: title, kind (PositionKind: JPT_PRATAMA, ADMINISTRATOR, JF_AHLI_MADYA, ...), "
                         "unit/agency, start_date and end_date (both days counted); `RANK`: golongan and TMT. Each "
                         "with sk_number and sk_date; then upload the SK itself (`PUT .../{entry_id}/sk`). Only the "
                         "applicant (403 for staff), only while registration is open and the application is "
                         "submitted or verified (409 `history_locked`). Not counted until the agency admin verifies "
                         "it.")
async def declare(application_id: uuid.UUID, body: HistoryIn, session: Session, p: Caller,
                  current: ApplicationLocked) -> HistoryOut:
    app, sel = current
    entry = await service.create(session, p, sel, app, body)
    return (await service.to_out(session, p, sel, app, [entry]))[0]


@router.get(BASE + "/{entry_id}", response_model=HistoryOut, responses=problem_responses(401, 403, 404, 422),
            summary="One declared history entry", description=READERS)
async def get_entry(application_id: uuid.UUID, entry_id: uuid.UUID, session: Session, p: Caller,
                    current: CurrentApplication) -> HistoryOut:
    return await _one(session, p, current, entry_id)


@router.delete(BASE + "/{entry_id}", status_code=204, responses=problem_responses(401, 403, 404, 409, 422),
               summary="Delete a declared entry not yet decided, with its SK (the applicant)",
               description="Same rights and window as declaring (403 for staff, 409 `history_locked` once "
                           "registration has closed or the entry was decided).")
async def delete_entry(application_id: uuid.UUID, entry_id: uuid.UUID, session: Session, p: Caller,
                       current: ApplicationLocked) -> Response:
    app, sel = current
    entry = await service.load_entry(session, app, entry_id, lock=True)
    await service.delete(session, p, sel, app, entry)
    return Response(status_code=204)


@router.put(BASE + "/{entry_id}/sk", response_model=HistoryOut, openapi_extra=UPLOAD_BODY,
            responses=problem_responses(401, 403, 404, 409, 413, 415, 422),
            summary="Upload or replace the SK document of a declared entry (the applicant)",
            description="The body is the file with its Content-Type, or a multipart form with a `file` part; the "
                        "same types and size limit as the application's documents (RECRUITMENT_DOCUMENT_MEDIA_TYPES, "
                        "RECRUITMENT_DOCUMENT_MAX_BYTES: 415 `document_type_not_allowed`, 413 `document_too_large`). "
                        "Stored with the application's documents (code `SK-<entry id>`) with its SHA-256. Only the "
                        "applicant, while the entry may still change (409 `history_locked`).")
async def put_sk(application_id: uuid.UUID, entry_id: uuid.UUID, request: Request, session: Session,
                 p: Caller, current: ApplicationLocked) -> HistoryOut:
    app, sel = current
    entry = await service.load_entry(session, app, entry_id, lock=True)
    service.require_writer(p, sel, app, entry)
    limits = documents.policy()
    content_type, filename, content = await documents.read_upload(request, limits)
    await service.put_sk(session, p, sel, app, entry, content_type, filename, content, limits)
    return (await service.to_out(session, p, sel, app, [entry]))[0]


@router.get(BASE + "/{entry_id}/sk",
            responses={200: {"description": "The SK's bytes, with its media type; ETag is its SHA-256.",
                             "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in DOC_TYPES}},
                       **problem_responses(401, 403, 404, 422)},
            response_class=Response, summary="Download the SK document of a declared entry",
            description=READERS + " 404 when no SK was uploaded.")
async def get_sk(application_id: uuid.UUID, entry_id: uuid.UUID, session: Session, p: Caller,
                 current: CurrentApplication) -> Response:
    app, _sel = current
    entry = await service.load_entry(session, app, entry_id)
    row = await service.sk_document(session, app, entry)
    name = (row.filename or row.code).replace('"', "")
    return Response(row.content, media_type=row.media_type, headers={
        "ETag": f'"{row.sha256}"', "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'attachment; filename="{name}"'})


@router.post(BASE + "/{entry_id}/decide", response_model=HistoryOut,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="Verify or reject a declared entry against its SK (the agency admin: BKPSDM verifier)",
             description="VERIFIED needs the uploaded SK (409 `sk_document_missing`); REJECTED needs a reason (422 "
                         "`rejection_reason_required`). While the administrative checks are open (registration or "
                         "screening; application submitted or verified: 409 `history_not_decidable`). Four eyes as "
                         "for the second check: 409 `same_person` for who declared it, `own_application` for the "
                         "applicant, `conflicted_person` for someone with a declared conflict of interest. The "
                         "eligibility check is re-run at once: a VERIFIED entry counts (each counted period named "
                         "with its source in the rule's `periods`), a rejected one never does. 403 for other roles.")
async def decide(application_id: uuid.UUID, entry_id: uuid.UUID, body: DecisionIn, session: Session, p: Caller,
                 current: ApplicationLocked,
                 directory: Dir) -> HistoryOut:
    app, sel = current
    entry = await service.load_entry(session, app, entry_id, lock=True)
    await service.decide(session, p, sel, app, entry, body, directory)
    return (await service.to_out(session, p, sel, app, [entry]))[0]

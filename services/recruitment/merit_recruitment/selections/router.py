"""Routes of selections and their lifecycle actions (POST /selections/{id}/<action>)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request, Response

from merit_recruitment import rules
from merit_recruitment.applications import service as applications
from merit_recruitment.assessment import service as assessment
from merit_recruitment.audit import service as audit_service
from merit_recruitment.audit.service import AuditEntryOut
from merit_recruitment.authz import (
    APPLICATION_READ,
    AdminSelectionLocked,
    CurrentSelection,
    load_selection,
    membership,
    reads_as,
    require_committee_read,
)
from merit_recruitment.committee import service as committee
from merit_recruitment.decision import service as decision
from merit_recruitment.directory import Directory, get_directory
from merit_recruitment.selections import lifecycle, service
from merit_recruitment.selections.errors import FORBIDDEN_THE_RANKING_FOR_THE
from merit_recruitment.selections.models import Selection
from merit_recruitment.selections.schemas import (
    CloseRegistrationIn,
    DecideIn,
    EligibleSelectionOut,
    EventOut,
    ExtensionOut,
    RankingOut,
    ReasonIn,
    SelectionCreate,
    SelectionOut,
    SelectionUpdate,
)
from merit_shared.api import IfMatch, Page, PageParams, Sort, check_if_match, etag_for, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.audit import AUDIT_SORT
from merit_shared.auth import Principal
from merit_shared.authz import AdminOrPanel, AdminOrPpk, AgencyAdmin, AuditReader, Caller, Ppk
from merit_shared.idempotency import DESCRIPTION as IDEMPOTENCY
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/selections", tags=["selections"])

EXTENSIONS_SORT = {"number": "number", "created_at": "created_at"}
EVENTS_SORT = {"at": "at", "action": "action"}
Dir = Annotated[Directory, Depends(get_directory)]
ACTION_ERRORS = problem_responses(401, 403, 404, 409, 422)


async def _out(session: Any, sel: Selection, p: Principal, response: Response | None = None) -> SelectionOut:
    count = await lifecycle.applicant_count(session, sel.id)
    if response is not None:
        response.headers["ETag"] = etag_for(sel.id, sel.version)
    return service.to_out(sel, count, p, await membership(session, sel.id, p), await lifecycle.appeal_gate(session, sel))




async def _guarded(session: Any, selection_id: uuid.UUID, p: Principal, action: str) -> Selection:
    """The selection, locked, once the caller may take ``action`` on it (``service.caller_may``, the same function
    that fills ``allowed_actions``): 404 outside the caller's scope, 403 for a role that may not."""
    sel = await load_selection(session, selection_id, p, lock=True)
    service.require_caller_may(p, sel, action, await membership(session, sel.id, p))
    return sel


@router.post("", status_code=201, response_model=SelectionOut, responses=problem_responses(401, 403, 422),
             summary="Create a draft selection (defaults for its kind filled in, editable until announced)",
             description="Defaults for the kind (requirements, stages, documents, policies) are filled in and may be "
                         "edited until the selection is announced. " + IDEMPOTENCY)
async def create_selection(body: SelectionCreate, session: Session, p: AgencyAdmin, response: Response,
                           directory: Dir, idem: Idempotency) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    sel = await service.create(session, p, body)
    await service.check_positions_of_agency(directory, sel.agency_id, sel.position_ids)
    out = await _out(session, sel, p, response)
    return await idem.respond(session, 201, out, {"ETag": response.headers["ETag"]})


@router.get("", response_model=Page[SelectionOut], responses=problem_responses(401, 403, 422),
            summary="List selections you may see (agency staff: the agency's; committee members: theirs)",
             description="Agency staff (admin, PPK, supervisor, unit admin) see their agency's selections; committee "
                         "members see the selections they sit on, whatever their agency. Filters: status, kind (codes "
                         "as in SelectionOut).")
async def list_selections(session: Session, p: Caller, page: Annotated[PageParams, Depends(page_params)],
                          sort: Annotated[Sort, Depends(sort_param(service.SELECTION_SORT, default="-created_at"))],
                          status: Annotated[str | None, Query(description="Filter by status.")] = None,
                          kind: Annotated[str | None, Query(description="Filter by kind.")] = None) -> Page[SelectionOut]:
    total, rows = await service.list_visible(session, p, status, kind, page.limit, page.offset, sort=sort)
    return Page(items=[await _out(session, s, p) for s in rows], total=total, limit=page.limit, offset=page.offset)


ELIGIBLE_SORT = {"registration_end": "registration_end", "title": "title", "eligibility_status": "eligibility_status"}


@router.get("/eligible", response_model=Page[EligibleSelectionOut], responses=problem_responses(401, 403, 404, 422, 503),
            summary="The open selections of the agency and an employee's eligibility for each (default: the caller)",
            description="Every selection of the agency in REGISTRATION whose registration has not ended, each with the "
                        "employee's eligibility judged exactly as their registration would be (the same facts and "
                        "rules: rank, education, experience, prior position, age, performance, discipline, JPM), "
                        "with the reason per requirement. `employee_id` defaults to the caller's own record; a "
                        "supervisor asks for their team, a unit admin for the people of their subtree, the agency "
                        "admin and the PPK for anyone of the agency. Filter `eligibility_status`. Nothing is "
                        "recorded: applying is `POST /selections/{id}/applications`.")
async def eligible(session: Session, p: Caller, directory: Dir,
                   page: Annotated[PageParams, Depends(page_params)],
                   sort: Annotated[Sort, Depends(sort_param(ELIGIBLE_SORT, default="registration_end,title"))],
                   employee_id: Annotated[uuid.UUID | None, Query(description="Default: the caller's record.")] = None,
                   eligibility_status: Annotated[str | None, Query(
                       description="ELIGIBLE, NEEDS_REVIEW or NOT_ELIGIBLE.")] = None) -> Page[Any]:
    rows = await applications.eligible_selections(session, p, directory, employee_id)
    if eligibility_status:
        rows = [r for r in rows if r["eligibility_status"] == eligibility_status.upper()]
    return page_of(rows, page, sort, "selection_id")


@router.get("/audit-log", response_model=Page[AuditEntryOut], responses=problem_responses(401, 403, 422),
            summary="The agency's recruitment audit trail, newest first (agency admin, PPK, auditor)",
            description="Every change to a legal record of recruitment (selections and their lifecycle, committee, "
                         "conflict declarations, applications and their checks, scores, pass/fail results, "
                         "announcements, appeals, decisions and appointment outcomes): who, when, action, the record "
                         "before and after. Filters combine with AND; `date_from`/`date_to` are inclusive calendar "
                         "days in Asia/Jakarta time.")
async def audit_log(session: Session, p: AuditReader, page: Annotated[PageParams, Depends(page_params)],
                    sort: Annotated[Sort, Depends(sort_param(AUDIT_SORT, default="-at"))],
                    entity: Annotated[str | None, Query(max_length=80, examples=["application"],
                                                        description="Kind of record.")] = None,
                    entity_id: Annotated[str | None, Query(max_length=80, description="Id of one record.")] = None,
                    actor: Annotated[str | None, Query(max_length=200, description="Token subject.")] = None,
                    action: Annotated[str | None, Query(max_length=80, examples=["score"])] = None,
                    date_from: Annotated[date | None, Query(description="First day (inclusive).")] = None,
                    date_to: Annotated[date | None, Query(description="Last day (inclusive).")] = None,
                    agency_id: Annotated[uuid.UUID | None, Query(description="Service role only.")] = None,
                    ) -> Page[AuditEntryOut]:
    return await audit_service.read(session, p, page, agency_id=agency_id, entity=entity, entity_id=entity_id,
                                    actor=actor, action=action, date_from=date_from, date_to=date_to, sort=sort)


@router.get("/{selection_id}", response_model=SelectionOut, responses=problem_responses(401, 403, 404, 422),
            summary="A selection with its snapshot, schedule, stages and allowed_actions (ETag)")
async def get_selection(*, selection_id: uuid.UUID, session: Session, p: Caller, response: Response, sel: CurrentSelection) -> SelectionOut:
    return await _out(session, sel, p, response)


@router.patch("/{selection_id}", response_model=SelectionOut, responses=problem_responses(401, 403, 404, 409, 412, 422),
              summary="Edit a draft selection (If-Match with the ETag prevents lost updates)",
             description="Only while DRAFT: what is announced never changes. Send the ETag from a read as If-Match "
                         "(412 when someone else changed it meanwhile). An empty body changes nothing.")
async def update_selection(*, selection_id: uuid.UUID, body: SelectionUpdate, session: Session, p: AgencyAdmin,
                           response: Response, directory: Dir, if_match: IfMatch = None, sel: AdminSelectionLocked) -> SelectionOut:
    check_if_match(if_match, etag_for(sel.id, sel.version))
    await service.update(session, p, sel, body)
    if "position_ids" in body.model_fields_set:
        await service.check_positions_of_agency(directory, sel.agency_id, sel.position_ids)
    return await _out(session, sel, p, response)


@router.post("/{selection_id}/announce", response_model=SelectionOut, responses={**ACTION_ERRORS,
             **problem_responses(503)},
             summary="Announce: verify every position is vacant in positions, snapshot it, publish the opening",
             description="Each position must exist in the agency, be of the selection's kind and be vacant now (asked "
                         "from positions; 503 when it cannot be reached). The positions, the requirements (raised to a "
                         "position's own minimum education/rank) and the schedule are frozen and published as the "
                         "opening announcement. The schedule's announcement_start may not be in the past.")
async def announce(selection_id: uuid.UUID, session: Session, p: AgencyAdmin, directory: Dir) -> SelectionOut:
    sel = await _guarded(session, selection_id, p, "announce")
    await service.announce(session, p, sel, directory)
    return await _out(session, sel, p)


def _simple(action: rules.SelectionAction, path: str, summary: str) -> None:
    async def endpoint(selection_id: uuid.UUID, session: Session,
                       p: AgencyAdmin) -> SelectionOut:  # ACTION_ROLES of each _simple action: the agency admin
        sel = await _guarded(session, selection_id, p, action.value.lower())
        await service.simple_action(session, p, sel, action)
        return await _out(session, sel, p)

    endpoint.__name__ = path.replace("-", "_")
    router.add_api_route(f"/{{selection_id}}/{path}", endpoint, methods=["POST"], response_model=SelectionOut,
                         responses=ACTION_ERRORS, summary=summary)


_simple(rules.SelectionAction.OPEN_REGISTRATION, "open-registration",
        "Open registration (allowed as soon as the selection is announced, even before registration_start)")


@router.post("/{selection_id}/close-registration", response_model=SelectionOut, responses=ACTION_ERRORS,
             summary="Close registration and start screening (a reason is required before registration_end)",
             description="Closing registration before the scheduled `registration_end` cuts off people who were "
                         "promised that date, so it needs `reason` (recorded in the events and the audit trail). On or "
                         "after `registration_end` no body is needed. After `registration_end`, with fewer applicants "
                         "than the policy's threshold (default 4) and extensions left (default 2 of 7 days), "
                         "registration is extended instead and the extension recorded (`GET .../extensions`); the "
                         "answer shows the selection still in REGISTRATION with its new schedule "
                         "(policy `process.auto_extend_registration`, default true).")
async def close_registration(selection_id: uuid.UUID, session: Session, p: AgencyAdmin,
                             body: Annotated[CloseRegistrationIn | None, Body(examples=[
                                 {"reason": "Seluruh calon potensial telah mendaftar; disetujui panitia."}])] = None,
                             ) -> SelectionOut:
    sel = await _guarded(session, selection_id, p, "close_registration")
    await service.close_registration(session, p, sel, body.reason if body else None)
    return await _out(session, sel, p)


@router.post("/{selection_id}/extend-registration", response_model=ExtensionOut, status_code=201,
             responses=ACTION_ERRORS, summary="Extend registration (too few applicants); each extension recorded",
             description="Allowed while registration is open, fewer than the policy's applicant threshold (default 4) "
                         "have applied and the maximum number of extensions (default 2) is not reached; "
                         "registration_end and every stage date move by the policy's days (default 7).")
async def extend_registration(selection_id: uuid.UUID, body: ReasonIn, session: Session, p: AgencyAdmin,
                              idem: Idempotency) -> Any:
    sel = await _guarded(session, selection_id, p, "extend_registration")
    if (stored := await idem.replay(session)) is not None:
        return stored
    ext = await service.extend_registration(session, p, sel, body.reason)
    return await idem.respond(session, 201, ExtensionOut.model_validate(ext))


@router.get("/{selection_id}/extensions", response_model=Page[ExtensionOut], responses=problem_responses(401, 403, 404, 422),
            summary="Registration extensions of a selection")
async def list_extensions(*, selection_id: uuid.UUID, session: Session, p: Caller, _sel: CurrentSelection,
                    page: Annotated[PageParams, Depends(page_params)],
                          sort: Annotated[Sort, Depends(sort_param(EXTENSIONS_SORT, default="number"))]) -> Page[Any]:
    rows = await service.extensions(session, selection_id)
    return page_of([ExtensionOut.model_validate(r) for r in rows], page, sort, "number")


@router.post("/{selection_id}/start-assessment", response_model=SelectionOut,
             responses={**ACTION_ERRORS, **problem_responses(503)},
             summary="Start the first stage (screening finished, committee valid)",
             description="Needs a valid committee, every application verified and second-checked, at least one "
                         "QUALIFIED applicant, and every appeal window closed and appeal decided (409 "
                         "`appeal_window_open` naming the window's end, `appeals_pending`). Raises the conflicts of "
                         "interest the registry shows between internal members and applicants "
                         "(`GET .../committee/conflict-flags`); 503 when positions cannot be reached.")
async def start_assessment(selection_id: uuid.UUID, session: Session, p: AgencyAdmin, directory: Dir) -> SelectionOut:
    sel = await _guarded(session, selection_id, p, "start_assessment")
    service.ensure_allowed(sel, "start_assessment", None)
    await committee.require_valid(session, sel)
    await service.start_assessment(session, p, sel)
    await committee.detect_conflicts(session, p, sel, directory)
    return await _out(session, sel, p)


@router.post("/{selection_id}/advance-stage", response_model=SelectionOut,
             responses={**ACTION_ERRORS, **problem_responses(503)},
             summary="Close the open stage (freeze outcomes, eliminate who failed) and open the next",
             description="Every QUALIFIED application needs the open stage's result (pass/fail, or scores from at "
                         "least the policy's minimum number of assessors; voided scores do not count). Outcomes are "
                         "frozen; who failed is ELIMINATED. From the last stage the selection moves to FINAL_RANKING. "
                         "Waits for every appeal window and appeal (409 `appeal_window_open` with the window's end, "
                         "`appeals_pending`). First raises the conflicts of interest the registry shows now (kept "
                         "even when the stage cannot close; 503 when positions cannot be reached); a member's scores "
                         "under an undecided one hold the stage (409 `conflict_flags_undecided`).")
async def advance_stage(selection_id: uuid.UUID, session: Session, p: AgencyAdmin, directory: Dir,
                        request: Request) -> SelectionOut:
    sel = await _guarded(session, selection_id, p, "advance_stage")
    if sel.status == "ASSESSMENT":  # the registry may have changed since the stage opened: flags kept either way
        await committee.refresh_flags_apart(request.app.state.db, p, sel, directory)
    await assessment.advance_stage(session, p, sel)
    return await _out(session, sel, p)


@router.post("/{selection_id}/submit-proposal", response_model=SelectionOut, responses=ACTION_ERRORS,
             summary="Propose the 3 best ranked names to the PPK (committee chair or agency admin)",
             description="The committee chair or the agency admin sends the best ranked names (policy: 3) to the PPK. "
                         "Waits for every appeal window and appeal (409 `appeal_window_open` with the window's end, "
                         "`appeals_pending`).")
async def submit_proposal(selection_id: uuid.UUID, session: Session, p: AdminOrPanel) -> SelectionOut:
    sel = await _guarded(session, selection_id, p, "submit_proposal")
    await decision.submit_proposal(session, p, sel)
    return await _out(session, sel, p)


@router.post("/{selection_id}/decide", response_model=SelectionOut, responses={**ACTION_ERRORS,
             **problem_responses(503)},
             summary="PPK chooses one of the proposed names, records the SK; the appointment goes to positions",
             description="The PPK's choice must be one of the proposed names (any other is refused); tmt_start may not "
                         "precede sk_date. The appointment is sent to positions through the outbox; the selection "
                         "becomes APPOINTED and CLOSED when positions confirms, or shows appointment_error when it "
                         "refuses.")
async def decide(selection_id: uuid.UUID, body: DecideIn, session: Session,
                 p: Ppk, directory: Dir) -> SelectionOut:
    sel = await _guarded(session, selection_id, p, "decide")
    await decision.decide(session, p, sel, body, directory)
    return await _out(session, sel, p)


@router.post("/{selection_id}/retry-appointment", response_model=SelectionOut, responses=ACTION_ERRORS,
             summary="Send the refused appointment to positions again (new idempotency key)",
             description="After positions refused the appointment (appointment_status ERROR): send it again with a new "
                         "idempotency key, e.g. once the seat was freed.")
async def retry_appointment(selection_id: uuid.UUID, session: Session,
                            p: AdminOrPpk) -> SelectionOut:
    sel = await _guarded(session, selection_id, p, "retry_appointment")
    await decision.retry(session, p, sel)
    return await _out(session, sel, p)


@router.post("/{selection_id}/cancel", response_model=SelectionOut, responses=ACTION_ERRORS,
             summary="Cancel the selection (with the reason, recorded)",
             description="From any state before CLOSED; the reason is recorded in the history and the audit trail.")
async def cancel(selection_id: uuid.UUID, body: ReasonIn, session: Session, p: AgencyAdmin) -> SelectionOut:
    sel = await _guarded(session, selection_id, p, "cancel")
    await service.simple_action(session, p, sel, rules.SelectionAction.CANCEL, {"reason": body.reason})
    return await _out(session, sel, p)


@router.get("/{selection_id}/events", response_model=Page[EventOut], responses=problem_responses(401, 403, 404, 422),
            summary="Lifecycle history of a selection (agency admin, PPK, the selection's committee)",
            description="Each transition with its actor's login and details: for the agency admin, the PPK and the "
                        "selection's committee (403 for unit admins and supervisors).")
async def events(*, selection_id: uuid.UUID, session: Session, p: Caller, sel: CurrentSelection,
                    page: Annotated[PageParams, Depends(page_params)],
                 sort: Annotated[Sort, Depends(sort_param(EVENTS_SORT, default="at"))]) -> Page[Any]:
    await require_committee_read(session, sel, p)
    rows = await service.events(session, selection_id)
    return page_of(rows, page, sort)


@router.get("/{selection_id}/ranking", response_model=RankingOut, responses=problem_responses(401, 403, 404, 422),
            summary="Ranking with stage scores, final score and the tie-breaker that decided each place",
             description="Agency admin, PPK and the selection's committee only (403 for other roles). "
                         "Provisional while assessment runs; empty before it. Tie-breakers, in order: final score, "
                         "stage scores by stage weight, registration time, NIP.")
async def ranking(*, selection_id: uuid.UUID, session: Session, p: Caller, sel: CurrentSelection) -> dict[str, Any]:
    # Names, NIPs and scores of applicants: for those who read the applications (agency admin, PPK) and the
    # selection's committee, not for everyone who may read the selection's settings (unit admins, supervisors).
    if not await reads_as(session, sel, p, APPLICATION_READ):
        raise FORBIDDEN_THE_RANKING_FOR_THE.error()
    if sel.status in ("DRAFT", "ANNOUNCED", "REGISTRATION", "SCREENING"):
        return {"provisional": True, "ranked": [], "not_ranked": [], "tie_break_stage_order": []}
    result, apps = await assessment.compute_ranking(session, sel)
    doc = result.to_dict()
    for item in doc["ranked"] + doc["not_ranked"]:
        item["name"] = apps[item["application_id"]].name
    doc["provisional"] = sel.status == "ASSESSMENT"
    doc["tie_breakers"] = ["final_score desc", "scored stages by weight desc", "registered_at asc", "nip asc"]
    return doc

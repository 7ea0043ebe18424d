"""Routes: /api/v1/followups — follow-ups of final ratings and placements: rewards and coaching plans (pembinaan)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from merit_evaluation.access import CurrentFollowup, FollowupToWrite, RequestAccess
from merit_evaluation.common.access import Access
from merit_evaluation.common.queries import YearQuery
from merit_evaluation.followups import service
from merit_evaluation.followups.models import Followup
from merit_evaluation.followups.schemas import (
    CloseIn,
    CoachingPlanIn,
    DecideIn,
    FollowupOut,
    GoalOut,
    MilestoneOut,
    NextRatingOut,
    NoteIn,
    NoteOut,
    ReasonIn,
)
from merit_evaluation.rules import FollowupKind, FollowupState
from merit_shared.api import IfMatch, Page, PageParams, Sort, check_if_match, etag_for, page_params, sort_param
from merit_shared.app import Session
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/followups", tags=["followups"])
READ_ERRORS = problem_responses(401, 403, 404)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 412, 422, 503)
WRITE_DESCRIPTION = ("Answers the follow-up with its new `ETag`. Send `If-Match` with the ETag of your last read so the "
                     "change applies only to the version you saw (a stale one answers 412 and changes nothing). An "
                     "action the state does not allow answers 409 naming `allowed_actions`; one the caller may not "
                     "take, 403.")


async def followup_out(session: Session, access: Access, f: Followup, response: Response | None = None, *,
                       detail: bool = False, open_milestones: list | None = None) -> FollowupOut:
    data = {c.key: getattr(f, c.key) for c in Followup.__table__.columns}
    extra: dict = {}
    if detail:
        milestones = await service.milestones_of(session, f.id)
        open_milestones = [m.due_on for m in milestones if m.done_on is None]
        if f.kind == FollowupKind.COACHING:
            extra = {"goals": [GoalOut.model_validate(g) for g in await service.goals_of(session, f.id)],
                     "milestones": [MilestoneOut.model_validate(m) for m in milestones],
                     "notes": [NoteOut.model_validate(n) for n in await service.notes_of(session, f.id)]}
        nxt = await service.next_year_rating(session, f)
        extra["next_year_rating"] = NextRatingOut(rating_id=nxt.id, year=nxt.year, predikat=nxt.predikat) if nxt \
            else None
    if response is not None:
        response.headers["ETag"] = etag_for(f.id, f.version)
    return FollowupOut(**data, **extra, overdue=service.overdue(f, open_milestones or []),
                       allowed_actions=await service.followup_allowed_actions(access, f))


async def _page(session: Session, access: Access, total: int, rows: list[Followup], page: PageParams) -> Page[FollowupOut]:
    late = await service.open_milestone_dates(session, [f.id for f in rows])
    return Page(items=[await followup_out(session, access, f, open_milestones=late[f.id]) for f in rows],
                total=total, limit=page.limit, offset=page.offset)


async def _act(session: Session, access: Access, f: Followup, response: Response, if_match: str | None,
               do: Callable[[], Awaitable[Followup]]) -> FollowupOut:
    """An action on the version the caller saw (a stale If-Match: 412, nothing done), answered with the new ETag."""
    check_if_match(if_match, etag_for(f.id, f.version))
    return await followup_out(session, access, await do(), response, detail=True)


UnitFilter = Annotated[uuid.UUID | None, Query(description="Follow-ups of this unit (the unit the employee was in).")]
KindFilter = Annotated[FollowupKind | None, Query(description="REWARD or COACHING.")]


@router.get("", summary="List follow-ups (by unit, owner, employee, state, kind, year)",
            response_model=Page[FollowupOut], responses=problem_responses(401, 503),
            description="The agency admin and the PPK see the agency's; a unit admin their unit subtree's; a "
                        "supervisor those they own and those of the people whose SKP they evaluate or approve; an "
                        "employee their own.")
async def list_followups(*, session: Session, access: RequestAccess, page: PageParams = Depends(page_params),
                         unit_id: UnitFilter = None, owner_employee_id: uuid.UUID | None = None,
                         employee_id: uuid.UUID | None = None, state: FollowupState | None = None,
                         kind: KindFilter = None, year: YearQuery = None,
                         sort: Sort = Depends(sort_param(service.FOLLOWUP_SORT, default="due_on"))) -> Page[FollowupOut]:
    total, rows = await service.list_followups(
        session, access, unit_id=unit_id, owner_employee_id=owner_employee_id, employee_id=employee_id,
        state=state.value if state else None, kind=kind.value if kind else None, year=year, overdue_only=False,
        limit=page.limit, offset=page.offset, sort=sort)
    return await _page(session, access, total, rows, page)


@router.get("/overdue", summary="Overdue follow-ups (per unit): not closed, past the due date or a milestone's date",
            response_model=Page[FollowupOut], responses=problem_responses(401, 503),
            description="\"Today\" is the agency's calendar day. The same readers as the list; `unit_id` narrows it to "
                        "one unit.")
async def list_overdue(*, session: Session, access: RequestAccess, page: PageParams = Depends(page_params),
                       unit_id: UnitFilter = None, kind: KindFilter = None,
                       owner_employee_id: uuid.UUID | None = None,
                       sort: Sort = Depends(sort_param(service.FOLLOWUP_SORT, default="due_on"))) -> Page[FollowupOut]:
    total, rows = await service.list_followups(
        session, access, unit_id=unit_id, owner_employee_id=owner_employee_id, employee_id=None, state=None,
        kind=kind.value if kind else None, year=None, overdue_only=True, limit=page.limit, offset=page.offset,
        sort=sort)
    return await _page(session, access, total, rows, page)


@router.get("/{followup_id}", summary="One follow-up; a coaching plan with goals, milestones, notes and the next "
            "year's rating", response_model=FollowupOut, responses=READ_ERRORS)
async def read_followup(f: CurrentFollowup, response: Response, session: Session,
                        access: RequestAccess) -> FollowupOut:
    return await followup_out(session, access, f, response, detail=True)


@router.post("/{followup_id}/decide", summary="Record the reward taken (owner or admin); closes the follow-up",
             response_model=FollowupOut, responses=WRITE_ERRORS, description=WRITE_DESCRIPTION)
async def decide_followup(*, f: FollowupToWrite, body: DecideIn, response: Response, session: Session,
                          access: RequestAccess, if_match: IfMatch = None) -> FollowupOut:
    return await _act(session, access, f, response, if_match, lambda: service.decide(session, access, f, body))


@router.post("/{followup_id}/decline", summary="Decline the reward with a reason (owner or admin); closes it",
             response_model=FollowupOut, responses=WRITE_ERRORS, description=WRITE_DESCRIPTION)
async def decline_followup(*, f: FollowupToWrite, body: ReasonIn, response: Response, session: Session,
                           access: RequestAccess, if_match: IfMatch = None) -> FollowupOut:
    return await _act(session, access, f, response, if_match, lambda: service.decline(session, access, f, body))


@router.post("/{followup_id}/cancel", summary="Cancel a follow-up with a reason (admin)",
             response_model=FollowupOut, responses=WRITE_ERRORS, description=WRITE_DESCRIPTION)
async def cancel_followup(*, f: FollowupToWrite, body: ReasonIn, response: Response, session: Session,
                          access: RequestAccess, if_match: IfMatch = None) -> FollowupOut:
    return await _act(session, access, f, response, if_match, lambda: service.cancel(session, access, f, body))


@router.put("/{followup_id}/plan", summary="Replace a coaching plan's goals and milestones, optionally the coach "
            "(owner or admin; DRAFT or ACTIVE)", response_model=FollowupOut, responses=WRITE_ERRORS,
            description=WRITE_DESCRIPTION + " A goal may name the competency it develops (`competency_code`).")
async def replace_plan(*, f: FollowupToWrite, body: CoachingPlanIn, response: Response, session: Session,
                       access: RequestAccess, if_match: IfMatch = None) -> FollowupOut:
    return await _act(session, access, f, response, if_match, lambda: service.update_plan(session, access, f, body))


@router.post("/{followup_id}/activate", summary="Start a coaching plan (owner or admin; needs a goal and a "
             "milestone)", response_model=FollowupOut, responses=WRITE_ERRORS, description=WRITE_DESCRIPTION)
async def activate_followup(*, f: FollowupToWrite, response: Response, session: Session, access: RequestAccess,
                            if_match: IfMatch = None) -> FollowupOut:
    return await _act(session, access, f, response, if_match, lambda: service.activate(session, access, f))


@router.post("/{followup_id}/notes", status_code=201, summary="Add a dated progress note to an ACTIVE coaching plan "
             "(the coach, an admin, or the employee on their own plan)", response_model=NoteOut,
             responses=WRITE_ERRORS, description="Retried with the same `Idempotency-Key`, the note is added once.")
async def add_note(*, f: FollowupToWrite, body: NoteIn, session: Session, access: RequestAccess,
                   idem: Idempotency) -> NoteOut:
    if (stored := await idem.replay(session)) is not None:
        return stored  # type: ignore[return-value]
    note = await service.add_note(session, access, f, body)
    return await idem.respond(session, 201, NoteOut.model_validate(note))  # type: ignore[no-any-return]


@router.post("/{followup_id}/close", summary="Record a coaching plan's outcome (improved / not improved / "
             "escalated; owner or admin)", response_model=FollowupOut, responses=WRITE_ERRORS,
             description=WRITE_DESCRIPTION + " The answer shows the next year's rating beside the outcome once it "
                                             "exists.")
async def close_followup(*, f: FollowupToWrite, body: CloseIn, response: Response, session: Session,
                         access: RequestAccess, if_match: IfMatch = None) -> FollowupOut:
    return await _act(session, access, f, response, if_match, lambda: service.close(session, access, f, body))

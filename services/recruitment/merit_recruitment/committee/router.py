"""Routes of the committee and conflict-of-interest declarations."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from merit_recruitment.authz import AdminSelectionLocked, CurrentSelection, deny_role, membership, require_committee_read
from merit_recruitment.committee import service
from merit_recruitment.committee.schemas import (
    CommitteeIn,
    CommitteeOut,
    ConflictFlagOut,
    DeclarationIn,
    DeclarationOut,
    FlagDecisionIn,
    MemberOut,
)
from merit_recruitment.directory import Directory, get_directory
from merit_shared.api import Page, PageParams, Sort, page_of, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin, Caller
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/selections/{selection_id}/committee", tags=["committee"])

DECLARATIONS_SORT = {"declared_at": "declared_at", "member_id": "member_id", "application_id": "application_id"}
CONFLICT_FLAGS_SORT = {"detected_at": "detected_at", "status": "status", "member_id": "member_id"}


def _out(sel, rows) -> CommitteeOut:  # type: ignore[no-untyped-def]
    return CommitteeOut(members=[MemberOut.model_validate(r) for r in rows],
                        report=service.report(sel, rows).to_dict())


@router.put("", response_model=CommitteeOut, responses=problem_responses(401, 403, 404, 409, 422, 503),
            summary="Set the whole committee (validated: size, one chair, internal share at most 45%)",
             description="Replaces the whole committee until the assessment stages are over (409 "
                         "`committee_locked` after). During the assessment a member who has given scores stays (409 "
                         "`committee_member_scored`: the scores are records) and the registry's conflicts are raised "
                         "for the committee as changed (`GET .../conflict-flags`). Checked against the selection's "
                         "committee policy: size (default at least 5, odd), exactly one chair, at most one secretary, "
                         "internal members at most 45%. Each member is named by `account_id`, their gateway "
                         "account: only tokens of that account hold the seat. A `subject` (username) alone is still "
                         "accepted and resolved once, now, to the account that has it (422 when there is none). "
                         "422 naming `body.members.N.account_id` for an account that does not exist, is disabled, "
                         "lacks the panel_member role, or (internal member) is of another agency; 503 "
                         "`upstream_unavailable` when the gateway cannot be reached.")
async def put_committee(*, selection_id: uuid.UUID, body: CommitteeIn, session: Session,
                        p: AgencyAdmin,
                        directory: Annotated[Directory, Depends(get_directory)], sel: AdminSelectionLocked) -> CommitteeOut:
    rows = await service.replace(session, p, sel, body, directory)
    return _out(sel, rows)


@router.get("", response_model=CommitteeOut, responses=problem_responses(401, 403, 404, 422),
            summary="The committee and its composition report (agency admin, PPK, the selection's committee)",
            description="Members' names and logins: for the agency admin, the PPK and the selection's committee "
                        "(403 for unit admins and supervisors, who read only the selection's settings).")
async def get_committee(*, selection_id: uuid.UUID, session: Session, p: Caller, sel: CurrentSelection) -> CommitteeOut:
    await require_committee_read(session, sel, p)
    return _out(sel, await service.members(session, sel.id))


@router.put("/{member_id}/declarations/{application_id}", response_model=DeclarationOut,
            responses=problem_responses(401, 403, 404, 409, 422, 503),
            summary="Declare (no) conflict of interest with an applicant (the member themself)",
             description="A member declares, per applicant, whether they have a conflict of interest, and must do so "
                         "before scoring or recording a result for that applicant (409 `declaration_required`); a "
                         "member with a conflict cannot score that applicant (409 `conflict_of_interest`). A conflict "
                         "declared after scoring voids that member's scores for the applicant: they stay in the "
                         "records and the audit trail, count in no stage result nor the ranking, and closed stages "
                         "are recomputed (`voided_scores` says how many). A declared conflict is final (409 "
                         "`conflict_declaration_final` for turning it back); \"no conflict\" may be declared again. "
                         "Only the member files their own declaration: anyone else (another member, the agency "
                         "admin) gets 403. An applicant reinstated by the recomputation gets the registry's conflict "
                         "flags with the committee at once.")
async def declare(*, selection_id: uuid.UUID, member_id: uuid.UUID, application_id: uuid.UUID, body: DeclarationIn,
                  session: Session, p: Caller, sel: CurrentSelection,
                  directory: Annotated[Directory, Depends(get_directory)]) -> DeclarationOut:
    member = await service.get_member(session, sel.id, member_id)
    if not p.is_service:  # a declaration is the member's own statement, never filed in their name
        seat = await membership(session, sel.id, p)
        if seat is None or seat.id != member.id:
            raise deny_role()
    before = await service.qualified_ids(session, sel.id)
    row, voided = await service.declare(session, p, sel, member, application_id, body.has_conflict, body.reason)
    if voided:  # closed stages recomputed: someone may be back in the assessment
        await service.flag_entered(session, p, sel, directory, before)
    return DeclarationOut.model_validate(row).model_copy(update={"voided_scores": voided})


@router.get("/declarations", response_model=Page[DeclarationOut], responses=problem_responses(401, 403, 404, 422),
            summary="All conflict-of-interest declarations of the selection",
            description="Visible to the agency admin, the PPK and the selection's committee (403 for unit admins and "
                        "supervisors); a member with has_conflict true cannot score that applicant.")
async def list_declarations(*, selection_id: uuid.UUID, session: Session, p: Caller, sel: CurrentSelection,
                    page: Annotated[PageParams, Depends(page_params)],
                            sort: Annotated[Sort, Depends(sort_param(DECLARATIONS_SORT, default="declared_at"))]
                            ) -> Page[Any]:
    await require_committee_read(session, sel, p)
    rows = await service.declarations(session, sel.id)
    return page_of([DeclarationOut.model_validate(r) for r in rows], page, sort)


@router.get("/conflict-flags", response_model=Page[ConflictFlagOut], responses=problem_responses(401, 403, 404, 422),
            summary="Conflicts of interest the registry raised (direct supervisor or subordinate, same unit head)",
            description="Raised between internal members named by their employee record and qualified internal "
                        "applicants, from the supervisors positions knows: when the assessment starts, and again "
                        "when the committee is changed during it, when an applicant is reinstated, and at each "
                        "advance-stage (the registry may have changed). A flag raised before keeps its decision. An "
                        "OPEN flag stops that member scoring that applicant until the chair decides it, and a stage "
                        "the member already scored that applicant in does not close on it (409 "
                        "`conflict_flags_undecided`). Visible to the agency admin, the PPK and the selection's "
                        "committee.")
async def list_conflict_flags(*, selection_id: uuid.UUID, session: Session, p: Caller,
                              sel: CurrentSelection, page: Annotated[PageParams, Depends(page_params)],
                              sort: Annotated[Sort, Depends(sort_param(CONFLICT_FLAGS_SORT, default="detected_at"))]
                              ) -> Page[Any]:
    await require_committee_read(session, sel, p)
    return page_of([ConflictFlagOut.model_validate(r) for r in await service.conflict_flags(session, sel.id)], page,
                   sort)


@router.post("/conflict-flags/{flag_id}/decide", response_model=ConflictFlagOut,
             responses=problem_responses(401, 403, 404, 409, 422, 503),
             summary="The chair confirms or dismisses a conflict the registry raised (with a reason)",
             description="CONFIRM makes it a declared conflict of that member (their scores for the applicant are "
                         "voided, as for a declaration); DISMISS, with the reason, lets the member's own declaration "
                         "apply. Only the committee chair (403 otherwise), never on a flag of their own (409 "
                         "`own_conflict_flag`); once (409 `conflict_flag_decided`). An applicant reinstated by the "
                         "recomputation gets the registry's conflict flags with the committee at once.")
async def decide_conflict_flag(*, selection_id: uuid.UUID, flag_id: uuid.UUID, body: FlagDecisionIn,
                               session: Session, p: Caller, sel: CurrentSelection,
                               directory: Annotated[Directory, Depends(get_directory)]) -> ConflictFlagOut:
    before = await service.qualified_ids(session, sel.id)
    row = await service.decide_flag(session, p, sel, await membership(session, sel.id, p), flag_id, body.decision,
                                    body.reason)
    await service.flag_entered(session, p, sel, directory, before)
    return ConflictFlagOut.model_validate(row)

"""Transfers between agencies: the origin's admin releases, the destination's admin accepts or declines."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Query

from merit_positions.access import CurrentTransfer, TransferToDecide
from merit_positions.common.scope import agency_of
from merit_positions.transfers import service
from merit_positions.transfers.schemas import (
    Direction,
    TransferAccept,
    TransferCreate,
    TransferDecline,
    TransferOut,
    TransferStatus,
)
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/transfers", tags=["transfers"])


@router.post("", status_code=201, response_model=TransferOut,
             summary="Release an employee to another agency (mutasi antar instansi): status RELEASED",
             description="The origin's agency admin names the employee, the destination agency, the release SK and "
                         "the TMT. Nothing moves until the destination accepts. One open transfer per employee "
                         "(409 transfer_pending).",
             responses=problem_responses(401, 403, 404, 409, 422))
async def release(*, body: TransferCreate, session: Session, idem: Idempotency,
                  agency_id: uuid.UUID | None = Query(None, description="Service role only."),
                  principal: AgencyAdmin) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    t = await service.release(session, principal, agency_of(principal, agency_id), body)
    return await idem.respond(session, 201, await service.transfer_out(session, t.id))


@router.get("", response_model=Page[TransferOut], summary="The agency's transfers, incoming and outgoing",
            description="`direction=incoming`: transfers to this agency (to accept or decline); `outgoing`: "
                        "released by it. Without direction, both.",
            responses=problem_responses(401, 403))
async def list_transfers(*, session: Session, page: PageParams = Depends(page_params),
                         sort: Sort = Depends(sort_param(service.TRANSFER_SORT, default="-created_at")),
                         direction: Direction | None = None, status: TransferStatus | None = None,
                         agency_id: uuid.UUID | None = Query(None, description="Service role only."),
                         principal: AgencyAdmin) -> Any:
    items, total = await service.list_transfers(session, agency_of(principal, agency_id), direction,
                                                status.value if status else None, page.limit, page.offset, sort=sort)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/{transfer_id}", response_model=TransferOut, summary="Read a transfer (either agency's admin)",
            description="Seen by the admins of the origin and of the destination; any other agency gets 404.",
            responses=problem_responses(401, 403, 404))
async def get_transfer(t: CurrentTransfer, session: Session) -> Any:
    return await service.transfer_out(session, t.id)


@router.post("/{transfer_id}/accept", response_model=TransferOut,
             summary="Accept an incoming transfer with the destination's SK: the person moves on the TMT",
             description="With a TMT still to come (this agency's calendar) the transfer becomes SCHEDULED and "
                         "nothing changes in either registry: the incoming person shows in `GET "
                         "/transfers?direction=incoming&status=SCHEDULED`, and the scheduler's `apply_transfers` "
                         "job applies it on the TMT. With a TMT of today or past it takes effect now: every "
                         "assignment at the origin still in force ends the day before the TMT (end_reason "
                         "transfer); the origin's record becomes `transferred_out` (read-only history); this agency "
                         "gets the person's record (same NIP and person data, ranks and educations, "
                         "`origin_employee_id`), whose `/origin-history` shows the origin's lines. What would block "
                         "the TMT (an assignment at the origin from the TMT on, the record no longer serving) is "
                         "refused here already.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def accept(*, t: TransferToDecide, body: TransferAccept, session: Session, principal: AgencyAdmin) -> Any:
    await service.accept(session, principal, t, body)
    return await service.transfer_out(session, t.id)


@router.post("/{transfer_id}/revoke", response_model=TransferOut,
             summary="Withdraw this agency's acceptance before it takes effect (destination's admin): RELEASED again",
             description="Only a SCHEDULED transfer: before its TMT, or after it when the TMT's run could not apply "
                         "it (the run reports why, e.g. the origin's record no longer serving). Nothing had changed "
                         "in either registry. The transfer is RELEASED "
                         "again: the origin may now cancel it (an accepted transfer is cancelled only by agreement: "
                         "the destination revokes, then the origin cancels), or this agency decide anew.",
             responses=problem_responses(401, 403, 404, 409))
async def revoke(*, t: TransferToDecide, session: Session, principal: AgencyAdmin) -> Any:
    await service.revoke(session, principal, t)
    return await service.transfer_out(session, t.id)


@router.post("/{transfer_id}/decline", response_model=TransferOut,
             summary="Decline an incoming transfer (the person stays where they are)",
             responses=problem_responses(401, 403, 404, 409, 422))
async def decline(*, t: TransferToDecide, body: TransferDecline, session: Session, principal: AgencyAdmin) -> Any:
    await service.decline(session, principal, t, body)
    return await service.transfer_out(session, t.id)


@router.post("/{transfer_id}/cancel", response_model=TransferOut,
             summary="Withdraw a release not yet decided (origin's admin)",
             description="Only a RELEASED transfer. An accepted one waiting for its TMT (SCHEDULED) answers 409 "
                         "`transfer_scheduled`: the destination's admin revokes its acceptance first.",
             responses=problem_responses(401, 403, 404, 409))
async def cancel(*, t: TransferToDecide, session: Session, principal: AgencyAdmin) -> Any:
    await service.cancel(session, principal, t)
    return await service.transfer_out(session, t.id)

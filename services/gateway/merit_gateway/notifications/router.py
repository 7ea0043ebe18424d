"""Notifications to people: the services' command (from their outboxes), the person's own list and settings, and
the agency admin's view of delivery."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from merit_gateway.accounts import _agency_scope
from merit_gateway.notifications import service
from merit_gateway.notifications.models import STATES, Notification
from merit_gateway.notifications.schemas import (
    NotificationCommand,
    NotificationDeliveryOut,
    NotificationOut,
    NotificationsCreated,
    NotificationSettings,
    NotificationSettingsIn,
)
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal, Role, current_principal, require_roles
from merit_shared.idempotency import Idempotency
from merit_shared.notify import Kind
from merit_shared.problems import problem_responses

router = APIRouter(tags=["notifications"])
SORT = {"created_at": Notification.created_at, "state": Notification.state, "kind": Notification.kind}
KINDS_DOC = ", ".join(f"`{k.value}`" for k in Kind)
StateFilter = Annotated[str | None, Query(pattern="^(" + "|".join(STATES) + ")$", description="Only this state.")]


@router.post("/api/v1/notifications", response_model=NotificationsCreated, status_code=201,
             summary="Notify a person of what awaits them (Merit services only, from their outbox)",
             description="A service queues this in the transaction of the change (``merit_shared.notify``), with an "
                         "`Idempotency-Key` naming the change: a retried delivery answers the first answer again and "
                         "notifies nobody twice. The recipient is an account (as the service seated it), the account "
                         "linked to an employee of `agency_id`, or every agency admin of `agency_id`; a person "
                         "without an account is reached by nobody (an empty list). The notification belongs to "
                         f"`agency_id`: its admin reads the delivery. Kinds: {KINDS_DOC}. Each person gets it in their language, "
                         "as their preference for the kind says (immediate, daily digest, off).",
             responses=problem_responses(401, 403, 422))
async def create_notifications(body: NotificationCommand, request: Request, session: Session, idem: Idempotency,
                               principal: Principal = require_roles(Role.SERVICE)) -> Response:
    if (stored := await idem.replay(session)) is not None:
        return stored
    created = await service.create(session, principal, body, request.app.state.sender.mailer.configured)
    if created:
        request.app.state.sender.wake()
    return await idem.respond(session, 201, NotificationsCreated(notification_ids=[n.id for n in created]))


@router.get("/api/v1/notifications", response_model=Page[NotificationOut],
            summary="Your own notifications, newest first",
            description="What awaited you and how its e-mail fared (`state`). Only your own, whatever your roles.",
            responses=problem_responses(401, 403, 422))
async def list_own(request: Request, session: Session, page: Annotated[PageParams, Depends(page_params)],
                   sort: Annotated[Sort, Depends(sort_param(SORT, default="-created_at"))],
                   kind: Kind | None = None, state: StateFilter = None,
                   principal: Principal = Depends(current_principal)) -> Page[NotificationOut]:
    total, rows = await service.page(session, service.own_notifications(principal, kind, state), sort, page.limit,
                                     page.offset)
    base = request.app.state.settings.public_url
    return Page(items=[NotificationOut(**service.to_out(n, base)) for n in rows], total=total, limit=page.limit,
                offset=page.offset)


@router.get("/api/v1/notification-settings", response_model=NotificationSettings,
            summary="Your e-mail address, language and how you want each kind of notification",
            responses=problem_responses(401, 403))
async def read_settings(session: Session, principal: Principal = Depends(current_principal)) -> NotificationSettings:
    return await service.settings_of(session, principal)


@router.put("/api/v1/notification-settings", response_model=NotificationSettings,
            summary="Set your e-mail address, language and per-kind preferences (immediate, digest, off)",
            description="Replaces all of them: kinds left out of `kinds` follow `default_mode`. `digest` collects "
                        "that kind into one e-mail a day (from `NOTIFY_DIGEST_HOUR` in your agency's time zone); "
                        "`off` sends nothing (the notification is still listed, state `opted_out`). Applies to "
                        "notifications that arrive from now on.",
            responses=problem_responses(401, 403, 422))
async def write_settings(body: NotificationSettingsIn, session: Session,
                         principal: Principal = Depends(current_principal)) -> NotificationSettings:
    await service.put_settings(session, principal, body)
    return await service.settings_of(session, principal)


@router.get("/api/v1/notification-deliveries", response_model=Page[NotificationDeliveryOut],
            summary="Delivery state of the agency's notifications (agency admin; the platform sees all)",
            description="Who was notified of what, and whether the e-mail went out: `pending` (retrying: "
                        "`attempts`, `next_attempt_at`, `last_error`), `sent`, `failed`, `not_sent`, `no_address`, "
                        "`opted_out`.",
            responses=problem_responses(401, 403, 422))
async def list_deliveries(request: Request, session: Session, page: Annotated[PageParams, Depends(page_params)],
                          sort: Annotated[Sort, Depends(sort_param(SORT, default="-created_at"))],
                          kind: Kind | None = None, state: StateFilter = None,
                          account_id: Annotated[uuid.UUID | None, Query(description="Only this account's.")] = None,
                          principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> Page[NotificationDeliveryOut]:
    q = service.agency_notifications(_agency_scope(principal), kind, state, account_id)
    total, rows = await service.page(session, q, sort, page.limit, page.offset)
    base = request.app.state.settings.public_url
    return Page(items=[service.to_delivery(n, base) for n in rows], total=total, limit=page.limit, offset=page.offset)


@router.get("/api/v1/notification-deliveries/{notification_id}", response_model=NotificationDeliveryOut,
            summary="One notification's delivery (agency admin; another agency's answers 404)",
            responses=problem_responses(401, 403, 404, 422))
async def read_delivery(notification_id: uuid.UUID, request: Request, session: Session,
                        principal: Principal = require_roles(Role.AGENCY_ADMIN)) -> NotificationDeliveryOut:
    n = await service.agency_notification(session, _agency_scope(principal), notification_id)
    return service.to_delivery(n, request.app.state.settings.public_url)

"""Webhooks: machine clients subscribe URLs to events; deliveries are signed (Standard Webhooks) and sent through
the gateway's delivery outbox to origins the agency admin allowed."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, Response

from merit_gateway.webhooks import service
from merit_gateway.webhooks.feeds import known_types
from merit_gateway.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookOrigin, WebhookSubscription
from merit_gateway.webhooks.schemas import (
    AttemptOut,
    DeliveryBody,
    OriginIn,
    OriginOut,
    SubscriptionIn,
    SubscriptionOut,
    SubscriptionPatch,
    SubscriptionSecretOut,
    WebhookDeliveryOut,
)
from merit_gateway.webhooks.service import CurrentOrigin, CurrentSubscription, SubscriptionLocked
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.authz import AdminOrMachineClient, AgencyAdmin, MachineClient
from merit_shared.errors import NotFound
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1", tags=["webhooks"])
#: The OpenAPI document's ``webhooks``: the request Merit sends to a subscriber (documentation, never served).
deliveries = APIRouter(tags=["webhooks"])
SUBS = "/webhook-subscriptions"

TYPES_DOC = ", ".join(f"`{t}`" for t in known_types())
SIGNING_DOC = ("Each delivery is a POST of `{type, timestamp, data}` (data: the feed's event) with the headers "
               "`webhook-id` (the same on every retry), `webhook-timestamp` (Unix seconds) and `webhook-signature` "
               "(`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` with the secret; during a rotation's overlap two "
               "signatures, space separated), as the Standard Webhooks specification says. Verify with any Standard "
               "Webhooks library (README \"Webhooks\").")

SUB_SORT = {"created_at": WebhookSubscription.created_at, "url": WebhookSubscription.url,
            "active": WebhookSubscription.active}
ORIGIN_SORT = {"origin": WebhookOrigin.origin, "created_at": WebhookOrigin.created_at}
DELIVERY_SORT = {"created_at": WebhookDelivery.seq, "status": WebhookDelivery.status,
                 "next_attempt_at": WebhookDelivery.next_attempt_at, "event_id": WebhookDelivery.event_id}
ATTEMPT_SORT = {"attempted_at": WebhookAttempt.attempted_at, "outcome": WebhookAttempt.outcome}


def _wake(request: Request, tasks: BackgroundTasks) -> None:
    """After the commit (background tasks run once the answer is sent): the dispatcher sends it at once."""
    dispatcher = getattr(request.app.state, "webhooks", None)
    if dispatcher is not None:
        tasks.add_task(dispatcher.wake)


# --- the allow-list (agency admin) ---------------------------------------------------------------------------------

@router.post("/webhook-origins", response_model=OriginOut, status_code=201, tags=["webhooks"],
             summary="Allow an origin for the agency's webhooks (agency admin)",
             description="Subscriptions may only name URLs of an allowed origin (scheme, host and port; http or "
                         "https). At delivery the host is resolved and loopback, private, link-local, multicast, "
                         "unspecified and reserved addresses are refused unless the entry has `allow_private` (a "
                         "receiver inside the agency's network); cloud metadata addresses are refused always. A "
                         "second entry for the same origin answers 409 `webhook_origin_exists`.",
             responses=problem_responses(401, 403, 409, 422))
async def create_origin(body: OriginIn, session: Session, principal: AgencyAdmin,
                        agency_id: Annotated[uuid.UUID | None, Query(description="Platform operators only.")] = None
                        ) -> OriginOut:
    return OriginOut.model_validate(await service.add_origin(session, principal, body, agency_id))


@router.get("/webhook-origins", response_model=Page[OriginOut],
            summary="The agency's allowed webhook origins (agency admin; its machine clients read them too)",
            responses=problem_responses(401, 403, 422))
async def list_origins(session: Session, principal: AdminOrMachineClient,
                       page: Annotated[PageParams, Depends(page_params)],
                       sort: Annotated[Sort, Depends(sort_param(ORIGIN_SORT, default="origin"))],
                       agency_id: Annotated[uuid.UUID | None, Query(description="Platform operators only.")] = None
                       ) -> Page[OriginOut]:
    total, rows = await service.list_origins(session, principal, agency_id, page, sort)
    return Page(items=[OriginOut.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.delete("/webhook-origins/{origin_id}", status_code=204,
               summary="Remove an allowed origin (agency admin); deliveries to it are refused from then on",
               responses=problem_responses(401, 403, 404, 422))
async def delete_origin(origin: CurrentOrigin, session: Session) -> Response:
    await service.delete_origin(session, origin)
    return Response(status_code=204)


# --- subscriptions -------------------------------------------------------------------------------------------------

@router.post(SUBS, response_model=SubscriptionSecretOut, status_code=201,
             summary="Subscribe a URL to event types (machine client, scope webhooks:manage); the secret is shown once",
             description=f"Event types: {TYPES_DOC}, or `*`. The URL's origin must be on the agency's allow-list "
                         "(else 422 `webhook_url_not_allowed` naming `body.url`). Only events that occur after the "
                         "subscription was made are delivered, at least once, in order per record, retried with "
                         "backoff for about a day; a subscription that keeps failing is disabled with its reason. "
                         + SIGNING_DOC,
             responses=problem_responses(401, 403, 422))
async def create_subscription(body: SubscriptionIn, session: Session,
                              principal: MachineClient) -> SubscriptionSecretOut:
    sub, secret = await service.create(session, principal, body)
    return SubscriptionSecretOut(**service.out(principal, sub).model_dump(), secret=secret)


@router.get(SUBS, response_model=Page[SubscriptionOut],
            summary="Webhook subscriptions: a machine client's own; the agency admin's: all of the agency",
            responses=problem_responses(401, 403, 422))
async def list_subscriptions(session: Session, principal: AdminOrMachineClient,
                             page: Annotated[PageParams, Depends(page_params)],
                             sort: Annotated[Sort, Depends(sort_param(SUB_SORT, default="created_at"))],
                             active: bool | None = None,
                             agency_id: Annotated[uuid.UUID | None, Query(description="Platform operators only.")]
                             = None) -> Page[SubscriptionOut]:
    total, rows = await service.list_subscriptions(session, principal, page, sort, active, agency_id)
    return Page(items=[service.out(principal, s) for s in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(SUBS + "/{subscription_id}", response_model=SubscriptionOut,
            summary="One webhook subscription (no secret)",
            description="Another agency's subscription, or another machine client's, answers 404.",
            responses=problem_responses(401, 403, 404, 422))
async def read_subscription(sub: CurrentSubscription, principal: AdminOrMachineClient) -> SubscriptionOut:
    return service.out(principal, sub)


@router.patch(SUBS + "/{subscription_id}", response_model=SubscriptionOut,
              summary="Change a subscription's URL, event types or description (its machine client)",
              responses=problem_responses(401, 403, 404, 422))
async def update_subscription(body: SubscriptionPatch, sub: SubscriptionLocked, session: Session,
                              principal: MachineClient) -> SubscriptionOut:
    return service.out(principal, await service.update(session, principal, sub, body))


@router.delete(SUBS + "/{subscription_id}", status_code=204,
               summary="Delete a subscription (its machine client); nothing more is sent, its log goes with it",
               responses=problem_responses(401, 403, 404, 422))
async def delete_subscription(sub: SubscriptionLocked, session: Session, principal: MachineClient) -> Response:
    await service.delete(session, principal, sub)
    return Response(status_code=204)


@router.post(SUBS + "/{subscription_id}/rotate-secret", response_model=SubscriptionSecretOut,
             summary="Issue a new signing secret (shown once); the old one keeps signing during the overlap",
             description="Until `previous_secret_expires_at` (`WEBHOOK_SECRET_OVERLAP_SECONDS`, default a day) each "
                         "delivery carries two signatures, one per secret, so the receiver can switch at leisure.",
             responses=problem_responses(401, 403, 404, 422))
async def rotate_secret(request: Request, sub: SubscriptionLocked, session: Session,
                        principal: MachineClient) -> SubscriptionSecretOut:
    overlap = request.app.state.settings.webhook_secret_overlap_seconds
    sub, secret = await service.rotate_secret(session, principal, sub, overlap)
    return SubscriptionSecretOut(**service.out(principal, sub).model_dump(), secret=secret)


@router.post(SUBS + "/{subscription_id}/disable", response_model=SubscriptionOut,
             summary="Disable a subscription (its machine client, or the agency admin); nothing is sent meanwhile",
             description="Its pending deliveries wait; events meanwhile are not enqueued for it. An already disabled "
                         "subscription answers 409 `webhook_subscription_disabled`.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def disable_subscription(sub: SubscriptionLocked, session: Session,
                               principal: AdminOrMachineClient) -> SubscriptionOut:
    return service.out(principal, await service.disable(session, principal, sub))


@router.post(SUBS + "/{subscription_id}/enable", response_model=SubscriptionOut,
             summary="Enable a disabled subscription again; its pending deliveries resume in order",
             description="The machine client enables what it or the dispatcher disabled; what the agency admin "
                         "disabled only the admin enables (409 `webhook_disabled_by_admin`).",
             responses=problem_responses(401, 403, 404, 409, 422))
async def enable_subscription(request: Request, tasks: BackgroundTasks, sub: SubscriptionLocked, session: Session,
                              principal: AdminOrMachineClient) -> SubscriptionOut:
    _wake(request, tasks)
    return service.out(principal, await service.enable(session, principal, sub))


@router.post(SUBS + "/{subscription_id}/ping", response_model=WebhookDeliveryOut, status_code=202,
             summary="Send a signed test message (`webhook.ping`) through the delivery outbox",
             description="The answer is the queued delivery; its outcome appears in the delivery log. " + SIGNING_DOC,
             responses=problem_responses(401, 403, 404, 409, 422))
async def ping_subscription(request: Request, tasks: BackgroundTasks, sub: SubscriptionLocked, session: Session,
                            principal: MachineClient) -> Any:
    _wake(request, tasks)
    return service.delivery_out(await service.ping(session, principal, sub))


@router.get(SUBS + "/{subscription_id}/deliveries", response_model=Page[WebhookDeliveryOut],
            summary="The subscription's deliveries (one per event, and its pings), newest first by default",
            responses=problem_responses(401, 403, 404, 422))
async def list_deliveries(sub: CurrentSubscription, session: Session,
                          page: Annotated[PageParams, Depends(page_params)],
                          sort: Annotated[Sort, Depends(sort_param(DELIVERY_SORT, default="-created_at"))],
                          status: Literal["pending", "delivered", "failed"] | None = None) -> Any:
    total, rows = await service.list_deliveries(session, sub, page, sort, status)
    return {"items": rows, "total": total, "limit": page.limit, "offset": page.offset}


@router.get(SUBS + "/{subscription_id}/attempts", response_model=Page[AttemptOut],
            summary="The delivery log: every attempt (time, status code, duration, error), newest first by default",
            responses=problem_responses(401, 403, 404, 422))
async def list_attempts(sub: CurrentSubscription, session: Session,
                        page: Annotated[PageParams, Depends(page_params)],
                        sort: Annotated[Sort, Depends(sort_param(ATTEMPT_SORT, default="-attempted_at"))],
                        delivery_id: Annotated[uuid.UUID | None, Query(description="Only this delivery's.")] = None
                        ) -> Any:
    total, rows = await service.list_attempts(session, sub, page, sort, delivery_id)
    return {"items": rows, "total": total, "limit": page.limit, "offset": page.offset}


@router.post(SUBS + "/{subscription_id}/deliveries/{delivery_id}/redeliver", response_model=WebhookDeliveryOut,
             status_code=202,
             summary="Send a delivered or failed delivery again, now (same webhook-id, retries from the start)",
             description="A pending delivery answers 409 `webhook_delivery_pending`; a disabled subscription 409 "
                         "`webhook_subscription_disabled`.",
             responses=problem_responses(401, 403, 404, 409, 422))
async def redeliver(request: Request, tasks: BackgroundTasks, delivery_id: uuid.UUID, sub: SubscriptionLocked, session: Session,
                    principal: MachineClient) -> Any:
    delivery = await service.load_delivery(session, sub, delivery_id, lock=True)
    if delivery is None:
        raise NotFound("Pengiriman webhook", delivery_id, what_en="Webhook delivery")
    _wake(request, tasks)
    return service.delivery_out(await service.redeliver(session, principal, sub, delivery))


def _header(name: str, description: str, example: str) -> dict[str, Any]:
    return {"name": name, "in": "header", "required": True, "description": description,
            "schema": {"type": "string"}, "example": example}


@deliveries.post("event-delivery", operation_id="webhooks_event_delivery",
                 summary="What a subscribed URL receives: one event (or a ping), signed",
                 description=SIGNING_DOC + " Answer any 2xx within `WEBHOOK_TIMEOUT_SECONDS` (5 s): anything "
                             "else, a redirect included, is retried on the schedule (about a day).",
                 responses={200: {"description": "Any 2xx: delivered."}},
                 openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                     "schema": DeliveryBody.model_json_schema()}}},
                     "parameters": [
                         _header("webhook-id", "The message id: the same on every retry and redelivery.",
                                 "msg_2b7f3c0e9d4a4f1c8e6b5a7d9c0e1f23"),
                         _header("webhook-timestamp", "Unix seconds of this attempt.", "1796266800"),
                         _header("webhook-signature", "`v1,` + base64 HMAC-SHA256 of `id.timestamp.body`; "
                                 "space-separated when two secrets sign (a rotation's overlap).",
                                 "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=")]})
def event_delivery() -> None:
    """Documentation only: Merit sends this request; nothing here answers it."""

"""Webhook subscriptions of machine clients, the agency's allowed origins, the delivery log, pings and redelivery.

Who does what: a machine client of the agency (scope ``webhooks:manage``) owns its subscriptions (create, change,
delete, rotate the secret, ping, redeliver, disable/enable) and reads only its own; the agency admin sets the
allow-list of origins and reads, disables and enables every subscription of the agency. Another agency's (or
another client's) subscription is 404. ``allowed_actions`` is computed by ``refusal``, the function every action
is guarded with.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_gateway.webhooks import rules
from merit_gateway.webhooks.errors import (
    WEBHOOK_DELIVERY_PENDING,
    WEBHOOK_DISABLED_BY_ADMIN,
    WEBHOOK_EVENT_TYPE_UNKNOWN,
    WEBHOOK_ONLY_MACHINE_CLIENTS,
    WEBHOOK_ORIGIN_EXISTS,
    WEBHOOK_ORIGIN_INVALID,
    WEBHOOK_SUBSCRIPTION_ACTIVE,
    WEBHOOK_SUBSCRIPTION_DISABLED,
    WEBHOOK_URL_INVALID,
    WEBHOOK_URL_NOT_ALLOWED,
)
from merit_gateway.webhooks.feeds import known_types
from merit_gateway.webhooks.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookOrigin,
    WebhookSubscription,
)
from merit_gateway.webhooks.schemas import OriginIn, SubscriptionIn, SubscriptionOut, SubscriptionPatch
from merit_shared import clock
from merit_shared.api import PageParams, Sort, apply_sort
from merit_shared.auth import Principal
from merit_shared.authz import AdminOrMachineClient, AgencyAdmin, same_agency, scoped_loader
from merit_shared.error_codes import AGENCY_ID_REQUIRED, FORBIDDEN_YOUR_TOKEN_NOT_BOUND
from merit_shared.errors import DomainError

OWNER_ACTIONS = ("update", "delete", "rotate_secret", "ping", "redeliver", "disable", "enable")
ADMIN_ACTIONS = ("disable", "enable")


def _agency_of(principal: Principal, agency_id: uuid.UUID | None = None) -> uuid.UUID:
    if principal.is_service:
        if agency_id is None:
            raise AGENCY_ID_REQUIRED.error(field="query.agency_id")
        return agency_id
    if not principal.agency_id:
        raise FORBIDDEN_YOUR_TOKEN_NOT_BOUND.error()
    return uuid.UUID(principal.agency_id)


def _owns(principal: Principal, sub: WebhookSubscription) -> bool:
    return principal.is_machine_client and principal.account_id == str(sub.client_id)


# --- authorization of one subscription: loader, guards, allowed_actions -------------------------------------------

async def load_subscription(session: AsyncSession, ident: uuid.UUID, principal: Principal,
                            lock: bool = False) -> WebhookSubscription | None:
    """The subscription in the caller's reach: the owning machine client's, the agency admin's (every one of the
    agency), the platform's (any); None otherwise (404, as for an unknown id)."""
    q = sa.select(WebhookSubscription).where(WebhookSubscription.id == ident)
    if lock:
        q = q.with_for_update().execution_options(populate_existing=True)
    sub = (await session.execute(q)).scalar_one_or_none()
    if sub is None or not same_agency(principal, sub.agency_id):
        return None
    if principal.is_machine_client and not _owns(principal, sub):
        return None
    return sub


async def load_subscription_locked(session: AsyncSession, ident: uuid.UUID,
                                   principal: Principal) -> WebhookSubscription | None:
    return await load_subscription(session, ident, principal, lock=True)


CurrentSubscription = scoped_loader(WebhookSubscription, "subscription_id", "Langganan webhook", load_subscription,
                                    principal=AdminOrMachineClient, what_en="Webhook subscription")
SubscriptionLocked = scoped_loader(WebhookSubscription, "subscription_id", "Langganan webhook",
                                   load_subscription_locked, principal=AdminOrMachineClient,
                                   what_en="Webhook subscription")


def refusal(principal: Principal, sub: WebhookSubscription, action: str) -> DomainError | None:
    """Why ``principal`` may not take ``action`` on ``sub`` now (None: it may)."""
    if principal.is_machine_client:
        if action not in OWNER_ACTIONS or not _owns(principal, sub):
            return WEBHOOK_ONLY_MACHINE_CLIENTS.error()
    elif action not in ADMIN_ACTIONS:
        return WEBHOOK_ONLY_MACHINE_CLIENTS.error()
    if action in ("ping", "redeliver", "disable") and not sub.active:
        return WEBHOOK_SUBSCRIPTION_DISABLED.error(id=sub.id, reason=sub.disabled_reason or "inactive")
    if action == "enable":
        if sub.active:
            return WEBHOOK_SUBSCRIPTION_ACTIVE.error()
        if principal.is_machine_client and sub.disabled_reason == "disabled_by_admin":
            return WEBHOOK_DISABLED_BY_ADMIN.error()
    return None


def require(principal: Principal, sub: WebhookSubscription, action: str) -> None:
    if (why := refusal(principal, sub, action)) is not None:
        raise why


def allowed_actions(principal: Principal, sub: WebhookSubscription) -> list[str]:
    return [a for a in OWNER_ACTIONS if refusal(principal, sub, a) is None]


def out(principal: Principal, sub: WebhookSubscription) -> SubscriptionOut:
    return SubscriptionOut.model_validate({**{c.key: getattr(sub, c.key) for c in sa.inspect(WebhookSubscription)
                                              .columns}, "allowed_actions": allowed_actions(principal, sub)})


# --- the allow-list ------------------------------------------------------------------------------------------------

async def add_origin(session: AsyncSession, principal: Principal, body: OriginIn,
                     agency_id: uuid.UUID | None) -> WebhookOrigin:
    agency = _agency_of(principal, agency_id)
    try:
        origin = rules.normalise_origin(body.origin)
    except rules.BadUrl as exc:
        raise WEBHOOK_ORIGIN_INVALID.error(field="body.origin", why_id=str(exc), why_en=str(exc)) from None
    exists = await session.scalar(sa.select(WebhookOrigin.id).where(WebhookOrigin.agency_id == agency,
                                                                    WebhookOrigin.origin == origin))
    if exists:
        raise WEBHOOK_ORIGIN_EXISTS.error(field="body.origin", origin=origin)
    row = WebhookOrigin(agency_id=agency, origin=origin, allow_private=body.allow_private, note=body.note,
                        created_by=uuid.UUID(principal.account_id) if principal.account_id else None)
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row


async def list_origins(session: AsyncSession, principal: Principal, agency_id: uuid.UUID | None, page: PageParams,
                       sort: Sort) -> tuple[int, list[WebhookOrigin]]:
    q = sa.select(WebhookOrigin)
    if not principal.is_service or agency_id is not None:
        q = q.where(WebhookOrigin.agency_id == _agency_of(principal, agency_id))
    total = int(await session.scalar(sa.select(sa.func.count()).select_from(q.subquery())) or 0)
    rows = (await session.scalars(apply_sort(q, sort, WebhookOrigin.id).limit(page.limit).offset(page.offset))).all()
    return total, list(rows)


async def load_origin(session: AsyncSession, ident: uuid.UUID, principal: Principal) -> WebhookOrigin | None:
    row = await session.get(WebhookOrigin, ident)
    return row if row is not None and same_agency(principal, row.agency_id) else None


CurrentOrigin = scoped_loader(WebhookOrigin, "origin_id", "Origin webhook", load_origin, principal=AgencyAdmin,
                              what_en="Webhook origin")


async def delete_origin(session: AsyncSession, row: WebhookOrigin) -> None:
    """Subscriptions already made keep their URL; deliveries through a removed origin are refused from now on."""
    await session.delete(row)
    await session.flush()


async def origin_for(session: AsyncSession, agency_id: uuid.UUID, url: str) -> tuple[rules.Target, WebhookOrigin | None]:
    target = rules.parse_target(url)
    row = (await session.execute(sa.select(WebhookOrigin).where(
        WebhookOrigin.agency_id == agency_id, WebhookOrigin.origin == target.origin))).scalar_one_or_none()
    return target, row


async def _check_url(session: AsyncSession, agency_id: uuid.UUID, url: str) -> str:
    try:
        target, allowed = await origin_for(session, agency_id, url)
    except rules.BadUrl as exc:
        raise WEBHOOK_URL_INVALID.error(field="body.url", why_id=str(exc), why_en=str(exc)) from None
    if allowed is None:
        raise WEBHOOK_URL_NOT_ALLOWED.error(field="body.url", origin=target.origin)
    return url.strip()


def _check_types(types: list[str]) -> list[str]:
    unknown = rules.unknown_types(types, known_types())
    if unknown:
        raise WEBHOOK_EVENT_TYPE_UNKNOWN.error(field="body.event_types", types=", ".join(unknown),
                                               known=", ".join(known_types()))
    return sorted(set(types))


# --- subscriptions -------------------------------------------------------------------------------------------------

async def create(session: AsyncSession, principal: Principal, body: SubscriptionIn) -> tuple[WebhookSubscription, str]:
    if not principal.is_machine_client or not principal.account_id:
        raise WEBHOOK_ONLY_MACHINE_CLIENTS.error()
    agency = _agency_of(principal)
    url = await _check_url(session, agency, body.url)
    types = _check_types(body.event_types)
    secret = rules.new_secret()
    now = clock.utcnow()
    sub = WebhookSubscription(agency_id=agency, client_id=uuid.UUID(principal.account_id), url=url, event_types=types,
                              description=body.description, active=body.active, secret=secret,
                              consecutive_failures=0, created_at=now, updated_at=now,
                              disabled_reason=None if body.active else "disabled_by_client",
                              disabled_at=None if body.active else now)
    session.add(sub)
    await session.flush()
    return sub, secret


async def list_subscriptions(session: AsyncSession, principal: Principal, page: PageParams, sort: Sort,
                             active: bool | None, agency_id: uuid.UUID | None) -> tuple[int, list[WebhookSubscription]]:
    q = sa.select(WebhookSubscription)
    if principal.is_machine_client:
        q = q.where(WebhookSubscription.client_id == uuid.UUID(str(principal.account_id)))
    if not principal.is_service or agency_id is not None:
        q = q.where(WebhookSubscription.agency_id == _agency_of(principal, agency_id))
    if active is not None:
        q = q.where(WebhookSubscription.active.is_(active))
    total = int(await session.scalar(sa.select(sa.func.count()).select_from(q.subquery())) or 0)
    rows = (await session.scalars(apply_sort(q, sort, WebhookSubscription.id).limit(page.limit)
                                  .offset(page.offset))).all()
    return total, list(rows)


async def update(session: AsyncSession, principal: Principal, sub: WebhookSubscription,
                 body: SubscriptionPatch) -> WebhookSubscription:
    require(principal, sub, "update")
    if body.url is not None:
        sub.url = await _check_url(session, sub.agency_id, body.url)
    if body.event_types is not None:
        sub.event_types = _check_types(body.event_types)
    if "description" in body.model_fields_set:
        sub.description = body.description
    sub.updated_at = clock.utcnow()
    await session.flush()
    return sub


async def delete(session: AsyncSession, principal: Principal, sub: WebhookSubscription) -> None:
    """Its deliveries and their log go with it (nothing more is sent)."""
    require(principal, sub, "delete")
    await session.delete(sub)
    await session.flush()


async def rotate_secret(session: AsyncSession, principal: Principal, sub: WebhookSubscription,
                        overlap_seconds: float) -> tuple[WebhookSubscription, str]:
    """A new secret; the current one keeps signing too (a second signature) for ``overlap_seconds``."""
    require(principal, sub, "rotate_secret")
    now = clock.utcnow()
    secret = rules.new_secret()
    if overlap_seconds > 0:
        sub.previous_secret, sub.previous_secret_expires_at = sub.secret, now + timedelta(seconds=overlap_seconds)
    else:
        sub.previous_secret, sub.previous_secret_expires_at = None, None
    sub.secret, sub.secret_rotated_at, sub.updated_at = secret, now, now
    await session.flush()
    return sub, secret


async def disable(session: AsyncSession, principal: Principal, sub: WebhookSubscription) -> WebhookSubscription:
    require(principal, sub, "disable")
    who = "client" if principal.is_machine_client else "admin"
    now = clock.utcnow()
    sub.active, sub.disabled_reason, sub.disabled_at, sub.updated_at = False, f"disabled_by_{who}", now, now
    sub.disabled_detail = f"Disabled by {principal.subject}."
    await session.flush()
    return sub


async def enable(session: AsyncSession, principal: Principal, sub: WebhookSubscription) -> WebhookSubscription:
    """Active again with a clean failure record; its pending deliveries resume, in order."""
    require(principal, sub, "enable")
    sub.active, sub.disabled_reason, sub.disabled_detail, sub.disabled_at = True, None, None, None
    sub.consecutive_failures, sub.failing_since, sub.updated_at = 0, None, clock.utcnow()
    await session.flush()
    return sub


async def ping(session: AsyncSession, principal: Principal, sub: WebhookSubscription) -> WebhookDelivery:
    """A ``webhook.ping`` message through the same outbox, signature and checks as every event."""
    require(principal, sub, "ping")
    now = clock.utcnow()
    delivery = WebhookDelivery(id=uuid.uuid4(), subscription_id=sub.id, agency_id=sub.agency_id, feed=None,
                               event_id=None, event_type=rules.PING_TYPE, record_key=None, status="pending",
                               attempts=0, next_attempt_at=now, created_at=now, payload={
                                   "type": rules.PING_TYPE, "timestamp": now.isoformat(),
                                   "data": {"subscription_id": str(sub.id), "agency_id": str(sub.agency_id),
                                            "message": "Merit webhook test ping"}})
    session.add(delivery)
    await session.flush()
    return delivery


async def load_delivery(session: AsyncSession, sub: WebhookSubscription, delivery_id: uuid.UUID,
                        lock: bool = False) -> WebhookDelivery | None:
    q = sa.select(WebhookDelivery).where(WebhookDelivery.id == delivery_id, WebhookDelivery.subscription_id == sub.id)
    if lock:
        q = q.with_for_update().execution_options(populate_existing=True)
    return (await session.execute(q)).scalar_one_or_none()


async def redeliver(session: AsyncSession, principal: Principal, sub: WebhookSubscription,
                    delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivered or failed message again, now, with its retry schedule from the start and the same
    ``webhook-id``."""
    require(principal, sub, "redeliver")
    if delivery.status == "pending":
        raise WEBHOOK_DELIVERY_PENDING.error(next_attempt_at=delivery.next_attempt_at.isoformat())
    now = clock.utcnow()
    delivery.status, delivery.attempts, delivery.next_attempt_at, delivery.redelivered_at = "pending", 0, now, now
    await session.flush()
    return delivery


def delivery_out(d: WebhookDelivery) -> dict[str, Any]:
    row = {c.key: getattr(d, c.key) for c in sa.inspect(WebhookDelivery).columns}
    return {**row, "webhook_id": rules.webhook_id(d.id),
            "next_attempt_at": d.next_attempt_at if d.status == "pending" else None}


async def list_deliveries(session: AsyncSession, sub: WebhookSubscription, page: PageParams, sort: Sort,
                          status: str | None) -> tuple[int, list[dict[str, Any]]]:
    q = sa.select(WebhookDelivery).where(WebhookDelivery.subscription_id == sub.id)
    if status:
        q = q.where(WebhookDelivery.status == status)
    total = int(await session.scalar(sa.select(sa.func.count()).select_from(q.subquery())) or 0)
    rows = (await session.scalars(apply_sort(q, sort, WebhookDelivery.id).limit(page.limit)
                                  .offset(page.offset))).all()
    return total, [delivery_out(d) for d in rows]


async def list_attempts(session: AsyncSession, sub: WebhookSubscription, page: PageParams, sort: Sort,
                        delivery_id: uuid.UUID | None) -> tuple[int, list[dict[str, Any]]]:
    q = (sa.select(WebhookAttempt, WebhookDelivery.event_type)
         .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
         .where(WebhookAttempt.subscription_id == sub.id))
    if delivery_id is not None:
        q = q.where(WebhookAttempt.delivery_id == delivery_id)
    total = int(await session.scalar(sa.select(sa.func.count()).select_from(q.subquery())) or 0)
    rows = (await session.execute(apply_sort(q, sort, WebhookAttempt.id).limit(page.limit)
                                  .offset(page.offset))).all()
    return total, [{**{c.key: getattr(a, c.key) for c in sa.inspect(WebhookAttempt).columns},
                    "webhook_id": rules.webhook_id(a.delivery_id), "event_type": event_type}
                   for a, event_type in rows]


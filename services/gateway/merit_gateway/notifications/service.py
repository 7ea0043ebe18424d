"""Notifications: the command from a service's outbox becomes one notification per person reached, in that
person's language, with the state their preferences and address give it; the person's and the agency admin's
reads; the person's own settings. Sending is ``sender.py``'s."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_gateway.models import User
from merit_gateway.notifications.errors import NOTIFICATION_PARAMS_MISSING, NOTIFICATIONS_FOR_PEOPLE, ONE_RECIPIENT
from merit_gateway.notifications.models import Notification, NotificationPreference
from merit_gateway.notifications.schemas import (
    Language,
    Mode,
    NotificationCommand,
    NotificationDeliveryOut,
    NotificationSettings,
    NotificationSettingsIn,
)
from merit_gateway.notifications.templates import link, render
from merit_shared.api import Sort, apply_sort
from merit_shared.auth import Principal, Role
from merit_shared.errors import NotFound
from merit_shared.notify import PARAMS, Kind

DEFAULT_KEY = "*"  # the preference row that stands for every kind without its own


def mode_for(prefs: Mapping[str, str], kind: str) -> Mode:
    """The person's mode for ``kind``: its own row, else their default, else immediate."""
    return Mode(prefs.get(kind) or prefs.get(DEFAULT_KEY) or Mode.IMMEDIATE)


def initial_state(mode: Mode, email: str | None, smtp_configured: bool) -> tuple[str, bool]:
    """(state, digest) of a new notification: opted out, without an address, kept unsent without SMTP, or
    pending (alone or for the digest)."""
    if mode is Mode.OFF:
        return "opted_out", False
    if not email:
        return "no_address", False
    if not smtp_configured:
        return "not_sent", False
    return "pending", mode is Mode.DIGEST


def check_command(body: NotificationCommand) -> None:
    r = body.recipient
    named = sum((r.account_id is not None, r.employee_id is not None, r.agency_admins))
    if named != 1 or ((r.employee_id is not None or r.agency_admins) and body.agency_id is None):
        raise ONE_RECIPIENT.error(field="body.recipient")
    missing = [p for p in PARAMS[body.kind] if p not in body.params]
    if missing:
        raise NOTIFICATION_PARAMS_MISSING.error(field="body.params", kind=body.kind.value, missing=", ".join(missing))


async def recipients(session: AsyncSession, body: NotificationCommand) -> list[User]:
    """The active accounts the command names. An account id is the one the producing service seated (an external
    committee member may belong to another agency); an employee id and the agency admins are looked up inside the
    command's agency only (an employee id no login of that agency is linked to reaches nobody)."""
    r, q = body.recipient, sa.select(User).where(User.active)
    if r.account_id is not None:
        q = q.where(User.id == r.account_id)
    elif r.employee_id is not None:
        q = q.where(User.employee_id == r.employee_id, User.agency_id == body.agency_id)
    else:
        q = q.where(User.roles.contains([Role.AGENCY_ADMIN.value]), User.agency_id == body.agency_id)
    return list((await session.execute(q.order_by(User.username))).scalars())


async def preferences(session: AsyncSession, account_id: uuid.UUID) -> dict[str, str]:
    rows = await session.execute(sa.select(NotificationPreference.kind, NotificationPreference.mode).where(
        NotificationPreference.account_id == account_id))
    return {k: m for k, m in rows}


async def create(session: AsyncSession, principal: Principal, body: NotificationCommand,
                 smtp_configured: bool) -> list[Notification]:
    check_command(body)
    out = []
    for user in await recipients(session, body):
        state, digest = initial_state(mode_for(await preferences(session, user.id), body.kind.value), user.email,
                                      smtp_configured)
        # The record's agency owns the notification (its admin reads the delivery), else the person's.
        n = Notification(id=uuid.uuid4(), agency_id=body.agency_id or user.agency_id, account_id=user.id, kind=body.kind.value,
                         params=body.params, language=user.language, state=state, digest=digest,
                         source=principal.subject)
        session.add(n)
        out.append(n)
    await session.flush()
    return out


def to_out(n: Notification, base_url: str | None) -> dict[str, Any]:
    kind = Kind(n.kind)
    return {"id": n.id, "kind": n.kind, "subject": render(kind, n.language, n.params, base_url)[0],
            "link": link(kind, n.params, base_url), "language": n.language, "state": n.state, "digest": n.digest,
            "params": n.params, "created_at": n.created_at, "sent_at": n.sent_at}


def to_delivery(n: Notification, base_url: str | None) -> NotificationDeliveryOut:
    return NotificationDeliveryOut(**to_out(n, base_url), account_id=n.account_id, agency_id=n.agency_id, attempts=n.attempts,
                       next_attempt_at=n.next_attempt_at if n.state == "pending" else None, last_error=n.last_error)


def own_account(principal: Principal) -> uuid.UUID:
    """The person's account id; machine clients and services have no notifications (403)."""
    if principal.is_service or principal.claims.get("client") or not principal.account_id:
        raise NOTIFICATIONS_FOR_PEOPLE.error()
    return uuid.UUID(principal.account_id)


async def page(session: AsyncSession, q: Any, sort: Sort, limit: int, offset: int) -> tuple[int, list[Notification]]:
    total = (await session.execute(sa.select(sa.func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, Notification.id).limit(limit).offset(offset))).scalars()
    return total, list(rows)


def filtered(q: Any, kind: Kind | None, state: str | None) -> Any:
    if kind is not None:
        q = q.where(Notification.kind == kind.value)
    if state is not None:
        q = q.where(Notification.state == state)
    return q


def own_notifications(principal: Principal, kind: Kind | None, state: str | None) -> Any:
    return filtered(sa.select(Notification).where(Notification.account_id == own_account(principal)), kind, state)


def agency_notifications(agency_id: uuid.UUID | None, kind: Kind | None, state: str | None,
                         account_id: uuid.UUID | None) -> Any:
    q = sa.select(Notification)
    if agency_id is not None:  # None: the platform, every agency
        q = q.where(Notification.agency_id == agency_id)
    if account_id is not None:
        q = q.where(Notification.account_id == account_id)
    return filtered(q, kind, state)


async def agency_notification(session: AsyncSession, agency_id: uuid.UUID | None,
                              notification_id: uuid.UUID) -> Notification:
    n = await session.get(Notification, notification_id)
    if n is None or (agency_id is not None and n.agency_id != agency_id):
        raise NotFound("Pemberitahuan", notification_id, what_en="Notification")
    return n


async def settings_of(session: AsyncSession, principal: Principal) -> NotificationSettings:
    user = await session.get(User, own_account(principal))
    if user is None:
        raise NOTIFICATIONS_FOR_PEOPLE.error()
    prefs = await preferences(session, user.id)
    return NotificationSettings(email=user.email, language=Language(user.language),
                                default_mode=mode_for(prefs, DEFAULT_KEY),
                                kinds={Kind(k): Mode(m) for k, m in prefs.items() if k != DEFAULT_KEY})


async def put_settings(session: AsyncSession, principal: Principal, body: NotificationSettingsIn) -> None:
    user = await session.get(User, own_account(principal), with_for_update=True)
    if user is None:
        raise NOTIFICATIONS_FOR_PEOPLE.error()
    user.email, user.language = body.email, body.language.value
    await session.execute(sa.delete(NotificationPreference).where(NotificationPreference.account_id == user.id))
    rows = {DEFAULT_KEY: body.default_mode.value, **{k.value: m.value for k, m in body.kinds.items()}}
    session.add_all(NotificationPreference(account_id=user.id, kind=k, mode=m) for k, m in rows.items())
    await session.flush()

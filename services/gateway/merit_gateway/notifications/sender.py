"""Sends the notifications over SMTP: each immediate one on its own, the digest ones once a day per person.

Every pass locks what it sends with ``FOR UPDATE SKIP LOCKED`` inside one transaction and records the outcome in
the same one, so several gateway processes never pick the same notification; a notification is sent, retried
with a doubling delay (NOTIFY_RETRY_SECONDS, at most an hour) or, after NOTIFY_MAX_ATTEMPTS failures, failed. A
digest is a row per person and agency calendar day (unique), so a person gets at most one a day: from
NOTIFY_DIGEST_HOUR on, what accumulated is attached to the day's digest; what arrives later waits for the next day.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from merit_gateway.models import User
from merit_gateway.notifications.models import Notification, NotificationDigest
from merit_gateway.notifications.templates import render, render_digest
from merit_shared import clock
from merit_shared.db import Database
from merit_shared.notify import Kind
from merit_shared.settings import Settings

log = logging.getLogger("merit.notify")
BATCH = 20
MAX_BACKOFF_SECONDS = 3600.0


class Mailer:
    """One e-mail over SMTP (``smtplib`` in a worker thread): plain text, UTF-8, with the settings' TLS mode."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def configured(self) -> bool:
        return bool(self.settings.smtp_host)

    def message(self, to: str, subject: str, body: str, language: str, ref: str) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.settings.smtp_sender
        msg["To"] = to
        msg["Subject"] = subject
        msg["Date"] = format_datetime(clock.utcnow())
        msg["Message-ID"] = make_msgid(domain="merit")
        msg["X-Merit-Notification"] = ref  # the notification's (or digest's) id: support finds it in the log
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies
        msg.set_content(body)  # plain text, UTF-8
        msg["Content-Language"] = language  # after set_content, which replaces the Content-* headers
        return msg

    def _send(self, msg: EmailMessage) -> None:
        s = self.settings
        assert s.smtp_host
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.smtp_tls == "tls":
            smtp = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds, context=context)
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds)
        with smtp:
            if s.smtp_tls == "starttls":
                smtp.starttls(context=context)
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password or "")
            smtp.send_message(msg)

    async def send(self, msg: EmailMessage) -> None:
        await asyncio.to_thread(self._send, msg)


def backoff(settings: Settings, attempts: int) -> timedelta:
    """The delay before attempt ``attempts + 1``: NOTIFY_RETRY_SECONDS, doubled each failure, at most an hour."""
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, settings.notify_retry_seconds * 2 ** max(0, attempts - 1)))


def failure(settings: Settings, row: Any, exc: Exception, now: datetime) -> dict[str, Any]:
    attempts = row.attempts + 1
    final = attempts >= settings.notify_max_attempts
    return {"attempts": attempts, "last_error": f"{type(exc).__name__}: {exc}"[:2000],
            "state": "failed" if final else "pending", "next_attempt_at": now + backoff(settings, attempts)}


class Sender:
    def __init__(self, db: Database, settings: Settings, mailer: Mailer | None = None) -> None:
        self.db, self.settings = db, settings
        self.mailer = mailer or Mailer(settings)
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        """One pass: immediate notifications, the digests due, then their sending. Returns e-mails sent."""
        if not self.mailer.configured:
            return 0
        sent = await self.send_immediate()
        await self.assemble_digests()
        return sent + await self.send_digests()

    async def send_immediate(self) -> int:
        now, sent = clock.utcnow(), 0
        async with self.db.sessionmaker() as session, session.begin():
            rows = (await session.execute(
                sa.select(Notification, User.email).join(User, User.id == Notification.account_id)
                .where(Notification.state == "pending", sa.not_(Notification.digest),
                       Notification.next_attempt_at <= now)
                .order_by(Notification.created_at).limit(BATCH)
                .with_for_update(of=Notification, skip_locked=True))).all()
            for n, email in rows:
                if not email:
                    n.state = "no_address"
                    continue
                subject, body = render(Kind(n.kind), n.language, n.params, self.settings.public_url)
                try:
                    await self.mailer.send(self.mailer.message(email, subject, body, n.language, str(n.id)))
                except (OSError, smtplib.SMTPException) as exc:
                    for k, v in failure(self.settings, n, exc, now).items():
                        setattr(n, k, v)
                    log.warning("notification %s not sent (attempt %s): %s", n.id, n.attempts, n.last_error)
                    continue
                n.state, n.sent_at, n.attempts, n.last_error = "sent", clock.utcnow(), n.attempts + 1, None
                sent += 1
        return sent

    async def assemble_digests(self) -> None:
        """From the digest hour of each person's agency day on, attach what accumulated to that day's digest (one
        per person and day: the unique row decides between processes)."""
        async with self.db.sessionmaker() as session, session.begin():
            waiting = (await session.execute(
                sa.select(Notification.account_id, User.agency_id).join(User, User.id == Notification.account_id)
                .where(Notification.state == "pending", Notification.digest, Notification.digest_id.is_(None))
                .distinct())).all()
            for account_id, agency_id in waiting:
                local = clock.now(agency_id)
                if local.hour < self.settings.notify_digest_hour:
                    continue
                digest_id = (await session.execute(insert(NotificationDigest).values(
                    id=uuid.uuid4(), account_id=account_id, agency_id=agency_id, digest_on=local.date(),
                    state="pending", next_attempt_at=clock.utcnow(),
                ).on_conflict_do_nothing(constraint="uq_notification_digests_day")
                    .returning(NotificationDigest.id))).scalar()
                if digest_id is None:
                    continue  # today's digest exists (another process, or already sent): tomorrow's then
                await session.execute(sa.update(Notification).where(
                    Notification.account_id == account_id, Notification.state == "pending", Notification.digest,
                    Notification.digest_id.is_(None)).values(digest_id=digest_id))

    async def send_digests(self) -> int:
        now, sent = clock.utcnow(), 0
        async with self.db.sessionmaker() as session, session.begin():
            digests = (await session.execute(
                sa.select(NotificationDigest).where(NotificationDigest.state == "pending",
                                                    NotificationDigest.next_attempt_at <= now)
                .order_by(NotificationDigest.created_at).limit(BATCH).with_for_update(skip_locked=True))).scalars()
            for d in list(digests):
                user = await session.get(User, d.account_id)
                items = list((await session.execute(sa.select(Notification).where(
                    Notification.digest_id == d.id).order_by(Notification.created_at))).scalars())
                if not items:
                    d.state = "not_sent"
                    continue
                if user is None or not user.email:  # the address was removed after the notifications came
                    d.state = "no_address"
                    await self._settle(session, d, "no_address")
                    continue
                subject, body = render_digest(user.language, d.digest_on.isoformat(),
                                              [(Kind(n.kind), n.params) for n in items], self.settings.public_url)
                try:
                    await self.mailer.send(self.mailer.message(user.email, subject, body, user.language, str(d.id)))
                except (OSError, smtplib.SMTPException) as exc:
                    for k, v in failure(self.settings, d, exc, now).items():
                        setattr(d, k, v)
                    if d.state == "failed":
                        await self._settle(session, d, "failed")
                    log.warning("digest %s not sent (attempt %s): %s", d.id, d.attempts, d.last_error)
                    continue
                d.state, d.sent_at, d.attempts, d.last_error = "sent", clock.utcnow(), d.attempts + 1, None
                await self._settle(session, d, "sent")
                sent += 1
        return sent

    async def _settle(self, session: Any, d: NotificationDigest, state: str) -> None:
        await session.flush()
        await session.execute(sa.update(Notification).where(Notification.digest_id == d.id).values(
            state=state, sent_at=d.sent_at if state == "sent" else None, attempts=d.attempts,
            last_error=d.last_error))

    async def run_forever(self) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # the sender must survive a database or SMTP hiccup
                log.exception("notification pass failed")
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.settings.notify_poll_seconds)
            except TimeoutError:
                pass
            self._wake.clear()

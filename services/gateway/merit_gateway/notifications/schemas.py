"""Request and answer bodies of the notification routes."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from merit_shared.api import StrictModel
from merit_shared.notify import Kind

#: An e-mail address, checked loosely (one @, a dot in the domain): the SMTP server is the judge.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class Mode(StrEnum):
    IMMEDIATE = "immediate"  # one e-mail per notification, as soon as it arrives
    DIGEST = "digest"  # collected into one e-mail a day (NOTIFY_DIGEST_HOUR, the agency's time zone)
    OFF = "off"  # no e-mail (the notification is still listed, state opted_out)


class Language(StrEnum):
    ID = "id"
    EN = "en"


class RecipientIn(StrictModel):
    account_id: uuid.UUID | None = Field(None, description="A gateway account (a committee member's seat).")
    employee_id: uuid.UUID | None = Field(None, description="The account linked to this employee of `agency_id`.")
    agency_admins: bool = Field(False, description="Every active agency admin of `agency_id`.")


class NotificationCommand(StrictModel):
    agency_id: uuid.UUID | None = Field(None, description="The agency of the record; recipients outside it are "
                                                          "never notified.")
    kind: Kind
    recipient: RecipientIn
    params: dict[str, Any] = Field(description="What the kind's template names (ids, titles, the year).",
                                   examples=[{"plan_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "year": 2026,
                                              "employee_name": "Dedi Kurniawan"}])


class NotificationsCreated(BaseModel):
    notification_ids: list[uuid.UUID] = Field(description="One per person reached (empty: nobody has an account "
                                                          "for the recipient).")


class NotificationOut(BaseModel):
    id: uuid.UUID
    kind: str = Field(examples=["skp_to_approve"])
    subject: str = Field(description="The e-mail's subject, in the notification's language.",
                         examples=["SKP 2026 Dedi Kurniawan menunggu persetujuan Anda"])
    link: str = Field(description="Where the thing that awaits is.",
                      examples=["/api/v1/performance-plans/3fa85f64-5717-4562-b3fc-2c963f66afa6"])
    language: str = Field(examples=["id"])
    state: str = Field(description="pending (to be sent; with `digest`, in the next daily digest), sent, failed "
                                   "(SMTP refused it NOTIFY_MAX_ATTEMPTS times), not_sent (no SMTP_HOST), "
                                   "no_address (the account has no e-mail), opted_out (preference off).",
                       examples=["sent"])
    digest: bool = Field(description="Sent in the daily digest rather than on its own.")
    params: dict[str, Any]
    created_at: datetime
    sent_at: datetime | None


class NotificationDeliveryOut(NotificationOut):
    account_id: uuid.UUID
    agency_id: uuid.UUID | None
    attempts: int
    next_attempt_at: datetime | None = Field(description="When the next SMTP attempt is due (pending only).")
    last_error: str | None = Field(description="The SMTP server's last refusal, while retrying or once failed.")


class NotificationSettings(BaseModel):
    email: str | None = Field(description="Where notifications go; none: nothing is sent (no_address).",
                                   examples=["dedi.kurniawan@example.go.id"])
    language: Language = Field(description="The language of the e-mails (and of nothing else).")
    default_mode: Mode = Field(description="For every kind without a mode of its own.")
    kinds: dict[Kind, Mode] = Field(description="Per kind, overriding `default_mode`.",
                                    examples=[{"stage_result_published": "digest", "skp_returned": "off"}])


class NotificationSettingsIn(StrictModel):
    email: str | None = Field(None, max_length=254, pattern=EMAIL_PATTERN, description="Your address; null "
                              "removes it.", examples=["dedi.kurniawan@example.go.id"])
    language: Language = Language.ID
    default_mode: Mode = Mode.IMMEDIATE
    kinds: dict[Kind, Mode] = Field(default_factory=dict, description="Per kind; the kinds left out follow "
                                                                      "`default_mode`.")

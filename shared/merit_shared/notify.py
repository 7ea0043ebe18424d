"""E-mail notifications to people, the producer's side: what awaits someone, queued in the change's transaction.

A service calls ``notify(...)`` where something starts to await a person (a plan to approve, a result to read),
in the same transaction as that change. The command goes through the service's outbox to the gateway
(``POST /api/v1/notifications``, service role, ``Idempotency-Key`` derived from the change), which resolves the
person (by gateway account id, by employee id, or every agency admin of the agency), applies their preferences
and language, and sends the e-mail over SMTP. A rolled-back change queues nothing; a retried delivery of the
command sends nothing twice.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared.outbox import enqueue

ROUTE = "/api/v1/notifications"
DESTINATION = "gateway"
OUTBOX_KIND = "notification"


class Kind(StrEnum):
    """What awaits the person; one template per kind and language at the gateway."""

    SKP_TO_APPROVE = "skp_to_approve"  # a submitted SKP plan -> who approves it
    SKP_RETURNED = "skp_returned"  # a plan returned for revision -> its employee
    RATING_TO_FINALIZE = "rating_to_finalize"  # the annual evaluation rated -> who closes the year (FINALIZE)
    APPLICATION_VERIFIED = "application_verified"  # screening passed (second check ACCEPT) -> the applicant
    APPLICATION_REJECTED = "application_rejected"  # screening failed -> the applicant
    STAGE_RESULT_PUBLISHED = "stage_result_published"  # a result announcement -> each applicant it covers
    APPEAL_DECIDED = "appeal_decided"  # an appeal (sanggah) decided -> the appellant
    SCORES_NEEDED = "scores_needed"  # a scored stage opened -> each committee member
    COACHING_MILESTONE_DUE = "coaching_milestone_due"  # a coaching plan's milestone due -> the employee


#: The parameters each kind's template uses (the gateway refuses a command missing one: a producer's bug).
PARAMS: dict[Kind, tuple[str, ...]] = {
    Kind.SKP_TO_APPROVE: ("plan_id", "year", "employee_name"),
    Kind.SKP_RETURNED: ("plan_id", "year"),
    Kind.RATING_TO_FINALIZE: ("plan_id", "year", "employee_name", "predikat"),
    Kind.APPLICATION_VERIFIED: ("application_id", "selection_title"),
    Kind.APPLICATION_REJECTED: ("application_id", "selection_title", "reason"),
    Kind.STAGE_RESULT_PUBLISHED: ("application_id", "selection_title", "announcement_title", "announcement_id"),
    Kind.APPEAL_DECIDED: ("application_id", "selection_title", "decision", "reasons"),
    Kind.SCORES_NEEDED: ("selection_id", "selection_title", "stage_name"),
    Kind.COACHING_MILESTONE_DUE: ("plan_id", "milestone", "due_on"),
}


def _id(value: object) -> str | None:
    return str(value) if value is not None else None


async def notify(session: AsyncSession, outbox: sa.Table, *, agency_id: object, kind: Kind, params: dict[str, Any],
                 key: str, account_id: object = None, employee_id: object = None,
                 agency_admins: bool = False) -> uuid.UUID | None:
    """Queue one notification for one recipient: a gateway account (``account_id``), the account linked to an
    employee of the agency (``employee_id``), or every agency admin of the agency (``agency_admins``, e.g. who
    approves a plan that has no evaluator's superior). ``key`` names the change (``<record>:<version>``): the same
    key is the same notification. None (nothing queued) when no recipient is named."""
    if account_id is None and employee_id is None and not agency_admins:
        return None
    missing = [p for p in PARAMS[kind] if p not in params]
    assert not missing, f"notification {kind} without {missing}"  # a producer's bug, caught by its tests
    recipient = {"account_id": _id(account_id), "employee_id": _id(employee_id), "agency_admins": agency_admins}
    payload = {"agency_id": _id(agency_id), "kind": kind.value, "recipient": recipient,
               "params": {k: _id(v) if isinstance(v, uuid.UUID) else v for k, v in params.items()}}
    return await enqueue(session, outbox, kind=OUTBOX_KIND, destination=DESTINATION, method="POST", path=ROUTE,
                         payload=payload, idempotency_key=f"notify:{kind.value}:{key}")

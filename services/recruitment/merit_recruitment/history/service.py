"""History the applicant declares with SK evidence (issue #12: "history declared by the applicant with SK evidence
counted once verified"; PP 11/2017 Pasal 107 counts posts "sedang atau pernah" held).

* The applicant declares, while registration is open, a past post or rank the registry lacks, with its SK number
  and date, and uploads the SK itself (stored with the application's documents, same type and size limits, code
  ``SK-<entry id>``). Until decided they may replace the SK or delete the entry.
* The agency admin (the BKPSDM verifier) VERIFIES or REJECTS each entry, a rejection with a reason, while the
  administrative checks are open (as the eligibility re-check: registration or screening, application submitted
  or verified). Four eyes as for the second check: not the one who declared it, not the applicant, not someone
  who declared a conflict of interest with the applicant. VERIFIED needs the SK document.
* Only VERIFIED entries count (``rules.eligibility``, "Declared history"): the decision re-runs the eligibility
  check at once, so the application shows the new result and each counted period's source.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment.applications import documents
from merit_recruitment.applications import service as applications
from merit_recruitment.applications.models import Application, ApplicationDocument
from merit_recruitment.authz import is_admin, owns
from merit_recruitment.db_base import audit_log
from merit_recruitment.directory import Directory
from merit_recruitment.history.errors import (
    FORBIDDEN_ONLY_ADMIN_VERIFIES_HISTORY,
    FORBIDDEN_ONLY_APPLICANT_HISTORY,
    HISTORY_DATE_IN_FUTURE,
    HISTORY_FIELDS_FOR_TYPE,
    HISTORY_LOCKED,
    HISTORY_NOT_DECIDABLE,
    HISTORY_PERIOD_REVERSED,
    INVALID_HISTORY_RANK,
    REJECTION_REASON_REQUIRED,
    SK_DOCUMENT_MISSING,
)
from merit_recruitment.history.models import DeclaredHistory
from merit_recruitment.history.schemas import DecisionIn, HistoryIn, HistoryOut
from merit_recruitment.rules import safeguards
from merit_recruitment.rules.documents import DocumentPolicy
from merit_recruitment.rules.vocab import normalize_golongan
from merit_recruitment.selections.lifecycle import now, today
from merit_recruitment.selections.models import Selection
from merit_recruitment.selections.schemas import BlockedAction
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.errors import DomainError, NotFound

_POSITION_FIELDS = ("title", "kind", "start_date", "end_date")
_RANK_FIELDS = ("golongan", "tmt")


def writable(sel: Selection, app: Application, entry: DeclaredHistory | None = None) -> bool:
    """Declaring, replacing the SK and deleting: registration open, the application still under the checks, the
    entry not decided yet."""
    return (documents.registration_open(sel) and app.status in ("SUBMITTED", "VERIFIED")
            and (entry is None or entry.status == "DECLARED"))


def decidable(sel: Selection, app: Application, entry: DeclaredHistory) -> bool:
    return entry.status == "DECLARED" and "recheck_eligibility" in applications.app_actions(sel, app)


def require_writer(p: Principal, sel: Selection, app: Application, entry: DeclaredHistory | None = None) -> None:
    if not (p.is_service or owns(p, app)):
        raise FORBIDDEN_ONLY_APPLICANT_HISTORY.error()
    if not writable(sel, app, entry):
        raise HISTORY_LOCKED.error(status=sel.status, entry_status=entry.status if entry else "-",
                                   extra={"status": sel.status, "application_status": app.status})


def decision_block(p: Principal, app: Application, entry: DeclaredHistory, is_conflicted: bool) -> DomainError | None:
    """Four eyes (rules/safeguards.py), as for the second check: the declarer is the "first pair of eyes"."""
    return safeguards.second_check_block(applications.actor(p), applications.applicant(app),
                                         verifier=entry.declared_by, conflicted=is_conflicted)


def _check(body: HistoryIn) -> None:
    """Only the fields of its type, dates not after today, a post's end not before its start, a readable golongan."""
    need, other = (_POSITION_FIELDS, _RANK_FIELDS) if body.entry_type == "POSITION" else (_RANK_FIELDS,
                                                                                          _POSITION_FIELDS)
    missing = [f for f in need if getattr(body, f) is None]
    extra = [f for f in other if getattr(body, f) is not None]
    if missing or extra:
        name = (missing or extra)[0]
        raise HISTORY_FIELDS_FOR_TYPE.error(field=f"body.{name}", entry_type=body.entry_type, need=", ".join(need),
                                            others=", ".join(other))
    on = today()
    for name in ("start_date", "end_date", "tmt", "sk_date"):
        value = getattr(body, name)
        if value is not None and value > on:
            raise HISTORY_DATE_IN_FUTURE.error(field=f"body.{name}", name=name, today=on.isoformat())
    if body.start_date and body.end_date and body.end_date < body.start_date:
        raise HISTORY_PERIOD_REVERSED.error(field="body.end_date", start=body.start_date.isoformat(),
                                            end=body.end_date.isoformat())
    if body.golongan is not None:
        try:
            normalize_golongan(body.golongan)
        except ValueError:
            raise INVALID_HISTORY_RANK.error(field="body.golongan", value=body.golongan) from None


async def entries(session: AsyncSession, app_id: uuid.UUID) -> list[DeclaredHistory]:
    return list((await session.execute(sa.select(DeclaredHistory).where(DeclaredHistory.application_id == app_id)
                                       .order_by(DeclaredHistory.declared_at, DeclaredHistory.id))).scalars())


async def load_entry(session: AsyncSession, app: Application, entry_id: uuid.UUID, *,
                     lock: bool = False) -> DeclaredHistory:
    q = sa.select(DeclaredHistory).where(DeclaredHistory.id == entry_id, DeclaredHistory.application_id == app.id)
    if lock:
        q = q.with_for_update()
    row = (await session.execute(q)).scalar_one_or_none()
    if row is None:
        raise NotFound("Riwayat", entry_id, what_en="History entry")
    return row


async def _documents(session: AsyncSession, app: Application) -> dict[str, ApplicationDocument]:
    return {d.code: d for d in (await documents.uploaded(session, [app.id]))[app.id] if d.code.startswith("SK-")}


def _snapshot(e: DeclaredHistory) -> dict[str, Any]:
    return {"entry_type": e.entry_type, "title": e.title, "kind": e.position_kind, "unit": e.unit,
            "start_date": e.start_date.isoformat() if e.start_date else None,
            "end_date": e.end_date.isoformat() if e.end_date else None, "golongan": e.golongan,
            "tmt": e.tmt.isoformat() if e.tmt else None, "sk_number": e.sk_number, "sk_date": e.sk_date.isoformat(),
            "status": e.status}


async def create(session: AsyncSession, p: Principal, sel: Selection, app: Application,
                 body: HistoryIn) -> DeclaredHistory:
    require_writer(p, sel, app)
    _check(body)
    row = DeclaredHistory(
        id=uuid.uuid4(), application_id=app.id, agency_id=app.agency_id, entry_type=body.entry_type,
        title=body.title, position_kind=body.kind.value if body.kind else None, unit=body.unit,
        start_date=body.start_date, end_date=body.end_date,
        golongan=normalize_golongan(body.golongan) if body.golongan else None, tmt=body.tmt,
        sk_number=body.sk_number, sk_date=body.sk_date, status="DECLARED", declared_by=p.subject,
        declared_at=now(), version=1)
    session.add(row)
    await session.flush()
    await record(session, audit_log, p, action="declare_history", entity="application", entity_id=app.id,
                 agency_id=app.agency_id, after={"entry_id": str(row.id), **_snapshot(row)})
    return row


async def delete(session: AsyncSession, p: Principal, sel: Selection, app: Application,
                 entry: DeclaredHistory) -> None:
    require_writer(p, sel, app, entry)
    doc = (await _documents(session, app)).get(entry.document_code)
    if doc is not None:
        await session.delete(doc)
    await session.delete(entry)
    await session.flush()
    await record(session, audit_log, p, action="delete_history", entity="application", entity_id=app.id,
                 agency_id=app.agency_id, before={"entry_id": str(entry.id), **_snapshot(entry)})


async def put_sk(session: AsyncSession, p: Principal, sel: Selection, app: Application, entry: DeclaredHistory,
                 content_type: str | None, filename: str | None, content: bytes, limits: DocumentPolicy) -> None:
    require_writer(p, sel, app, entry)
    await documents.put(session, p, sel, app, entry.document_code, content_type, filename, content, limits)
    entry.version += 1


async def sk_document(session: AsyncSession, app: Application, entry: DeclaredHistory) -> ApplicationDocument:
    return await documents.get(session, app, entry.document_code, content=True)


async def decide(session: AsyncSession, p: Principal, sel: Selection, app: Application, entry: DeclaredHistory,
                 body: DecisionIn, directory: Directory) -> None:
    if not is_admin(p, sel.agency_id):
        raise FORBIDDEN_ONLY_ADMIN_VERIFIES_HISTORY.error()
    if not decidable(sel, app, entry):
        raise HISTORY_NOT_DECIDABLE.error(entry_status=entry.status, app_status=app.status, status=sel.status,
                                          extra={"entry_status": entry.status, "application_status": app.status})
    if (block := decision_block(p, app, entry, await applications.conflicted(session, p, sel, app))) is not None:
        raise block
    if body.decision == "REJECTED" and not body.reason:
        raise REJECTION_REASON_REQUIRED.error(field="body.reason")
    if body.decision == "VERIFIED" and entry.document_code not in await _documents(session, app):
        raise SK_DOCUMENT_MISSING.error(extra={"document_code": entry.document_code})
    entry.status, entry.decided_by, entry.decided_at = body.decision, p.subject, now()
    entry.decision_reason = body.reason
    entry.version += 1
    await session.flush()
    await record(session, audit_log, p, action="decide_history", entity="application", entity_id=app.id,
                 agency_id=app.agency_id, before={"entry_id": str(entry.id), "status": "DECLARED"},
                 after={"entry_id": str(entry.id), "status": entry.status, "reason": body.reason})
    # The result counts verified entries only: re-run the rules now, so the application shows it.
    await applications.reevaluate(session, p, sel, app, directory, action="history_decided")


async def to_out(session: AsyncSession, p: Principal, sel: Selection, app: Application,
                 rows: list[DeclaredHistory]) -> list[HistoryOut]:
    docs = await _documents(session, app)
    writer = p.is_service or owns(p, app)
    admin = is_admin(p, sel.agency_id)
    is_conflicted = admin and await applications.conflicted(session, p, sel, app)
    out: list[HistoryOut] = []
    for e in rows:
        doc = docs.get(e.document_code)
        allowed: list[str] = []
        blocked: list[BlockedAction] = []
        if writer and writable(sel, app, e):
            allowed += ["upload_sk", "delete"]
        if admin and decidable(sel, app, e) and decision_block(p, app, e, is_conflicted) is None:
            if doc is None:
                err = SK_DOCUMENT_MISSING.error()
                blocked.append(BlockedAction(action="verify", code=err.code, message_id=err.message_id,
                                             message_en=err.message_en))
            else:
                allowed.append("verify")
            allowed.append("reject")
        out.append(HistoryOut(
            id=e.id, application_id=e.application_id, entry_type=e.entry_type, title=e.title, kind=e.position_kind,
            unit=e.unit, start_date=e.start_date, end_date=e.end_date, golongan=e.golongan, tmt=e.tmt,
            sk_number=e.sk_number, sk_date=e.sk_date, status=e.status, declared_by=e.declared_by,
            declared_at=e.declared_at, decided_by=e.decided_by, decided_at=e.decided_at,
            decision_reason=e.decision_reason,
            sk_document=None if doc is None else documents.out(doc),
            allowed_actions=allowed, blocked_actions=blocked))
    return out

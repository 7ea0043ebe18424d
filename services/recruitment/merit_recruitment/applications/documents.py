"""Applicants' documents: uploaded by the applicant while registration is open, stored in the database with
their SHA-256, listed against the selection's checklist (what is present, what is missing)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer
from starlette.datastructures import UploadFile
from starlette.requests import Request

from merit_recruitment.applications.errors import (
    DOCUMENTS_LOCKED,
    FORBIDDEN_ONLY_APPLICANT_DOCUMENTS,
    UNKNOWN_DOCUMENT,
)
from merit_recruitment.applications.models import Application, ApplicationDocument
from merit_recruitment.authz import owns
from merit_recruitment.db_base import audit_log
from merit_recruitment.rules.documents import DocumentPolicy, check_document, missing_codes
from merit_recruitment.rules.errors import DOCUMENT_TOO_LARGE
from merit_recruitment.selections.lifecycle import now, today
from merit_recruitment.selections.models import Selection
from merit_recruitment.settings import RecruitmentSettings
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.errors import NotFound

MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around the file in a multipart body


def policy() -> DocumentPolicy:
    s = RecruitmentSettings()
    types = tuple(t.strip().lower() for t in s.document_media_types.split(",") if t.strip())
    return DocumentPolicy(max_bytes=s.document_max_bytes, media_types=types)


async def uploaded(session: AsyncSession, app_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[ApplicationDocument]]:
    """The uploaded documents (without their bytes) of some applications."""
    out: dict[uuid.UUID, list[ApplicationDocument]] = {i: [] for i in app_ids}
    if not app_ids:
        return out
    rows = (await session.execute(sa.select(ApplicationDocument).where(
        ApplicationDocument.application_id.in_(app_ids)).order_by(ApplicationDocument.code))).scalars()
    for row in rows:
        out[row.application_id].append(row)
    return out


def present_codes(app: Application, docs: list[ApplicationDocument]) -> set[str]:
    """Uploaded here, or referenced in an external document store when applying."""
    return {d.code for d in docs} | {str(d["code"]) for d in app.documents or []}


async def missing(session: AsyncSession, sel: Selection, app: Application) -> list[str]:
    docs = (await uploaded(session, [app.id]))[app.id]
    return missing_codes(sel.documents, present_codes(app, docs))


def _meta(d: ApplicationDocument) -> dict[str, Any]:
    return {"source": "upload", "filename": d.filename, "media_type": d.media_type, "size_bytes": d.size_bytes,
            "sha256": d.sha256, "uploaded_at": d.uploaded_at, "uploaded_by": d.uploaded_by}


async def checklist(session: AsyncSession, sel: Selection, app: Application) -> dict[str, Any]:
    docs = {d.code: d for d in (await uploaded(session, [app.id]))[app.id]}
    refs = {str(d["code"]): d for d in app.documents or []}
    items = []
    for entry in sel.documents:
        code = entry["code"]
        item: dict[str, Any] = {"code": code, "name": entry.get("name"), "required": bool(entry.get("required")),
                                "present": code in docs or code in refs}
        if code in docs:
            item["document"] = _meta(docs[code])
        elif code in refs:
            item["document"] = {"source": "reference", "reference": refs[code].get("reference")}
        items.append(item)
    return {"application_id": app.id, "editable": _open_for_documents(sel),
            "missing": missing_codes(sel.documents, set(docs) | set(refs)), "items": items}


def _registration_end(sel: Selection) -> date | None:
    return date.fromisoformat(sel.schedule["registration_end"]) if sel.schedule else None


def _open_for_documents(sel: Selection) -> bool:
    end = _registration_end(sel)
    return sel.status == "REGISTRATION" and (end is None or today(sel.agency_id) <= end)


def registration_open(sel: Selection) -> bool:
    """Registration is open on the agency's calendar: what the applicant sends (documents, declared history) may
    still change."""
    return _open_for_documents(sel)


def require_writable(p: Principal, sel: Selection, app: Application, code: str) -> None:
    """Only the applicant writes (or Merit's own services on their behalf), only while registration is open, only
    codes of the checklist."""
    if not (p.is_service or owns(p, app)):
        raise FORBIDDEN_ONLY_APPLICANT_DOCUMENTS.error()
    if not _open_for_documents(sel) or app.status == "WITHDRAWN":
        end = _registration_end(sel)
        raise DOCUMENTS_LOCKED.error(status=sel.status, end=end.isoformat() if end else "-",
                                     extra={"status": sel.status, "application_status": app.status})
    known = {d["code"] for d in sel.documents}
    if code not in known:
        raise UNKNOWN_DOCUMENT.error(field="path.doc_code", code=code, join_sorted_known=", ".join(sorted(known)))


async def read_upload(request: Request, limits: DocumentPolicy) -> tuple[str | None, str | None, bytes]:
    """(content type, file name, bytes) of a raw body or of the ``file`` part of a multipart form. The body is
    read up to the limit only: a larger one answers 413 without being held in memory."""
    content_type = request.headers.get("content-type")
    multipart = (content_type or "").lower().startswith("multipart/form-data")
    cap = limits.max_bytes + (MULTIPART_OVERHEAD if multipart else 0)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise DOCUMENT_TOO_LARGE.error(field="body", size=int(declared), max_bytes=limits.max_bytes,
                                       extra={"max_bytes": limits.max_bytes})
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise DOCUMENT_TOO_LARGE.error(field="body", size=size, max_bytes=limits.max_bytes,
                                           extra={"max_bytes": limits.max_bytes})
        chunks.append(chunk)
    body = b"".join(chunks)
    if not multipart:
        return content_type, None, body
    request._body = body  # starlette parses the form from the body already read
    form = await request.form(max_files=1, max_fields=5)
    part = form.get("file")
    if not isinstance(part, UploadFile):
        return None, None, b""
    return part.content_type, part.filename, await part.read()


async def put(session: AsyncSession, p: Principal, sel: Selection, app: Application, code: str,
              content_type: str | None, filename: str | None, content: bytes, limits: DocumentPolicy
              ) -> ApplicationDocument:
    checked = check_document(content_type, content, limits)
    row = (await session.execute(sa.select(ApplicationDocument).where(
        ApplicationDocument.application_id == app.id, ApplicationDocument.code == code))).scalar_one_or_none()
    before = None if row is None else {"sha256": row.sha256, "size_bytes": row.size_bytes}
    if row is None:
        row = ApplicationDocument(id=uuid.uuid4(), application_id=app.id, agency_id=app.agency_id, code=code)
        session.add(row)
    row.filename = (filename or "")[:255] or None
    row.media_type, row.size_bytes, row.sha256 = checked.media_type, checked.size_bytes, checked.sha256
    row.content, row.uploaded_by, row.uploaded_at = content, p.subject, now()
    await session.flush()
    await record(session, audit_log, p, action="upload_document", entity="application", entity_id=app.id,
                 agency_id=app.agency_id, before=before,
                 after={"code": code, "sha256": row.sha256, "size_bytes": row.size_bytes, "media_type": row.media_type})
    return row


async def get(session: AsyncSession, app: Application, code: str, *, content: bool = False) -> ApplicationDocument:
    q = sa.select(ApplicationDocument).where(ApplicationDocument.application_id == app.id,
                                             ApplicationDocument.code == code)
    if content:
        q = q.options(undefer(ApplicationDocument.content))
    row = (await session.execute(q)).scalar_one_or_none()
    if row is None:
        raise NotFound("Dokumen", code, what_en="Document")
    return row


async def delete(session: AsyncSession, p: Principal, app: Application, code: str) -> None:
    row = await get(session, app, code)
    await session.delete(row)
    await session.flush()
    await record(session, audit_log, p, action="delete_document", entity="application", entity_id=app.id,
                 agency_id=app.agency_id, before={"code": code, "sha256": row.sha256})


def out(d: ApplicationDocument) -> dict[str, Any]:
    return {"code": d.code, **_meta(d)}

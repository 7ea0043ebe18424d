"""Applicants' uploaded documents: size and type limits, checked on the bytes themselves.

* The declared media type (``Content-Type``, parameters dropped, case-insensitive) must be one the policy allows,
  and the content must start with that type's signature (``%PDF-``, JPEG ``FF D8 FF``, PNG ``89 50 4E 47 0D 0A 1A
  0A``): a renamed executable is refused whatever its header says (415 ``document_type_not_allowed``).
* Empty content is refused (422 ``document_empty``); more than ``max_bytes`` answers 413 ``document_too_large``.
* The limits are agency policy (LOW: the regulation names the documents, not their format); the defaults follow
  the national portal's practice of small PDF/JPEG/PNG scans.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from merit_recruitment.rules.errors import DOCUMENT_EMPTY, DOCUMENT_TOO_LARGE, DOCUMENT_TYPE_NOT_ALLOWED

SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}


@dataclass(frozen=True)
class DocumentPolicy:
    """Upload limits (LOW, agency policy)."""

    max_bytes: int = 5 * 1024 * 1024
    media_types: tuple[str, ...] = ("application/pdf", "image/jpeg", "image/png")


@dataclass(frozen=True)
class CheckedDocument:
    media_type: str
    size_bytes: int
    sha256: str


def media_type_of(content_type: str | None) -> str:
    """``Application/PDF; charset=x`` -> ``application/pdf``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def check_document(content_type: str | None, content: bytes, policy: DocumentPolicy) -> CheckedDocument:
    """The document as stored (normalised type, size, SHA-256), or the refusal."""
    media = media_type_of(content_type)
    allowed = ", ".join(policy.media_types)
    if len(content) > policy.max_bytes:
        raise DOCUMENT_TOO_LARGE.error(field="body", size=len(content), max_bytes=policy.max_bytes,
                                       extra={"max_bytes": policy.max_bytes})
    if media not in policy.media_types or media not in SIGNATURES:
        raise DOCUMENT_TYPE_NOT_ALLOWED.error(field="body", media_type=media or "-", allowed=allowed,
                                              extra={"allowed": list(policy.media_types)})
    if not content:
        raise DOCUMENT_EMPTY.error(field="body")
    if not content.startswith(SIGNATURES[media]):
        raise DOCUMENT_TYPE_NOT_ALLOWED.error(field="body", media_type=media, allowed=allowed,
                                              extra={"allowed": list(policy.media_types)})
    return CheckedDocument(media, len(content), hashlib.sha256(content).hexdigest())


def missing_codes(checklist: list[dict[str, object]], present: set[str]) -> list[str]:
    """The checklist's required codes not present, in checklist order."""
    return [str(d["code"]) for d in checklist if d.get("required") and d["code"] not in present]

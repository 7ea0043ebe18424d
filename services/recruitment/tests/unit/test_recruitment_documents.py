"""Upload limits: size, declared type and the bytes' signature (rules/documents.py)."""

from __future__ import annotations

import hashlib

import pytest

from merit_recruitment.rules.documents import DocumentPolicy, check_document, media_type_of, missing_codes
from merit_shared.errors import DomainError

POLICY = DocumentPolicy(max_bytes=100)
PDF, JPEG, PNG = b"%PDF-1.7 x", b"\xff\xd8\xff\xe0 x", b"\x89PNG\r\n\x1a\n x"


@pytest.mark.parametrize(("content_type", "content", "media"), [
    ("application/pdf", PDF, "application/pdf"),
    ("Application/PDF; charset=binary", PDF, "application/pdf"),
    ("image/jpeg", JPEG, "image/jpeg"),
    ("image/png", PNG, "image/png"),
    ("application/pdf", b"%PDF-" + b"x" * 95, "application/pdf"),  # exactly the limit
])
def test_accepted(content_type: str, content: bytes, media: str) -> None:
    got = check_document(content_type, content, POLICY)
    assert (got.media_type, got.size_bytes, got.sha256) == (media, len(content), hashlib.sha256(content).hexdigest())


@pytest.mark.parametrize(("content_type", "content", "status", "code"), [
    ("application/pdf", b"%PDF-" + b"x" * 96, 413, "document_too_large"),  # one byte over
    ("text/html", b"<html>", 415, "document_type_not_allowed"),
    (None, PDF, 415, "document_type_not_allowed"),
    ("application/pdf", b"MZ\x90\x00", 415, "document_type_not_allowed"),  # an executable named PDF
    ("image/png", JPEG, 415, "document_type_not_allowed"),  # the bytes are another type
    ("application/pdf", b"", 422, "document_empty"),
])
def test_refused(content_type: str | None, content: bytes, status: int, code: str) -> None:
    with pytest.raises(DomainError) as exc:
        check_document(content_type, content, POLICY)
    assert (exc.value.status, exc.value.code) == (status, code)


def test_a_type_the_policy_leaves_out_is_refused() -> None:
    with pytest.raises(DomainError) as exc:
        check_document("image/png", PNG, DocumentPolicy(media_types=("application/pdf",)))
    assert exc.value.code == "document_type_not_allowed"


def test_media_type_and_missing_codes() -> None:
    assert media_type_of(" IMAGE/PNG ; x=y") == "image/png" and media_type_of(None) == ""
    checklist = [{"code": "CV", "required": True}, {"code": "FOTO", "required": False}, {"code": "SEHAT", "required": True}]
    assert missing_codes(checklist, {"CV"}) == ["SEHAT"]
    assert missing_codes(checklist, set()) == ["CV", "SEHAT"]
    assert missing_codes(checklist, {"CV", "SEHAT"}) == []

"""Domain errors that every service raises and the API layer renders as RFC 9457 problem documents.

A rule or service raises ``DomainError`` (or a subclass) with a stable machine-readable ``code``,
an HTTP ``status``, and a message in Indonesian (default) and English. ``field`` names the input
that caused it (a dotted path such as ``body.nip``) so clients can point at what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any


@dataclass
class DomainError(Exception):
    code: str
    message_id: str
    message_en: str
    status: int = 422
    field: str | None = None
    extra: dict[str, Any] = dc_field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message_en)

    def message(self, lang: str = "id") -> str:
        return self.message_en if lang == "en" else self.message_id


class NotFound(DomainError):
    def __init__(self, what: str, ident: object, field: str | None = None) -> None:
        super().__init__(
            code="not_found",
            message_id=f"{what} dengan id {ident} tidak ditemukan.",
            message_en=f"{what} with id {ident} was not found.",
            status=404,
            field=field,
        )


class Conflict(DomainError):
    def __init__(self, code: str, message_id: str, message_en: str, **extra: Any) -> None:
        super().__init__(code=code, message_id=message_id, message_en=message_en, status=409, extra=extra)


class Forbidden(DomainError):
    def __init__(self, message_id: str = "Anda tidak berhak mengakses sumber daya ini.",
                 message_en: str = "You are not allowed to access this resource.") -> None:
        super().__init__(code="forbidden", message_id=message_id, message_en=message_en, status=403)


class Invalid(DomainError):
    """Business validation failure on a well-formed payload (422 with the field to fix)."""

    def __init__(self, code: str, message_id: str, message_en: str, field: str | None = None, **extra: Any) -> None:
        super().__init__(code=code, message_id=message_id, message_en=message_en, status=422, field=field, extra=extra)

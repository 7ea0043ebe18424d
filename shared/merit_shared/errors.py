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


# English names of the records services name in Indonesian when something is not found.
RECORD_NAMES_EN: dict[str, str] = {
    "Jabatan": "Position", "Jabatan (katalog)": "Job", "Pegawai": "Employee", "Unit organisasi": "Organisation unit",
    "Instansi": "Agency", "Penugasan": "Assignment", "Usulan mutasi": "Personnel action", "Seleksi": "Selection",
    "Lamaran": "Application", "Pengumuman": "Announcement", "Sanggahan": "Appeal", "Anggota panitia":
    "Committee member", "SKP": "Performance plan", "Periode SKP": "Performance period", "Evaluasi": "Evaluation",
    "Indikator": "Indicator", "Rating tahunan": "Annual rating", "Kinerja organisasi": "Organisational performance",
    "Asesmen kompetensi": "Competency assessment", "Siklus talenta": "Talent cycle",
    "Rencana suksesi": "Succession plan",
}


class NotFound(DomainError):
    def __init__(self, what: str, ident: object, field: str | None = None, what_en: str | None = None) -> None:
        super().__init__(
            code="not_found",
            message_id=f"{what} dengan id {ident} tidak ditemukan; periksa id-nya.",
            message_en=f"{what_en or RECORD_NAMES_EN.get(what, what)} with id {ident} was not found; check the id.",
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


@dataclass(frozen=True)
class Spec:
    """One catalogue entry: a code, its status and its message pair as ``str.format`` templates.

    ``SPEC.error(field="body.x", month=m)`` fills the placeholders of both messages and returns the error to
    raise: ``Invalid`` for 422, ``Conflict`` for 409, ``Forbidden`` for 403 ``forbidden``, ``Unauthenticated`` for
    401, a ``DomainError`` with the status otherwise.
    """

    code: str
    status: int
    message_id: str
    message_en: str

    def error(self, /, *, field: str | None = None, extra: dict[str, Any] | None = None, **values: Any) -> DomainError:
        mid, men = self.message_id.format(**values), self.message_en.format(**values)
        if self.status == 422:
            return Invalid(self.code, mid, men, field=field, **(extra or {}))
        if self.status == 409:
            exc: DomainError = Conflict(self.code, mid, men, **(extra or {}))
            exc.field = field
            return exc
        if self.status == 403 and self.code == "forbidden" and not field and not extra:
            return Forbidden(mid, men)
        if self.status == 401 and not field and not extra:
            from merit_shared.auth import Unauthenticated  # auth builds on this module

            return Unauthenticated(mid, men, code=self.code)
        return DomainError(self.code, mid, men, status=self.status, field=field, extra=dict(extra or {}))

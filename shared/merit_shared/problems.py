"""RFC 9457 problem documents for every error a Merit service returns, in Indonesian or English."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from merit_shared.errors import DomainError
from merit_shared.i18n import negotiate, validation_message
from merit_shared.observability import request_id_var

log = logging.getLogger("merit.problems")
PROBLEM_TYPE_BASE = "https://merit.local/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"

_TITLES: dict[int, tuple[str, str]] = {
    400: ("Permintaan tidak valid", "Bad request"),
    401: ("Belum terautentikasi", "Not authenticated"),
    403: ("Akses ditolak", "Forbidden"),
    404: ("Tidak ditemukan", "Not found"),
    405: ("Metode tidak diizinkan", "Method not allowed"),
    409: ("Konflik", "Conflict"),
    412: ("Prasyarat gagal", "Precondition failed"),
    413: ("Permintaan terlalu besar", "Payload too large"),
    414: ("Alamat terlalu panjang", "URI too long"),
    415: ("Jenis media tidak didukung", "Unsupported media type"),
    422: ("Data tidak valid", "Unprocessable content"),
    428: ("Prasyarat diperlukan", "Precondition required"),
    429: ("Terlalu banyak permintaan", "Too many requests"),
    500: ("Kesalahan internal", "Internal server error"),
    502: ("Layanan hulu gagal", "Bad gateway"),
    503: ("Layanan tidak tersedia", "Service unavailable"),
    504: ("Layanan hulu terlalu lama", "Gateway timeout"),
}

_DETAILS: dict[int, tuple[str, str]] = {
    401: ("Kirim token Bearer yang valid di header Authorization.",
          "Send a valid Bearer token in the Authorization header."),
    404: ("Alamat yang diminta tidak ada.", "The requested URL does not exist."),
    405: ("Metode HTTP ini tidak didukung untuk alamat tersebut.", "This HTTP method is not supported for this URL."),
    500: ("Terjadi kesalahan pada server. Sebutkan request_id saat melapor.",
          "The server failed. Quote the request_id when reporting it."),
}


class ProblemError(BaseModel):
    loc: list[str | int] = Field(description="Path to the offending field, e.g. [\"body\", \"nip\"].")
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem document."""

    type: str = Field(examples=[PROBLEM_TYPE_BASE + "validation_error"])
    title: str = Field(examples=["Data tidak valid"])
    status: int = Field(examples=[422])
    detail: str | None = Field(None, examples=["Periksa kolom yang disebut di errors."])
    code: str = Field(examples=["validation_error"])
    instance: str | None = None
    request_id: str | None = None
    errors: list[ProblemError] | None = None


def title_for(status: int, lang: str) -> str:
    pair = _TITLES.get(status, ("Kesalahan", "Error"))
    return pair[1] if lang == "en" else pair[0]


def problem_response(
    request: Request | None,
    status: int,
    code: str,
    detail: str | None,
    lang: str,
    errors: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    instance: str | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title_for(status, lang),
        "status": status,
        "detail": detail,
        "code": code,
        "instance": request.url.path if request is not None else instance,
        "request_id": request_id_var.get(),
    }
    if errors is not None:
        body["errors"] = errors
    if extra:
        body.update({k: v for k, v in extra.items() if k not in body})
    # The answer's language, as RFC 9110 section 8.5 names it (the portal's answers say it too).
    headers = {**(headers or {}), "Content-Language": lang}
    if status in (429, 503) and not any(k.lower() == "retry-after" for k in headers):
        headers["Retry-After"] = "60" if status == 429 else "5"  # RFC 9110 section 10.2.3: when to try again
    return Response(orjson.dumps(body, default=str), status_code=status, media_type=PROBLEM_MEDIA_TYPE,
                    headers=headers)


def lang_of(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


def _clean_loc(loc: Any) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in loc]


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    lang = lang_of(request)
    errors = None
    if exc.field:
        errors = [{"loc": exc.field.split("."), "msg": exc.message(lang), "type": exc.code}]
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    if exc.code == "insufficient_scope":  # RFC 6750 section 3
        required = exc.extra.get("required_scope")
        headers = {"WWW-Authenticate": 'Bearer error="insufficient_scope"' + (f', scope="{required}"'
                                                                             if required else "")}
    if exc.status in (429, 503) and "retry_after" in exc.extra:  # seconds to wait (RFC 9110 section 10.2.3)
        headers = {"Retry-After": str(int(exc.extra["retry_after"]))}
    extra = exc.extra
    if "error_description" in extra:  # OAuth2's field (RFC 6749 section 5.2) speaks the answer's language too
        extra = {**extra, "error_description": exc.message(lang)}
    return problem_response(request, exc.status, exc.code, exc.message(lang), lang, errors, extra, headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    lang = lang_of(request)
    errors = []
    for err in exc.errors():
        errors.append({"loc": _clean_loc(err.get("loc", ())), "msg": validation_message(err, lang),
                       "type": str(err.get("type"))})
    detail = ("Periksa kolom yang disebut di errors lalu kirim ulang." if lang == "id"
              else "Fix the fields listed in errors and send the request again.")
    return problem_response(request, 422, "validation_error", detail, lang, errors)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    lang = lang_of(request)
    pair = _DETAILS.get(exc.status_code)
    detail: str | None
    if isinstance(exc.detail, str) and exc.detail and exc.detail not in ("Not Found", "Method Not Allowed"):
        detail = exc.detail
    else:
        detail = (pair[1] if lang == "en" else pair[0]) if pair else None
    code = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(
        exc.status_code, f"http_{exc.status_code}")
    return problem_response(request, exc.status_code, code, detail, lang, headers=getattr(exc, "headers", None))


def internal_error_response(scope: Any) -> Response:
    """The 500 problem document (with the request id) for a request whose handler failed."""
    request = Request(scope)
    lang = lang_of(request)
    pair = _DETAILS[500]
    return problem_response(request, 500, "internal_error", pair[1] if lang == "en" else pair[0], lang)


async def _unhandled(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error", exc_info=exc)
    return internal_error_response(request.scope)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the given error statuses, all typed as Problem."""
    out: dict[int | str, dict[str, Any]] = {}
    for s in statuses:
        out[s] = {"model": Problem, "description": title_for(s, "en"),
                  "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    return out

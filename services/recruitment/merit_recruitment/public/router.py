"""The public portal (no login): selections, requirements, schedule, announcements and their hashes.

Only what an announcement legally shows leaves here (announcement snapshots are built from an allow-list:
name, current position, agency, masked NIP, result). Responses carry ETag and Cache-Control; a matching
If-None-Match answers 304 (``merit_shared.conventions``, as every read with an ETag). The hot list is one lean
query on a raw asyncpg pool, rendered once into bytes (the stored ``public_summary`` JSON is concatenated, never
parsed) and reused for a short TTL; announcements, being immutable, are cached in process for good, keyed by id
and content hash.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from merit_recruitment.public import service
from merit_recruitment.public.cache import PUBLIC_CACHE
from merit_recruitment.public.schemas import PublicAnnouncement, PublicSelectionDetail, PublicSelectionPage
from merit_shared.api import MAX_OFFSET, Sort, sort_param
from merit_shared.conventions import ETAG_HEADERS
from merit_shared.i18n import negotiate
from merit_shared.problems import problem_response, problem_responses
from merit_shared.public import etag_of as _etag
from merit_shared.public import rate_limited as _limited
from merit_shared.public import send as _send

router = APIRouter(prefix="/api/v1/public", tags=["public"])
JSON = "application/json"
PUBLIC_RESPONSES = problem_responses(404, 422, 429)


def _not_found(request: Request, what_id: str, what_en: str) -> Response:
    lang = negotiate(request.headers.get("accept-language"))
    return problem_response(request, 404, "not_found", what_en if lang == "en" else what_id, lang)


@router.get("/selections", summary="No login. Open and ongoing selections (Indonesian by default; ETag, cached)",
            description="Cacheable: answers carry ETag and Cache-Control (If-None-Match gives 304) and may be up to "
                        "a few seconds stale. Rate-limited per client address (429 with Retry-After).",
            responses={200: {"model": PublicSelectionPage, "description": "A page of selections.", "headers": ETAG_HEADERS},
                       **PUBLIC_RESPONSES})
async def public_selections(
    request: Request,
    sort: Annotated[Sort, Depends(sort_param(service.PUBLIC_SORT, default="-announced_at"))],
    phase: Annotated[Literal["open", "ongoing", "current", "finished", "all"],
                     Query(description="open: announced/registration; ongoing: screening..decision; "
                                       "current: both; finished; all.")] = "current",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    limited = await _limited(request)
    if limited is not None:
        return limited
    key = f"list:{phase}:{limit}:{offset}:{sort.text}"
    hit = PUBLIC_CACHE.get(key)
    if hit is None:
        gen = PUBLIC_CACHE.generation
        rows = await service.selection_rows(request.app.state.pool, phase, limit, offset, sort)
        total = rows[0]["total"] if rows else 0
        body = (b'{"items":[' + b",".join(r["doc"].encode() for r in rows) +
                f'],"total":{total},"limit":{limit},"offset":{offset}}}'.encode())
        hit = PUBLIC_CACHE.put(key, body, _etag(body), request.app.state.public_ttl, gen)
    return _send(hit.body, hit.etag, request.app.state.public_max_age)


def _public_position(p: dict[str, Any]) -> dict[str, Any]:
    job = p.get("job") or {}
    return {"id": p.get("id"), "name": p.get("name"), "unit_name": p.get("unit_name"),
            "job": {k: job.get(k) for k in ("name", "kind", "jenjang", "kelas_jabatan", "min_education", "min_rank",
                                            "competency_standard")}}


@router.get("/selections/{selection_id}",
            responses={200: {"model": PublicSelectionDetail, "description": "The selection as announced.", "headers": ETAG_HEADERS},
                       **PUBLIC_RESPONSES},
            summary="No login. One selection: positions, requirements, documents, schedule, stages, announcements",
            description="Only announced selections; what was announced is what applies. Cacheable (ETag) and "
                        "rate-limited like the list.")
async def public_selection(request: Request, selection_id: str) -> Response:
    limited = await _limited(request)
    if limited is not None:
        return limited
    key = f"sel:{selection_id}"
    hit = PUBLIC_CACHE.get(key)
    if hit is None:
        import uuid

        try:
            sid = uuid.UUID(selection_id)
        except ValueError:
            return _not_found(request, "Seleksi tidak ditemukan.", "Selection not found.")
        gen = PUBLIC_CACHE.generation
        row = await service.selection_row(request.app.state.pool, sid)
        if row is None:
            return _not_found(request, "Seleksi tidak ditemukan atau belum diumumkan.",
                              "Selection not found or not announced yet.")
        doc = orjson.loads(row["public_summary"])
        doc.update({
            "positions": [_public_position(p) for p in orjson.loads(row["positions_snapshot"] or "[]")],
            "requirements": orjson.loads(row["requirements"]), "documents": orjson.loads(row["documents"]),
            "stages": orjson.loads(row["stages"]), "planned_inauguration_date": row["planned_inauguration_date"],
            "registration_extensions": row["registration_extensions"],
            "appeal_window_days": (orjson.loads(row["publication"] or "{}")).get("appeal_window_days"),
            "announcements": orjson.loads(row["announcements"])})
        body = orjson.dumps(doc)
        hit = PUBLIC_CACHE.put(key, body, _etag(body), request.app.state.public_ttl, gen)
    return _send(hit.body, hit.etag, request.app.state.public_max_age)


@router.get("/announcements/{announcement_id}",
            responses={200: {"model": PublicAnnouncement, "description": "The announcement as published.", "headers": ETAG_HEADERS},
                       **PUBLIC_RESPONSES},
            summary="No login. One announcement: the published snapshot and its SHA-256 content hash (immutable)",
            description="Immutable: the ETag is the content hash and the answer may be cached for good. Anyone can "
                        "check the hash against the snapshot's canonical JSON.")
async def public_announcement(request: Request, announcement_id: str) -> Response:
    limited = await _limited(request)
    if limited is not None:
        return limited
    key = f"ann:{announcement_id}"
    hit = PUBLIC_CACHE.get(key)
    if hit is None:
        import uuid

        try:
            aid = uuid.UUID(announcement_id)
        except ValueError:
            return _not_found(request, "Pengumuman tidak ditemukan.", "Announcement not found.")
        row = await service.announcement_row(request.app.state.pool, aid)
        if row is None:
            return _not_found(request, "Pengumuman tidak ditemukan.", "Announcement not found.")
        meta = {k: row[k] for k in ("id", "selection_id", "number", "kind", "stage_code", "title", "content_hash",
                                    "corrects_id", "published_at", "appeal_deadline")}
        for k in ("id", "selection_id", "corrects_id"):
            meta[k] = None if meta[k] is None else str(meta[k])
        head = orjson.dumps(meta, option=orjson.OPT_UTC_Z)[:-1]
        body = head + b',"snapshot":' + row["snapshot"].encode() + b"}"
        # Key by id and content hash: the bytes can never go stale.
        hit = PUBLIC_CACHE.put(key, body, f'"{row["content_hash"]}"', None)
    return _send(hit.body, hit.etag, None)

"""No login: the directory of an agency's officials (every managerial seat and who holds it), as of any date.

Open data for the public (UU 14/2008 keterbukaan informasi publik): JSON or CSV, cacheable (ETag,
Cache-Control, If-None-Match → 304), rate-limited per client address like the recruitment portal. Only what a
published SK states leaves here: name with titles, masked NIP, position, unit, since, Plt/Plh marked; never a
birth date, a full NIP or a rating.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from merit_positions.officials import service
from merit_positions.officials.schemas import PublicOfficialsPage
from merit_positions.reports.export import Column, export
from merit_positions.rules.labels import ACTING_LABELS, job_kind_label
from merit_shared import clock
from merit_shared.api import MAX_LIMIT, MAX_OFFSET
from merit_shared.app import Session
from merit_shared.i18n import current_lang
from merit_shared.problems import problem_responses
from merit_shared.public import PublicCache, etag_of, rate_limited, send

router = APIRouter(prefix="/api/v1/public-registry", tags=["public-registry"])
CACHE = PublicCache()
HOLDER_KINDS = {"definitive": ("Definitif", "Definitive"), **ACTING_LABELS}


def holder_kind_label(code: str | None, lang: str) -> str | None:
    pair = HOLDER_KINDS.get(code or "")
    return (pair[1] if lang == "en" else pair[0]) if pair else code


CSV_COLUMNS = [
    Column("position", "Jabatan", "Position"),
    Column("job_kind", "Jenis jabatan", "Job kind", label=job_kind_label),
    Column("unit", "Unit organisasi", "Organisation unit"),
    Column("name", "Nama", "Name"),
    Column("nip_masked", "NIP (disamarkan)", "NIP (masked)", "nip"),
    Column("kind", "Status", "Status", label=holder_kind_label),
    Column("since", "TMT", "Since", "date"),
]


@router.get("/{agency_code}/officials",
            summary="No login. Who holds each managerial position of an agency on a date (Plt/Plh marked)",
            description="Every JPT, administrator and supervisor position in force on `as_of` (default: today in "
                        "the agency's time zone), with its definitive holder and any Plt/Plh, ordered like the "
                        "organisation chart. `format=csv` gives one row per holder (vacant seats with no name). "
                        "Cacheable: ETag and Cache-Control, If-None-Match gives 304, at most a few seconds stale. "
                        "Rate-limited per client address (429 with Retry-After).",
            responses={200: {"model": PublicOfficialsPage, "description": "A page of the directory.",
                             "content": {"text/csv": {"schema": {"type": "string"}}}},
                       304: {"description": "Not modified (If-None-Match matched the ETag)."},
                       **problem_responses(404, 422, 429)})
async def public_officials(
    request: Request, session: Session,
    agency_code: Annotated[str, Path(max_length=40, description="The agency's code, e.g. `kota-tangsel`.")],
    as_of: Annotated[date | None, Query(description="The date the directory shows (default: today).")] = None,
    format: Annotated[Literal["json", "csv"], Query(description="json (a page) or csv (all rows).")] = "json",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    limited = rate_limited(request)
    if limited is not None:
        return limited
    agency_id, agency_name = await service.agency_by_code(session, agency_code)
    d = as_of or clock.today(agency_id)
    lang = current_lang.get()
    key = f"{agency_id}:{d}:{format}:{lang if format == 'csv' else ''}:{limit}:{offset}"
    hit = CACHE.get(key)
    if hit is None:
        rows = await service.officials(session, agency_id, d)
        if format == "csv":
            flat = [{**r, **h} for r in rows for h in (r["holders"] or [{}])]
            body = bytes(export(flat, CSV_COLUMNS, "csv", "pejabat", title=("Daftar pejabat", "Officials"),
                                as_of=d, lang=lang).body)
        else:
            body = orjson.dumps({"agency": agency_name, "as_of": d, "items": rows[offset:offset + limit],
                                 "total": len(rows), "limit": limit, "offset": offset}, default=str)  # asyncpg's UUIDs
        hit = CACHE.put(key, body, etag_of(body), request.app.state.public_ttl)
    if format == "csv":
        return send(request, hit.body, hit.etag, request.app.state.public_max_age, "text/csv; charset=utf-8",
                    {"Content-Disposition": f'attachment; filename="pejabat-{d.isoformat()}.csv"',
                     "Content-Language": lang})
    return send(request, hit.body, hit.etag, request.app.state.public_max_age)

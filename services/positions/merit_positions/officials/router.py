"""No login: the directory of an agency's officials (every managerial seat and who holds it), as of any date.

Open data for the public (UU 14/2008 keterbukaan informasi publik): JSON or CSV, cacheable (ETag,
Cache-Control, If-None-Match → 304), rate-limited per client address like the recruitment portal. Only what a
published SK states leaves here: name with titles, masked NIP, position, unit, since, Plt/Plh marked; never a
birth date, a full NIP or a rating.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from merit_positions.officials import service
from merit_positions.officials.schemas import PublicOfficialsPage, PublicPlacementOut, PublicPlacementsPage
from merit_positions.rules.labels import ACTING_LABELS, job_kind_label
from merit_shared import clock
from merit_shared.api import PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.conventions import ETAG_HEADERS
from merit_shared.error_codes import DATE_RANGE_REVERSED
from merit_shared.i18n import current_lang
from merit_shared.problems import problem_responses
from merit_shared.public import PublicCache, etag_of, rate_limited, send
from merit_shared.tabular import ExportColumn, export

router = APIRouter(prefix="/api/v1/public-registry", tags=["public-registry"])
CACHE = PublicCache()
HOLDER_KINDS = {"definitive": ("Definitif", "Definitive"), **ACTING_LABELS}


def holder_kind_label(code: str | None, lang: str) -> str | None:
    pair = HOLDER_KINDS.get(code or "")
    return (pair[1] if lang == "en" else pair[0]) if pair else code


# ``chart`` is the organisation chart's order (JPT, administrators, supervisors; heads first), the rows' own.
OFFICIALS_SORT: dict[str, Any] = {"chart": "chart", "position": "position", "unit": "unit",
                                  "kelas_jabatan": "kelas_jabatan"}
PLACEMENTS_SORT: dict[str, Any] = {"tmt": lambda r: r["snapshot"].get("tmt"), "published_at": "published_at"}


def _sorted(rows: list[dict[str, Any]], sort: Sort, tiebreaker: str) -> list[dict[str, Any]]:
    chart = {id(r): i for i, r in enumerate(rows)}
    return replace(sort, allowed={**sort.allowed, "chart": lambda r: chart[id(r)]}).sorted(rows, tiebreaker)


CSV_COLUMNS = [
    ExportColumn("position", "Jabatan", "Position"),
    ExportColumn("job_kind", "Jenis jabatan", "Job kind", label=job_kind_label),
    ExportColumn("unit", "Unit organisasi", "Organisation unit"),
    ExportColumn("name", "Nama", "Name"),
    ExportColumn("nip_masked", "NIP (disamarkan)", "NIP (masked)", "nip"),
    ExportColumn("kind", "Status", "Status", label=holder_kind_label),
    ExportColumn("since", "TMT", "Since", "date"),
]


def _page(rows: list[dict[str, Any]], page: PageParams) -> dict[str, Any]:
    return {"items": rows[page.offset:page.offset + page.limit], "total": len(rows), "limit": page.limit,
            "offset": page.offset}


async def _cached(request: Request, key: str, build: Callable[[], Awaitable[bytes]], csv_name: str | None,
                  lang: str) -> Response:
    """The rendered answer from this process's cache (built on a miss), JSON or, named ``csv_name``, CSV."""
    hit = CACHE.get(key)
    if hit is None:
        body = await build()
        hit = CACHE.put(key, body, etag_of(body), request.app.state.public_ttl)
    if csv_name is None:
        return send(hit.body, hit.etag, request.app.state.public_max_age)
    return send(hit.body, hit.etag, request.app.state.public_max_age, "text/csv; charset=utf-8",
                {"Content-Disposition": f'attachment; filename="{csv_name}"', "Content-Language": lang})


@router.get("/{agency_code}/officials",
            summary="No login. Who holds each managerial position of an agency on a date (Plt/Plh marked)",
            description="Every JPT, administrator and supervisor position in force on `as_of` (default: today in "
                        "the agency's time zone), with its definitive holder and any Plt/Plh, ordered like the "
                        "organisation chart. `format=csv` gives one row per holder (vacant seats with no name). "
                        "Cacheable: ETag and Cache-Control, If-None-Match gives 304, at most a few seconds stale. "
                        "Rate-limited per client address (429 with Retry-After).",
            responses={200: {"model": PublicOfficialsPage, "description": "A page of the directory.", "headers": ETAG_HEADERS,
                             "content": {"text/csv": {"schema": {"type": "string"}}}},
                       **problem_responses(404, 422, 429)})
async def public_officials(
    request: Request, session: Session,
    agency_code: Annotated[str, Path(max_length=40, description="The agency's code, e.g. `KOTA-TANGSEL` (any case).")],
    as_of: Annotated[date | None, Query(description="The date the directory shows (default: today).")] = None,
    format: Annotated[Literal["json", "csv"], Query(description="json (a page) or csv (all rows).")] = "json",
    page: PageParams = Depends(page_params),
    sort: Sort = Depends(sort_param(OFFICIALS_SORT, default="chart")),
) -> Response:
    limited = await rate_limited(request)
    if limited is not None:
        return limited
    agency_id, agency_name = await service.agency_by_code(session, agency_code)
    d = as_of or clock.today(agency_id)
    lang = current_lang.get()
    key = f"{agency_id}:{d}:{format}:{lang if format == 'csv' else ''}:{page.limit}:{page.offset}:{sort.text}"

    async def build() -> bytes:
        rows = _sorted(await service.officials(session, agency_id, d), sort, "position_id")
        if format == "csv":
            flat = [{**r, **h} for r in rows for h in (r["holders"] or [{}])]
            return bytes(export(flat, CSV_COLUMNS, "csv", "pejabat", title=("Daftar pejabat", "Officials"),
                                as_of=d, lang=lang).body)
        return orjson.dumps({"agency": agency_name, "as_of": d, **_page(rows, page)}, default=str)  # asyncpg's UUIDs

    return await _cached(request, key, build, f"pejabat-{d.isoformat()}.csv" if format == "csv" else None, lang)

PLACEMENT_COLUMNS = [
    ExportColumn("tmt", "TMT", "TMT", "date"),
    ExportColumn("name", "Nama", "Name"),
    ExportColumn("nip_masked", "NIP (disamarkan)", "NIP (masked)", "nip"),
    ExportColumn("position", "Jabatan", "Position"),
    ExportColumn("job_kind", "Jenis jabatan", "Job kind", label=job_kind_label),
    ExportColumn("unit", "Unit organisasi", "Organisation unit"),
    ExportColumn("placement", "Jenis penempatan", "Placement"),
    ExportColumn("sk_number", "Nomor SK", "SK number"),
    ExportColumn("sk_date", "Tanggal SK", "SK date", "date"),
    ExportColumn("content_hash", "Hash SHA-256", "SHA-256 hash"),
]


@router.get("/{agency_code}/placements",
            summary="No login. Completed placements into managerial positions (appointments from open selection, "
                    "promotions, rotations, transfers), each immutable and hash-stamped",
            description="Published when the appointment is recorded, in its transaction; which start reasons are "
                        "published is the agency's policy (`public_placement_reasons`). Filter by TMT (`from`, "
                        "`to`); newest first. `format=csv` gives every row. Cacheable and rate-limited like the "
                        "directory.",
            responses={200: {"model": PublicPlacementsPage, "description": "A page of placements.", "headers": ETAG_HEADERS,
                             "content": {"text/csv": {"schema": {"type": "string"}}}},
                       **problem_responses(404, 422, 429)})
async def public_placements(
    request: Request, session: Session,
    agency_code: Annotated[str, Path(max_length=40, description="The agency's code, e.g. `KOTA-TANGSEL`.")],
    since: Annotated[date | None, Query(alias="from", description="First TMT included.")] = None,
    until: Annotated[date | None, Query(alias="to", description="Last TMT included.")] = None,
    format: Annotated[Literal["json", "csv"], Query(description="json (a page) or csv (all rows).")] = "json",
    page: PageParams = Depends(page_params),
    sort: Sort = Depends(sort_param(PLACEMENTS_SORT, default="-tmt,-published_at")),
) -> Response:
    limited = await rate_limited(request)
    if limited is not None:
        return limited
    if since and until and until < since:
        raise DATE_RANGE_REVERSED.error(field="query.to", date_from=since, date_to=until)
    agency_id, agency_name = await service.agency_by_code(session, agency_code)
    lang = current_lang.get()
    key = f"pl:{agency_id}:{since}:{until}:{format}:{lang if format == 'csv' else ''}:{page.limit}:{page.offset}:" \
          f"{sort.text}"

    async def build() -> bytes:
        rows = _sorted(await service.placements(session, agency_id, since, until), sort, "id")
        if format == "csv":
            flat = [{**r["snapshot"], "content_hash": r["content_hash"]} for r in rows]
            return bytes(export(flat, PLACEMENT_COLUMNS, "csv", "penempatan", title=("Penempatan", "Placements"),
                                as_of=clock.today(agency_id), lang=lang).body)
        return orjson.dumps({"agency": agency_name, **_page(rows, page)}, default=str, option=orjson.OPT_UTC_Z)

    return await _cached(request, key, build, "penempatan.csv" if format == "csv" else None, lang)

@router.get("/{agency_code}/placements/{placement_id}",
            summary="No login. One published placement (immutable: cacheable for good, the ETag is its hash)",
            responses={200: {"model": PublicPlacementOut, "description": "The placement as published.",
                             "headers": ETAG_HEADERS},
                       **problem_responses(404, 422, 429)})
async def public_placement(request: Request, session: Session,
                           agency_code: Annotated[str, Path(max_length=40)], placement_id: uuid.UUID) -> Response:
    limited = await rate_limited(request)
    if limited is not None:
        return limited
    agency_id, _ = await service.agency_by_code(session, agency_code)
    row = await service.placement(session, agency_id, placement_id)
    body = orjson.dumps(row, default=str, option=orjson.OPT_UTC_Z)
    return send(body, f'"{row["content_hash"]}"', None)

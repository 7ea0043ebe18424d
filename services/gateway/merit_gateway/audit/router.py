"""Routes: /api/v1/audit-trail — one audit view across the services (auditor, agency admin, PPK), its trace of a
record across services and its XLSX/CSV export; every read is itself recorded."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from merit_gateway.audit import service
from merit_gateway.audit.schemas import ServiceName, TraceOut, TrailEntryOut
from merit_shared.api import Page, PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import oauth2_scheme
from merit_shared.authz import AuditReader
from merit_shared.clock import today
from merit_shared.i18n import current_lang
from merit_shared.problems import problem_responses
from merit_shared.tabular import XLSX_MEDIA, ExportColumn, export

router = APIRouter(prefix="/api/v1/audit-trail", tags=["audit-trail"])
WHO = ("Readers: the agency's auditor (Inspektorat, read-only), the agency admin and the PPK; always their own "
       "agency. Every read is recorded in the gateway's audit trail (service `gateway`, entity `audit_trail`: who, "
       "the filters, when), which this view shows too.")


def filters(entity: Annotated[str | None, Query(max_length=80, examples=["selection"],
                                               description="Kind of record, e.g. selection, assignment.")] = None,
            entity_id: Annotated[str | None, Query(max_length=80, description="Id of one record.")] = None,
            actor: Annotated[str | None, Query(max_length=200, description="Subject of the token that acted.")] = None,
            action: Annotated[str | None, Query(max_length=80, examples=["decide"])] = None,
            date_from: Annotated[date | None, Query(description="First day (inclusive).")] = None,
            date_to: Annotated[date | None, Query(description="Last day (inclusive).")] = None,
            service_name: Annotated[ServiceName | None, Query(alias="service",
                                                              description="One service's trail only.")] = None,
            ) -> service.Filters:
    return service.Filters(entity, entity_id, actor, action, date_from, date_to, service_name)


def reader(request: Request, session: Session, principal: AuditReader,
           token: Annotated[str | None, Depends(oauth2_scheme)]) -> service.Reader:
    return service.Reader(session, principal, token or "", current_lang.get(), request.app.state.audit_sources)


Reader = Annotated[service.Reader, Depends(reader)]
Filters = Annotated[service.Filters, Depends(filters)]


@router.get("", response_model=Page[TrailEntryOut], responses=problem_responses(401, 403, 409, 422, 503),
            summary="The audit trails of every service in one list, newest first (auditor, agency admin, PPK)",
            description="Entries of positions, evaluation and recruitment (each read through that service's own "
                        "audit route with the caller's token, so each service checks the caller) and of the gateway "
                        "(reads of this view), merged. Filters combine with AND: a record (`entity` + `entity_id`), "
                        "`actor`, `action`, `date_from`/`date_to` (inclusive calendar days of the agency), `service`. "
                        f"Reaches the first {service.WINDOW} entries of a filter (422 `audit_window_exceeded` beyond: "
                        "narrow the filters). " + WHO)
async def list_trail(reader: Reader, f: Filters, page: Annotated[PageParams, Depends(page_params)],
                     sort: Annotated[Sort, Depends(sort_param(service.TRAIL_SORT, default="-at"))],
                     ) -> Page[TrailEntryOut]:
    return await service.view(reader, f, page, sort)


@router.get("/trace", response_model=TraceOut, responses=problem_responses(401, 403, 404, 409, 422, 503),
            summary="Follow one record across the services, oldest first (auditor, agency admin, PPK)",
            description="The record's entries in every service and those of the records linked to it: a "
                        "`selection` brings its appointment decision (`decide`) and the positions `assignment` "
                        "created from it (named by the selection's `appoint` entry; `links[].verified` when the "
                        "assignment's creation carries the decision's employee, position and SK with reason "
                        "selection_result); an `assignment` leads back to its selection the same way. Any other "
                        "entity: its own entries in every service. An entry's `at` is when its service's transaction "
                        "began, so the relay's `appoint` (recorded in the transaction that sent the command) can "
                        "precede the assignment's creation by the call's duration. 404 `not_found` when no entry "
                        "names the record "
                        "(an unknown id and another agency's alike). " + WHO)
async def trace(reader: Reader, page: Annotated[PageParams, Depends(page_params)],
                sort: Annotated[Sort, Depends(sort_param(service.TRACE_SORT, default="at"))],
                entity: Annotated[str, Query(min_length=1, max_length=80, examples=["selection"],
                                             description="Kind of record: selection, assignment, ...")],
                ident: Annotated[str, Query(alias="id", min_length=1, max_length=80,
                                            description="Id of the record.")]) -> TraceOut:
    return await service.trace(reader, entity, ident, page, sort)


EXPORT_COLUMNS = [
    ExportColumn("at", "Waktu", "At"), ExportColumn("service", "Layanan", "Service"),
    ExportColumn("actor", "Pelaku", "Actor"), ExportColumn("action", "Tindakan", "Action"),
    ExportColumn("entity", "Jenis data", "Entity"), ExportColumn("entity_id", "Id data", "Entity id"),
    ExportColumn("before", "Sebelum", "Before"), ExportColumn("after", "Sesudah", "After"),
    ExportColumn("id", "Id entri", "Entry id"),
]


@router.get("/export", response_class=Response, summary="The filtered audit view as an XLSX (or CSV) file",
            responses={200: {"description": "Every entry of the filters in the `sort` order, as an XLSX workbook "
                                            "(default) or a CSV file named `audit-trail-<today>`: headers in the "
                                            "Accept-Language language, times in the agency's time zone, `before`/"
                                            "`after` as JSON text; text a spreadsheet would run as a formula is "
                                            "neutralised.",
                             "content": {XLSX_MEDIA: {"schema": {"type": "string", "format": "binary"}},
                                         "text/csv": {"schema": {"type": "string"}}}},
                       **problem_responses(401, 403, 409, 422, 503)},
            description="The same filters and sort as the list; at most "
                        f"{service.WINDOW} rows (422 `audit_window_exceeded`: narrow the filters). " + WHO)
async def export_trail(reader: Reader, f: Filters,
                       sort: Annotated[Sort, Depends(sort_param(service.TRAIL_SORT, default="-at"))],
                       fmt: Annotated[Literal["xlsx", "csv"], Query(alias="format",
                                                                   description="xlsx (default) or csv.")] = "xlsx",
                       ) -> Any:
    rows = await service.rows_for_export(reader, f, sort, fmt)
    return export(rows, EXPORT_COLUMNS, fmt, "audit-trail", title=("Jejak audit", "Audit trail"),
                  as_of=today(reader.agency_id), lang=reader.lang)

"""The registry in the national civil-service system's vocabulary (SIASN): exports and the import of its ids."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Path, Query, Request
from starlette.responses import StreamingResponse

from merit_positions.common.scope import agency_of
from merit_positions.directory import evaluation_directory
from merit_positions.national import service
from merit_positions.national.schemas import DatasetOut, FieldOut, LinkedOut, MappingOut, NationalIdsIn
from merit_positions.rules import national as n
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin, RegistryExporter
from merit_shared.clock import today
from merit_shared.directory import UpstreamUnavailable, upstream_error
from merit_shared.problems import problem_responses
from merit_shared.tabular import escape_csv

router = APIRouter(tags=["national-export"])
Dataset = Literal["pns", "jabatan", "riwayat-jabatan", "riwayat-golongan", "skp22"]
EXPORT_CONTENT: dict[str, Any] = {
    "application/json": {"schema": {"type": "object", "required": ["dataset", "agency_id", "as_of", "unfilled", "items"],
                                    "properties": {"dataset": {"type": "string"}, "agency_id": {"type": "string"},
                                                   "as_of": {"type": "string", "format": "date"},
                                                   "changed_since": {"type": ["string", "null"], "format": "date"},
                                                   "unfilled": {"type": "array", "items": {"type": "string"}},
                                                   "items": {"type": "array", "items": {"type": "object"}}}},
                         "example": {"dataset": "riwayat-golongan", "agency_id": "0f9c2d7e-3b1a-4c5d-9e8f-1a2b3c4d5e6f",
                                     "as_of": "2026-12-03", "changed_since": None, "unfilled": ["jenisKpId"],
                                     "items": [{"pnsId": "A8ACA7397AEB3912E040640A040269BB",
                                                "nipBaru": "198503302010011001", "golonganId": "33",
                                                "golonganPppk": None, "tmtGolongan": "2022-04-01",
                                                "nomorSk": "823.3/045/BKPSDM/2022", "tanggalSk": "2022-03-14",
                                                "jenisKpId": None, "alasan": "regular"}]}},
    "text/csv": {"schema": {"type": "string"}}}
SKP_YEARS_DEFAULT = 5  # skp22 without `year`: the current year and the five before it


def mapping() -> MappingOut:
    return MappingOut(datasets=[DatasetOut(
        name=name, path=f"/api/v1/national-export/{name}", unfilled=n.unfilled(name),
        fields=[FieldOut(name=f.name, source=f.source, filled=f.filled, confidence=f.confidence, note=f.note)
                for f in fields]) for name, fields in n.DATASETS.items()])


@router.get("/api/v1/national-export", response_model=MappingOut,
            summary="The field map: each national dataset's fields, where Merit takes them from, and what it cannot fill",
            description="The national system's field names (camelCase Indonesian) with their source in Merit, the "
                        "confidence of the name and code mapping, and the fields Merit cannot fill (always null in "
                        "the export). The same table is in `services/positions/NATIONAL_MAPPING.md`.",
            responses=problem_responses(401, 403))
async def field_map(principal: RegistryExporter) -> MappingOut:
    return mapping()


async def _json_stream(dataset: str, rows: AsyncIterator[dict[str, Any]], head: dict[str, Any]) -> AsyncIterator[bytes]:
    yield orjson.dumps(head)[:-1] + b',"items":['
    first = True
    async for r in rows:
        yield (b"" if first else b",") + orjson.dumps(r)
        first = False
    yield b"]}"


async def _csv_stream(dataset: str, rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
    names = [f.name for f in n.DATASETS[dataset]]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(names)
    count = 0
    async for r in rows:
        w.writerow(["" if r[k] is None else escape_csv(str(r[k])) for k in names])
        count += 1
        if count % service.STREAM_BATCH == 0:
            yield buf.getvalue().encode()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode()


async def _listed(rows: list[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
    for r in rows:
        yield r


@router.get("/api/v1/national-export/{dataset}",
            summary="Export a dataset in the national system's field names and codes (JSON or CSV, streamed)",
            description="`pns` (employees), `jabatan` (positions), `riwayat-jabatan` (every assignment), "
                        "`riwayat-golongan` (rank history) and `skp22` (annual ratings, from the evaluation service). "
                        "`changed_since` keeps the records changed on or after that day. The answer is streamed in "
                        "batches (bounded memory whatever the agency's size): JSON `{dataset, agency_id, as_of, "
                        "unfilled, items}` or CSV with the national field names as header. Fields Merit cannot fill "
                        "are null (listed in `unfilled`; see `GET /api/v1/national-export`). Full NIPs and birth "
                        "dates: the agency admin, the PPK, a machine client with `registry:read` (and "
                        "`performance:read` for `skp22`).",
            responses={200: {"content": EXPORT_CONTENT, "description": "The dataset, streamed."},
                       **problem_responses(401, 403, 422, 503)})
async def export(request: Request, principal: RegistryExporter,
                 dataset: Annotated[Dataset, Path(description="Which national dataset.")],
                 format: Literal["json", "csv"] = "json",
                 changed_since: Annotated[date | None, Query(description="Only records changed on or after this day.")] = None,
                 year: Annotated[int | None, Query(ge=2000, le=2100, description="skp22 only: one year (default: the "
                                                   "current year and the five before it).")] = None,
                 agency_id: Annotated[uuid.UUID | None, Query(description="Service role only.")] = None,
                 ) -> StreamingResponse:
    agency = agency_of(principal, agency_id)
    sessions = request.app.state.db.sessionmaker
    if dataset == "skp22":
        this_year = today(agency).year
        years = [year] if year else list(range(this_year - SKP_YEARS_DEFAULT, this_year + 1))
        try:  # fetched before the first byte, so evaluation being down is a 503, not a cut stream
            listed = await service.skp22_rows(sessions, evaluation_directory(request), agency, years, changed_since)
        except UpstreamUnavailable as exc:
            raise upstream_error("evaluation", exc) from exc
        rows: AsyncIterator[dict[str, Any]] = _listed(listed)
    else:
        rows = service.registry_rows(sessions, dataset, agency, changed_since)
    name = f"{dataset}-{today(agency).isoformat()}"
    if format == "csv":
        return StreamingResponse(_csv_stream(dataset, rows), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    head = {"dataset": dataset, "agency_id": str(agency), "as_of": today(agency).isoformat(),
            "changed_since": changed_since.isoformat() if changed_since else None, "unfilled": n.unfilled(dataset)}
    return StreamingResponse(_json_stream(dataset, rows, head), media_type="application/json")


@router.post("/api/v1/national-ids", response_model=LinkedOut, tags=["national-export"],
             summary="Link national ids (pnsId, unorId, jabatanId) to existing records (agency admin)",
             description="People by NIP, units and jobs by their Merit code. All or nothing: an unknown key (422 "
                         "`national_key_unknown`) or an id another record of the agency already carries (422 "
                         "`national_id_taken`) is refused naming its field, and nothing is written.",
             responses=problem_responses(401, 403, 422))
async def link_ids(session: Session, principal: AgencyAdmin, body: NationalIdsIn) -> LinkedOut:
    counts = await service.link_national_ids(session, principal, agency_of(principal), body)
    return LinkedOut(**counts)

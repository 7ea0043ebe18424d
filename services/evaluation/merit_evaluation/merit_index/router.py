"""Routes: /api/v1/merit-index — the merit-system index per agency and year; /api/v1/merit-index-policies — its
mapping onto the KASN aspects (issue #14)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Path, Query, Request, Response

from merit_evaluation.access import AdminAgency, IndexAgency
from merit_evaluation.merit_index import service
from merit_evaluation.merit_index.schemas import (
    ClosureIn,
    DeclarationIn,
    DeclarationOut,
    IndexOut,
    PolicyIn,
    PolicyOut,
    TrendOut,
    TrendYear,
    VerifyOut,
)
from merit_shared import clock
from merit_shared.api import IfMatch, etag_for
from merit_shared.app import Session
from merit_shared.authz import AgencyAdmin
from merit_shared.errors import NotFound
from merit_shared.i18n import current_lang
from merit_shared.indicators import report_year
from merit_shared.problems import problem_responses
from merit_shared.tabular import XLSX_MEDIA, ExportColumn, export

router = APIRouter(prefix="/api/v1/merit-index", tags=["merit-index"])
policy_router = APIRouter(prefix="/api/v1/merit-index-policies", tags=["merit-index-policies"])
Year = Annotated[int | None, Query(ge=2000, le=2100, description="Calendar year; default: the last complete year.",
                                   examples=[2025])]
Aspect = Annotated[str, Path(max_length=40, examples=["perlindungan_pelayanan"])]
EXPORT_COLUMNS = [
    ExportColumn("section", "Bagian", "Section"), ExportColumn("aspect", "Aspek", "Aspect"),
    ExportColumn("code", "Kode", "Code"), ExportColumn("name", "Uraian", "Description"),
    ExportColumn("source", "Sumber", "Source"), ExportColumn("numerator", "Pembilang", "Numerator", "int"),
    ExportColumn("denominator", "Penyebut", "Denominator", "int"), ExportColumn("value", "Nilai", "Value"),
    ExportColumn("level", "Level", "Level", "int"), ExportColumn("evidence", "Bukti", "Evidence"),
]


def _index(doc: dict[str, Any]) -> IndexOut:
    return IndexOut.model_validate(doc)


@router.get("/{agency_id}", summary="The merit-system index of one year (agency admin, PPK)", response_model=IndexOut,
            responses=problem_responses(401, 403, 404, 422, 503),
            description="An open year is computed now from the three services' records; a closed year answers the "
                        "figures frozen when it was closed, with `content_hash`. Each aspect says whether its level "
                        "is `measured`, `declared` (the agency's self-assessment) or has `no_evidence`.")
async def read_index(agency_id: IndexAgency, session: Session, request: Request, year: Year = None) -> IndexOut:
    return _index(await service.read_index(session, service.sources_of(request), agency_id,
                                           report_year(year, agency_id)))


@router.post("/{agency_id}/recompute", summary="Recompute an open year now (agency admin; audited)",
             response_model=IndexOut, responses=problem_responses(401, 403, 404, 409, 422, 503),
             description="The same figures a read gives, recorded in the audit trail (score, category, hash of the "
                         "figures). A closed year answers 409 `merit_year_closed`: its figures are frozen.")
async def recompute_index(agency_id: AdminAgency, body: ClosureIn, principal: AgencyAdmin, session: Session,
                          request: Request) -> IndexOut:
    return _index(await service.recompute(session, service.sources_of(request), principal, agency_id, body.year))


@router.post("/{agency_id}/closures", summary="Close a year: freeze its figures with their hash (agency admin)",
             status_code=201, response_model=IndexOut, responses=problem_responses(401, 403, 404, 409, 422, 503),
             description="Possible once the year has ended (from 1 January after, in the agency's time zone); the "
                         "figures are stored with the SHA-256 of their canonical JSON and can never change (the "
                         "database refuses any update or delete). Closing twice answers 409 `merit_year_closed`.")
async def create_closure(agency_id: AdminAgency, body: ClosureIn, principal: AgencyAdmin, session: Session,
                         request: Request) -> IndexOut:
    return _index(await service.close_year(session, service.sources_of(request), principal, agency_id, body.year))


@router.get("/{agency_id}/closures/{year}/verify", summary="Check a closed year's hash (stored and live figures)",
            response_model=VerifyOut, responses=problem_responses(401, 403, 404, 422, 503),
            description="Recomputes the SHA-256 of the stored figures (they are the ones hashed) and of figures "
                        "computed from today's records (a late change to a record shows as `live_matches: false`).")
async def verify_closure(agency_id: IndexAgency, year: Annotated[int, Path(ge=2000, le=2100)], session: Session,
                         request: Request) -> VerifyOut:
    c = await service.closure(session, agency_id, year)
    if c is None:
        raise NotFound("Tahun tertutup", year, field="path.year", what_en="Closed year")
    return VerifyOut.model_validate(await service.verify(session, service.sources_of(request), c))


@router.put("/{agency_id}/declarations/{year}/{aspect}",
            summary="Declare an aspect's self-assessed level with its evidence (agency admin; If-Match)",
            response_model=DeclarationOut, responses=problem_responses(401, 403, 404, 409, 412, 422),
            description="For aspects Merit holds no evidence for (remuneration, protection cases...): the level is "
                        "used only where no measured indicator gives one, and is marked `declared` in every output. "
                        "A closed year answers 409. Send `If-Match` with the ETag of the last answer to replace one.")
async def put_declaration(agency_id: AdminAgency, year: Annotated[int, Path(ge=2000, le=2100)], aspect: Aspect,
                          body: DeclarationIn, principal: AgencyAdmin, session: Session, response: Response,
                          if_match: IfMatch = None) -> DeclarationOut:
    row = await service.declare(session, principal, agency_id, year, aspect, body.level, body.evidence_text,
                                body.document_ref, if_match)
    response.headers["ETag"] = etag_for(agency_id, year, aspect, row.version)
    return DeclarationOut.model_validate(service.declaration_doc(row))


@router.get("/{agency_id}/trend", summary="The index over several years (closed years frozen)",
            response_model=TrendOut, responses=problem_responses(401, 403, 404, 422, 503),
            description="Score, category, aspect levels and indicator values per year, `from_year` to `to_year` "
                        "(at most 10 years); closed years answer their frozen figures and hash.")
async def read_trend(agency_id: IndexAgency, session: Session, request: Request,
                     from_year: Annotated[int | None, Query(ge=2000, le=2100, examples=[2021],
                                                            description="Default: to_year - 4.")] = None,
                     to_year: Annotated[int | None, Query(ge=2000, le=2100, examples=[2025],
                                                          description="Default: the last complete year.")] = None
                     ) -> TrendOut:
    to_year = report_year(to_year, agency_id)
    from_year = to_year - 4 if from_year is None else from_year
    service.check_span(from_year, to_year)
    years = await service.trend(session, service.sources_of(request), agency_id, from_year, to_year)
    return TrendOut(agency_id=agency_id, from_year=from_year, to_year=to_year,
                    years=[TrendYear.model_validate(y) for y in years])


@router.get("/{agency_id}/export", summary="Export the index of a year (JSON or XLSX) for the national assessment",
            responses={**problem_responses(401, 403, 404, 422, 503),
                       200: {"model": IndexOut,
                             "content": {XLSX_MEDIA: {"schema": {"type": "string", "format": "binary"}}},
                             "description": "The index document (JSON), or an XLSX sheet: the total, each aspect, "
                                            "each indicator and its units, with numerator, denominator, value, level "
                                            "and evidence (declared aspects name theirs). Labels in the "
                                            "Accept-Language language."}})
async def export_index(agency_id: IndexAgency, session: Session, request: Request, year: Year = None,
                       format: Literal["json", "xlsx"] = "json") -> Response:  # noqa: A002 - the query's name
    year = report_year(year, agency_id)
    doc = _index(await service.read_index(session, service.sources_of(request), agency_id, year))
    data = doc.model_dump(mode="json")
    name = f"indeks-merit-{year}"
    if format == "json":
        return Response(orjson.dumps(data), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    lang = current_lang.get()
    as_of = doc.closed_at.date() if doc.closed_at else (doc.computed_at.date() if doc.computed_at else clock.today(agency_id))
    return export(service.export_rows(data, lang), EXPORT_COLUMNS, "xlsx", name, as_of=as_of, lang=lang,
                  title=(f"Indeks sistem merit {year}", f"Merit-system index {year}"))


def _policy_out(agency_id: Any, policy: Any, version: int, response: Response) -> PolicyOut:
    response.headers["ETag"] = etag_for(agency_id, version)
    return PolicyOut(agency_id=agency_id, version=version, **policy.to_dict())


@policy_router.get("/{agency_id}", summary="How the indicators map onto the KASN aspects and levels",
                   response_model=PolicyOut, responses=problem_responses(401, 403, 404),
                   description="The defaults (version 0) are documented LOW-confidence choices: level from the mean "
                               "share of an aspect's measured indicators (2 from 0.50, 3 from 0.70, 4 from 0.90), "
                               "score 100 x mean level, categories I 100, II 175, III 250, IV 325.")
async def read_policy(agency_id: IndexAgency, session: Session, response: Response) -> PolicyOut:
    policy, version = await service.get_policy(session, agency_id)
    return _policy_out(agency_id, policy, version, response)


@policy_router.put("/{agency_id}", summary="Replace the mapping policy (agency admin; If-Match)",
                   response_model=PolicyOut, responses=problem_responses(401, 403, 404, 412, 422),
                   description="Omitted keys keep the defaults; an unknown aspect or indicator code, an indicator "
                               "mapped twice, thresholds that do not increase or bands that do not start at 100 are "
                               "refused naming the field. A stale `If-Match` answers 412. Closed years keep the "
                               "figures they were frozen with.")
async def replace_policy(agency_id: AdminAgency, body: PolicyIn, principal: AgencyAdmin, session: Session,
                         response: Response, if_match: IfMatch = None) -> PolicyOut:
    data = body.model_dump(exclude_none=True, mode="json")
    policy, version = await service.put_policy(session, principal, agency_id, data, if_match)
    return _policy_out(agency_id, policy, version, response)

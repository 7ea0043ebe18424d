"""Reports: peta jabatan, vacancies, rotation due, retirement forecast, bezetting (JSON, CSV or XLSX)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from starlette.responses import Response

from merit_positions.agencies.service import load_policy
from merit_positions.common.errors import FORBIDDEN_THIS_UNIT_OUTSIDE_YOUR
from merit_positions.common.scope import agency_of, reads_agency_wide, redact_people, unit_subtree
from merit_positions.directory import evaluation_directory
from merit_positions.employees.queries import default_bup
from merit_positions.reports import service
from merit_positions.reports.schemas import (
    ActingExpiringOut,
    BezettingOut,
    PetaJabatanOut,
    PromotionsDueOut,
    ReportPage,
)
from merit_positions.rules import check_period, next_period
from merit_positions.rules.promotion import rating_years
from merit_shared.api import PageParams, Sort, page_params, sort_param
from merit_shared.app import Session
from merit_shared.auth import Principal, Role
from merit_shared.authz import ReportReader, VacancyReader
from merit_shared.clock import today
from merit_shared.errors import NotFound
from merit_shared.i18n import current_lang
from merit_shared.problems import problem_responses
from merit_shared.tabular import export
from merit_shared.vocab import JobKind

router = APIRouter(prefix="/api/v1/position-reports", tags=["position-reports"])
Format = Literal["json", "csv", "xlsx"]
FILE_CONTENT: dict[str, dict[str, Any]] = {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}
FILE_DESCRIPTION = ("JSON, or a file with format=csv|xlsx named `<report>-<as_of>`: headers and code labels in the "
                    "Accept-Language language (Indonesian by default); XLSX has a title, an \"as of\" line, typed "
                    "cells (dates, numbers, NIP as text), a bold frozen header and a filter; text that a spreadsheet "
                    "would run as a formula is neutralised (CSV: leading apostrophe).")
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": FILE_CONTENT, "description": FILE_DESCRIPTION}}


def typed(model: type[BaseModel]) -> dict[int | str, Any]:
    """200 documented as ``model`` (JSON) or a CSV/XLSX file."""
    return {200: {"model": model, "content": FILE_CONTENT, "description": FILE_DESCRIPTION}}


def _json(data: Any) -> Response:
    # Large trees: serialise with orjson directly instead of validating thousands of nested models.
    return Response(orjson.dumps(data, default=str), media_type="application/json")


PAGED = "JSON answers one page of the rows (`limit`, `offset`, `sort`); CSV/XLSX carry every row in the same order."


def _page(items: list[dict[str, Any]], page: PageParams, sort: Sort, tiebreaker: str
          ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(every row sorted, for files; the JSON page of them)."""
    rows = sort.sorted(items, tiebreaker)
    return rows, {"items": rows[page.offset:page.offset + page.limit], "total": len(rows), "limit": page.limit,
                  "offset": page.offset}


VACANCY_SORT = {k: k for k in ("kelas_jabatan", "unit_name", "position_name", "vacant", "required", "filled")}
ROTATION_SORT = {k: k for k in ("tmt_start", "display_name", "nip", "unit_name", "position_name")}
RETIREMENT_SORT = {k: k for k in ("overdue", "retirement_date", "display_name", "nip", "unit_name", "birth_date")}
ACTING_SORT = {k: k for k in ("tmt_end", "days_left", "display_name", "nip", "kind", "unit_name", "position_name",
                              "tmt_start")}
# promotions-due judges candidate rows (service.CANDIDATES_SQL's columns) before the words are built for a page
PROMOTION_SORT = {"display_name": lambda j: j[0][2], "nip": lambda j: j[0][1], "golongan": lambda j: j[0][5],
                  "rank_tmt": lambda j: j[0][6], "unit_name": lambda j: j[0][11],
                  "status": lambda j: j[2].status.value}


async def _scope(session: Any, principal: Principal, agency_id: uuid.UUID | None, unit_id: uuid.UUID | None
                 ) -> tuple[uuid.UUID, uuid.UUID | None, set[uuid.UUID] | None]:
    """(agency, root unit, allowed unit ids or None for all). A unit admin sees their subtree only."""
    aid = agency_of(principal, agency_id)
    if reads_agency_wide(principal):
        units = await unit_subtree(session, unit_id) if unit_id else None
        if unit_id and not units:
            raise NotFound("Unit organisasi", unit_id, field="query.unit_id")
        return aid, unit_id, units
    own = await unit_subtree(session, principal.unit_id) if principal.unit_id else set()
    root = unit_id or (uuid.UUID(principal.unit_id) if principal.unit_id else None)
    if root is None or root not in own:
        raise FORBIDDEN_THIS_UNIT_OUTSIDE_YOUR.error()
    return aid, root, await unit_subtree(session, root)


@router.get("/peta-jabatan", summary="Peta jabatan: unit tree with required/filled/vacant, holders, acting",
            description="Units nested as on `as_of`, each with its positions (required, filled, vacant, holders, acting) "
                        "and subtree totals. A unit admin gets their subtree. format=csv|xlsx gives one row per "
                        "position.",
            responses={**problem_responses(401, 403, 404, 422), **typed(PetaJabatanOut)})
async def peta_jabatan(*, session: Session, unit_id: uuid.UUID | None = None, as_of: date | None = None,
                       format: Format = "json", agency_id: uuid.UUID | None = Query(None),
                       principal: ReportReader) -> Response:
    aid, root, _ = await _scope(session, principal, agency_id, unit_id)
    tree = await service.peta_jabatan(session, aid, as_of or today(), root)
    if format == "json":
        return _json(tree)
    return export(service.flatten_peta(tree), service.PETA_COLUMNS, format, "peta-jabatan",
                  title=service.PETA_TITLE, as_of=tree["as_of"], lang=current_lang.get())


@router.get("/vacancies", response_model=ReportPage, summary="Vacant seats (filters: unit subtree, kind, jenjang, kelas)",
            description="Positions whose definitive holders are fewer than the required seats on `as_of`. Employees "
                        "and supervisors read the agency's too (issue #13); an acting official's `employee_id` is "
                        "shown only to whom that person's record is open (the rule of `GET /positions`). " + PAGED,
            responses={**problem_responses(401, 403, 404, 422), **FILE_RESPONSES})
async def vacancies(*, session: Session, unit_id: uuid.UUID | None = None, as_of: date | None = None,
                    kind: JobKind | None = None, jenjang: str | None = None,
                    min_kelas: int | None = Query(None, ge=1, le=17), format: Format = "json",
                    agency_id: uuid.UUID | None = Query(None), page: PageParams = Depends(page_params),
                    sort: Sort = Depends(sort_param(VACANCY_SORT, default="-kelas_jabatan,unit_name,position_name")),
                    principal: VacancyReader) -> Response:
    if reads_agency_wide(principal) or principal.has(Role.UNIT_ADMIN):
        aid, _, units = await _scope(session, principal, agency_id, unit_id)
    else:  # an employee or supervisor: the agency's vacant seats, as GET /positions shows them every seat
        aid = agency_of(principal, agency_id)
        units = await unit_subtree(session, unit_id) if unit_id else None
    d = as_of or today()
    rows = await service.vacancies(session, aid, d, units, kind.value if kind else None, jenjang, min_kelas)
    if not reads_agency_wide(principal):  # an acting official's id only to whom their record is open
        for row in rows:
            row["acting"] = await redact_people(session, principal, row["acting"], row["unit_id"], d)
    items, body = _page(rows, page, sort, "position_id")
    if format == "json":
        return _json({"as_of": d, **body})
    return export(items, service.VACANCY_COLUMNS, format, "lowongan", title=service.VACANCY_TITLE, as_of=d,
                  lang=current_lang.get())


@router.get("/rotation-due", response_model=ReportPage,
            summary="Definitive holders longer than N years (default: policy maximum, 5) in one position",
            description="Definitive holders whose current position started at least `years` years before `as_of`. " + PAGED,
            responses={**problem_responses(401, 403, 404, 422), **FILE_RESPONSES})
async def rotation_due(*, session: Session, unit_id: uuid.UUID | None = None, as_of: date | None = None,
                       years: int | None = Query(None, ge=1, le=40), format: Format = "json",
                       agency_id: uuid.UUID | None = Query(None), page: PageParams = Depends(page_params),
                       sort: Sort = Depends(sort_param(ROTATION_SORT, default="tmt_start,display_name")),
                       principal: ReportReader) -> Response:
    aid, _, units = await _scope(session, principal, agency_id, unit_id)
    d = as_of or today()
    y = years or (await load_policy(session, aid)).max_years_in_position
    items, body = _page(await service.rotation_due(session, aid, d, y, units), page, sort, "employee_id")
    if format == "json":
        return _json({"as_of": d, "years": y, **body})
    return export(items, service.ROTATION_COLUMNS, format, "rotasi-jatuh-tempo", title=service.ROTATION_TITLE,
                  as_of=d, lang=current_lang.get())


@router.get("/acting-expiring",
            summary="Plt/Plh whose last day falls within N days (default: the policy's warning days)",
            description="Acting officials not yet ended whose last day is between `as_of` and `as_of` + `days`, soonest "
                        "first, with whether their one extension was used and how far it could go (agency policy "
                        "`acting_months` / `acting_extension_months`). " + PAGED,
            responses={**problem_responses(401, 403, 404, 422), **typed(ActingExpiringOut)})
async def acting_expiring(*, session: Session, page: PageParams = Depends(page_params),
                          sort: Sort = Depends(sort_param(ACTING_SORT, default="tmt_end,display_name")),
                          days: int | None = Query(None, ge=0, le=366),
                          unit_id: uuid.UUID | None = None, as_of: date | None = None, format: Format = "json",
                          agency_id: uuid.UUID | None = Query(None),
                          principal: ReportReader) -> Response:
    aid, _, units = await _scope(session, principal, agency_id, unit_id)
    d = as_of or today()
    policy = await load_policy(session, aid)
    n = policy.acting_expiry_warning_days if days is None else days
    items, body = _page(await service.acting_expiring(session, aid, d, n, policy, units), page, sort,
                        "assignment_id")
    if format == "json":
        return _json({"as_of": d, "days": n, **body})
    return export(items, service.ACTING_COLUMNS, format, "plt-plh-berakhir", title=service.ACTING_TITLE, as_of=d,
                  lang=current_lang.get())


@router.get("/retirement-forecast", response_model=ReportPage,
            summary="Who reaches BUP in the next N months and which seats fall vacant",
            description="Active employees (not retired/dismissed/deceased) whose retirement date falls before as_of + "
                        "months. Those whose date is already on or before `as_of` but who are still active come first, "
                        "with `overdue: true` (counted in `overdue`). BUP is that of the job held definitively on "
                        "`as_of` (by jenjang for functional jobs, e.g. 65 for Ahli Utama), else the agency's "
                        "administrative BUP; retirement takes effect on the "
                        "first day of the month after the BUP birthday. `overdue` and `seats_falling_vacant` count every row. " + PAGED,
            responses={**problem_responses(401, 403, 404, 422), **FILE_RESPONSES})
async def retirement_forecast(*, session: Session, months: int = Query(12, ge=1, le=120),
                              unit_id: uuid.UUID | None = None, as_of: date | None = None, format: Format = "json",
                              agency_id: uuid.UUID | None = Query(None), page: PageParams = Depends(page_params),
                              sort: Sort = Depends(sort_param(RETIREMENT_SORT,
                                                              default="-overdue,retirement_date,display_name")),
                              principal: ReportReader) -> Response:
    aid, _, units = await _scope(session, principal, agency_id, unit_id)
    d = as_of or today()
    policy = await load_policy(session, aid)
    items, body = _page(await service.retirement_forecast(session, aid, d, months, default_bup(policy), units), page,
                        sort, "employee_id")
    if format == "json":
        return _json({"as_of": d, "months": months, **body,
                      "overdue": sum(1 for i in items if i["overdue"]),
                      "seats_falling_vacant": len({i["position_id"] for i in items if i["position_id"]})})
    return export(items, service.RETIREMENT_COLUMNS, format, "proyeksi-pensiun", title=service.RETIREMENT_TITLE,
                  as_of=d, lang=current_lang.get())


@router.get("/promotions-due", summary="Kenaikan pangkat reguler: who may be promoted on a period, and why not",
            description="Every active PNS of the scope (a unit admin: the holders of seats in their subtree) judged for the "
                        "promotion period `period` (one of the agency's periods, by default 1 April / 1 October; "
                        "default: the next one): `eligible`, `not_eligible` or `unknown` (a fact is missing: the "
                        "ratings cannot be read, a year is not rated, no education or rank is recorded), with every "
                        "reason: years in rank short until a date, rating below the minimum in a year, ceiling by "
                        "education reached, highest rank, retiring before the period, already promoted. The rules "
                        "(years in rank, rated years, minimum predikat, ceilings by education, periods) are the "
                        "agency's policy (`kp_*`). Ratings are the annual ratings of the evaluation service; when it "
                        "cannot answer, `ratings_available` is false and nobody is reported eligible. PPPK are not "
                        "listed (no rank promotion). JSON answers one page (`limit`, `offset`; `total` counts the "
                        "rows after `status=`; `sort` orders them) with the counts by outcome (`eligible`, "
                        "`not_eligible`, `unknown`) of the whole scope; CSV/XLSX hold every row in the same order.",
            responses={**problem_responses(401, 403, 404, 422), **typed(PromotionsDueOut)})
async def promotions_due(*, request: Request, session: Session, page: PageParams = Depends(page_params),
                         sort: Sort = Depends(sort_param(PROMOTION_SORT, default="display_name,nip")),
                         period: date | None = None,
                         status: Literal["eligible", "not_eligible", "unknown"] | None = None,
                         unit_id: uuid.UUID | None = None, format: Format = "json",
                         agency_id: uuid.UUID | None = Query(None),
                         principal: ReportReader) -> Response:
    aid, _, units = await _scope(session, principal, agency_id, unit_id)
    policy = await load_policy(session, aid)
    d = today()
    p = check_period(period, policy) if period else next_period(d, policy)
    rows = await service.promotion_candidates(session, aid, p, d, default_bup(policy), units)
    years = rating_years(p, policy)
    ratings = await evaluation_directory(request).ratings(aid, years) if rows and years else {}
    judged = service.judge_promotions(rows, ratings, p, policy)
    counts = service.promotion_counts(judged)
    if status:
        judged = [j for j in judged if j[2].status.value == status]
    if sort.explicit:  # the candidates come in the default order (display_name, nip) from the query
        judged = sort.sorted(judged, None)
    if format == "json":
        # One page of rows (the words of the reasons are built for those only); the counts are of the whole scope.
        items = service.promotion_items(judged[page.offset:page.offset + page.limit], current_lang.get())
        return _json({"period": p, "as_of": d, "rating_years": years, "ratings_available": ratings is not None,
                      "policy": {"min_years_in_rank": policy.kp_min_years_in_rank,
                                 "min_predikat": policy.kp_min_predikat.value,
                                 "ceiling_by_education": {k: v.label for k, v in
                                                          policy.kp_ceiling_by_education.items()}},
                      **counts, "items": items, "total": len(judged), "limit": page.limit, "offset": page.offset})
    flat = [{**i, "reasons_text": "; ".join(x["message"] for x in i["reasons"])}
            for i in service.promotion_items(judged, current_lang.get())]
    return export(flat, service.PROMOTION_COLUMNS, format, "kenaikan-pangkat", title=service.PROMOTION_TITLE,
                  as_of=d, lang=current_lang.get())


@router.get("/bezetting", summary="Headcount per unit and golongan",
            description="Active definitive holders per unit and golongan on `as_of`.",
            responses={**problem_responses(401, 403, 404, 422), **typed(BezettingOut)})
async def bezetting(*, session: Session, unit_id: uuid.UUID | None = None, as_of: date | None = None,
                    format: Format = "json", agency_id: uuid.UUID | None = Query(None),
                    principal: ReportReader) -> Response:
    aid, _, units = await _scope(session, principal, agency_id, unit_id)
    data = await service.bezetting(session, aid, as_of or today(), units)
    if format == "json":
        return _json(data)
    rows = [{"unit_name": r["unit_name"], **r["counts"], "total": r["total"]} for r in data["rows"]]
    return export(rows, service.bezetting_columns(data["golongan"]), format, "bezetting",
                  title=service.BEZETTING_TITLE, as_of=data["as_of"], lang=current_lang.get())

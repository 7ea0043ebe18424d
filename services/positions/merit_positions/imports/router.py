"""Bulk imports of org units, positions and employees from CSV/XLSX (all-or-nothing, re-runnable)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter, File, Query, UploadFile
from starlette.responses import Response

from merit_positions.agencies.service import require_agency_exists
from merit_positions.common.scope import agency_of
from merit_positions.imports import onboarding, service
from merit_positions.imports.columns import COLUMNS
from merit_positions.imports.parse import read_table
from merit_positions.imports.schemas import ImportResult
from merit_shared.app import Session
from merit_shared.auth import Principal
from merit_shared.authz import AgencyAdmin
from merit_shared.i18n import current_lang
from merit_shared.problems import problem_responses
from merit_shared.tabular import TEMPLATE_RESPONSE, template

router = APIRouter(prefix="/api/v1/position-imports", tags=["position-imports"])
ERRORS = problem_responses(401, 403, 404, 422)


async def _run(kind: str, file: UploadFile, session: Any, principal: Principal, agency_id: uuid.UUID | None,
               dry_run: bool) -> Any:
    aid = agency_of(principal, agency_id)
    await require_agency_exists(session, aid)
    rows = read_table(file.filename or "", await file.read(), COLUMNS[kind])
    fn = {"employees": service.import_employees, "org-units": service.import_units,
          "positions": service.import_positions, "jobs": onboarding.import_jobs,
          "assignments": onboarding.import_assignments, "ranks": onboarding.import_ranks,
          "educations": onboarding.import_educations}[kind]
    return await fn(session, principal, aid, rows, dry_run)


@router.post("/employees", response_model=ImportResult,
             summary="Import employees (columns: nip, name, front_title, back_title, employment_type, status, "
                     "golongan, tmt_golongan, education_level, birth_date, gender); upsert by NIP",
             description="Every row is validated first; any bad row answers 422 with line_errors (line, column, reason) "
                         "and nothing is written. Re-running the same file changes nothing (upsert by NIP). dry_run "
                         "validates only.",
             responses=ERRORS)
async def import_employees(*, session: Session, file: UploadFile = File(...), dry_run: bool = False,
                           agency_id: uuid.UUID | None = Query(None),
                           principal: AgencyAdmin) -> Any:
    return await _run("employees", file, session, principal, agency_id, dry_run)


@router.post("/org-units", response_model=ImportResult,
             summary="Import org units (columns: code, name, kind, parent_code, valid_from, siasn_unor_id); "
                     "upsert by code",
             description="All-or-nothing like the employee import; parents may appear later in the file.", responses=ERRORS)
async def import_units(*, session: Session, file: UploadFile = File(...), dry_run: bool = False,
                       agency_id: uuid.UUID | None = Query(None),
                       principal: AgencyAdmin) -> Any:
    return await _run("org-units", file, session, principal, agency_id, dry_run)


@router.post("/positions", response_model=ImportResult,
             summary="Import positions (columns: code, unit_code, job_code, name, is_head, required_seats; "
                     "job_kind, job_name, jenjang, kelas_jabatan create a missing job); upsert by code",
             description="All-or-nothing like the employee import; a missing job is created from "
                         "job_kind/job_name/jenjang/kelas_jabatan.",
             responses=ERRORS)
async def import_positions(*, session: Session, file: UploadFile = File(...), dry_run: bool = False,
                           agency_id: uuid.UUID | None = Query(None),
                           principal: AgencyAdmin) -> Any:
    return await _run("positions", file, session, principal, agency_id, dry_run)


ONBOARDING = ("Headers may be the template's Indonesian ones, its English ones or the column keys. Every row is "
              "checked by the same rules as the one-at-a-time route, in one transaction: any bad row answers 422 "
              "with line_errors (line, column, code, messages) and nothing is written; dry_run checks everything "
              "and writes nothing. NIPs and codes are looked up in the caller's agency only. A row already on "
              "record counts as unchanged, so a re-run is harmless.")


@router.post("/jobs", response_model=ImportResult,
             summary="Import the job catalogue (columns: code, name, kind, jenjang, kelas_jabatan, min_education, "
                     "min_rank, bup); a code already on record is unchanged",
             description=ONBOARDING, responses=ERRORS)
async def import_jobs(*, session: Session, file: UploadFile = File(...), dry_run: bool = False,
                      agency_id: uuid.UUID | None = Query(None),
                      principal: AgencyAdmin) -> Any:
    return await _run("jobs", file, session, principal, agency_id, dry_run)


@router.post("/assignments", response_model=ImportResult,
             summary="Import seat holders, current and past (columns: nip, position_code, kind, tmt_start, tmt_end, "
                     "sk_number, sk_date, reason, rank_override_reason)",
             description=ONBOARDING + " Rows are applied in TMT order; import the rank history first, so that the "
                                      "minimum-rank check sees the rank held on each TMT.",
             responses=ERRORS)
async def import_assignments(*, session: Session, file: UploadFile = File(...), dry_run: bool = False,
                             agency_id: uuid.UUID | None = Query(None),
                             principal: AgencyAdmin) -> Any:
    return await _run("assignments", file, session, principal, agency_id, dry_run)


@router.post("/ranks", response_model=ImportResult,
             summary="Import rank (golongan) history (columns: nip, golongan, tmt, sk_number, sk_date, reason, "
                     "reason_note)",
             description=ONBOARDING + " Each person's ranks are applied oldest first; only the newest is announced "
                                      "as rank_changed.",
             responses=ERRORS)
async def import_ranks(*, session: Session, file: UploadFile = File(...), dry_run: bool = False,
                       agency_id: uuid.UUID | None = Query(None),
                       principal: AgencyAdmin) -> Any:
    return await _run("ranks", file, session, principal, agency_id, dry_run)


@router.post("/educations", response_model=ImportResult,
             summary="Import education history (columns: nip, level, major, institution, graduated_on)",
             description=ONBOARDING, responses=ERRORS)
async def import_educations(*, session: Session, file: UploadFile = File(...), dry_run: bool = False,
                            agency_id: uuid.UUID | None = Query(None),
                            principal: AgencyAdmin) -> Any:
    return await _run("educations", file, session, principal, agency_id, dry_run)


ImportKind = Literal["org-units", "jobs", "positions", "employees", "assignments", "ranks", "educations"]


@router.get("/{kind}/template", summary="An empty import file: the header row of that import (CSV or XLSX)",
            description="Headers in the Accept-Language language (Indonesian by default, English on request); the "
                        "import accepts either, from the same column list.",
            responses={**problem_responses(401, 403, 422),
                       **TEMPLATE_RESPONSE})
async def import_template(kind: ImportKind, principal: AgencyAdmin,
                          format: Literal["csv", "xlsx"] = "csv") -> Response:
    content, media, name = template(COLUMNS[kind], format, current_lang.get(), f"template-{kind}")
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

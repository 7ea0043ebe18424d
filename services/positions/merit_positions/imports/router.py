"""Bulk imports of org units, positions and employees from CSV/XLSX (all-or-nothing, re-runnable)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, File, Query, UploadFile

from merit_positions.agencies.service import require_agency_exists
from merit_positions.common.scope import agency_of
from merit_positions.imports import service
from merit_positions.imports.parse import read_table
from merit_positions.imports.schemas import ImportResult
from merit_shared.app import Session
from merit_shared.auth import Principal
from merit_shared.authz import AgencyAdmin
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/position-imports", tags=["position-imports"])
ERRORS = problem_responses(401, 403, 404, 422)


async def _run(kind: str, file: UploadFile, session: Any, principal: Principal, agency_id: uuid.UUID | None,
               dry_run: bool) -> Any:
    aid = agency_of(principal, agency_id)
    await require_agency_exists(session, aid)
    rows = read_table(file.filename or "", await file.read())
    fn = {"employees": service.import_employees, "org-units": service.import_units,
          "positions": service.import_positions}[kind]
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

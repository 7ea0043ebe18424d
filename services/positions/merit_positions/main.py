"""The positions service application."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI

from merit_positions.actions.router import router as actions_router
from merit_positions.agencies.models import Agency
from merit_positions.agencies.router import router as agencies_router
from merit_positions.assignments.router import absences_router
from merit_positions.assignments.router import router as assignments_router
from merit_positions.audit.router import router as audit_router
from merit_positions.career.router import router as career_router
from merit_positions.common.constraints import CONSTRAINTS
from merit_positions.common.models import events
from merit_positions.db_base import inbox, outbox, public_rate_limits
from merit_positions.employees.router import router as employees_router
from merit_positions.imports.router import router as imports_router
from merit_positions.jobs.router import router as jobs_router
from merit_positions.merit_indicators.router import router as merit_indicators_router
from merit_positions.national.router import router as national_router
from merit_positions.officials.router import router as officials_router
from merit_positions.org.router import router as org_router
from merit_positions.reports.router import router as reports_router
from merit_positions.scheduling.router import router as scheduler_router
from merit_positions.scheduling.service import build_scheduler
from merit_positions.seats.router import router as seats_router
from merit_positions.transfers.router import router as transfers_router
from merit_shared import public
from merit_shared.app import ServiceSpec, create_service_app, outbox_destinations
from merit_shared.events import feed_router
from merit_shared.outbox import OutboxRelay

TAGS = [
    {"name": "agencies", "description": "Agencies (instansi) as tenants, and each agency's policy (blackout windows, "
                                        "MED/LOW rule values). Created by the platform operator (`service` role)."},
    {"name": "org-units", "description": "The organisation tree, effective-dated: rename, move, dissolve."},
    {"name": "jobs", "description": "Job catalogue: kind, jenjang, kelas jabatan, minimum education and rank, BUP, "
                                    "competency standard."},
    {"name": "positions", "description": "Positions (seats in the peta jabatan): unit x job, required seats, ABK; "
                                         "vacancy is derived."},
    {"name": "employees", "description": "Employees: NIP-validated records, ranks, education, career, evaluators."},
    {"name": "assignments", "description": "Definitive / Plt / Plh assignments with SK; seat invariants enforced "
                                           "by the database."},
    {"name": "personnel-actions", "description": "Mutation, rotation, promotion, demotion: proposal, review, PPK "
                                                 "decision, atomic application on the TMT."},
    {"name": "transfers", "description": "Transfers between agencies (mutasi antar instansi): released by the origin, "
                                         "accepted or declined by the destination; one active record per NIP "
                                         "nationally."},
    {"name": "position-reports", "description": "Peta jabatan, vacancies, rotation due, retirement forecast, "
                                                "bezetting; CSV/XLSX export."},
    {"name": "position-imports", "description": "Bulk import of units, positions and employees (CSV/XLSX), "
                                                "all-or-nothing, re-runnable."},
    {"name": "position-events", "description": "The position event feed for other systems (cursor `after`, "
                                               "types and examples: `GET /api/v1/position-events/types`)."},
    {"name": "national-export", "description": "The registry in the national civil-service system's vocabulary "
                                                "(SIASN field names and codes): employees, positions, riwayat jabatan, "
                                                "riwayat golongan and SKP, JSON or CSV, streamed; and the import of "
                                                "its ids."},
    {"name": "position-audit", "description": "Audit trail of changes to legal records (agency admin)."},
    {"name": "public-registry", "description": "No login: the directory of an agency's officials (every "
                                               "managerial seat and its holder, Plt/Plh marked) as of any date, and "
                                               "its completed placements (immutable, hash-stamped); JSON or CSV, "
                                               "cacheable, rate-limited."},
    {"name": "scheduler", "description": "The daily jobs: retirement at BUP, transfers and personnel actions on their "
                                         "TMT, acting "
                                         "(Plt/Plh) ends and warnings; run once per agency and day, audited."},
    {"name": "position-indicators", "description": "Merit-system indicators measured from the registry (competency "
                                                   "standards, ABK, open filling, overrides), with drill-down."},
]

SPEC = ServiceSpec(
    name="positions",
    package="merit_positions",
    title="Merit Positions",
    description="The position registry of an agency: organisation units, jobs, positions (peta jabatan), employees, "
                "assignments and personnel actions, with vacancy arithmetic derived by the server.",
    routers=[agencies_router, org_router, jobs_router, career_router, seats_router, employees_router, assignments_router, absences_router,
             actions_router, transfers_router, reports_router, imports_router,
             feed_router(events, resource="position-events"), audit_router,
             scheduler_router, officials_router, national_router, merit_indicators_router],
    tags=TAGS,
    inbox=inbox,
    constraints=CONSTRAINTS,
)


async def agency_zones(app: FastAPI) -> dict[str, str]:
    async with app.state.db.engine.connect() as conn:
        rows = (await conn.execute(sa.select(Agency.id, Agency.time_zone))).all()
    return {str(r.id): r.time_zone for r in rows}


SPEC.agency_zones = agency_zones


async def start_scheduler(app: FastAPI) -> list[Coroutine[Any, Any, None]]:
    """The daily jobs (the operator's routes always reach them; the loop runs where SCHEDULER_ENABLED), and the
    outbox relay (a transfer in effect tells evaluation, so the person's records follow)."""
    settings = app.state.settings
    app.state.scheduler = build_scheduler(app, settings)
    public.install(app, public_rate_limits)  # the public registry's limiter (shared by replicas) and cache lifetimes
    app.state.relay = OutboxRelay(app.state.db, outbox, outbox_destinations(app), poll_seconds=settings.outbox_poll_seconds)
    loops = [app.state.relay.run_forever()]
    return [*loops, app.state.scheduler.run_forever()] if settings.scheduler_enabled else loops


SPEC.on_ready = start_scheduler


def create_app():  # type: ignore[no-untyped-def]
    return create_service_app(SPEC)


app = create_app()

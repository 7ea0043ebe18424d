"""The recruitment service application: open, competitive selection (seleksi terbuka) with a public portal."""

from __future__ import annotations

from fastapi import FastAPI

from merit_recruitment.analytics.router import router as analytics_router
from merit_recruitment.announcements.router import router as announcements_router
from merit_recruitment.applications.router import router as applications_router
from merit_recruitment.committee.router import router as committee_router
from merit_recruitment.db_base import events, inbox, outbox, public_rate_limits
from merit_recruitment.decision.service import on_appointment_result
from merit_recruitment.directory import HttpDirectory
from merit_recruitment.history.router import router as history_router
from merit_recruitment.merit_indicators.router import router as merit_indicators_router
from merit_recruitment.public.router import router as public_router
from merit_recruitment.scheduling.router import router as scheduler_router
from merit_recruitment.scheduling.service import build_scheduler
from merit_recruitment.selections.router import router as selections_router
from merit_shared import public
from merit_shared.app import ServiceSpec, create_service_app, outbox_destinations
from merit_shared.events import feed_router
from merit_shared.outbox import OutboxRelay


async def on_ready(app: FastAPI) -> list:  # type: ignore[type-arg]
    """Wire the directory, the public portal's limits, the outbox relay (appointments to positions, notifications
    to the gateway) and the daily job (the operator's routes always reach it; its loop runs where
    SCHEDULER_ENABLED)."""
    db = app.state.db
    if getattr(app.state, "directory", None) is None:
        app.state.directory = HttpDirectory(app.state.peers, app.state.gateway)
    public.install(app, public_rate_limits)

    relay = OutboxRelay(db, outbox, outbox_destinations(app), {"appointment": on_appointment_result},
                        poll_seconds=app.state.settings.outbox_poll_seconds)
    app.state.relay = relay
    app.state.scheduler = build_scheduler(app, app.state.settings)

    return [relay.run_forever(), *([app.state.scheduler.run_forever()] if app.state.settings.scheduler_enabled
                                   else [])]


SPEC = ServiceSpec(
    name="recruitment",
    package="merit_recruitment",
    title="Merit Recruitment",
    description="Open, competitive selection (seleksi terbuka) for civil-service positions, from announcement to "
                "appointment, with a public portal. Dates are ISO 8601; legal dates (SK, TMT) are dates.",
    routers=[selections_router, committee_router, applications_router, history_router, announcements_router,
             public_router, analytics_router, scheduler_router, feed_router(events, resource="recruitment-events"),
             merit_indicators_router],
    tags=[
        {"name": "selections", "description": "Selections and their lifecycle actions (allowed_actions on each)."},
        {"name": "committee", "description": "Committee composition (internal share) and conflicts of interest."},
        {"name": "applications", "description": "Applications, eligibility, verification, scores."},
        {"name": "announcements", "description": "Immutable result announcements with hashes; appeals (sanggah)."},
        {"name": "public", "description": "The public portal: no login, cacheable, rate-limited."},
        {"name": "recruitment-analytics", "description": "Aggregate figures per selection."},
        {"name": "recruitment-scheduler", "description": "The daily job: registration that ended short of "
                                                         "applicants is extended; run once per agency and day, "
                                                         "audited."},
        {"name": "recruitment-events", "description": "The recruitment event feed for other systems (cursor `after`; "
                                                      "types and examples: `GET /api/v1/recruitment-events/types`)."},
        {"name": "recruitment-indicators", "description": "Merit-system indicators measured from open selections "
                                                          "(integrity exceptions, appeals in time), with drill-down."},
    ],
    on_ready=on_ready,
    inbox=inbox,
)


def create_app() -> FastAPI:
    return create_service_app(SPEC)


app = create_app()

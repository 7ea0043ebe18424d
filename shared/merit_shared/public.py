"""What every no-login page of Merit shares: per-client rate limits, in-process caches and cache headers.

Used by recruitment's public portal (selections, announcements) and positions' public registry (officials).

* Rate limit: a per-client-IP token bucket held where every replica of the service sees it (the service's database,
  or Redis when REDIS_URL is set; in process only when asked); answers 429 ``rate_limited`` with ``Retry-After`` in
  the caller's language.
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
from typing import Any, Literal, Protocol

import sqlalchemy as sa
from fastapi import FastAPI
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.ext.asyncio import AsyncEngine
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
    rate_store: Literal["auto", "database", "redis", "memory"] = Field(
        "auto", validation_alias=_env("RATE_STORE"),
        description="Where the counts live: `database` (this service's PostgreSQL schema, shared by its replicas), "
                    "`redis` (REDIS_URL), `memory` (this process only); `auto`: redis when REDIS_URL is set, else "
                    "the database.")
    redis_url: str | None = Field(None, validation_alias=AliasChoices("REDIS_URL"))


def install(app: FastAPI, table: sa.Table | None = None) -> None:
    """Give a service's public pages their limiter and cache lifetimes (from ``PublicSettings``). ``table`` is the
    service's ``public_rate_limits`` table (``public_rate_table``), where the database store keeps its counts."""
    cfg = PublicSettings()
    store = cfg.rate_store
    if store == "auto":
        store = "redis" if cfg.redis_url else "database" if table is not None else "memory"
    limiter: Limiter
    if store == "redis" and cfg.redis_url:
        limiter = RedisRateLimiter(cfg.rate_per_minute, cfg.burst, cfg.redis_url, prefix=f"merit:{app.title}:")
    elif store == "database" and table is not None:
        limiter = DatabaseRateLimiter(cfg.rate_per_minute, cfg.burst, app.state.db.engine, table)
    else:
        limiter = RateLimiter(cfg.rate_per_minute, cfg.burst)
    app.state.public_limiter = limiter
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


class Limiter(Protocol):
    enabled: bool

    async def check(self, key: str) -> int | None:
        """None when allowed; otherwise the seconds to wait (for Retry-After)."""


class RateLimiter:
    """Token bucket in this process: the store of a single process (tests, `PUBLIC_RATE_STORE=memory`)."""

    def __init__(self, per_minute: int, burst: int, max_clients: int = 50_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(1, burst))
        self.enabled = per_minute > 0
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}

    async def check(self, key: str) -> int | None:
        return self.check_now(key)

    def check_now(self, key: str) -> int | None:
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


# The shared stores use GCRA (the generic cell rate algorithm), the token bucket written as one timestamp per
# client: its "theoretical arrival time" (TAT). A request is allowed when, after adding one interval, the TAT is at
# most `burst` intervals ahead of now; the same answers as the bucket above, in one atomic statement.

def public_rate_table(metadata: sa.MetaData) -> sa.Table:
    """Each client's TAT, for the database store: shared by every replica of the service."""
    return sa.Table("public_rate_limits", metadata,
                    sa.Column("key", sa.String(100), primary_key=True),
                    sa.Column("tat", sa.DateTime(timezone=True), nullable=False),
                    sa.Index("ix_public_rate_limits_tat", "tat"))


def create_public_rate_table(op: Any) -> None:
    """For the migration that adds the database store to a service with public pages."""
    op.create_table("public_rate_limits", sa.Column("key", sa.String(100), primary_key=True),
                    sa.Column("tat", sa.DateTime(timezone=True), nullable=False))
    op.create_index("ix_public_rate_limits_tat", "public_rate_limits", ["tat"])


class DatabaseRateLimiter:
    """GCRA in PostgreSQL: one upsert per request, a second statement only when refusing."""

    PRUNE_EVERY = 1000  # requests between deletions of the rows of clients idle for an hour

    def __init__(self, per_minute: int, burst: int, engine: AsyncEngine, table: sa.Table) -> None:
        self.enabled = per_minute > 0
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.window = max(1, burst) * self.interval
        self.engine, self.name = engine, f"{table.schema}.{table.name}" if table.schema else table.name
        self._seen = 0

    async def check(self, key: str) -> int | None:
        if not self.enabled:
            return None
        t = self.name
        async with self.engine.begin() as conn:
            allowed = (await conn.execute(sa.text(
                f"INSERT INTO {t} AS r (key, tat) VALUES (:k, now() + make_interval(secs => :i)) "  # noqa: S608
                f"ON CONFLICT (key) DO UPDATE SET tat = greatest(r.tat, now()) + make_interval(secs => :i) "
                f"WHERE greatest(r.tat, now()) + make_interval(secs => :i) - now() <= make_interval(secs => :w) "
                "RETURNING 1"), {"k": key[:100], "i": self.interval, "w": self.window})).first()
            wait = None
            if allowed is None:
                ahead = (await conn.execute(sa.text(
                    f"SELECT extract(epoch FROM tat - now()) FROM {t} WHERE key = :k"),  # noqa: S608
                    {"k": key[:100]})).scalar()
                wait = max(1, math.ceil(float(ahead or 0) + self.interval - self.window))
            self._seen += 1
            if self._seen % self.PRUNE_EVERY == 0:
                await conn.execute(sa.text(f"DELETE FROM {t} WHERE tat < now() - interval '1 hour'"))  # noqa: S608
        return wait


# KEYS[1] the client; ARGV: interval and window in microseconds. Redis's own clock, so every replica agrees.
_GCRA_LUA = """
local t = redis.call('TIME')
local now = t[1] * 1000000 + t[2]
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new = tat + tonumber(ARGV[1])
if new - now > tonumber(ARGV[2]) then return math.ceil((new - now - tonumber(ARGV[2])) / 1000000) end
redis.call('SET', KEYS[1], new, 'PX', math.ceil((new - now) / 1000) + 1000)
return -1
"""


class RedisRateLimiter:
    """GCRA in Redis (REDIS_URL): one script call per request; keys expire when the client is idle."""

    def __init__(self, per_minute: int, burst: int, url: str, prefix: str = "merit:") -> None:
        import redis.asyncio as redis  # only when REDIS_URL is set: the embedded default needs no Redis

        self.enabled = per_minute > 0
        self.interval_us = int(60e6 / per_minute) if per_minute > 0 else 0
        self.window_us = max(1, burst) * self.interval_us
        self.client = redis.Redis.from_url(url)
        self.script = self.client.register_script(_GCRA_LUA)
        self.prefix = prefix

    async def check(self, key: str) -> int | None:
        if not self.enabled:
            return None
        wait = int(await self.script(keys=[self.prefix + key], args=[self.interval_us, self.window_us]))
        return None if wait < 0 else max(1, wait)


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


async def rate_limited(request: Request) -> Response | None:
    """None when this client may go on; else the 429 problem (the limiter is ``app.state.public_limiter``)."""
    wait = await request.app.state.public_limiter.check(client_ip(request))
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

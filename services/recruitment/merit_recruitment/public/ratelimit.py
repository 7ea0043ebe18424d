"""Per-client-IP token bucket for the public portal (in process: each replica limits on its own)."""

from __future__ import annotations

import math
import time

from starlette.requests import Request


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

"""In-process caches of the public portal.

Announcements are immutable, so their rendered bytes are cached for good, keyed by id and checked against
their content hash. Lists and selection pages are cached briefly (``ttl``) and dropped whenever this process
changes a selection; another process's change shows after at most ``ttl`` seconds (documented staleness).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass


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


PUBLIC_CACHE = PublicCache()

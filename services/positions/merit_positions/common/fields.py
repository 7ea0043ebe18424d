"""Shared vocabulary of the API: education levels, and re-pointing rule errors at request fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from merit_shared.errors import Invalid

T = TypeVar("T")




# D4 and S1 are equivalent for requirements ("S1/D-IV"); the order ranks them equal.
EDUCATION_ORDER = {"SD": 1, "SMP": 2, "SMA": 3, "D1": 4, "D2": 5, "D3": 6, "D4": 7, "S1": 7, "S2": 8, "S3": 9}


def in_body(fn: Callable[..., T], *args: object, prefix: str = "body", **kw: object) -> T:
    """Call a rule; an ``Invalid`` it raises names the request field (``body.<field>``)."""
    try:
        return fn(*args, **kw)
    except Invalid as exc:
        if exc.field and not exc.field.startswith(prefix + "."):
            exc.field = f"{prefix}.{exc.field}"
        raise

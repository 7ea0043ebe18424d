"""API conventions shared by every service: pages, list parameters, ETags (idempotency keys: ``idempotency``)."""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from fastapi import Header, Query
from pydantic import BaseModel, ConfigDict

from merit_shared.error_codes import PRECONDITION_FAILED, SORT_INVALID

T = TypeVar("T")
MAX_LIMIT = 200
MAX_OFFSET = 2**31 - 1  # past any real list; larger values cannot reach the database


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class PageParams(BaseModel):
    limit: int = 50
    offset: int = 0


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"Rows to skip, at most {MAX_OFFSET}.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


def page_of(items: Iterable[Any], page: PageParams, sort: Sort | None = None, tiebreaker: str = "id") -> Page[Any]:
    """A page of a list computed in memory (a handful of rows per record, or rules run over loaded rows): sorted by
    ``sort`` then ``tiebreaker``, counted, then sliced."""
    rows = sort.sorted(items, tiebreaker) if sort is not None else list(items)
    return Page(items=rows[page.offset:page.offset + page.limit], total=len(rows), limit=page.limit,
                offset=page.offset)


# --- Sorting: one mechanism for every list ---------------------------------------------------------------------
# A route declares the fields a caller may sort by, each mapped to what sorts it: a SQLAlchemy column or expression
# (``apply_sort``), an SQL expression string for routes written in SQL (``Sort.sql``), or the key of an item computed
# in memory (``Sort.sorted``/``page_of``). ``sort=name,-tmt`` sorts by name, then newest tmt first; ties always end
# with the record's id, so a page boundary never moves between two requests over the same rows.

SORT_MAX_LENGTH = 200


@dataclass(frozen=True)
class Sort:
    """A parsed ``sort`` parameter: ``keys`` are (field, descending) in order; ``explicit`` is False when the caller
    sent none and the route's default applies."""

    keys: tuple[tuple[str, bool], ...]
    allowed: Mapping[str, Any]
    explicit: bool = True

    @property
    def text(self) -> str:
        return ",".join(("-" if d else "") + f for f, d in self.keys)

    def order_by(self, *tiebreakers: Any) -> list[Any]:
        """SQLAlchemy ORDER BY clauses (NULLs last either way), then the tiebreakers ascending."""
        out: list[Any] = []
        for f, desc in self.keys:
            col = self.allowed[f]
            col = sa.literal_column(col) if isinstance(col, str) else col
            out.append(col.desc().nulls_last() if desc else col.asc().nulls_last())
        return out + [sa.literal_column(t) if isinstance(t, str) else t for t in tiebreakers]

    def sql(self, *tiebreakers: str) -> str:
        """The body of an SQL ORDER BY, for routes written in SQL: the allowed values are SQL expressions written by
        the route (never the caller's text, which only picks among them)."""
        parts = [f"{self.allowed[f]} {'DESC' if d else 'ASC'} NULLS LAST" for f, d in self.keys]
        return ", ".join([*parts, *tiebreakers])

    def sorted(self, items: Iterable[Any], tiebreaker: str | None = "id") -> list[Any]:
        """Items computed in memory, sorted the way ``order_by`` sorts rows (NULLs last, then ``tiebreaker``)."""
        rows = list(items)
        if tiebreaker is not None:
            rows.sort(key=lambda r: _nulls_last(_value(r, tiebreaker), False))
        for f, desc in reversed(self.keys):  # stable sorts, last key first, give the multi-key order
            rows.sort(key=_row_key(self.allowed[f], desc), reverse=desc)
        return rows


def _row_key(key: Any, descending: bool) -> Callable[[Any], tuple[bool, Any]]:
    return lambda row: _nulls_last(_value(row, key), descending)


def _value(item: Any, key: Any) -> Any:
    if callable(key):
        return key(item)
    if isinstance(item, Mapping):
        return item.get(key)
    return getattr(item, key, None)


def _nulls_last(value: Any, descending: bool) -> tuple[bool, Any]:
    if isinstance(value, enum.Enum):  # enums sort by their value
        value = value.value
    missing = value is None
    return (not missing, value) if descending else (missing, value)


def parse_sort(text: str | None, allowed: Mapping[str, Any], default: str) -> Sort:
    """``field,-other`` into a ``Sort``; an unknown or repeated field is a 422 ``sort_invalid`` naming the allowed
    fields."""
    explicit = bool(text and text.strip())
    raw = text if explicit else default
    keys: list[tuple[str, bool]] = []
    for part in (raw or "").split(","):
        part = part.strip()
        desc = part.startswith("-")
        name = part[1:].strip() if desc or part.startswith("+") else part
        if name not in allowed or any(name == k for k, _ in keys):
            raise SORT_INVALID.error(field="query.sort", value=raw, allowed=", ".join(allowed))
        keys.append((name, desc))
    return Sort(tuple(keys), allowed, explicit)


def sort_param(allowed: Mapping[str, Any], default: str) -> Callable[..., Sort]:
    """The ``sort`` query parameter of one list route, documented with its fields and default: use as
    ``sort: Sort = Depends(sort_param({"name": Employee.name, "nip": Employee.nip}, default="name"))``."""
    parse_sort(default, allowed, default)  # a route's own default must be valid (fails at import, not per request)
    fields = list(allowed)
    example = ",".join([f"-{fields[0]}", *fields[1:2]])
    description = (f"Sort order: comma-separated fields, `-` before a field for descending. Fields: "
                   f"{', '.join(fields)}. Default: `{default}`. Ties end with the record id, so pages are stable.")

    def sort_dependency(sort: str | None = None) -> Sort:
        return parse_sort(sort, allowed, default)

    # Set, not written, because the module's annotations are strings FastAPI cannot resolve in this closure.
    sort_dependency.__annotations__ = {
        "sort": Annotated[str | None, Query(max_length=SORT_MAX_LENGTH, description=description, examples=[example])],
        "return": Sort}
    return sort_dependency


def apply_sort(stmt: Any, sort: Sort, *tiebreakers: Any) -> Any:
    """``stmt`` ordered by ``sort`` then the tiebreakers (the table's id), replacing any order it had."""
    return stmt.order_by(None).order_by(*sort.order_by(*tiebreakers))


class StrictModel(BaseModel):
    """Input models refuse unknown fields, so a typo in a field name is reported instead of ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OutModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def etag_for(*parts: object) -> str:
    return '"' + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32] + '"'


def check_if_match(if_match: str | None, current: str) -> None:
    """Optimistic concurrency: a stale If-Match gets 412 so a concurrent edit is never silently overwritten."""
    if if_match is None:
        return
    tag = if_match.strip()
    # A read with a token answers "<version>.<digest of the body>" (merit_shared.conventions.with_body_digest):
    # the version part is what a write is checked against. Weak tags never match (RFC 9110 strong comparison).
    if tag != "*" and (tag.startswith("W/") or tag.split(".", 1)[0].strip('"') != current.strip('"')):
        raise PRECONDITION_FAILED.error(field="header.if-match")


IfMatch = Annotated[str | None, Header(alias="If-Match", description="ETag from a previous read, to prevent lost "
                                                                      "updates.")]


_METHOD_VERBS = {"GET": "get", "POST": "create", "PUT": "replace", "PATCH": "update", "DELETE": "delete"}


def _is_word_of(word: str, words: set[str]) -> bool:
    """``word`` names the resource (``employee`` of ``employees``, ``summary`` of ``summaries``)."""
    return (word in words or f"{word}s" in words or f"{word}es" in words
            or (word.endswith("y") and f"{word[:-1]}ies" in words))


def operation_id(route: Any) -> str:
    """A stable, readable operationId, ``<tag>_<verb>``: ``employees_list``, ``employees_get``,
    ``selections_decide``. The verb is the handler's name without the words that name the resource; a handler
    named only by its resource takes the verb of its method (``get`` for a GET of one item, ``list`` for a
    collection)."""
    tag = str(route.tags[0]) if getattr(route, "tags", None) else route.path.strip("/").split("/")[-1]
    resource = re.sub(r"[^a-z0-9]+", "_", tag.lower()).strip("_")
    words = set(resource.split("_"))
    verb = "_".join("get" if w == "read" else w for w in route.name.lower().split("_") if w and not
                    _is_word_of(w, words))
    if not verb:
        method = sorted(route.methods or ["GET"])[0]
        verb = _METHOD_VERBS.get(method, method.lower())
        if method == "GET" and not route.path.endswith("}"):
            verb = "list"
    return f"{resource}_{verb}"

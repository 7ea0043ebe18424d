"""API conventions shared by every service: pages, list parameters, ETags (idempotency keys: ``idempotency``)."""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Header, Query
from pydantic import BaseModel, ConfigDict

from merit_shared.error_codes import PRECONDITION_FAILED

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

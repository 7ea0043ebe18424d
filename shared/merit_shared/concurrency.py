"""Optimistic concurrency for versioned records: lock, re-read, compare with If-Match, bump.

The row is locked with ``SELECT ... FOR UPDATE`` and re-read with ``populate_existing``: a copy already in the
session's identity map (from an earlier unlocked read) would otherwise keep the version seen before the lock was
granted, and a writer that waited behind another would compare a stale version and win too (a lost update).

Writes that take several row locks follow one documented order per service, so that two writers never wait
on each other in a cycle (positions: agency -> org unit -> personnel action -> position -> employee ->
assignment, rows of one kind in id order; see ``merit_positions.assignments.service.lock_for_moves``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared.api import check_if_match

T = TypeVar("T")


async def lock_versioned(session: AsyncSession, model: type[T], *where: Any, if_match: str | None,
                         etag_of: Callable[[T], str], not_found: Callable[[], Exception]) -> T:
    """The row matching ``where``, locked and freshly read; 412 ``precondition_failed`` when If-Match is stale."""
    row = await session.scalar(sa.select(model).where(*where).with_for_update()
                               .execution_options(populate_existing=True))
    if row is None:
        raise not_found()
    check_if_match(if_match, etag_of(row))
    return row


def bump_version(obj: Any) -> None:
    """Every accepted change moves the version (and so the ETag) by exactly one."""
    obj.version += 1

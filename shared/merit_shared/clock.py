"""One clock for every service: instants in UTC, calendar dates in the agency's time zone.

Legal dates (TMT, a selection's registration days, the rating year) are Indonesian calendar days, so "today"
is the date on the agency's wall clock, never the host's: on a UTC host 00:30 WIB is still yesterday in UTC.
Indonesia has three zones (WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura); each agency has one
(positions stores it with the agency). Without an explicit agency, "today" is the day of the agency whose
caller is being served (the token's agency). Services learn the zones through ``remember_zone`` (positions from
its own table, the others from positions' agency list, refreshed periodically) and fall back to the
deployment default ``AGENCY_TIME_ZONE`` (Asia/Jakarta) for an agency they have not heard of.

Tests freeze the clock with ``frozen(datetime(...))`` so "today" is fixed at a chosen instant.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

#: The zone names an agency may choose, by their Indonesian abbreviation.
ZONES: dict[str, str] = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
DEFAULT_ZONE = "Asia/Jakarta"

_source: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731  (replaced by ``frozen`` in tests)
_agency_zones: dict[str, ZoneInfo] = {}
# The agency of the request being served (set when its token is verified): "today" without an explicit agency.
_request_agency: ContextVar[str | None] = ContextVar("merit_request_agency", default=None)


def zone(name: str | None = None) -> ZoneInfo:
    """``ZoneInfo`` for an IANA name or WIB/WITA/WIT; None: the deployment default."""
    name = (name or os.environ.get("AGENCY_TIME_ZONE") or DEFAULT_ZONE).strip()
    return ZoneInfo(ZONES.get(name.upper(), name))


def remember_zone(agency_id: object, name: str | None) -> None:
    """Record an agency's time zone (called by whoever reads agencies)."""
    if agency_id is not None and name:
        _agency_zones[str(agency_id)] = zone(name)


def use_agency(agency_id: object) -> None:
    """Make ``agency_id`` the default agency of this request's clock (``merit_shared.auth`` calls it)."""
    _request_agency.set(str(agency_id) if agency_id else None)


def zone_of(agency_id: object = None) -> ZoneInfo:
    """The zone of ``agency_id``, else of the request's agency, else the deployment default."""
    key = str(agency_id) if agency_id is not None else _request_agency.get()
    known = _agency_zones.get(key) if key else None
    return known or zone()


def utcnow() -> datetime:
    """The current instant (aware, UTC)."""
    return _source()


def now(agency_id: object = None) -> datetime:
    """The current instant on the agency's wall clock."""
    return _source().astimezone(zone_of(agency_id))


def today(agency_id: object = None) -> date:
    """The agency's calendar date now (default zone when the agency is unknown or not given)."""
    return now(agency_id).date()


def local_date(instant: datetime, agency_id: object = None) -> date:
    """The agency's calendar date of a stored instant (timestamps are kept in UTC)."""
    return instant.astimezone(zone_of(agency_id)).date()


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Tests: every service's clock reads ``at`` (aware; a naive value is taken as UTC) inside the block."""
    global _source
    fixed = at if at.tzinfo else at.replace(tzinfo=UTC)
    previous = _source
    _source = lambda: fixed  # noqa: E731
    try:
        yield
    finally:
        _source = previous

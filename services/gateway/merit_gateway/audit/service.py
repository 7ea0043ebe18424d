"""One audit view across the services: each service's own audit read route called with the caller's token (so
every service checks the role and the agency itself), merged, paged and sorted here; a record followed across
services (a selection -> its appointment decision -> the assignment positions created from it); every read of
the view recorded in the gateway's own audit trail.

The view reaches the first ``WINDOW`` entries of a filter (offset + limit, and the rows of an export): a page
deeper than that would have the gateway fetch and merge that many entries from every service, so the caller
narrows the filters instead (422 ``audit_window_exceeded``).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from merit_gateway.audit.errors import AUDIT_SOURCE_REFUSED, AUDIT_WINDOW_EXCEEDED
from merit_gateway.audit.schemas import TraceLink, TraceOut, TrailEntryOut
from merit_gateway.models import audit_log
from merit_shared import clock
from merit_shared.api import MAX_LIMIT, Page, PageParams, Sort, page_of, parse_sort
from merit_shared.audit import AUDIT_SORT, read_entries, record
from merit_shared.auth import Principal
from merit_shared.error_codes import (
    DATE_RANGE_REVERSED,
    FORBIDDEN_YOUR_TOKEN_NOT_BOUND,
    UPSTREAM_REFUSED_422,
    UPSTREAM_UNAVAILABLE_THE_SERVICE_CANNOT_REACHED,
)
from merit_shared.errors import NotFound
from merit_shared.http import ServiceClient, UpstreamUnavailable

#: Each service's audit read route (merit_shared.audit.read_entries behind each).
SOURCES: dict[str, str] = {"positions": "/api/v1/position-audit", "evaluation": "/api/v1/evaluation-audit",
                           "recruitment": "/api/v1/selections/audit-log"}
SERVICES = ("positions", "evaluation", "recruitment", "gateway")
WINDOW = 10_000
#: The view's sort fields: the audit trail's own, and the service holding the entry. Default: newest first.
TRAIL_SORT = {**AUDIT_SORT, "service": "service"}
#: A trace reads oldest first: the story of the record in the order it happened.
TRACE_SORT = {"at": "at", "service": "service", "action": "action"}
READ_ENTITY = "audit_trail"


class CallerToken:
    """No token of the gateway's own: the audit view sends the caller's token, so each service judges the caller."""

    async def token(self) -> str | None:
        return None


@dataclass(frozen=True)
class Filters:
    entity: str | None = None
    entity_id: str | None = None
    actor: str | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    service: str | None = None

    def check(self) -> None:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise DATE_RANGE_REVERSED.error(field="query.date_to", date_from=self.date_from, date_to=self.date_to)

    def query(self) -> dict[str, str]:
        """The filters a service's audit route takes (service is the view's own)."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()
                if v is not None and k != "service"}

    def recorded(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def sources(self) -> tuple[str, ...]:
        return (self.service,) if self.service else SERVICES


#: Where the records a trace follows live: the services' own trails (the gateway's entries name no record).
RECORD_SOURCES = ("positions", "evaluation", "recruitment")


class Reader:
    """One caller's read of the audit trails: their token and language go to every service."""

    def __init__(self, session: AsyncSession, principal: Principal, token: str, lang: str,
                 clients: dict[str, ServiceClient]) -> None:
        if principal.agency_id is None:  # the view is one agency's; a platform operator reads each service's
            raise FORBIDDEN_YOUR_TOKEN_NOT_BOUND.error()
        self.session, self.principal, self.token, self.lang, self.clients = session, principal, token, lang, clients
        self.agency_id = uuid.UUID(principal.agency_id)

    async def fetch(self, service: str, filters: Filters, need: int, sort: Sort) -> tuple[int, list[TrailEntryOut]]:
        """(total, the first ``need`` entries in ``sort`` order) of one service's audit trail."""
        keys = ",".join(("-" if d else "") + f for f, d in sort.keys if f != "service") or "-at"
        if service == "gateway":
            f = filters
            page = await read_entries(self.session, audit_log, self.agency_id, PageParams(limit=need, offset=0),
                                      entity=f.entity, entity_id=f.entity_id, actor=f.actor, action=f.action,
                                      date_from=f.date_from, date_to=f.date_to,
                                      sort=parse_sort(keys, AUDIT_SORT, "-at"))
            return page.total, [TrailEntryOut(**e.model_dump(), service="gateway") for e in page.items]
        items: list[TrailEntryOut] = []
        total = 0
        while True:
            params = {**filters.query(), "sort": keys, "limit": min(MAX_LIMIT, need - len(items)),
                      "offset": len(items)}
            try:
                resp = await self.clients[service].request(
                    "GET", SOURCES[service], params=params,
                    headers={"Authorization": f"Bearer {self.token}", "Accept-Language": self.lang})
            except UpstreamUnavailable:
                raise UPSTREAM_UNAVAILABLE_THE_SERVICE_CANNOT_REACHED.error(service=service, detail="") from None
            if resp.status_code != 200:  # a filter the service refuses (422), or a refusal the view did not expect
                body = resp.json() if resp.headers.get("content-type", "").endswith("json") else {}
                spec = UPSTREAM_REFUSED_422 if resp.status_code == 422 else AUDIT_SOURCE_REFUSED
                raise spec.error(service=service, status=resp.status_code, code=body.get("code", ""))
            page = resp.json()
            total = int(page["total"])
            items += [TrailEntryOut.model_validate({**e, "service": service}) for e in page["items"]]
            if len(items) >= min(need, total) or not page["items"]:
                return total, items

    async def gather(self, filters: Filters, need: int, sort: Sort, sources: tuple[str, ...] | None = None
                     ) -> tuple[int, list[TrailEntryOut]]:
        """Every source of ``filters``: (the sum of their totals, the first ``need`` of each)."""
        sources = sources or filters.sources()
        results = []
        if "gateway" in sources:  # the request's own session: read before the calls run concurrently
            results.append(await self.fetch("gateway", filters, need, sort))
        results += await asyncio.gather(*(self.fetch(s, filters, need, sort) for s in sources if s != "gateway"))
        return sum(t for t, _ in results), [e for _, items in results for e in items]

    async def all_of(self, filters: Filters, sort: Sort, sources: tuple[str, ...] | None = None
                     ) -> list[TrailEntryOut]:
        """Every entry of ``filters`` (at most WINDOW)."""
        total, items = await self.gather(filters, WINDOW, sort, sources)
        if total > WINDOW:
            raise AUDIT_WINDOW_EXCEEDED.error(window=WINDOW)
        return items

    async def record_read(self, action: str, **after: Any) -> None:
        """The read itself, on the gateway's audit trail: who (the actor), when, what was asked and answered."""
        await record(self.session, audit_log, self.principal, action=action, entity=READ_ENTITY, entity_id=None,
                     agency_id=self.agency_id, after=after)


def merge(items: Iterable[TrailEntryOut], sort: Sort) -> list[TrailEntryOut]:
    """The entries of several services in one order; ties end with the service, then the entry id."""
    return sort.sorted(sorted(items, key=lambda e: (e.service, e.id)), tiebreaker=None)


async def view(reader: Reader, filters: Filters, page: PageParams, sort: Sort) -> Page[TrailEntryOut]:
    filters.check()
    need = page.offset + page.limit
    if need > WINDOW:
        raise AUDIT_WINDOW_EXCEEDED.error(field="query.offset", window=WINDOW)
    total, items = await reader.gather(filters, need, sort)
    rows = merge(items, sort)[page.offset:need]
    await reader.record_read("audit_trail.read", filters=filters.recorded(), sort=sort.text, limit=page.limit,
                             offset=page.offset, total=total, returned=len(rows))
    return Page(items=rows, total=total, limit=page.limit, offset=page.offset)


async def rows_for_export(reader: Reader, filters: Filters, sort: Sort, fmt: str) -> list[dict[str, Any]]:
    filters.check()
    rows = merge(await reader.all_of(filters, sort), sort)
    await reader.record_read("audit_trail.export", filters=filters.recorded(), sort=sort.text, format=fmt,
                             returned=len(rows))
    zone = clock.zone_of(reader.agency_id)
    return [{**e.model_dump(), "at": e.at.astimezone(zone).isoformat(timespec="seconds"),
             "agency_id": str(e.agency_id) if e.agency_id else None,
             "before": _json_text(e.before), "after": _json_text(e.after)} for e in rows]


def _json_text(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


# --- Following a record across services ---------------------------------------------------------------------------
# A selection's appointment reaches positions as an outbox command (POST /api/v1/assignments, reason
# selection_result, the PPK's SK); when positions confirms, recruitment records the selection's 'appoint'
# transition with the id of the assignment it created. That entry is the link; the assignment's own creation entry
# confirms it (same employee, position and SK as the 'decide' entry, reason selection_result).

def appointments(selection_entries: Iterable[TrailEntryOut]) -> list[tuple[str, dict[str, Any]]]:
    """(assignment id, the decision it carried out) for each confirmed appointment, oldest first: the decision
    is the latest 'decide' entry with an SK before the 'appoint' entry (the lifecycle's own 'decide' transition,
    recorded in the same transaction, carries only the status)."""
    out: list[tuple[str, dict[str, Any]]] = []
    decision: dict[str, Any] = {}
    for e in sorted(selection_entries, key=lambda e: (e.at, str(e.id))):
        after = e.after if isinstance(e.after, dict) else {}
        if e.action == "decide" and after.get("sk_number"):
            decision = after
        elif e.action == "appoint" and after.get("assignment_id"):
            out.append((str(after["assignment_id"]), decision))
    return out


def link_verified(decision: dict[str, Any], assignment_entries: Iterable[TrailEntryOut]) -> bool:
    """The assignment's creation entry carries out exactly this decision."""
    created = next((e.after for e in assignment_entries if e.action == "assignment.create"
                    and isinstance(e.after, dict)), None)
    if not created or not decision:
        return False
    return (created.get("reason") == "selection_result"
            and all(str(created.get(k)) == str(decision.get(k)) for k in ("employee_id", "position_id", "sk_number")))


def _appoint_link(selection_id: str, assignment_id: str, verified: bool) -> TraceLink:
    return TraceLink(from_service="recruitment", from_entity="selection", from_id=selection_id,
                     to_service="positions", to_entity="assignment", to_id=assignment_id, verified=verified,
                     via="the selection's 'appoint' entry names the assignment positions created from the "
                         "appointment command")


async def trace(reader: Reader, entity: str, ident: str, page: PageParams, sort: Sort) -> TraceOut:
    by_time = parse_sort("at", TRACE_SORT, "at")
    own = await reader.all_of(Filters(entity=entity, entity_id=ident), by_time, RECORD_SOURCES)
    entries = {(e.service, e.id): e for e in own}
    links: list[TraceLink] = []

    async def follow(selection_id: str, selection_entries: list[TrailEntryOut]) -> None:
        for assignment_id, decision in appointments(selection_entries):
            asg = await reader.all_of(Filters(entity="assignment", entity_id=assignment_id, service="positions"),
                                      by_time)
            entries.update({(e.service, e.id): e for e in asg})
            links.append(_appoint_link(selection_id, assignment_id, link_verified(decision, asg)))

    if entity == "selection":
        await follow(ident, [e for e in own if e.service == "recruitment"])
    elif entity == "assignment":
        # Back to the selection whose appointment created it: its 'appoint' entry names this assignment.
        appoints = await reader.all_of(Filters(entity="selection", action="appoint", service="recruitment"), by_time)
        for sel_id in sorted({str(e.entity_id) for e in appoints if isinstance(e.after, dict)
                              and str(e.after.get("assignment_id")) == ident}):
            sel = await reader.all_of(Filters(entity="selection", entity_id=sel_id, service="recruitment"), by_time)
            entries.update({(e.service, e.id): e for e in sel})
            links.append(_appoint_link(sel_id, ident, link_verified(
                next((d for a, d in appointments(sel) if a == ident), {}), own)))
    if not entries:  # an unknown record and another agency's answer alike
        raise NotFound(entity, ident)
    result = page_of(merge(entries.values(), by_time), page, sort, tiebreaker="at")
    await reader.record_read("audit_trail.trace", entity=entity, id=ident, sort=sort.text, limit=page.limit,
                             offset=page.offset, total=result.total, returned=len(result.items))
    return TraceOut(**result.model_dump(), entity=entity, id=ident, links=links)

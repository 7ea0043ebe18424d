"""The merit-system index assembled from the three services' indicators (issue #14).

Positions and recruitment are asked over HTTP (merit_shared.directory), evaluation measures its own; the agency's
policy maps them onto the KASN aspects (rules.merit_index). An open year is computed on demand; a closed year
answers the figures frozen when the agency admin closed it, with their hash.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from typing import Any

import orjson
from fastapi import Request
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.models import audit_log
from merit_evaluation.directory import PositionsDirectory, directory_of
from merit_evaluation.merit_index.errors import (
    MERIT_TREND_SPAN,
    MERIT_YEAR_CLOSED,
    MERIT_YEAR_NOT_ENDED,
    UNKNOWN_MERIT_ASPECT,
)
from merit_evaluation.merit_index.models import MeritIndexClosure, MeritIndexDeclaration, MeritIndexPolicy
from merit_evaluation.merit_indicators import service as own_indicators
from merit_evaluation.rules.merit_index import ASPECTS, IndexPolicy, assemble, content_hash
from merit_shared import audit, clock
from merit_shared.api import check_if_match, etag_for
from merit_shared.auth import Principal
from merit_shared.directory import PeerDirectory, UpstreamUnavailable, upstream_error
from merit_shared.indicators import IndicatorOut

#: Fields of an index document outside its hash (when and by whom, not what).
UNHASHED = ("status", "content_hash", "computed_at", "closed_at", "closed_by")


class Sources:
    """Where the indicators come from: positions and recruitment over HTTP, evaluation's own in this session."""

    def __init__(self, peers: PeerDirectory, positions: PositionsDirectory) -> None:
        self.peers = peers
        self.positions = positions

    async def remote(self, peer: str, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            found = await self.peers.fetch(peer, path, params)
        except UpstreamUnavailable as exc:
            raise upstream_error(peer, exc) from None
        if found is None:
            raise upstream_error(peer, f"{path} answered 404")
        return list(found.get("indicators") or [])

    async def indicators(self, session: AsyncSession, agency_id: uuid.UUID, year: int,
                         policy: IndexPolicy) -> list[dict[str, Any]]:
        pos, rec, own = await asyncio.gather(
            self.remote("positions", f"/api/v1/position-indicators/{agency_id}", {"year": year}),
            self.remote("recruitment", f"/api/v1/recruitment-indicators/{agency_id}",
                        {"year": year, "appeal_answer_days": policy.appeal_answer_days}),
            own_indicators.indicator_set(session, self.positions, agency_id, year))
        mine = [i.model_dump(mode="json") for i in own.indicators]
        # through the shared model: every service's answer in one canonical shape (decimals as strings)
        return [IndicatorOut.model_validate(i).model_dump(mode="json") for i in [*pos, *rec]] + mine


def sources_of(request: Request) -> Sources:
    """The sources of this app (a test may inject its own on ``app.state.merit_sources``)."""
    injected = getattr(request.app.state, "merit_sources", None)
    if injected is not None:
        return injected  # type: ignore[no-any-return]
    return Sources(PeerDirectory(getattr(request.app.state, "peers", {})), directory_of(request))


# --- policy ----------------------------------------------------------------------------------------------------

async def get_policy(session: AsyncSession, agency_id: uuid.UUID) -> tuple[IndexPolicy, int]:
    row = await session.get(MeritIndexPolicy, agency_id)
    if row is None or row.version == 0:
        return IndexPolicy(), 0
    return IndexPolicy.from_dict(row.document), row.version


async def put_policy(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, data: dict[str, Any],
                     if_match: str | None) -> tuple[IndexPolicy, int]:
    """Replace the policy under a row lock (If-Match compared with the version read under it: one writer wins)."""
    new = IndexPolicy.from_dict(data)
    await session.execute(pg_insert(MeritIndexPolicy).values(
        agency_id=agency_id, document=IndexPolicy().to_dict(), version=0, updated_by=principal.subject
    ).on_conflict_do_nothing(index_elements=["agency_id"]))
    row = (await session.execute(select(MeritIndexPolicy).where(MeritIndexPolicy.agency_id == agency_id)
                                 .with_for_update().execution_options(populate_existing=True))).scalar_one()
    check_if_match(if_match, etag_for(agency_id, row.version))
    before = row.document if row.version else None
    row.document = new.to_dict()
    row.version += 1
    row.updated_by = principal.subject
    row.updated_at = clock.utcnow()
    await session.flush()
    await audit.record(session, audit_log, principal, action="merit_index_policy.put", entity="merit_index_policy",
                       entity_id=agency_id, agency_id=agency_id, before=before, after=row.document)
    return new, row.version


# --- declarations ----------------------------------------------------------------------------------------------

def declaration_doc(d: MeritIndexDeclaration) -> dict[str, Any]:
    return {"aspect": d.aspect, "year": d.year, "level": d.level, "evidence_text": d.evidence_text,
            "document_ref": d.document_ref, "source": "declared", "declared_by": d.declared_by,
            "declared_at": d.declared_at.isoformat(), "version": d.version}


async def declarations(session: AsyncSession, agency_id: uuid.UUID, year: int) -> dict[str, dict[str, Any]]:
    rows = (await session.execute(select(MeritIndexDeclaration).where(
        MeritIndexDeclaration.agency_id == agency_id, MeritIndexDeclaration.year == year))).scalars().all()
    return {r.aspect: declaration_doc(r) for r in rows}


def require_aspect(aspect: str) -> None:
    if aspect not in ASPECTS:
        raise UNKNOWN_MERIT_ASPECT.error(field="path.aspect", aspect=aspect, known=", ".join(ASPECTS))


async def require_open(session: AsyncSession, agency_id: uuid.UUID, year: int) -> None:
    closed = await session.get(MeritIndexClosure, (agency_id, year))
    if closed is not None:
        raise MERIT_YEAR_CLOSED.error(field="year", year=year, content_hash=closed.content_hash)


async def declare(session: AsyncSession, principal: Principal, agency_id: uuid.UUID, year: int, aspect: str,
                  level: int, evidence_text: str, document_ref: str | None,
                  if_match: str | None) -> MeritIndexDeclaration:
    require_aspect(aspect)
    await require_open(session, agency_id, year)
    row = await session.get(MeritIndexDeclaration, (agency_id, year, aspect), with_for_update=True)
    if row is not None:
        check_if_match(if_match, etag_for(agency_id, year, aspect, row.version))
    before = declaration_doc(row) if row is not None else None
    if row is None:
        row = MeritIndexDeclaration(agency_id=agency_id, year=year, aspect=aspect, version=0)
        session.add(row)
    row.level, row.evidence_text, row.document_ref = level, evidence_text, document_ref
    row.version += 1
    row.declared_by = principal.subject
    row.declared_at = clock.utcnow()
    await session.flush()
    await audit.record(session, audit_log, principal, action="merit_index.declare", entity="merit_index_declaration",
                       entity_id=f"{year}/{aspect}", agency_id=agency_id, before=before, after=declaration_doc(row))
    return row


# --- the index -------------------------------------------------------------------------------------------------

async def compute(session: AsyncSession, sources: Sources, agency_id: uuid.UUID, year: int) -> dict[str, Any]:
    """The index of an open year from today's records: a JSON-ready document (``status`` open, no hash)."""
    policy, version = await get_policy(session, agency_id)
    indicators = await sources.indicators(session, agency_id, year, policy)
    decl = await declarations(session, agency_id, year)
    doc = {"agency_id": str(agency_id), "year": year, "policy_version": version, "policy": policy.to_dict(),
           **assemble(policy, indicators, decl), "indicators": indicators}
    # one canonical JSON form (decimals as strings) whether computed now or read back from a closure
    doc = orjson.loads(orjson.dumps(doc, default=str))
    return {**doc, "status": "open", "computed_at": clock.utcnow().isoformat(), "content_hash": None,
            "closed_at": None, "closed_by": None}


def figures_of(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in UNHASHED}


def frozen_doc(c: MeritIndexClosure) -> dict[str, Any]:
    return {**c.figures, "status": "closed", "computed_at": c.closed_at.isoformat(), "content_hash": c.content_hash,
            "closed_at": c.closed_at.isoformat(), "closed_by": c.closed_by}


async def read_index(session: AsyncSession, sources: Sources, agency_id: uuid.UUID, year: int) -> dict[str, Any]:
    closed = await session.get(MeritIndexClosure, (agency_id, year))
    if closed is not None:
        return frozen_doc(closed)
    return await compute(session, sources, agency_id, year)


async def recompute(session: AsyncSession, sources: Sources, principal: Principal, agency_id: uuid.UUID,
                    year: int) -> dict[str, Any]:
    await require_open(session, agency_id, year)
    doc = await compute(session, sources, agency_id, year)
    await audit.record(session, audit_log, principal, action="merit_index.recompute", entity="merit_index",
                       entity_id=str(year), agency_id=agency_id,
                       after={"score": doc["score"], "category": doc["category"], "hash": content_hash(figures_of(doc))})
    return doc


def closable(year: int, today_year: int) -> bool:
    """A year is closable once it has ended (policy: the agency admin closes it from 1 January after)."""
    return year < today_year


async def close_year(session: AsyncSession, sources: Sources, principal: Principal, agency_id: uuid.UUID,
                     year: int) -> dict[str, Any]:
    today = clock.today(agency_id)
    if not closable(year, today.year):
        raise MERIT_YEAR_NOT_ENDED.error(field="body.year", year=year, today=today.isoformat(), next_year=year + 1)
    await require_open(session, agency_id, year)
    figures = figures_of(await compute(session, sources, agency_id, year))
    digest = content_hash(figures)
    inserted = (await session.execute(pg_insert(MeritIndexClosure).values(
        agency_id=agency_id, year=year, figures=figures, content_hash=digest, closed_by=principal.subject,
        closed_at=clock.utcnow()).on_conflict_do_nothing().returning(MeritIndexClosure.year))).first()
    if inserted is None:  # closed by a concurrent request meanwhile
        await require_open(session, agency_id, year)
    await audit.record(session, audit_log, principal, action="merit_index.close", entity="merit_index",
                       entity_id=str(year), agency_id=agency_id, after={"content_hash": digest,
                                                                        "score": figures["score"]})
    row = await session.get(MeritIndexClosure, (agency_id, year))
    assert row is not None
    return frozen_doc(row)


async def closure(session: AsyncSession, agency_id: uuid.UUID, year: int) -> MeritIndexClosure | None:
    return await session.get(MeritIndexClosure, (agency_id, year))


async def verify(session: AsyncSession, sources: Sources, c: MeritIndexClosure) -> dict[str, Any]:
    stored = content_hash(c.figures)
    live = content_hash(figures_of(await compute(session, sources, c.agency_id, c.year)))
    return {"agency_id": c.agency_id, "year": c.year, "content_hash": c.content_hash, "stored_figures_hash": stored,
            "stored_matches": stored == c.content_hash, "live_hash": live, "live_matches": live == c.content_hash}


def check_span(from_year: int, to_year: int) -> None:
    if not 0 <= to_year - from_year <= 9:
        raise MERIT_TREND_SPAN.error(field="query.from_year", from_year=from_year, to_year=to_year)


async def trend(session: AsyncSession, sources: Sources, agency_id: uuid.UUID, from_year: int,
                to_year: int) -> list[dict[str, Any]]:
    out = []
    for year in range(from_year, to_year + 1):
        doc = await read_index(session, sources, agency_id, year)
        out.append({"year": year, "status": doc["status"], "score": doc["score"], "category": doc["category"],
                    "complete": doc["complete"], "content_hash": doc["content_hash"],
                    "aspects": {a["code"]: a["level"] for a in doc["aspects"]},
                    "values": {i["code"]: i["value"] for i in doc["indicators"]}})
    return out


# --- export ----------------------------------------------------------------------------------------------------

def export_rows(doc: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Flat rows of an index: the total, one per aspect, one per indicator, one per indicator and unit."""
    en = lang == "en"
    category_name = doc["category_name_en" if en else "category_name_id"] or ""
    rows: list[dict[str, Any]] = [{"section": "index", "aspect": None, "code": None,
                                   "name": f"{doc['category'] or '-'} {category_name}".strip(),
                                   "source": doc["status"], "numerator": None, "denominator": None,
                                   "value": doc["score"], "level": None,
                                   "evidence": doc.get("content_hash")}]
    aspect_of = {c: a["code"] for a in doc["aspects"] for c in a["indicators"]}
    for a in doc["aspects"]:
        d = a.get("declaration") or {}
        rows.append({"section": "aspect", "aspect": a["code"], "code": None, "name": a["name_en" if en else "name_id"],
                     "source": a["source"], "numerator": None, "denominator": None, "value": a["mean_value"],
                     "level": a["level"],
                     "evidence": " | ".join(x for x in (d.get("evidence_text"), d.get("document_ref")) if x) or None})
    for i in doc["indicators"]:
        base = {"aspect": aspect_of.get(i["code"]), "code": i["code"], "source": i["status"]}
        rows.append({**base, "section": "indicator", "name": i["definition_en" if en else "definition_id"],
                     "numerator": i["numerator"], "denominator": i["denominator"], "value": i["value"], "level": None,
                     "evidence": i.get("reason_en" if en else "reason_id") or i.get("records_path")})
        for u in i.get("units") or []:
            rows.append({**base, "section": "unit", "name": u.get("unit_name") or u["unit_id"],
                         "numerator": u["numerator"], "denominator": u["denominator"], "value": u["value"],
                         "level": None, "evidence": u["unit_id"]})
    return rows


def as_of(doc: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(doc["computed_at"])

"""What positions asks the evaluation service (``merit_shared.directory``: one pattern for calls between services)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import date
from typing import Any

from fastapi import Request

from merit_shared.directory import PeerDirectory, UpstreamUnavailable, directory_from

log = logging.getLogger("merit.positions.directory")


class EvaluationDirectory(PeerDirectory):
    async def summary(self, employee_id: uuid.UUID, years: int, as_of: date | None = None) -> dict[str, Any] | None:
        """The evaluation summary as of ``as_of`` (its ``predikat_by_year`` covers the ``years`` completed years
        before as_of's year); None when it is unknown: the employee has none, or evaluation cannot answer (the
        checks then say "unknown" rather than pass or fail)."""
        params: dict[str, Any] = {"years": years}
        if as_of is not None:
            params["as_of"] = as_of.isoformat()
        try:
            body = await self.fetch("evaluation", f"/api/v1/employee-summaries/{employee_id}", params)
        except UpstreamUnavailable as exc:
            log.warning("evaluation unavailable for %s: %s", employee_id, exc)
            return None
        return body if isinstance(body, dict) else None


    async def rating_items(self, agency_id: uuid.UUID, years: list[int]) -> list[dict[str, Any]]:
        """Every annual rating of the agency in ``years`` as evaluation answers it (``AnnualRatingOut``); raises
        ``UpstreamUnavailable`` when evaluation cannot answer. Pages of one year are fetched together once the first
        tells the total."""
        page = 200

        async def one(year: int, offset: int) -> dict[str, Any]:
            body = await self.fetch("evaluation", "/api/v1/annual-ratings",
                                    {"agency_id": str(agency_id), "year": year, "limit": page, "offset": offset})
            if not isinstance(body, dict):
                raise UpstreamUnavailable("annual-ratings answered no page")
            return body

        async def year_of(year: int) -> list[dict[str, Any]]:
            first = await one(year, 0)
            rest = await asyncio.gather(*(one(year, o) for o in range(page, int(first.get("total") or 0), page)))
            return [item for body in (first, *rest) for item in body.get("items", [])]

        return [item for items in await asyncio.gather(*(year_of(y) for y in years)) for item in items]

    async def ratings(self, agency_id: uuid.UUID, years: list[int]) -> dict[uuid.UUID, dict[int, list[str]]] | None:
        """Every annual rating of the agency in ``years``: employee id -> year -> predikat codes; None when the
        evaluation service cannot answer."""
        out: dict[uuid.UUID, dict[int, list[str]]] = {}
        try:
            for item in await self.rating_items(agency_id, years):
                by_year = out.setdefault(uuid.UUID(str(item["employee_id"])), {})
                by_year.setdefault(int(item["year"]), []).append(str(item["predikat"]))
        except (UpstreamUnavailable, KeyError, ValueError, TypeError) as exc:
            log.warning("evaluation ratings unavailable for agency %s: %s", agency_id, exc)
            return None
        return out


    async def competency_codes(self, agency_id: uuid.UUID) -> set[str]:
        """The codes of the evaluation service's competency dictionary for the agency (national and the agency's
        technical ones); ``UpstreamUnavailable`` when it cannot answer (the caller answers 503)."""
        codes: set[str] = set()
        offset = 0
        try:
            while True:  # the dictionary is a page like every list: read every page
                body = await self.fetch("evaluation", "/api/v1/competencies",
                                        {"agency_id": str(agency_id), "limit": "200", "offset": str(offset)})
                if not isinstance(body, dict) or not isinstance(body.get("items"), list):
                    raise UpstreamUnavailable("competencies answered no page")
                codes |= {str(item["code"]) for item in body["items"]}
                offset += len(body["items"])
                if not body["items"] or offset >= int(body["total"]):
                    return codes
        except (KeyError, TypeError, ValueError) as exc:
            raise UpstreamUnavailable("competencies answered no codes") from exc


def evaluation_directory(request: Request) -> EvaluationDirectory:
    return directory_from(request, EvaluationDirectory)

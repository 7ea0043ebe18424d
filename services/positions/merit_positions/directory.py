"""What positions asks the evaluation service (``merit_shared.directory``: one pattern for calls between services)."""

from __future__ import annotations

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


def evaluation_directory(request: Request) -> EvaluationDirectory:
    return directory_from(request, EvaluationDirectory)

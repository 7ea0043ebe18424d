"""Route: POST /api/v1/positions/career-checks (Merit's services only): the registry's side of career planning."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter
from starlette.responses import Response

from merit_positions.agencies.service import load_policy
from merit_positions.career import service
from merit_positions.career.schemas import CareerChecksIn, CareerChecksOut
from merit_shared.app import Session
from merit_shared.authz import ServiceOnly
from merit_shared.clock import today
from merit_shared.problems import problem_responses

router = APIRouter(prefix="/api/v1/positions", tags=["positions"])


@router.post("/career-checks", response_model=CareerChecksOut, status_code=200,
             summary="Career requirements of people against positions (Merit's services only; computes, stores nothing)",
             description="The evaluation service's career planning asks here, in one call, what the registry knows and "
                         "what the rules of each kind of move ask: one person against every position of the agency "
                         "(`employee_id`; filters `kind`, `unit_id` subtree, `min_kelas`/`max_kelas`, `vacant_only`), "
                         "every serving person against one position (`position_id`), or one pair (both). Each pair "
                         "has its `move_kind` (FUNCTIONAL, PROMOTION, ROTATION) and the checks of that move (rank "
                         "against the job's minimum, education, time in the current seat, performance from the "
                         "`ratings` evaluation sends, and the regular promotion when the rank falls short), judged by "
                         "the same rules as personnel actions. A body, not a query, because the ratings of an agency "
                         "do not fit in a URL; nothing is written, so no `Idempotency-Key`.",
             responses=problem_responses(401, 403, 404, 422))
async def career_checks(body: CareerChecksIn, session: Session, principal: ServiceOnly) -> Any:
    policy = await load_policy(session, body.agency_id)
    out = await service.career_checks(session, policy, today(body.agency_id), body)
    return Response(orjson.dumps(out, default=str), media_type="application/json")

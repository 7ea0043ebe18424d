"""Talent cycles: nine-box placement of everyone in scope (set-based), talent pool, succession plans.

Axes (rules.talent, PermenPANRB 3/2020): kinerja from the annual predikat of the ``performance_years`` years before
the cycle's as_of year; potential = weighted JPM / TRACK_RECORD / OTHER (0–100). Policy for missing inputs, kept
here as named data (LOW, documented):
* JPM: the latest valid JPM against the current position (capped, ``PotentialInputsPolicy.jpm_cap``); without one
  a person is not placed.
* TRACK_RECORD and OTHER (unless given): agency policy data, ``talent.inputs.PotentialInputsPolicy`` (defaults
  100/70/40/40 by worst penalty; OTHER = mean of the other components).
The cycle stores the whole policy (axes and input rules), and every placement its thresholds, input rules,
components and predikat.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.competency.models import JpmResult
from merit_evaluation.development.models import DisciplineRecord
from merit_evaluation.performance.models import AnnualRating
from merit_evaluation.rules import (
    DisciplineRecord as RuleDiscipline,
)
from merit_evaluation.rules import (
    TalentPolicy,
    place,
    potential_score,
    talent_pool_status,
    years_before,
)
from merit_evaluation.talent.inputs import DEFAULT_POTENTIAL_INPUTS, PotentialInputsPolicy
from merit_shared.vocab import DisciplineLevel

_SEVERITY = {DisciplineLevel.LIGHT: 1, DisciplineLevel.MODERATE: 2, DisciplineLevel.HEAVY: 3}


def _any(ids: list[uuid.UUID]) -> Any:
    """``= ANY($1)`` with one array parameter (10,000 ids would otherwise be 10,000 bind parameters)."""
    return sa.any_(sa.bindparam("ids", ids, type_=ARRAY(sa.Uuid)))


Inputs = tuple[dict[uuid.UUID, dict[int, str]], dict[uuid.UUID, Decimal], dict[uuid.UUID, list[RuleDiscipline]]]


async def gather_inputs(session: AsyncSession, employee_ids: list[uuid.UUID], as_of: date, policy: TalentPolicy,
                        rules: PotentialInputsPolicy = DEFAULT_POTENTIAL_INPUTS) -> Inputs:
    """Three set-based queries: predikat by year, latest valid JPM, discipline records."""
    years = [as_of.year - i for i in range(policy.performance_years, 0, -1)]
    preds: dict[uuid.UUID, dict[int, str]] = defaultdict(dict)
    for e, y, p in (await session.execute(select(AnnualRating.employee_id, AnnualRating.year, AnnualRating.predikat)
                                          .where(AnnualRating.employee_id == _any(employee_ids),
                                                 AnnualRating.year.in_(years)))).all():
        preds[e][y] = p
    jpm: dict[uuid.UUID, Decimal] = {}
    q = (select(JpmResult.employee_id, JpmResult.percent)
         .where(JpmResult.employee_id == _any(employee_ids), JpmResult.against_current_position,
                JpmResult.assessed_on <= as_of, JpmResult.valid_until >= as_of)
         .order_by(JpmResult.employee_id, JpmResult.assessed_on.desc(), JpmResult.computed_at.desc())
         .ext(distinct_on(JpmResult.employee_id)))
    for e, pct in (await session.execute(q)).all():
        jpm[e] = min(Decimal(pct), rules.jpm_cap)
    disc: dict[uuid.UUID, list[RuleDiscipline]] = defaultdict(list)
    for e, lvl, d in (await session.execute(select(DisciplineRecord.employee_id, DisciplineRecord.level,
                                                   DisciplineRecord.decided_on)
                                            .where(DisciplineRecord.employee_id == _any(employee_ids),
                                                   DisciplineRecord.decided_on <= as_of))).all():
        disc[e].append(RuleDiscipline(DisciplineLevel(lvl), d))
    return preds, jpm, disc


def place_one(employee_id: uuid.UUID, as_of: date, policy: TalentPolicy, preds: dict[int, str],
              jpm: Decimal | None, records: list[RuleDiscipline], given: dict[str, Any] | None = None,
              rules: PotentialInputsPolicy = DEFAULT_POTENTIAL_INPUTS) -> dict[str, Any] | str:
    """A placement document, or the reason (code) the person cannot be placed."""
    years = [as_of.year - i for i in range(policy.performance_years, 0, -1)]
    if any(y not in preds for y in years):
        return "predikat_missing"
    if jpm is None:
        return "jpm_missing"
    given = given or {}
    start = years_before(as_of, policy.discipline_lookback_years)
    recent = [r.level for r in records if start <= r.decided_on <= as_of]
    worst = max(recent, key=lambda lv: _SEVERITY[lv]) if recent else None
    components: dict[str, Decimal] = {"JPM": jpm}
    if "TRACK_RECORD" in policy.potential_weights:
        components["TRACK_RECORD"] = Decimal(str(given.get("TRACK_RECORD", rules.track_record(worst))))
    if "OTHER" in policy.potential_weights:
        components["OTHER"] = Decimal(str(given["OTHER"])) if "OTHER" in given else rules.other(components)
    for k in policy.potential_weights:
        if k not in components:
            components[k] = Decimal(str(given.get(k, 0)))
    score = potential_score(components, policy)
    pl = place(score, [preds[y] for y in years], policy)
    pool = talent_pool_status(pl.box, records, as_of, policy)
    return {"employee_id": employee_id, "box": pl.box, "potential_level": pl.potential_level.value,
            "performance_level": pl.performance_level.value, "potential_score": pl.potential_score,
            "components": {k: str(v) for k, v in components.items()},
            "performance_predikats": [p.value for p in pl.performance_predikats or ()],
            "actions": [a.to_dict() for a in pl.actions], "thresholds": pl.thresholds,
            "in_pool": pool.eligible, "pool_status": pool.to_dict()}


_COLS = ("id", "cycle_id", "agency_id", "employee_id", "unit_id", "box", "potential_level", "performance_level",
         "potential_score", "components", "performance_predikats", "actions", "thresholds", "in_pool", "pool_status",
         "as_of")
_TYPES = ("uuid", "uuid", "uuid", "uuid", "uuid", "int", "text", "text", "numeric", "text", "text", "text", "text",
          "bool", "text", "date")
_JSON = {"components", "performance_predikats", "actions", "thresholds", "pool_status"}
# The input rules are the same for every placement of a call: one scalar parameter, not 10,000 copies.
UPSERT_SQL = (
    f"INSERT INTO talent_placement ({', '.join(_COLS)}, potential_inputs) SELECT "
    + ", ".join(f"{c}::jsonb" if c in _JSON else c for c in _COLS)
    + f", ${len(_COLS) + 1}::jsonb"
    + " FROM unnest(" + ", ".join(f"${i + 1}::{t}[]" for i, t in enumerate(_TYPES)) + f") AS t({', '.join(_COLS)})"
    " ON CONFLICT (cycle_id, employee_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in (*_COLS, "potential_inputs")
                if c not in ("id", "cycle_id", "agency_id", "employee_id"))
    + ", placed_at = now()")


async def _bulk_upsert(session: AsyncSession, rows: list[dict[str, Any]], rules: PotentialInputsPolicy) -> None:
    """One statement for all placements (unnest of column arrays), in the request's transaction."""
    conn = await session.connection()
    raw = (await conn.get_raw_connection()).driver_connection
    cols = [[(orjson.dumps(r[c], default=str).decode() if c in _JSON else r[c]) for r in rows] for c in _COLS]
    await raw.execute(UPSERT_SQL, *cols, orjson.dumps(rules.to_dict()).decode())


async def place_people(session: AsyncSession, cycle_id: uuid.UUID, agency_id: uuid.UUID, as_of: date,
                       policy: TalentPolicy, people: list[tuple[uuid.UUID, uuid.UUID | None]],
                       inputs: dict[uuid.UUID, dict[str, Any]] | None = None,
                       rules: PotentialInputsPolicy = DEFAULT_POTENTIAL_INPUTS) -> dict[str, Any]:
    """Place everyone in ``people`` ((employee_id, unit_id)); bulk upsert; returns counts and the skipped."""
    ids = [p[0] for p in people]
    preds, jpm, disc = await gather_inputs(session, ids, as_of, policy, rules)
    rows: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for emp_id, unit_id in people:
        doc = place_one(emp_id, as_of, policy, preds.get(emp_id, {}), jpm.get(emp_id), disc.get(emp_id, []),
                        (inputs or {}).get(emp_id), rules)
        if isinstance(doc, str):
            skipped.append({"employee_id": str(emp_id), "reason": doc})
            continue
        rows.append({"id": uuid.uuid4(), "cycle_id": cycle_id, "agency_id": agency_id, "unit_id": unit_id,
                     "as_of": as_of, **doc})
    if rows:
        await _bulk_upsert(session, rows, rules)
    boxes: dict[int, int] = defaultdict(int)
    for r in rows:
        boxes[r["box"]] += 1
    return {"placed": len(rows), "skipped": skipped, "by_box": {str(b): boxes[b] for b in range(1, 10)},
            "in_pool": sum(1 for r in rows if r["in_pool"])}

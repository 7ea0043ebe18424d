"""The employee summary other services call (positions: rotation checks; recruitment: eligibility).

A lean path on purpose (it is benchmarked): one SQL statement on a plain asyncpg pool, JSON assembled by
PostgreSQL, no ORM session, no positions call for the service role or the employee themselves.

Definitions:
* ``predikat_by_year``: annual ratings of years ``as_of.year - years`` .. ``as_of.year - 1`` (completed years
  before as_of's year), then as_of's own year once its rating is final and was recorded by the end of as_of (the
  SKP is finalised from the period's last day, 31 December, and a rating is only written when final: a window
  of completed years alone hid a rating finalised on 31 December until 1 January). Missing years are omitted;
  ``all_at_least_baik`` judges the completed years, and a missing one makes it null.
* ``jpm``: the latest JPM result computed against the position the employee held at computation time
  (``against_current_position``), whose assessment was made on/before as_of and is still valid on as_of.
* ``talent_box``: the box of the latest placement dated on/before as_of; ``in_talent_pool``: that box is 7–9 and
  no moderate/heavy penalty is dated within the 2 years up to as_of (rules.talent).
* ``discipline``: every penalty decided on/before as_of; ``development_jp``: JP per calendar year for the years
  ``as_of.year - years`` .. ``as_of.year`` (the current year counts activities up to as_of).
* a person transferred in (``links``): the ratings and development records their earlier agencies kept up to
  the move count as theirs; a year rated in two agencies counts by the lower predikat (as the promotion report).
"""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import asyncpg
import orjson

from merit_evaluation.links.service import CHAIN_SQL
from merit_evaluation.rules import DEFAULT_TALENT_POLICY, at_least, in_talent_pool, rank, years_before
from merit_shared import clock
from merit_shared.vocab import Predikat

SUMMARY_SQL = f"""
WITH RECURSIVE {CHAIN_SQL},
linked_rating AS (
    SELECT DISTINCT r.id, r.year, r.predikat FROM annual_rating r
      JOIN origin_chain c ON r.employee_id = c.origin AND r.agency_id = c.origin_agency
       AND r.year <= extract(year FROM c.cutoff - 1)::int
     WHERE r.employee_id <> $1),
linked_development AS (
    SELECT DISTINCT d.id, d.started_on, d.jp FROM development_record d
      JOIN origin_chain c ON d.employee_id = c.origin AND d.agency_id = c.origin_agency AND d.started_on < c.cutoff
     WHERE d.employee_id <> $1)
SELECT
  (SELECT json_agg(json_build_object('y', year, 'p', predikat, 'a', a) ORDER BY year)
     FROM (SELECT year, predikat, agency_id::text AS a FROM annual_rating
            WHERE employee_id = $1 AND year BETWEEN $2 AND $3 AND (year < $3 OR created_at < $5)
           UNION ALL
           SELECT year, predikat, NULL FROM linked_rating WHERE year BETWEEN $2 AND $3) x) AS ratings,
  (SELECT json_build_object('percent', display, 'category', category, 'position_id', position_id,
                            'assessed_on', assessed_on, 'a', agency_id)
     FROM jpm_result WHERE employee_id = $1 AND against_current_position
      AND assessed_on <= $4 AND valid_until >= $4
     ORDER BY assessed_on DESC, computed_at DESC LIMIT 1) AS jpm,
  (SELECT json_build_object('box', box, 'a', agency_id)
     FROM talent_placement WHERE employee_id = $1 AND as_of <= $4
     ORDER BY as_of DESC, placed_at DESC LIMIT 1) AS placement,
  (SELECT json_agg(json_build_object('level', level, 'decided_on', decided_on, 'ends_on', ends_on, 'a', agency_id)
                   ORDER BY decided_on)
     FROM discipline_record WHERE employee_id = $1 AND decided_on <= $4) AS discipline,
  (SELECT json_agg(json_build_object('y', y, 'jp', jp, 'a', a))
     FROM (SELECT extract(year FROM started_on)::int AS y, sum(jp) AS jp, min(a) AS a
             FROM (SELECT started_on, jp, agency_id::text AS a FROM development_record WHERE employee_id = $1
                   UNION ALL
                   SELECT started_on, jp, NULL FROM linked_development) u
            WHERE started_on <= $4 AND started_on >= make_date($2, 1, 1) GROUP BY 1) d) AS dev
"""


def _num(v: Any) -> float:
    return float(Decimal(str(v)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


async def fetch_summary(pool: asyncpg.Pool, employee_id: uuid.UUID, years: int,
                        as_of: date) -> tuple[dict[str, Any], set[str]]:
    """The summary document and the set of agency ids the employee's records carry."""
    # The end of as_of on the agency's calendar: a rating of as_of's year recorded before it counts.
    end_of_day = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(0), tzinfo=clock.zone_of())
    async with pool.acquire() as conn:
        row = await conn.fetchrow(SUMMARY_SQL, employee_id, as_of.year - years, as_of.year, as_of, end_of_day)
    agencies: set[str] = set()
    ratings = orjson.loads(row["ratings"]) if row["ratings"] else []
    if years == 0:
        ratings = []
    jpm = orjson.loads(row["jpm"]) if row["jpm"] else None
    placement = orjson.loads(row["placement"]) if row["placement"] else None
    discipline = orjson.loads(row["discipline"]) if row["discipline"] else []
    dev = orjson.loads(row["dev"]) if row["dev"] else []
    for item in (*ratings, *discipline, *dev, *(x for x in (jpm, placement) if x)):
        if (a := item.pop("a")) is not None:  # records that followed the person from an earlier agency: none
            agencies.add(str(a))
    lowest: dict[int, str] = {}  # a year rated both here and by the agency left that year counts by the lower
    for r in ratings:
        if r["y"] not in lowest or rank(r["p"]) < rank(lowest[r["y"]]):
            lowest[r["y"]] = r["p"]
    by_year: list[dict[str, Any]] = [{"year": y, "predikat": p} for y, p in sorted(lowest.items())]
    completed = [r for r in by_year if r["year"] < as_of.year]
    all_baik: bool | None = None
    if len(completed) == years:
        all_baik = all(at_least(r["predikat"], Predikat.BAIK) for r in completed)
    elif years == 0:
        all_baik = True
    records = [(d["level"], date.fromisoformat(d["decided_on"])) for d in discipline]
    window_start = years_before(as_of, DEFAULT_TALENT_POLICY.discipline_lookback_years)
    heavy = any(level in ("MODERATE", "HEAVY") and window_start <= day <= as_of for level, day in records)
    box = placement["box"] if placement else None
    if jpm:
        jpm["percent"] = _num(jpm["percent"])
    doc = {
        "employee_id": str(employee_id), "as_of": as_of.isoformat(), "years": years,
        "predikat_by_year": by_year, "all_at_least_baik": all_baik, "jpm": jpm, "talent_box": box,
        "in_talent_pool": box is not None and in_talent_pool(box, records, as_of),
        "discipline": discipline, "moderate_or_heavy_discipline_within_2_years": heavy,
        "development_jp": {str(d["y"]): _num(d["jp"]) for d in sorted(dev, key=lambda d: d["y"])},
    }
    return doc, agencies

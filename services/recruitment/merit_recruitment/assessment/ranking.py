"""Ranking input from per-assessor totals, so ranking 10,000 applications stays well under a second.

The rules (rules/scoring.py) define a stage score as the mean over assessors of the mean over that assessor's
criteria. That depends only on each assessor's total (in hundredths) and criterion count, so the database sums
each assessor's criteria (``STAGE_TOTALS_SQL``, one row per application and stage) and Python never touches the
individual scores. ``rules.rank`` stays the one ranking engine: each stage sheet given to it is rebuilt with the
same per-assessor totals and counts, using whole numbers (the rules' fast path) and at most one 2-decimal value
per sheet. When every assessor scored the same number of criteria (the usual case) the rules add all values of
the stage and divide by assessors x criteria, so only the stage total matters and it is spread over the sheet;
otherwise each assessor keeps their own total. Either way the rules compute exactly the same stage scores,
final scores, pass/fail reasons and order as from the raw scores (tested in test_recruitment_ranking_fast.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from merit_recruitment import rules
from merit_recruitment.rules import Ranking, ScoringPolicy, StageConfig

# (application_id, stage_code, assessors, min criteria, max criteria, stage total in hundredths,
#  per-assessor totals and counts only when the counts differ)
StageRow = tuple[str, str, int, int, int, int, list[int] | None, list[int] | None]

STAGE_TOTALS_SQL = sa.text("""
SELECT application_id::text, stage_code, count(*)::int, min(n)::int, max(n)::int, sum(total)::bigint,
       CASE WHEN min(n) <> max(n) THEN array_agg(total ORDER BY member_id) END,
       CASE WHEN min(n) <> max(n) THEN array_agg(n ORDER BY member_id) END
FROM (SELECT application_id, stage_code, member_id, sum(score * 100)::bigint AS total, count(*)::int AS n
      FROM scores WHERE selection_id = :selection_id AND voided_at IS NULL AND superseded_at IS NULL
      GROUP BY application_id, stage_code, member_id) AS per_assessor
GROUP BY application_id, stage_code
""")

_TWO_DECIMALS = [Decimal(i).scaleb(-2) for i in range(10_001)]  # 0.00 .. 100.00, built once
_NAMES = [str(i) for i in range(64)]
_UNIFORM: dict[tuple[int, int], dict[int, int]] = {}  # read-only sheets shared by every application


def _values(total: int, count: int) -> dict[int, Any]:
    """``count`` scores in 0..100 summing to ``total`` hundredths: whole numbers and at most one 2-decimal value."""
    whole, rest = divmod(total, 100)
    out: dict[int, Any] = {}
    i = 0
    if rest:
        first = whole if whole < 99 else 99
        out[0] = _TWO_DECIMALS[first * 100 + rest]
        whole -= first
        i = 1
    if i < count:
        q, r = divmod(whole, count - i)  # whole <= 100 * (count - i): every value stays within 0..100
        for j in range(i, count):
            out[j] = q + 1 if j - i < r else q
    return out


def _uniform(count: int, value: int) -> dict[int, int]:
    d = _UNIFORM.get((count, value))
    if d is None:
        d = _UNIFORM[(count, value)] = dict.fromkeys(range(count), value)
    return d


def stage_sheet(assessors: int, min_n: int, max_n: int, total: int, totals: list[int] | None,
                counts: list[int] | None) -> dict[str, dict[int, Any]]:
    """A score sheet (assessor -> criterion -> score) with the same stage score under the rules' arithmetic."""
    names = _NAMES if assessors <= len(_NAMES) else [str(i) for i in range(assessors)]
    if min_n != max_n:
        assert totals is not None and counts is not None
        return {names[i]: _values(t, n) for i, (t, n) in enumerate(zip(totals, counts, strict=True))}
    c = min_n
    # Equal counts: only the stage total matters. Assessors 1.. share one whole-number sheet; assessor 0 takes the
    # rest when it fits in its c scores (it does unless nearly every score is close to 100).
    q = (total // 100) // (assessors * c)
    first = total - (assessors - 1) * c * q * 100
    if first <= 10_000 * c:
        sheet = {names[0]: _values(first, c)}
        if assessors > 1:
            shared = _uniform(c, q)
            for i in range(1, assessors):
                sheet[names[i]] = shared
        return sheet
    flat = list(_values(total, assessors * c).values())  # near the top: spread over every score
    return {names[i]: dict(enumerate(flat[i * c:(i + 1) * c])) for i in range(assessors)}


def aggregate(score_rows: Iterable[tuple[str, str, str, str, Decimal]]) -> list[StageRow]:
    """What STAGE_TOTALS_SQL returns, from raw (application_id, stage_code, member_id, criterion, score) rows."""
    per: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(dict)
    for app_id, stage, member, _crit, score in score_rows:
        cell = per[(app_id, stage)].setdefault(str(member), [0, 0])
        cell[0] += int(score * 100)
        cell[1] += 1
    out: list[StageRow] = []
    for (app_id, stage), by_member in per.items():
        cells = [by_member[m] for m in sorted(by_member)]
        ns = [c[1] for c in cells]
        same = min(ns) == max(ns)
        out.append((app_id, stage, len(cells), min(ns), max(ns), sum(c[0] for c in cells),
                    None if same else [c[0] for c in cells], None if same else ns))
    return out


def build_applications(apps: Iterable[tuple[str, str, datetime]], stage_rows: Iterable[StageRow],
                       result_rows: Iterable[tuple[str, str, bool]]) -> list[rules.Application]:
    """Rules input: apps (application_id, applicant_id, registered_at); stage totals (``StageRow``);
    pass/fail results (application_id, stage_code, passed)."""
    sheets: dict[str, dict[str, Any]] = defaultdict(dict)
    for app_id, stage, assessors, min_n, max_n, total, totals, counts in stage_rows:
        sheets[app_id][stage] = stage_sheet(assessors, min_n, max_n, int(total), totals, counts)
    passed: dict[str, dict[str, bool]] = defaultdict(dict)
    for app_id, stage, ok in result_rows:
        passed[app_id][stage] = ok
    return [rules.Application(a, applicant, registered, sheets.get(a, {}), passed.get(a, {}))
            for a, applicant, registered in apps]


def rank_rows(stages: Sequence[StageConfig], policy: ScoringPolicy, apps: Iterable[tuple[str, str, datetime]],
              stage_rows: Iterable[StageRow], result_rows: Iterable[tuple[str, str, bool]]) -> Ranking:
    return rules.rank(build_applications(apps, stage_rows, result_rows), stages, policy)

"""The ranking path from per-assessor totals (assessment/ranking.py) gives exactly what rules.rank gives from every
individual score: same stage and final scores, same not-ranked reasons, same order and tie-breakers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from merit_recruitment.assessment.ranking import aggregate, rank_rows, stage_sheet
from merit_recruitment.rules import Application, ScoringPolicy, StageConfig, StageKind, rank

STAGES = (StageConfig("ADM", "Administrasi", StageKind.PASS_FAIL),
          StageConfig("KOM", "Kompetensi", StageKind.SCORED, Decimal(40), Decimal("65.5")),
          StageConfig("MAK", "Makalah", StageKind.SCORED, Decimal("35.5")),
          StageConfig("WAW", "Wawancara", StageKind.SCORED, Decimal("24.5"), Decimal(60)))


def _score(rnd: random.Random, mode: str) -> Decimal:
    if mode == "top":
        return Decimal(rnd.randrange(9900, 10001)).scaleb(-2)
    if mode == "ties":
        return Decimal(rnd.choice((70, 80, 90)))
    return Decimal(rnd.randrange(0, 10001)).scaleb(-2)


def _data(seed: int, mode: str, n: int = 300) -> tuple[list, list, list]:  # type: ignore[type-arg]
    rnd = random.Random(seed)
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    apps = [(f"a{i:04d}", f"19800101200501{i:04d}", t0 + timedelta(minutes=rnd.randrange(50))) for i in range(n)]
    scores, results = [], []
    for app_id, _, _ in apps:
        results.append((app_id, "ADM", rnd.random() > 0.05))
        for st in ("KOM", "MAK", "WAW"):
            if rnd.random() < 0.03:
                continue  # missing stage: not ranked
            for m in range(rnd.choice((1, 2, 3, 4))):
                crits = rnd.choice((1, 3)) if mode == "uneven" else 3
                for c in range(crits):
                    scores.append((app_id, st, f"m{m}", f"c{c}", _score(rnd, mode)))
    return apps, scores, results


def _raw(apps, scores, results, policy):  # type: ignore[no-untyped-def]
    sheets: dict = {}  # type: ignore[type-arg]
    for a, st, m, c, v in scores:
        sheets.setdefault(a, {}).setdefault(st, {}).setdefault(m, {})[c] = v
    passed: dict = {}  # type: ignore[type-arg]
    for a, st, ok in results:
        passed.setdefault(a, {})[st] = ok
    return rank([Application(a, ap, reg, sheets.get(a, {}), passed.get(a, {})) for a, ap, reg in apps], STAGES, policy)


@pytest.mark.parametrize("mode", ["random", "uneven", "top", "ties"])
@pytest.mark.parametrize("policy", [ScoringPolicy(), ScoringPolicy(Decimal("55.25"), 2)])
def test_recruitment_ranking_from_totals_equals_ranking_from_every_score(mode: str, policy: ScoringPolicy) -> None:
    for seed in range(3):
        apps, scores, results = _data(seed, mode)
        expected = _raw(apps, scores, results, policy).to_dict()
        assert rank_rows(STAGES, policy, apps, aggregate(scores), results).to_dict() == expected


@pytest.mark.parametrize("assessors,count,total", [(3, 3, 0), (3, 3, 90_000), (3, 3, 89_999), (1, 1, 9_999),
                                                   (3, 3, 88_801), (2, 5, 12_345), (4, 1, 39_999)])
def test_recruitment_stage_sheet_keeps_scores_in_range_and_the_total(assessors: int, count: int, total: int) -> None:
    sheet = stage_sheet(assessors, count, count, total, None, None)
    values = [v for crit in sheet.values() for v in crit.values()]
    assert len(sheet) == assessors and all(len(c) == count for c in sheet.values())
    assert all(0 <= v <= 100 for v in values) and sum(Decimal(v) for v in values) * 100 == total
    assert sum(1 for v in values if not isinstance(v, int)) <= 1

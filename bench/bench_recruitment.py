"""Ranking benchmark of the recruitment service: 10,000 applications x 5 scored stages x 3 assessors.

Runs the service's own ranking code path (``merit_recruitment.assessment.ranking.rank_rows``: the rows of
``STAGE_TOTALS_SQL``, one per application and stage with the assessors' totals -> rules.Application ->
rules.rank) and prints a table. The rows are made from random per-criterion scores (2 decimals, as stored) by
``ranking.aggregate``, which computes in Python what the SQL computes in the database; that database time is
not part of this figure (see the report for it). Before 2026-11 the path read every individual score
(``raw`` column: the same scores handed to rules.rank criterion by criterion), shown for comparison.
Usage: ``.venv/bin/python bench/bench_recruitment.py [--apps 10000] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from merit_recruitment.assessment.ranking import aggregate, build_applications, rank_rows
from merit_recruitment.rules import DEFAULT_SCORING_POLICY, Application, StageConfig, StageKind, rank

STAGES = tuple(StageConfig(f"S{i}", f"Tahap {i}", StageKind.SCORED, Decimal(w)) for i, w in
               enumerate((30, 25, 20, 15, 10)))


def make_rows(n_apps: int, n_assessors: int, n_criteria: int, whole: bool, seed: int = 7):  # type: ignore[no-untyped-def]
    rnd = random.Random(seed)
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    apps = [(f"app-{i:05d}", f"{190000000000000000 + i}", t0 + timedelta(seconds=rnd.randrange(86400 * 20)))
            for i in range(n_apps)]
    scores = []
    for app_id, _, _ in apps:
        for st in STAGES:
            for m in range(n_assessors):
                for c in range(n_criteria):
                    v = Decimal(rnd.randrange(50, 101)) if whole else Decimal(rnd.randrange(5000, 10001)).scaleb(-2)
                    scores.append((app_id, st.code, f"member-{m}", f"c{c}", v))
    return apps, scores


def timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), min(runs)


def raw_rank(apps, scores):  # type: ignore[no-untyped-def]
    """The previous path: every individual score handed to the rules (whole numbers as int)."""
    sheets: dict = {}  # type: ignore[type-arg]
    for app_id, stage, member, crit, v in scores:
        sheets.setdefault(app_id, {}).setdefault(stage, {}).setdefault(member, {})[crit] = (
            int(v) if v == int(v) else v)
    return rank([Application(a, ap, reg, sheets.get(a, {})) for a, ap, reg in apps], STAGES, DEFAULT_SCORING_POLICY)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--apps", type=int, default=10_000)
    ap.add_argument("--assessors", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"Ranking {args.apps:,} applications x {len(STAGES)} scored stages x {args.assessors} assessors "
          f"(median / best of {args.repeat})\n")
    print(f"| {'scores':<34} | {'values':>9} | {'build (s)':>9} | {'rank (s)':>8} | {'total median (s)':>16} |"
          f" {'total best (s)':>14} | {'raw (s)':>7} |")
    print(f"|{'-' * 36}|{'-' * 11}|{'-' * 11}|{'-' * 10}|{'-' * 18}|{'-' * 16}|{'-' * 9}|")
    for label, crit, whole in (("1 criterion, whole numbers", 1, True), ("1 criterion, 2 decimals", 1, False),
                               ("3 criteria, 2 decimals", 3, False)):
        apps, scores = make_rows(args.apps, args.assessors, crit, whole)
        rows = aggregate(scores)
        built = build_applications(apps, rows, [])
        b, _ = timed(lambda a=apps, r=rows: build_applications(a, r, []), args.repeat)  # noqa: B023
        r, _ = timed(lambda bl=built: rank(bl, STAGES, DEFAULT_SCORING_POLICY), args.repeat)  # noqa: B023
        med, best = timed(lambda a=apps, r=rows: rank_rows(STAGES, DEFAULT_SCORING_POLICY, a, r, []),  # noqa: B023
                          args.repeat)
        raw, _ = timed(lambda a=apps, s=scores: raw_rank(a, s), max(1, args.repeat // 2))  # noqa: B023
        ranking = rank_rows(STAGES, DEFAULT_SCORING_POLICY, apps, rows, [])
        assert len(ranking.ranked) == args.apps
        assert ranking.to_dict() == raw_rank(apps, scores).to_dict()  # the same result as from every score
        print(f"| {label:<34} | {len(scores):>9,} | {b:>9.3f} | {r:>8.3f} | {med:>16.3f} | {best:>14.3f} |"
              f" {raw:>7.3f} |")
    print("\nTarget: total < 1 s for 10,000 x 5 x 3.")


if __name__ == "__main__":
    main()

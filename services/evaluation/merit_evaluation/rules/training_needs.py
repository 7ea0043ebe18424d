"""Training-needs analysis (TNA): competency gaps summed over sources and ranked (issue #13).

A *source* reports, per competency code, how many people fall short of their position's standard and by how many
levels in total (``SourceNeed``). The JPM source reads each person's latest JPM against their current position
(PermenPANRB 38/2017: gap = individual level − standard level; a negative gap is a need). Other sources (the
coaching plans' goals) add their own rows; ``merge_sources`` sums them per code, keeping each source's share.

Ranking (``rank_needs``), documented policy of this module:
1. the larger total shortfall (sum of gap levels over everyone) first: it is what training must close;
2. then more people (a wide need before a deep one of few people);
3. then the larger mean gap (sum / people);
4. then the code (stable order). Equal keys 1–3 share a rank ("1, 2, 2, 4").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


@dataclass(frozen=True)
class SourceNeed:
    """One source's finding for one competency: ``people`` short of the standard, ``gap_sum`` levels in total
    (positive), ``max_gap`` the deepest single shortfall."""

    code: str
    people: int
    gap_sum: int
    max_gap: int


@dataclass(frozen=True)
class Need:
    code: str
    people: int
    gap_sum: int
    max_gap: int
    by_source: Mapping[str, SourceNeed] = field(default_factory=dict)

    @property
    def mean_gap(self) -> Decimal:
        return Decimal(self.gap_sum) / Decimal(self.people) if self.people else Decimal(0)


@dataclass(frozen=True)
class RankedNeed:
    rank: int
    need: Need

    def to_dict(self) -> dict[str, Any]:
        n = self.need
        return {"rank": self.rank, "competency_code": n.code, "people": n.people, "gap_sum": n.gap_sum,
                "mean_gap": str(n.mean_gap.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)), "max_gap": n.max_gap,
                "sources": {k: {"people": v.people, "gap_sum": v.gap_sum, "max_gap": v.max_gap}
                            for k, v in sorted(n.by_source.items())}}


def merge_sources(per_source: Mapping[str, Iterable[SourceNeed]]) -> list[Need]:
    """Sum the sources per competency code (a person found by two sources counts in each)."""
    acc: dict[str, dict[str, SourceNeed]] = {}
    for source, rows in per_source.items():
        for r in rows:
            if r.people <= 0 or r.gap_sum <= 0:
                continue
            mine = acc.setdefault(r.code, {})
            if source in mine:  # one source reporting a code twice: sum it
                o = mine[source]
                r = SourceNeed(r.code, o.people + r.people, o.gap_sum + r.gap_sum, max(o.max_gap, r.max_gap))
            mine[source] = r
    return [Need(code, sum(s.people for s in src.values()), sum(s.gap_sum for s in src.values()),
                 max(s.max_gap for s in src.values()), dict(src)) for code, src in acc.items()]


def _key(n: Need) -> tuple[int, int, Decimal]:
    return (-n.gap_sum, -n.people, -n.mean_gap)


def rank_needs(needs: Iterable[Need]) -> list[RankedNeed]:
    """Needs in rank order (see the module docstring); ties on the three keys share the rank."""
    ordered = sorted(needs, key=lambda n: (*_key(n), n.code))
    out: list[RankedNeed] = []
    for i, n in enumerate(ordered):
        rank = out[-1].rank if out and _key(out[-1].need) == _key(n) else i + 1
        out.append(RankedNeed(rank, n))
    return out
